// Prisma CLI configuration. Prisma 6.19 runs its schema engine in JS through the better-sqlite3
// driver adapter, so migrations work offline (no engine binary to download). See
// docs/decisions/003-migrations.md.
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { PrismaConfig } from "prisma";

// The CLI reads no .env file in this mode and falls back to downloading a binary when the
// schema's env("DATABASE_URL") is unset, so give it the app's default before the schema is read.
process.env.DATABASE_URL ??= "file:./data/groundwork.db";

function sqliteFile(url: string): string {
  return path.resolve(url.replace(/^file:/, ""));
}

export default {
  experimental: { adapter: true },
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  engine: "js",
  async adapter() {
    return new PrismaBetterSQLite3({ url: sqliteFile(process.env.DATABASE_URL!) });
  },
} satisfies PrismaConfig;
