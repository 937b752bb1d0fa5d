// The one Prisma client, kept across dev rebuilds (Remix re-evaluates modules on every change).
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { databaseFile } from "~/utils/env.server";

export function createPrismaClient(file = databaseFile()): PrismaClient {
  // WAL lets readers carry on while a payment is written; busy_timeout queues writers instead of
  // failing them with SQLITE_BUSY under concurrent requests.
  const adapter = new PrismaBetterSQLite3({ url: file, timeout: 10_000 });
  return new PrismaClient({ adapter });
}

const globalForPrisma = globalThis as unknown as { __groundworkPrisma?: PrismaClient };

export const prisma: PrismaClient = (globalForPrisma.__groundworkPrisma ??= createPrismaClient());
