// Sign-in sessions in a signed cookie (HttpOnly, SameSite=Lax, Secure in production). The secret
// comes from SESSION_SECRET, or for the embedded default from a file generated at first setup.
import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { can, permissionsOf, type Permission } from "~/domain/permissions";
import { getLang } from "~/i18n/lang.server";
import { translator } from "~/i18n";
import { findSessionUser } from "~/models/users.server";
import { assertSameOrigin } from "~/security.server";
import { ensureSessionSecret } from "~/utils/secret.server";

type SessionData = { userId: number; sessionVersion: number };

let storage: ReturnType<typeof createCookieSessionStorage<SessionData>> | undefined;
function sessionStorage() {
  return (storage ??= createCookieSessionStorage<SessionData>({
    cookie: {
      name: "gw_session",
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      maxAge: 60 * 60 * 24 * 7,
      // Browsers accept Secure cookies from http://localhost; anywhere else production needs HTTPS
      // (COOKIE_SECURE=0 allows plain HTTP on a trusted LAN).
      secure: process.env.NODE_ENV === "production" && process.env.COOKIE_SECURE !== "0",
      secrets: [ensureSessionSecret()],
    },
  }));
}

export type SessionUser = NonNullable<Awaited<ReturnType<typeof getUser>>>;

// The root loader and the page's loader both ask for the user of the same request: look once.
const usersOfRequests = new WeakMap<Request, ReturnType<typeof loadUser>>();

export function getUser(request: Request) {
  let user = usersOfRequests.get(request);
  if (!user) usersOfRequests.set(request, (user = loadUser(request)));
  return user;
}

async function loadUser(request: Request) {
  const session = await sessionStorage().getSession(request.headers.get("Cookie"));
  const userId = session.get("userId");
  if (typeof userId !== "number") return null;
  const user = await findSessionUser(userId);
  if (!user || !user.active || user.sessionVersion !== session.get("sessionVersion")) return null;
  return { ...user, permissions: permissionsOf(user.roles) };
}

function loginRedirect(request: Request) {
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  return redirect(back === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(back)}`);
}

/** Every page but /login needs a signed-in user. */
export async function requireUser(request: Request) {
  const user = await getUser(request);
  if (!user) throw loginRedirect(request);
  return user;
}

export async function forbidden(request: Request, permission: Permission): Promise<Response> {
  const t = translator(await getLang(request));
  return new Response(t("auth.forbidden", { permission: t(`permission.${permission}`) }), {
    status: 403,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

/** A write: same-origin POST, signed in, and holding the permission; otherwise 403 and nothing changes. */
export async function requirePermission(request: Request, permission: Permission) {
  assertSameOrigin(request);
  const user = await requireUser(request);
  if (!can(user.roles, permission)) throw await forbidden(request, permission);
  return user;
}

export async function createUserSession(user: { id: number; sessionVersion: number }, redirectTo: string) {
  const session = await sessionStorage().getSession();
  session.set("userId", user.id);
  session.set("sessionVersion", user.sessionVersion);
  return redirect(redirectTo, { headers: { "Set-Cookie": await sessionStorage().commitSession(session) } });
}

export async function destroyUserSession(request: Request) {
  const session = await sessionStorage().getSession(request.headers.get("Cookie"));
  return redirect("/login", { headers: { "Set-Cookie": await sessionStorage().destroySession(session) } });
}

/** For tests and scripts: the Cookie header of a signed-in session. */
export async function sessionCookieFor(user: { id: number; sessionVersion: number }): Promise<string> {
  const session = await sessionStorage().getSession();
  session.set("userId", user.id);
  session.set("sessionVersion", user.sessionVersion);
  return (await sessionStorage().commitSession(session)).split(";")[0];
}
