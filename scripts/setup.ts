// Prepares the database `npm start` needs, idempotently: the data folder, the SQLite file in WAL mode,
// migrations applied, the session secret generated, and the reference project loaded into an empty
// database (with one demo user per role; without demo data there are no users: see scripts/user.ts).
//   tsx scripts/setup.ts            set up (demo data if the database is empty)
//   tsx scripts/setup.ts --no-demo  set up without demo data
//   tsx scripts/setup.ts --reset    delete the database file first (asks nothing: development only)
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { createPrismaClient } from "../app/db.server";
import { databaseFile, DEFAULT_DATABASE_URL } from "../app/utils/env.server";
import { ensureSessionSecret } from "../app/utils/secret.server";
import { seedReferenceProject } from "../prisma/seed";
import { today } from "../app/utils/dates";

const args = new Set(process.argv.slice(2));
process.env.DATABASE_URL ??= DEFAULT_DATABASE_URL;
process.env.CHECKPOINT_DISABLE = "1";
const file = databaseFile();
const root = path.resolve(import.meta.dirname, "..");

function log(message: string) {
  console.log(`[setup] ${message}`);
}

if (args.has("--reset")) {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
  log(`removed ${file}`);
}
mkdirSync(path.dirname(file), { recursive: true });

const sqlite = new Database(file);
sqlite.pragma("journal_mode = WAL");
const applied = new Set<string>(
  sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get()
    ? (sqlite.prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL").all() as { migration_name: string }[]).map((r) => r.migration_name)
    : [],
);
sqlite.close();

// Only migrate when there is something to apply: a running app keeps the file open, and the schema
// engine then cannot take the lock it wants (it reports "SocketTimeout").
const pending = readdirSync(path.join(root, "prisma/migrations"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !applied.has(entry.name))
  .map((entry) => entry.name);
if (pending.length === 0) {
  log(`database up to date (${path.relative(root, file) || file})`);
} else {
  try {
    execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], { cwd: root, stdio: ["ignore", "ignore", "pipe"], env: process.env });
  } catch (error) {
    console.error(`[setup] could not apply ${pending.length} migration(s) to ${file}.`);
    console.error("[setup] If Groundwork is running on this database, stop it first, then run npm start again.");
    console.error(String((error as { stderr?: Buffer }).stderr ?? error).split("\n").slice(0, 3).join("\n"));
    process.exit(1);
  }
  log(`applied ${pending.length} migration(s) to ${path.relative(root, file) || file}`);
}

ensureSessionSecret(); // generated once for the embedded default, unless SESSION_SECRET is set

const prisma = createPrismaClient(file);
try {
  const projects = await prisma.project.count();
  if (projects === 0 && !args.has("--no-demo") && process.env.GROUNDWORK_DEMO !== "0") {
    await seedReferenceProject(prisma);
    log("reference project loaded (demo data)");
    // November's executive pack, commented by each area's leader and issued (when seeded after November).
    const { issueDemoPacks } = await import("../prisma/seed-packs");
    if (await issueDemoPacks(today())) log("monthly pack 2026-11 issued (demo data)");
  } else {
    log(projects === 0 ? "empty database, no demo data" : "existing data kept");
  }
} finally {
  await prisma.$disconnect();
}
