// Sign-in sessions, held on the server (app/models/sessions.server.ts). The cookie `gw_session`
// (HttpOnly, SameSite=Lax, Secure in production) carries only a random 256-bit token, signed with
// SESSION_SECRET or the secret generated once at first setup; the database stores its SHA-256. Every
// request looks the session up, so signing out, "sign out everywhere", an admin ending a session and a
// password, role or disable change take effect on the next request. Lifetimes: domain/sessions.ts.
import { createCookie, redirect } from "@remix-run/node";
import { createHash, randomBytes } from "node:crypto";
import { can, permissionsOf, type Permission } from "~/domain/permissions";
import { isSessionActive, newSessionExpiries, sessionLifetimes, touchDue } from "~/domain/sessions";
import { getLang } from "~/i18n/lang.server";
import { translator } from "~/i18n";
import { createSession, findSessionByTokenHash, revokeSessionByTokenHash, touchSession } from "~/models/sessions.server";
import { findSessionUser } from "~/models/users.server";
import { assertSameOrigin } from "~/security.server";
import { clientAddress } from "~/utils/client-address.server";
import { ensureSessionSecret } from "~/utils/secret.server";

const COOKIE_NAME = "gw_session";
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/; // 32 random bytes in base64url

let cookie: ReturnType<typeof createCookie> | undefined;
function sessionCookie() {
  return (cookie ??= createCookie(COOKIE_NAME, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    // Browsers accept Secure cookies from http://localhost; anywhere else production needs HTTPS
    // (COOKIE_SECURE=0 allows plain HTTP on a trusted LAN).
    secure: process.env.NODE_ENV === "production" && process.env.COOKIE_SECURE !== "0",
    secrets: [ensureSessionSecret()],
  }));
}

// Parsed once per value of the two settings (main.ts validates them at start); a test that changes one
// gets the new lifetimes on its next request.
let parsed: { key: string; value: ReturnType<typeof sessionLifetimes> } | null = null;
function lifetimes() {
  const key = `${process.env.SESSION_IDLE_MINUTES ?? ""}|${process.env.SESSION_MAX_HOURS ?? ""}`;
  if (parsed?.key !== key) parsed = { key, value: sessionLifetimes(process.env) };
  return parsed.value;
}

export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The token of the request's session cookie, when it carries a well-formed, correctly signed one. */
function readToken(request: Request): Promise<string | null> {
  return sessionTokenOf(request.headers.get("Cookie"));
}

/** The session token a Cookie header carries (also for tests: the database must never hold it). */
export async function sessionTokenOf(header: string | null): Promise<string | null> {
  if (!header || !header.includes(`${COOKIE_NAME}=`)) return null;
  const value: unknown = await sessionCookie().parse(header);
  return typeof value === "string" && TOKEN_PATTERN.test(value) ? value : null;
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
  const token = await readToken(request);
  if (!token) return null;
  const now = new Date();
  const session = await findSessionByTokenHash(hashSessionToken(token));
  if (!session || !isSessionActive(session, now)) return null;
  const user = await findSessionUser(session.userId);
  if (!user || !user.active) return null;
  const touch = touchDue(session, now, lifetimes());
  if (touch) touchSession(session.id, touch);
  return { ...user, sessionId: session.id, permissions: permissionsOf(user.roles) };
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
  // An account whose password an administrator set (new, or reset) sees only the password change until
  // the user has chosen their own.
  if (user.mustChangePassword && new URL(request.url).pathname !== PASSWORD_PATH) throw redirect(PASSWORD_PATH);
  return user;
}

export const PASSWORD_PATH = "/account/password";

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

/** A write every signed-in user may make about themselves (their own sessions): same-origin and signed in. */
export async function requireUserWrite(request: Request) {
  assertSameOrigin(request);
  return requireUser(request);
}

/** Starts a session row and returns the Set-Cookie value for it; null when the user changed meanwhile. */
async function startSession(
  user: { id: number },
  options: { userAgent: string; address: string; current?: { sessionVersion: number }; replacesToken?: string | null },
): Promise<string | null> {
  const token = randomBytes(32).toString("base64url");
  const now = new Date();
  const { idleExpiresAt, expiresAt } = newSessionExpiries(now, lifetimes());
  const id = await createSession({
    userId: user.id,
    tokenHash: hashSessionToken(token),
    userAgent: options.userAgent.slice(0, 300),
    address: options.address.slice(0, 64),
    now,
    idleExpiresAt,
    expiresAt,
    current: options.current,
    replacesTokenHash: options.replacesToken ? hashSessionToken(options.replacesToken) : null,
  });
  if (id === null) return null;
  return sessionCookie().serialize(token, { expires: expiresAt });
}

/**
 * Signs in `user` (as verifyLogin returned them): a new session with its own token, then on to
 * `redirectTo`. A session the browser held before ends. If the password, roles or the user changed
 * since the password was checked, nothing starts and the visitor is back at the login page.
 */
export async function createUserSession(request: Request, context: unknown, user: { id: number; sessionVersion: number }, redirectTo: string) {
  const setCookie = await startSession(user, {
    userAgent: request.headers.get("User-Agent") ?? "",
    address: clientAddress(request, context),
    current: { sessionVersion: user.sessionVersion },
    replacesToken: await readToken(request),
  });
  if (!setCookie) return redirect("/login");
  return redirect(redirectTo, { headers: { "Set-Cookie": setCookie } });
}

/** The Set-Cookie value that removes the session cookie from the browser. */
function clearedCookie() {
  return sessionCookie().serialize("", { expires: new Date(0) });
}

/** After the current session was ended some other way (sign out everywhere): to the login page, cookie gone. */
export async function signedOutRedirect() {
  return redirect("/login", { headers: { "Set-Cookie": await clearedCookie() } });
}

/** Sign-out: ends the request's session in the database and removes the cookie. */
export async function destroyUserSession(request: Request) {
  const token = await readToken(request);
  if (token) await revokeSessionByTokenHash(hashSessionToken(token), "sign_out");
  return signedOutRedirect();
}

/** For tests and scripts: the Cookie header of a new signed-in session of `user` (a real session row). */
export async function sessionCookieFor(user: { id: number }, options: { userAgent?: string; address?: string } = {}): Promise<string> {
  const setCookie = await startSession(user, { userAgent: options.userAgent ?? "", address: options.address ?? "local" });
  return setCookie!.split(";")[0];
}
