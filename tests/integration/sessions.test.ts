// Server-side sessions (issue 12): a random token per sign-in, stored hashed, with idle and absolute
// expiry; signing out, signing out everywhere, an admin and password/role/disable changes end them.
import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "~/db.server";
import { createUser, disableUser, setPassword, setRoles, verifyLogin } from "~/models/users.server";
import { action as accountAction, loader as accountLoader } from "~/routes/account";
import { action as adminUserAction, loader as adminUserLoader } from "~/routes/admin.users.$id";
import { loader as adminUsersLoader } from "~/routes/admin.users._index";
import { action as loginAction } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { action as milestoneAction } from "~/routes/milestones.$id";
import { createUserSession, getUser, sessionTokenOf } from "~/session.server";
import { databaseFile } from "~/utils/env.server";
import { seedReferenceProject } from "../../prisma/seed";
import { callAction, callLoader, ORIGIN, payload } from "../helpers/requests";

const CHROME_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const SAFARI_ON_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const PASSWORD = "a-long-test-password";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

beforeAll(async () => {
  await seedReferenceProject(prisma);
  for (const username of ["s_pw", "s_roles", "s_disable", "s_race", "s_clock", "s_max", "s_busy", "s_expired"]) {
    await createUser({ username, displayName: username, password: PASSWORD, roles: ["member"] }, { userId: null });
  }
});

afterEach(() => {
  vi.useRealTimers();
  delete process.env.SESSION_MAX_HOURS;
});

/** Signs in through the login form's action, as a browser at `address` would; returns the Cookie header. */
async function signIn(username: string, options: { password?: string; userAgent?: string; address?: string; cookie?: string } = {}) {
  const headers = new Headers({ Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded", "User-Agent": options.userAgent ?? CHROME_ON_WINDOWS });
  if (options.cookie) headers.set("Cookie", options.cookie);
  const body = new URLSearchParams({ username, password: options.password ?? (username.startsWith("s_") ? PASSWORD : "groundwork"), redirectTo: "/account" });
  const result = await loginAction({ request: new Request(`${ORIGIN}/login`, { method: "POST", headers, body }), params: {}, context: { clientAddress: options.address ?? "192.0.2.10" } });
  expect(result).toBeInstanceOf(Response);
  const response = result as Response;
  expect(response.status).toBe(302);
  return { cookie: response.headers.get("Set-Cookie")!.split(";")[0], setCookie: response.headers.get("Set-Cookie")! };
}

/** Who a Cookie header signs in as, per the app (null: nobody). */
async function whoIs(cookie: string): Promise<string | null> {
  const user = await getUser(new Request(`${ORIGIN}/`, { headers: { Cookie: cookie } }));
  return user?.username ?? null;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The Session row a cookie names. */
async function sessionOf(cookie: string) {
  const token = await sessionTokenOf(cookie);
  return prisma.session.findUniqueOrThrow({ where: { tokenHash: sha256(token!) } });
}

const userId = async (username: string) => (await prisma.user.findUniqueOrThrow({ where: { username } })).id;

describe("signing in and out", () => {
  it("refuses a cookie copied before sign-out, for pages and for writes", async () => {
    const { cookie } = await signIn("pm");
    const copy = cookie;
    expect(await whoIs(copy)).toBe("pm");

    const signedOut = (await callAction(logoutAction, "/logout", {}, { headers: { Cookie: cookie } })) as Response;
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("Location")).toBe("/login");
    expect(signedOut.headers.get("Set-Cookie")).toMatch(/gw_session=;.*Expires=Thu, 01 Jan 1970/i);
    expect((await sessionOf(copy)).revokedReason).toBe("sign_out");

    expect(await whoIs(copy)).toBeNull();
    const page = (await callLoader(accountLoader, "/account", { headers: { Cookie: copy } })) as Response;
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
    // A write with the copy changes nothing.
    const milestone = await prisma.milestone.findFirstOrThrow({ where: { code: "M04" } });
    const form = {
      version: String(milestone.version),
      status: "not_started",
      percentComplete: "0",
      actualStart: "",
      actualEnd: "",
      plannedStart: milestone.plannedStart.toISOString().slice(0, 10),
      plannedEnd: milestone.plannedEnd.toISOString().slice(0, 10),
      note: "written with a stolen cookie",
      reason: "",
    };
    const write = (await callAction(milestoneAction, `/milestones/${milestone.id}`, form, { headers: { Cookie: copy }, params: { id: String(milestone.id) } })) as Response;
    expect(write.status).toBe(302);
    expect(write.headers.get("Location")).toMatch(/^\/login/);
    expect(await prisma.milestone.findUniqueOrThrow({ where: { id: milestone.id } })).toEqual(milestone);
  });

  it("gives two sign-ins of the same user different sessions; signing out of one leaves the other", async () => {
    const first = await signIn("finance");
    const second = await signIn("finance", { userAgent: SAFARI_ON_IPHONE, address: "198.51.100.23" });
    expect(first.cookie).not.toBe(second.cookie);
    expect(await sessionTokenOf(first.cookie)).not.toBe(await sessionTokenOf(second.cookie));
    const [a, b] = [await sessionOf(first.cookie), await sessionOf(second.cookie)];
    expect(a.id).not.toBe(b.id);
    expect(b).toMatchObject({ userAgent: SAFARI_ON_IPHONE, address: "198.51.100.23", revokedAt: null });

    await callAction(logoutAction, "/logout", {}, { headers: { Cookie: first.cookie } });
    expect(await whoIs(first.cookie)).toBeNull();
    expect(await whoIs(second.cookie)).toBe("finance");
  });

  it("keeps only the token's SHA-256 in the database; the cookie holds the token and nothing else", async () => {
    const { cookie, setCookie } = await signIn("exec");
    expect(setCookie).toMatch(/^gw_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    const expires = Date.parse(/Expires=([^;]+)/i.exec(setCookie)![1]);
    expect(Math.abs(expires - (Date.now() + 7 * 24 * HOUR))).toBeLessThan(5 * MINUTE);

    const token = (await sessionTokenOf(cookie))!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const row = await sessionOf(cookie);
    expect(row.tokenHash).toBe(sha256(token));
    expect(row.userId).toBe(await userId("exec"));
    // Not in any column of any session, nor anywhere in the database file or its log.
    expect(JSON.stringify(await prisma.session.findMany())).not.toContain(token);
    const file = databaseFile();
    for (const part of [file, `${file}-wal`]) if (existsSync(part)) expect(readFileSync(part).includes(token)).toBe(false);
  });

  it("ends the session this browser held before when it signs in again", async () => {
    const before = await signIn("member");
    const after = await signIn("member", { cookie: before.cookie });
    expect(await whoIs(after.cookie)).toBe("member");
    expect(await whoIs(before.cookie)).toBeNull();
    expect((await sessionOf(before.cookie)).revokedReason).toBe("replaced");
  });

  it("refuses a cookie with a forged or missing signature", async () => {
    const { cookie } = await signIn("member");
    const [name, value] = cookie.split("=");
    const unsigned = value.split(".")[0];
    expect(await whoIs(`${name}=${unsigned}`)).toBeNull();
    expect(await whoIs(`${name}=${unsigned}.${"A".repeat(43)}`)).toBeNull();
    expect(await whoIs(cookie)).toBe("member");
  });
});

describe("expiry", () => {
  it("refuses a session past its idle or its absolute expiry", async () => {
    const idle = await signIn("s_expired");
    const old = await signIn("s_expired");
    expect(await whoIs(idle.cookie)).toBe("s_expired");
    await prisma.session.update({ where: { id: (await sessionOf(idle.cookie)).id }, data: { idleExpiresAt: new Date(Date.now() - 1000) } });
    await prisma.session.update({ where: { id: (await sessionOf(old.cookie)).id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await whoIs(idle.cookie)).toBeNull();
    expect(await whoIs(old.cookie)).toBeNull();
  });

  it("moves the idle expiry forward as the user works, writing at most once a minute", async () => {
    const t0 = new Date("2026-11-27T01:00:00Z");
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(t0);
    const { cookie } = await signIn("s_clock");
    const at = (ms: number) => new Date(t0.getTime() + ms);
    expect(await sessionOf(cookie)).toMatchObject({ createdAt: t0, lastSeenAt: t0, idleExpiresAt: at(12 * HOUR), expiresAt: at(7 * 24 * HOUR) });

    vi.setSystemTime(at(30_000));
    expect(await whoIs(cookie)).toBe("s_clock");
    expect((await sessionOf(cookie)).lastSeenAt).toEqual(t0); // within a minute: no write

    vi.setSystemTime(at(11 * HOUR));
    expect(await whoIs(cookie)).toBe("s_clock");
    expect(await sessionOf(cookie)).toMatchObject({ lastSeenAt: at(11 * HOUR), idleExpiresAt: at(23 * HOUR) });

    vi.setSystemTime(at(22 * HOUR)); // past the first idle expiry, within the moved one
    expect(await whoIs(cookie)).toBe("s_clock");

    vi.setSystemTime(at(34 * HOUR + 1000)); // 12 hours and a second without a request
    expect(await whoIs(cookie)).toBeNull();
  });

  it("ends a session at its absolute expiry however active it is (SESSION_MAX_HOURS)", async () => {
    process.env.SESSION_MAX_HOURS = "24";
    const t0 = new Date("2026-11-27T01:00:00Z");
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(t0);
    const { cookie, setCookie } = await signIn("s_max");
    const at = (ms: number) => new Date(t0.getTime() + ms);
    expect(Date.parse(/Expires=([^;]+)/i.exec(setCookie)![1])).toBe(at(24 * HOUR).getTime());
    for (const hours of [10, 20, 23.9]) {
      vi.setSystemTime(at(hours * HOUR));
      expect(await whoIs(cookie)).toBe("s_max");
    }
    expect((await sessionOf(cookie)).idleExpiresAt).toEqual(at(24 * HOUR)); // never beyond the absolute expiry
    vi.setSystemTime(at(24 * HOUR + 1000));
    expect(await whoIs(cookie)).toBeNull();
  });

  it("never waits for the database's write lock to record activity", async () => {
    const { cookie } = await signIn("s_busy");
    const { id } = await sessionOf(cookie);
    const stale = new Date(Date.now() - 5 * MINUTE);
    await prisma.session.update({ where: { id }, data: { lastSeenAt: stale } });
    const other = new Database(databaseFile(), { timeout: 0 });
    other.exec("BEGIN IMMEDIATE"); // another process holds the write lock
    try {
      const started = performance.now();
      expect(await whoIs(cookie)).toBe("s_busy");
      expect(performance.now() - started).toBeLessThan(2_000);
      expect((await sessionOf(cookie)).lastSeenAt).toEqual(stale); // skipped, not waited for
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    expect(await whoIs(cookie)).toBe("s_busy");
    expect((await sessionOf(cookie)).lastSeenAt.getTime()).toBeGreaterThan(stale.getTime());
  });
});

describe("password, role and disable changes", () => {
  it("end every session of the user, and only theirs", async () => {
    const bystander = await signIn("pm");
    for (const [username, change] of [
      ["s_pw", () => setPassword("s_pw", "another-long-password", { userId: null })],
      ["s_roles", () => setRoles("s_roles", ["member", "sales"], { userId: null })],
      ["s_disable", () => disableUser("s_disable", { userId: null })],
    ] as const) {
      const sessions = [await signIn(username), await signIn(username, { userAgent: SAFARI_ON_IPHONE })];
      for (const { cookie } of sessions) expect(await whoIs(cookie)).toBe(username);
      await change();
      for (const { cookie } of sessions) expect(await whoIs(cookie)).toBeNull();
      expect(await prisma.session.count({ where: { userId: await userId(username), revokedAt: null } })).toBe(0);
    }
    expect(await whoIs(bystander.cookie)).toBe("pm");
    expect(await whoIs((await signIn("s_pw", { password: "another-long-password" })).cookie)).toBe("s_pw");
    expect(await whoIs((await signIn("s_roles")).cookie)).toBe("s_roles");
  });

  it("do not let a sign-in whose password was checked just before the change start a session", async () => {
    const user = (await verifyLogin("s_race", PASSWORD))!;
    await setPassword("s_race", "changed-in-between", { userId: null });
    const before = await prisma.session.count({ where: { userId: user.id } });
    const result = await createUserSession(new Request(`${ORIGIN}/login`, { method: "POST" }), {}, user, "/");
    expect(result.headers.get("Location")).toBe("/login");
    expect(result.headers.get("Set-Cookie")).toBeNull();
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(before);
  });
});

type AccountData = { currentSessionId: number; sessions: { active: { id: number; device: string; address: string }[]; ended: { id: number; endReason: string | null }[] } };

describe("the account page", () => {
  it("lists the user's own sessions with device and address, this one marked", async () => {
    const laptop = await signIn("sales");
    const phone = await signIn("sales", { userAgent: SAFARI_ON_IPHONE, address: "198.51.100.7" });
    const page = (await callLoader(accountLoader, "/account", { headers: { Cookie: laptop.cookie } })) as AccountData;
    const [mine, other] = [await sessionOf(laptop.cookie), await sessionOf(phone.cookie)];
    expect(page.currentSessionId).toBe(mine.id);
    expect(page.sessions.active.find((s) => s.id === mine.id)).toMatchObject({ device: "Chrome · Windows", address: "192.0.2.10" });
    expect(page.sessions.active.find((s) => s.id === other.id)).toMatchObject({ device: "Safari · iPhone", address: "198.51.100.7" });
    const salesId = await userId("sales");
    expect((await prisma.session.findMany({ where: { id: { in: page.sessions.active.map((s) => s.id) } } })).every((s) => s.userId === salesId)).toBe(true);
  });

  it("ends another of the user's sessions, with an audit entry, but not another user's", async () => {
    const laptop = await signIn("sales");
    const phone = await signIn("sales", { userAgent: SAFARI_ON_IPHONE });
    const stranger = await signIn("finance");
    const phoneId = (await sessionOf(phone.cookie)).id;
    const result = (await callAction(accountAction, "/account", { intent: "end", sessionId: String(phoneId) }, { headers: { Cookie: laptop.cookie } })) as Response;
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe("/account?ended=1");
    expect(await whoIs(phone.cookie)).toBeNull();
    expect(await whoIs(laptop.cookie)).toBe("sales");
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: "Session", entityId: phoneId } });
    expect(audit).toMatchObject({ area: "admin", action: "update", userId: await userId("sales") });
    const page = (await callLoader(accountLoader, "/account", { headers: { Cookie: laptop.cookie } })) as AccountData;
    expect(page.sessions.ended.find((s) => s.id === phoneId)?.endReason).toBe("ended_by_user");

    const strangerId = (await sessionOf(stranger.cookie)).id;
    const refused = (await callAction(accountAction, "/account", { intent: "end", sessionId: String(strangerId) }, { headers: { Cookie: laptop.cookie } })) as Response;
    expect(refused.status).toBe(404);
    expect(await whoIs(stranger.cookie)).toBe("finance");
  });

  it("signs out everywhere: every session of the user ends, the cookie goes, other users stay", async () => {
    const sessions = [await signIn("exec"), await signIn("exec", { userAgent: SAFARI_ON_IPHONE }), await signIn("exec")];
    const bystander = await signIn("pm");
    const open = await prisma.session.count({ where: { userId: await userId("exec"), revokedAt: null } });
    expect(open).toBeGreaterThanOrEqual(3);
    const auditBefore = await prisma.auditLog.count();
    const result = (await callAction(accountAction, "/account", { intent: "endAll" }, { headers: { Cookie: sessions[0].cookie } })) as Response;
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe("/login");
    expect(result.headers.get("Set-Cookie")).toMatch(/gw_session=;.*Expires=Thu, 01 Jan 1970/i);
    for (const { cookie } of sessions) expect(await whoIs(cookie)).toBeNull();
    expect(await prisma.session.count({ where: { userId: await userId("exec"), revokedAt: null } })).toBe(0);
    expect(await whoIs(bystander.cookie)).toBe("pm");
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: "User", entityId: await userId("exec") }, orderBy: { id: "desc" } });
    expect(audit.area).toBe("admin");
    expect(JSON.parse(audit.after!)).toMatchObject({ sessionsEnded: open, revokedReason: "sign_out_everywhere" });
    expect(await prisma.auditLog.count()).toBe(auditBefore + 1);
  });

  it("validates its forms and refuses cross-site or anonymous posts", async () => {
    const { cookie } = await signIn("member");
    const bad = payload<{ errors: Record<string, string> }>(await callAction(accountAction, "/account", { intent: "end", sessionId: "abc" }, { headers: { Cookie: cookie } }));
    expect(bad.status).toBe(400);
    expect(bad.data.errors.sessionId).toBe("invalid_choice");
    expect(payload(await callAction(accountAction, "/account", { intent: "constructor" }, { headers: { Cookie: cookie } })).status).toBe(400);
    const crossSite = (await callAction(accountAction, "/account", { intent: "endAll" }, { headers: { Cookie: cookie, Origin: "https://evil.example" } })) as Response;
    expect(crossSite.status).toBe(403);
    expect(await whoIs(cookie)).toBe("member");
    const anonymous = (await callAction(accountAction, "/account", { intent: "endAll" })) as Response;
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
  });
});

describe("the admin users page", () => {
  type UsersData = { accounts: { username: string; roles: string[]; activeSessions: number }[] };
  type UserData = { account: { username: string }; sessions: { active: { id: number }[]; activeCount: number } };

  it("lists users with their roles and open session counts", async () => {
    await signIn("sales");
    const data = (await callLoader(adminUsersLoader, "/admin/users", { as: "admin" })) as UsersData;
    const sales = data.accounts.find((u) => u.username === "sales")!;
    expect(sales.roles).toEqual(["sales"]);
    const open = await prisma.session.count({ where: { userId: await userId("sales"), revokedAt: null, idleExpiresAt: { gt: new Date() }, expiresAt: { gt: new Date() } } });
    expect(sales.activeSessions).toBe(open);
    expect(open).toBeGreaterThan(0);
    expect(data.accounts.find((u) => u.username === "s_disable")!.activeSessions).toBe(0);
  });

  it("lets an admin see and end one of a user's sessions, then all of them", async () => {
    const [one, two] = [await signIn("sales"), await signIn("sales", { userAgent: SAFARI_ON_IPHONE })];
    const salesId = await userId("sales");
    const adminId = await userId("admin");
    const path = `/admin/users/${salesId}`;
    const data = (await callLoader(adminUserLoader, path, { as: "admin", params: { id: String(salesId) } })) as UserData;
    const [oneId, twoId] = [(await sessionOf(one.cookie)).id, (await sessionOf(two.cookie)).id];
    expect(data.sessions.active.map((s) => s.id)).toEqual(expect.arrayContaining([oneId, twoId]));

    const ended = (await callAction(adminUserAction, path, { intent: "end", sessionId: String(oneId) }, { as: "admin", params: { id: String(salesId) } })) as Response;
    expect(ended.status).toBe(302);
    expect(ended.headers.get("Location")).toBe(`${path}?ended=1`);
    expect(await whoIs(one.cookie)).toBeNull();
    expect(await whoIs(two.cookie)).toBe("sales");
    expect(await sessionOf(one.cookie)).toMatchObject({ revokedReason: "ended_by_admin" });
    expect(await prisma.auditLog.findFirstOrThrow({ where: { entity: "Session", entityId: oneId } })).toMatchObject({ area: "admin", userId: adminId });

    // A session of someone else is not this user's to end here.
    const other = await signIn("finance");
    const refused = (await callAction(adminUserAction, path, { intent: "end", sessionId: String((await sessionOf(other.cookie)).id) }, { as: "admin", params: { id: String(salesId) } })) as Response;
    expect(refused.status).toBe(404);
    expect(await whoIs(other.cookie)).toBe("finance");

    const all = (await callAction(adminUserAction, path, { intent: "endAll" }, { as: "admin", params: { id: String(salesId) } })) as Response;
    expect(all.status).toBe(302);
    expect(await whoIs(two.cookie)).toBeNull();
    expect(await prisma.session.count({ where: { userId: salesId, revokedAt: null } })).toBe(0);
    expect(await whoIs(other.cookie)).toBe("finance");
    const after = (await callLoader(adminUserLoader, path, { as: "admin", params: { id: String(salesId) } })) as UserData;
    expect(after.sessions.activeCount).toBe(0);
  });

  it("is for admins only: others get 403 and end nothing", async () => {
    const victim = await signIn("finance");
    const financeId = await userId("finance");
    const victimId = (await sessionOf(victim.cookie)).id;
    for (const role of ["pm", "finance", "sales", "exec", "member"]) {
      expect(((await callLoader(adminUsersLoader, "/admin/users", { as: role })) as Response).status).toBe(403);
      expect(((await callLoader(adminUserLoader, `/admin/users/${financeId}`, { as: role, params: { id: String(financeId) } })) as Response).status).toBe(403);
      for (const fields of [{ intent: "end", sessionId: String(victimId) }, { intent: "endAll" }] as Record<string, string>[]) {
        const result = (await callAction(adminUserAction, `/admin/users/${financeId}`, fields, { as: role, params: { id: String(financeId) } })) as Response;
        expect(result.status).toBe(403);
      }
    }
    expect(await whoIs(victim.cookie)).toBe("finance");
    const anonymous = (await callLoader(adminUsersLoader, "/admin/users")) as Response;
    expect(anonymous.status).toBe(302);
    const crossSite = (await callAction(adminUserAction, `/admin/users/${financeId}`, { intent: "endAll" }, { as: "admin", params: { id: String(financeId) }, headers: { Origin: "https://evil.example" } })) as Response;
    expect(crossSite.status).toBe(403);
    expect(await whoIs(victim.cookie)).toBe("finance");
    expect(((await callLoader(adminUserLoader, "/admin/users/99999", { as: "admin", params: { id: "99999" } })) as Response).status).toBe(404);
  });
});
