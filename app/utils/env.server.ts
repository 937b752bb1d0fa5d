import path from "node:path";

export const DEFAULT_DATABASE_URL = "file:./data/groundwork.db";

/** Absolute path of the SQLite file named by DATABASE_URL ("file:./data/groundwork.db" by default). */
export function databaseFile(url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL): string {
  if (!url.startsWith("file:")) throw new Error(`DATABASE_URL must be a file: URL for SQLite, got ${url}`);
  return path.resolve(url.slice("file:".length));
}

/**
 * The folder of the project documents' attachments (scans, drawings): ATTACHMENTS_DIR, or by default
 * `attachments/` beside the database file named by `url` (data/attachments/ for the default database).
 * npm run db:backup copies it with the database, and db:restore brings it back.
 */
export function attachmentsDir(url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL): string {
  const configured = process.env.ATTACHMENTS_DIR?.trim();
  return configured ? path.resolve(configured) : path.join(path.dirname(databaseFile(url)), "attachments");
}
