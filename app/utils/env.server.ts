import path from "node:path";

export const DEFAULT_DATABASE_URL = "file:./data/groundwork.db";

/** Absolute path of the SQLite file named by DATABASE_URL ("file:./data/groundwork.db" by default). */
export function databaseFile(url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL): string {
  if (!url.startsWith("file:")) throw new Error(`DATABASE_URL must be a file: URL for SQLite, got ${url}`);
  return path.resolve(url.slice("file:".length));
}
