// Runs before each test file, before the app's modules load: gives the file a fresh copy of the
// migrated template database and points the app's Prisma client at it.
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const template = process.env.GROUNDWORK_TEST_TEMPLATE_DB;
if (!template) throw new Error("GROUNDWORK_TEST_TEMPLATE_DB is unset: run tests through vitest (tests/setup/global-setup.ts)");
const file = path.join(root, "tests/.tmp/db", `test-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.db`);
mkdirSync(path.dirname(file), { recursive: true });
copyFileSync(template, file);
process.env.DATABASE_URL = `file:${file}`;

afterAll(async () => {
  const { disconnectDatabase } = await import("~/db.server");
  await disconnectDatabase();
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
});
