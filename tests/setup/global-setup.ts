// Migrates one template database per test run; each test file then copies it (db-setup.ts), so no
// test depends on another's data and migrations run once. The template is named per run, so two
// runs at once (e.g. a watcher and CI) do not trample each other.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

function removeDatabase(file: string) {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
}

export default function setup() {
  const template = path.join(root, "tests/.tmp", `template-${process.pid}.db`);
  mkdirSync(path.dirname(template), { recursive: true });
  removeDatabase(template);
  execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `file:${template}`, CHECKPOINT_DISABLE: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  // Test workers are forked after this and inherit the environment.
  process.env.GROUNDWORK_TEST_TEMPLATE_DB = template;
  return () => removeDatabase(template);
}
