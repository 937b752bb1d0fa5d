// Prepares the database `npm start` needs, idempotently: the data folder, the SQLite file in WAL mode,
// migrations applied, the session secret generated, and the reference project loaded into an empty
// database (with one demo user per role; without demo data there are no users: see scripts/user.ts).
//   tsx scripts/setup.ts            set up (demo data if the database is empty)
//   tsx scripts/setup.ts --no-demo  set up without demo data
//   tsx scripts/setup.ts --reset    delete the database file first (asks nothing: development only)
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { createPrismaClient } from "../app/db.server";
import { databaseFile, DEFAULT_DATABASE_URL } from "../app/utils/env.server";
import { ensureSessionSecret } from "../app/utils/secret.server";
import { seedReferenceProject } from "../prisma/seed";

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
sqlite.close();

execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: process.env });
log(`migrations applied to ${path.relative(root, file) || file}`);

ensureSessionSecret(); // generated once for the embedded default, unless SESSION_SECRET is set

const prisma = createPrismaClient(file);
try {
  const projects = await prisma.project.count();
  if (projects === 0 && !args.has("--no-demo") && process.env.GROUNDWORK_DEMO !== "0") {
    await seedReferenceProject(prisma);
    log("reference project loaded (demo data)");
  } else {
    log(projects === 0 ? "empty database, no demo data" : "existing data kept");
  }
} finally {
  await prisma.$disconnect();
}
