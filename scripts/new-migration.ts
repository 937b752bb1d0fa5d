// Writes prisma/migrations/<timestamp>_<name>/migration.sql for the difference between the schema as
// last committed (git HEAD) and the working copy, with `prisma migrate diff` (no shadow database,
// so none of `migrate dev`'s adapter bugs). See docs/decisions/003-migrations.md.
//   npm run db:migration -- add_payment_index
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { REDEFINE_EXTRAS, TABLE_AREAS, TOTALS_TRIGGERS, TRIGGER_TARGETS, versionTriggersSql } from "../app/models/data-areas";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <name in snake_case>");
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, "..");
const previous = path.join(mkdtempSync(path.join(tmpdir(), "gw-schema-")), "schema.prisma");
writeFileSync(previous, execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { cwd: root }));
const sql = execFileSync(
  path.join(root, "node_modules/.bin/prisma"),
  ["migrate", "diff", "--from-schema-datamodel", previous, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { cwd: root, env: { ...process.env, CHECKPOINT_DISABLE: "1" } },
).toString();
if (!/\S/.test(sql.replace(/^--.*$/gm, ""))) {
  console.log("No schema changes since HEAD: nothing written.");
  process.exit(0);
}
// New tables get the triggers that bump their area's data version (app/models/data-areas.ts), and so do
// tables that SQLite had to redefine (Prisma copies them into "new_X", drops X and renames: the drop
// takes X's triggers with it, including the ones that keep the totals tables).
const created = [...sql.matchAll(/CREATE TABLE "(\w+)"/g)].map((m) => m[1]).filter((t) => !t.startsWith("new_"));
const redefined = [...sql.matchAll(/ALTER TABLE "new_\w+" RENAME TO "(\w+)"/g)].map((m) => m[1]);
const blocked = redefined.filter((t) => TRIGGER_TARGETS.includes(t));
if (blocked.length > 0) {
  console.error(`SQLite must redefine ${blocked.join(", ")}, which triggers write to: write this migration by hand (drop the triggers that name it, redefine, create them again from app/models/data-areas.ts).`);
  process.exit(2);
}
let triggers = "";
for (const table of [...created, ...redefined]) {
  if (!(table in TABLE_AREAS)) {
    console.error(`Table ${table} is not in TABLE_AREAS (app/models/data-areas.ts): add it (its area, or null), then run this again.`);
    process.exit(2);
  }
  triggers += versionTriggersSql(table);
  if (redefined.includes(table)) for (const trigger of [...(TOTALS_TRIGGERS[table] ?? []), ...(REDEFINE_EXTRAS[table] ?? [])]) triggers += `\n${trigger}\n`;
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(root, "prisma/migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), triggers ? `${sql}\n-- Data-version triggers for the new tables\n${triggers}` : sql);
console.log(`Wrote ${path.relative(root, dir)}/migration.sql — review it, then npm run setup applies it.`);
