// Backup and restore of the SQLite database file.
//   npm run db:backup [-- <file>]             online backup (safe while the app runs), default backups/groundwork-<time>.db
//   npm run db:restore -- <file> [--force]    replace the database with a backup (stop the app first)
// A backup is checked (integrity_check, migrations table) before it is trusted either way.
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { databaseFile, DEFAULT_DATABASE_URL } from "../app/utils/env.server";

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

/** An online, consistent copy (SQLite's backup API): safe while the app is writing. */
export async function backupDatabase(source: string, target: string) {
  mkdirSync(path.dirname(target), { recursive: true });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(target);
  } finally {
    db.close();
  }
  const verdict = check(target);
  if (!verdict.ok) throw new Error(`backup is not usable: ${verdict.reason}`);
  return verdict;
}

/** Replaces the database with a checked backup; the old file is kept beside it as *.before-restore. */
export function restoreDatabase(backup: string, target: string) {
  const verdict = check(backup);
  if (!verdict.ok) throw new Error(`refusing to restore: ${verdict.reason}`);
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
  return verdict;
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
      console.log(`backed up ${target} → ${file} (${result.payments} payments; integrity ok)`);
    } else if (command === "restore" && fileArg) {
      if (!process.argv.includes("--force")) {
        console.error(`This replaces ${target} with ${fileArg}. Stop the app first, then run again with --force.`);
        process.exit(2);
      }
      const result = restoreDatabase(path.resolve(fileArg), target);
      console.log(`restored ${fileArg} → ${target} (${result.payments} payments); the previous file is ${target}.before-restore. Run npm run setup (or npm start) to apply newer migrations.`);
    } else {
      console.error("usage: npm run db:backup [-- file] | npm run db:restore -- <file> --force");
      process.exit(2);
    }
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
