// Backup and restore of the SQLite database file and the documents' attachments.
//   npm run db:backup [-- <file>]             online backup (safe while the app runs), default backups/groundwork-<time>.db
//   npm run db:restore -- <file> [--force]    replace the database with a backup (stop the app first)
// A backup is checked (integrity_check, migrations table) before it is trusted either way.
// Attachments (the register's scans and drawings, in data/attachments/ or ATTACHMENTS_DIR) are copied
// beside the database copy, into <file without .db>.attachments/ (backups/groundwork-<time>.attachments/),
// after it: every document row of the copy has its file there (files are written before their row
// commits, and never deleted), which the backup checks. A restore brings that folder back (the current
// one is kept as attachments.before-restore); a backup without the folder (made before attachments
// existed) leaves the current attachments as they are.
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { attachmentsDir, databaseFile, DEFAULT_DATABASE_URL } from "../app/utils/env.server";

/** Where a backup file's attachments are kept: backups/groundwork-<time>.db → backups/groundwork-<time>.attachments/. */
export function backupAttachmentsDir(backupFile: string): string {
  return `${backupFile.replace(/\.db$/i, "")}.attachments`;
}

/** The attachments folder of a database file: the app's (attachmentsDir) for the configured database, else attachments/ beside it. */
export function attachmentsOf(file: string): string {
  return path.resolve(file) === databaseFile() ? attachmentsDir() : path.join(path.dirname(path.resolve(file)), "attachments");
}

/** The stored attachment names a database's document rows point at (none before the register existed). */
function storedNames(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ProjectDocument'").get();
    if (!table) return [];
    return (db.prepare('SELECT "storedName" AS name FROM "ProjectDocument" WHERE "storedName" IS NOT NULL').all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}

/** The stored files of a folder (random names; not the temporary .upload-*.part files of uploads in progress). */
function attachmentFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => !name.startsWith(".") && statSync(path.join(dir, name)).isFile());
}

function missingAttachments(databaseCopy: string, dir: string): string[] {
  const present = new Set(attachmentFiles(dir));
  return storedNames(databaseCopy).filter((name) => !present.has(name));
}

function check(file: string): { ok: true; payments: number } | { ok: false; reason: string } {
  if (!existsSync(file)) return { ok: false, reason: `no such file: ${file}` };
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") return { ok: false, reason: `integrity check failed: ${integrity}` };
    const migrations = db.prepare("SELECT COUNT(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL").get() as { n: number };
    if (migrations.n === 0) return { ok: false, reason: "not a Groundwork database (no applied migrations)" };
    const payments = db.prepare("SELECT COUNT(*) AS n FROM Payment").get() as { n: number };
    return { ok: true, payments: payments.n };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  } finally {
    db?.close();
  }
}

/**
 * An online, consistent copy (SQLite's backup API): safe while the app is writing. Then the attachments
 * (from `attachments`, by default the source database's folder) into backupAttachmentsDir(target).
 */
export async function backupDatabase(source: string, target: string, attachments = attachmentsOf(source)) {
  mkdirSync(path.dirname(target), { recursive: true });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(target);
  } finally {
    db.close();
  }
  const verdict = check(target);
  if (!verdict.ok) throw new Error(`backup is not usable: ${verdict.reason}`);
  // After the database copy: every row it holds already has its file.
  const copies = backupAttachmentsDir(target);
  rmSync(copies, { recursive: true, force: true });
  mkdirSync(copies, { recursive: true });
  const files = attachmentFiles(attachments);
  for (const name of files) copyFileSync(path.join(attachments, name), path.join(copies, name));
  const missing = missingAttachments(target, copies);
  if (missing.length > 0) throw new Error(`backup is not usable: ${missing.length} attachment(s) missing from ${attachments}, e.g. ${missing[0]}`);
  return { ...verdict, attachments: files.length, attachmentsDir: copies };
}

/**
 * Replaces the database with a checked backup; the old file is kept beside it as *.before-restore. The
 * backup's attachments (when it has the folder) replace `attachments` (by default the target database's
 * folder), the old folder kept as *.before-restore.
 */
export function restoreDatabase(backup: string, target: string, attachments = attachmentsOf(target)) {
  const verdict = check(backup);
  if (!verdict.ok) throw new Error(`refusing to restore: ${verdict.reason}`);
  const copies = backupAttachmentsDir(backup);
  const withAttachments = existsSync(copies);
  if (withAttachments) {
    const missing = missingAttachments(backup, copies);
    if (missing.length > 0) throw new Error(`refusing to restore: ${missing.length} attachment(s) missing from ${copies}, e.g. ${missing[0]}`);
  }
  if (existsSync(target)) {
    // Fold the write-ahead log into the file first, so the kept copy holds every committed write.
    const current = new Database(target, { fileMustExist: true });
    try {
      current.pragma("wal_checkpoint(TRUNCATE)");
    } finally {
      current.close();
    }
    rmSync(`${target}.before-restore`, { force: true });
    renameSync(target, `${target}.before-restore`);
  }
  for (const suffix of ["-wal", "-shm", "-journal"]) rmSync(target + suffix, { force: true });
  copyFileSync(backup, target);
  carryDataVersionsForward(`${target}.before-restore`, target);
  if (withAttachments) restoreAttachments(copies, attachments);
  return { ...verdict, attachments: withAttachments ? attachmentFiles(copies).length : null };
}

/** The backup's attachments in place of the current folder, which is kept as <folder>.before-restore. */
function restoreAttachments(copies: string, attachments: string) {
  const kept = `${attachments}.before-restore`;
  if (!existsSync(attachments) && attachmentFiles(copies).length === 0) return; // nothing then, nothing now
  if (existsSync(attachments)) {
    rmSync(kept, { recursive: true, force: true });
    renameSync(attachments, kept);
  }
  mkdirSync(attachments, { recursive: true });
  cpSync(copies, attachments, { recursive: true });
}

/**
 * Read models are cached by the data-version counters (app/models/read-cache.server.ts). A restored
 * file has older, smaller counters that later writes would bring back to values an app still running
 * on the old file has seen: start the restored counters past both files' counters instead.
 */
function carryDataVersionsForward(previous: string, target: string) {
  const counters = (file: string) => {
    if (!existsSync(file)) return new Map<string, number>();
    const db = new Database(file, { readonly: true });
    try {
      const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'DataVersion'").get();
      return new Map(table ? (db.prepare("SELECT area, n FROM DataVersion").all() as { area: string; n: number }[]).map((r) => [r.area, r.n]) : []);
    } finally {
      db.close();
    }
  };
  const before = counters(previous);
  const restored = counters(target);
  if (restored.size === 0) return;
  const db = new Database(target);
  try {
    const update = db.prepare("UPDATE DataVersion SET n = ? WHERE area = ?");
    db.transaction(() => {
      for (const [area, n] of restored) update.run(Math.max(n, before.get(area) ?? 0) + 1, area);
    })();
  } finally {
    db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [command, fileArg] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  const target = databaseFile(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
  try {
    if (command === "backup") {
      const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "").replace("T", "-");
      const file = path.resolve(fileArg ?? `backups/groundwork-${stamp}.db`);
      const result = await backupDatabase(target, file);
      console.log(`backed up ${target} → ${file} (${result.payments} payments; integrity ok) and ${result.attachments} attachment(s) → ${result.attachmentsDir}`);
    } else if (command === "restore" && fileArg) {
      if (!process.argv.includes("--force")) {
        console.error(`This replaces ${target} with ${fileArg}. Stop the app first, then run again with --force.`);
        process.exit(2);
      }
      const result = restoreDatabase(path.resolve(fileArg), target);
      const files = result.attachments === null ? "no attachments folder in the backup: attachments left as they were" : `${result.attachments} attachment(s) → ${attachmentsOf(target)} (the previous folder is ${attachmentsOf(target)}.before-restore)`;
      console.log(`restored ${fileArg} → ${target} (${result.payments} payments; ${files}); the previous file is ${target}.before-restore. Run npm run setup (or npm start) to apply newer migrations.`);
    } else {
      console.error("usage: npm run db:backup [-- file] | npm run db:restore -- <file> --force");
      process.exit(2);
    }
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
