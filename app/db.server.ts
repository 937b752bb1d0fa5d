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

const globalForPrisma = globalThis as unknown as { __groundworkPrisma?: PrismaClient };

export const prisma: PrismaClient = (globalForPrisma.__groundworkPrisma ??= createPrismaClient());

/**
 * A write transaction. The adapter runs one transaction at a time per process, so under a burst of
 * payments (or a large import) a write queues; give it time rather than fail after Prisma's default 2 s.
 */
export function writeTransaction<T>(work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return prisma.$transaction(work, { maxWait: 30_000, timeout: 30_000 });
}
