// Sign-in sessions in the database: the only module that reads or writes the Session table. A session
// is found by the SHA-256 of its cookie's token on every request, never through a cached read model,
// so a revocation takes effect on the next request. The cookie itself is app/session.server.ts.
import type { Prisma } from "@prisma/client";
import Database from "better-sqlite3";
import { prisma, writeTransaction } from "~/db.server";
import { describeUserAgent, sessionEnd } from "~/domain/sessions";
import { databaseFile } from "~/utils/env.server";
import { recordAudit } from "./audit.server";

type Client = Prisma.TransactionClient;

/** Why a session was revoked (shown on the account and admin pages as session.reason.*). */
export type RevokeReason = "sign_out" | "sign_out_everywhere" | "ended_by_user" | "ended_by_admin" | "replaced" | "password" | "roles" | "disabled";

/** Ended sessions stay listed this long, then the next sign-in of their user deletes them. */
const KEEP_ENDED_MS = 30 * 24 * 3_600_000;

/**
 * Starts a session. With `current`, only while the user is active and their sessionVersion is still
 * the one the password was checked against (a password change in between wins). Ends the session the
 * same browser held before, if any. Returns the new session's id, or null when refused.
 */
export async function createSession(input: {
  userId: number;
  tokenHash: string;
  userAgent: string;
  address: string;
  now: Date;
  idleExpiresAt: Date;
  expiresAt: Date;
  current?: { sessionVersion: number };
  replacesTokenHash?: string | null;
}): Promise<number | null> {
  return writeTransaction(async (tx) => {
    if (input.current) {
      const user = await tx.user.findUnique({ where: { id: input.userId }, select: { active: true, sessionVersion: true } });
      if (!user || !user.active || user.sessionVersion !== input.current.sessionVersion) return null;
    }
    if (input.replacesTokenHash) {
      await tx.session.updateMany({ where: { tokenHash: input.replacesTokenHash, revokedAt: null }, data: { revokedAt: input.now, revokedReason: "replaced" } });
    }
    const cutoff = new Date(input.now.getTime() - KEEP_ENDED_MS);
    await tx.session.deleteMany({
      where: { userId: input.userId, OR: [{ revokedAt: { lt: cutoff } }, { expiresAt: { lt: cutoff } }, { idleExpiresAt: { lt: cutoff } }] },
    });
    const session = await tx.session.create({
      data: {
        tokenHash: input.tokenHash,
        userId: input.userId,
        createdAt: input.now,
        lastSeenAt: input.now,
        idleExpiresAt: input.idleExpiresAt,
        expiresAt: input.expiresAt,
        userAgent: input.userAgent,
        address: input.address,
      },
      select: { id: true },
    });
    return session.id;
  });
}

/** The session a cookie's token names (by its hash): one lookup on a unique index. */
export function findSessionByTokenHash(tokenHash: string) {
  return prisma.session.findUnique({
    where: { tokenHash },
    select: { id: true, userId: true, lastSeenAt: true, idleExpiresAt: true, expiresAt: true, revokedAt: true },
  });
}

// Moving lastSeenAt forward (at most once a minute per session) must never make a request wait for
// SQLite's write lock, nor fail it: a connection of its own that gives up at once when the lock is
// held (the next request a minute on tries again). Kept on globalThis like the Prisma client.
type Toucher = { file: string; db: Database.Database; statement: Database.Statement };
const shared = globalThis as unknown as { __groundworkSessionToucher?: Toucher };

/** How the Prisma adapter stores a DateTime in SQLite (ISO 8601 text), so that comparisons stay consistent. */
const sqliteDate = (date: Date) => date.toISOString().replace("Z", "+00:00");

function touchStatement(): Database.Statement {
  const file = databaseFile();
  let toucher = shared.__groundworkSessionToucher;
  if (!toucher || toucher.file !== file) {
    toucher?.db.close();
    const db = new Database(file, { fileMustExist: true, timeout: 0 });
    const statement = db.prepare('UPDATE "Session" SET "lastSeenAt" = ?, "idleExpiresAt" = ? WHERE "id" = ? AND "revokedAt" IS NULL');
    toucher = shared.__groundworkSessionToucher = { file, db, statement };
  }
  return toucher.statement;
}

/** Records that a session was used; skipped (false) when the database is busy writing. */
export function touchSession(id: number, touch: { lastSeenAt: Date; idleExpiresAt: Date }): boolean {
  try {
    touchStatement().run(sqliteDate(touch.lastSeenAt), sqliteDate(touch.idleExpiresAt), id);
    return true;
  } catch (error) {
    if (error instanceof Database.SqliteError && /^SQLITE_(BUSY|LOCKED)/.test(error.code)) return false;
    throw error;
  }
}

/** Sign-out: ends the session a cookie names. Not audited, like signing in. */
export async function revokeSessionByTokenHash(tokenHash: string, reason: RevokeReason, now = new Date()): Promise<void> {
  await writeTransaction((tx) => tx.session.updateMany({ where: { tokenHash, revokedAt: null }, data: { revokedAt: now, revokedReason: reason } }));
}

/** Ends every session of a user, inside the caller's transaction (password, role, disable changes). */
export async function revokeUserSessions(tx: Client, userId: number, reason: RevokeReason, now = new Date(), exceptSessionId?: number): Promise<number> {
  const { count } = await tx.session.updateMany({ where: { userId, revokedAt: null, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) }, data: { revokedAt: now, revokedReason: reason } });
  return count;
}

const activeWhere = (now: Date) => ({ revokedAt: null, idleExpiresAt: { gt: now }, expiresAt: { gt: now } }) satisfies Prisma.SessionWhereInput;

export type EndSessionResult = { ok: true; ended: boolean } | { ok: false; reason: "not_found" };

/** Ends one session of `userId` (the user themself, or an admin), with an audit entry. */
export async function endSession(
  input: { userId: number; sessionId: number; reason: "ended_by_user" | "ended_by_admin" },
  actor: { userId: number },
  now = new Date(),
): Promise<EndSessionResult> {
  return writeTransaction(async (tx) => {
    const session = await tx.session.findFirst({ where: { id: input.sessionId, userId: input.userId }, select: { id: true, revokedAt: true } });
    if (!session) return { ok: false, reason: "not_found" } as const;
    const { count } = await tx.session.updateMany({ where: { id: session.id, revokedAt: null }, data: { revokedAt: now, revokedReason: input.reason } });
    if (count === 0) return { ok: true, ended: false } as const; // already ended
    await recordAudit(tx, {
      userId: actor.userId,
      area: "admin",
      entity: "Session",
      entityId: session.id,
      action: "update",
      before: { userId: input.userId, revokedAt: null },
      after: { userId: input.userId, revokedAt: now, revokedReason: input.reason },
    });
    return { ok: true, ended: true } as const;
  });
}

/** Ends every session of `userId` ("sign out everywhere", or an admin's "end all"), with an audit entry. */
export async function endAllSessions(input: { userId: number; reason: "sign_out_everywhere" | "ended_by_admin" }, actor: { userId: number }, now = new Date()): Promise<number> {
  return writeTransaction(async (tx) => {
    const count = await revokeUserSessions(tx, input.userId, input.reason, now);
    await recordAudit(tx, { userId: actor.userId, area: "admin", entity: "User", entityId: input.userId, action: "update", after: { sessionsEnded: count, revokedReason: input.reason } });
    return count;
  });
}

const LISTED = 100;
const ENDED_LISTED = 10;

const rowSelect = {
  id: true,
  createdAt: true,
  lastSeenAt: true,
  idleExpiresAt: true,
  expiresAt: true,
  revokedAt: true,
  revokedReason: true,
  userAgent: true,
  address: true,
} as const;

type Row = Prisma.SessionGetPayload<{ select: typeof rowSelect }>;

/** A session as the pages show it: plain strings, the device named. */
function toView(row: Row, now: Date) {
  const end = sessionEnd(row, now);
  const endedAt = row.revokedAt ?? (end ? (row.idleExpiresAt < row.expiresAt ? row.idleExpiresAt : row.expiresAt) : null);
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    idleExpiresAt: row.idleExpiresAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    endedAt: endedAt ? endedAt.toISOString() : null,
    endReason: end,
    device: describeUserAgent(row.userAgent),
    userAgent: row.userAgent,
    address: row.address,
  };
}

export type SessionView = ReturnType<typeof toView>;

/** A user's open sessions (most recently used first, at most 100 listed) and the last few that ended. */
export async function listUserSessions(userId: number, now = new Date()) {
  const [active, activeCount, ended] = await Promise.all([
    prisma.session.findMany({ where: { userId, ...activeWhere(now) }, orderBy: [{ lastSeenAt: "desc" }, { id: "desc" }], take: LISTED, select: rowSelect }),
    prisma.session.count({ where: { userId, ...activeWhere(now) } }),
    prisma.session.findMany({
      where: { userId, OR: [{ revokedAt: { not: null } }, { idleExpiresAt: { lte: now } }, { expiresAt: { lte: now } }] },
      orderBy: { id: "desc" },
      take: ENDED_LISTED,
      select: rowSelect,
    }),
  ]);
  return { active: active.map((row) => toView(row, now)), activeCount, ended: ended.map((row) => toView(row, now)) };
}

/** Per user: how many sessions are open and when one was last used. */
export async function activeSessionStats(now = new Date()): Promise<Map<number, { count: number; lastSeenAt: string | null }>> {
  const groups = await prisma.session.groupBy({ by: ["userId"], where: activeWhere(now), _count: { _all: true }, _max: { lastSeenAt: true } });
  return new Map(groups.map((group) => [group.userId, { count: group._count._all, lastSeenAt: group._max.lastSeenAt?.toISOString() ?? null }]));
}
