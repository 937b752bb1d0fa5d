// The one Prisma client, kept across dev rebuilds (Remix re-evaluates modules on every change).
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient, type Prisma } from "@prisma/client";
import { databaseFile } from "~/utils/env.server";

/**
 * `busyTimeoutMs` is SQLite's own wait for a lock. better-sqlite3 is synchronous, so that wait blocks
 * the whole process (every request, /healthz too): the app's writer waits 0 ms and retries without
 * blocking instead (writeTransaction); readers under WAL are not blocked by writers and keep a short wait.
 */
export function createPrismaClient(file = databaseFile(), busyTimeoutMs = 2_000): PrismaClient {
  const adapter = new PrismaBetterSQLite3({ url: file, timeout: busyTimeoutMs });
  return new PrismaClient({ adapter });
}

const globalForPrisma = globalThis as unknown as { __groundworkPrisma?: PrismaClient; __groundworkWriter?: PrismaClient };

/** Reads (and the tests' direct set-up writes). Never inside an interactive transaction. */
export const prisma: PrismaClient = (globalForPrisma.__groundworkPrisma ??= createPrismaClient());

/**
 * Interactive write transactions run on a connection of their own. The adapter keeps one connection
 * per client and runs other queries on it while a transaction is open, so a read there would see the
 * transaction's uncommitted rows, and a read model computed from them could be cached after a
 * rollback. On separate connections (WAL) reads see committed data only, and do not wait for writes.
 */
const writer: PrismaClient = (globalForPrisma.__groundworkWriter ??= createPrismaClient(databaseFile(), 0));

/** How long a write waits for another process (a backup, `npm run user`, a second server) to let go of the database. */
export function busyTimeoutMs(): number {
  const value = Number(process.env.DB_BUSY_TIMEOUT_MS);
  return Number.isFinite(value) && value >= 0 ? value : 10_000;
}

class LockNotTaken extends Error {}

/** True for SQLite's "database is locked", however the adapter and Prisma wrap it. */
export function isDatabaseBusy(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${JSON.stringify((error as { meta?: unknown }).meta ?? "")}` : "";
  return (error as { code?: string })?.code === "P1008" || /SQLITE_BUSY|database is locked|SocketTimeout/i.test(text);
}

/** The answer when the database stays locked past the busy timeout: 503, retry shortly, nothing saved. */
export function databaseBusyResponse(): Response {
  return new Response("数据库繁忙，请稍后重试。\nThe database is busy. Please try again shortly.", {
    status: 503,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "5" },
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A write transaction. It takes SQLite's write lock first (an UPDATE that changes nothing still takes
 * it), so it never fails halfway for want of the lock: if another process holds it, the transaction
 * rolls back at once (nothing done yet), waits without blocking the process and tries again, up to
 * the busy timeout; then it throws a 503 (databaseBusyResponse). The adapter runs one transaction at
 * a time per process, so under a burst of payments (or a large import) a write queues for its turn.
 */
export async function writeTransaction<T>(work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  // While one write already waits for another process's lock, the others answer 503 at once rather
  // than each holding one of the server's few request slots (app/server/main.ts) for the whole wait.
  if (writesWaitingForLock > 0) throw databaseBusyResponse();
  const deadline = Date.now() + busyTimeoutMs();
  let waiting = false;
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await attemptOnce(work);
      } catch (error) {
        if (!(error instanceof LockNotTaken)) throw error;
        if (!waiting) {
          waiting = true;
          writesWaitingForLock += 1;
        }
        const left = deadline - Date.now();
        if (left <= 0) throw databaseBusyResponse();
        await sleep(Math.min(left, 10 * 2 ** Math.min(attempt, 4) + Math.random() * 20));
      }
    }
  } finally {
    if (waiting) writesWaitingForLock -= 1;
  }
}

let writesWaitingForLock = 0;

/** One try: the write lock first (an UPDATE that changes nothing still takes it), then the work. */
function attemptOnce<T>(work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return writer.$transaction(
    async (tx) => {
      try {
        await tx.$executeRawUnsafe(`UPDATE "DataVersion" SET "n" = "n" WHERE 0`);
      } catch (error) {
        if (isDatabaseBusy(error)) throw new LockNotTaken();
        throw error;
      }
      return work(tx);
    },
    { maxWait: 30_000, timeout: 30_000 },
  );
}

/** Closes every connection this process holds (scripts and tests, before they end). */
export async function disconnectDatabase() {
  await Promise.all([prisma.$disconnect(), writer.$disconnect()]);
}
