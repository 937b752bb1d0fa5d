// The one Prisma client, kept across dev rebuilds (Remix re-evaluates modules on every change).
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient, type Prisma } from "@prisma/client";
import { databaseFile } from "~/utils/env.server";

export function createPrismaClient(file = databaseFile()): PrismaClient {
  // WAL lets readers carry on while a payment is written; busy_timeout queues writers instead of
  // failing them with SQLITE_BUSY under concurrent requests.
  const adapter = new PrismaBetterSQLite3({ url: file, timeout: 10_000 });
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
const writer: PrismaClient = (globalForPrisma.__groundworkWriter ??= createPrismaClient());

/**
 * A write transaction. The adapter runs one transaction at a time per process, so under a burst of
 * payments (or a large import) a write queues; give it time rather than fail after Prisma's default 2 s.
 */
export function writeTransaction<T>(work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return writer.$transaction(work, { maxWait: 30_000, timeout: 30_000 });
}

/** Closes every connection this process holds (scripts and tests, before they end). */
export async function disconnectDatabase() {
  await Promise.all([prisma.$disconnect(), writer.$disconnect()]);
}
