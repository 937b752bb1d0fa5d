// Read models kept between requests. Each cached view names the areas it reads; the database keeps a
// counter per area that triggers bump on every committed insert, update or delete (data-areas.ts), so
// one small query tells whether anything a view depends on has changed, whichever process wrote it.
// A view is computed at most once per state of its areas (concurrent requests share the computation)
// and is kept only if no write to its areas committed while it was being computed.
//
// Cached values are shared between requests: callers must treat them as read-only.
import Database from "better-sqlite3";
import { databaseFile } from "~/utils/env.server";
import type { Area } from "./data-areas";

export type Versions = ReadonlyMap<Area, bigint>;

// The counters are read on every request, so through a connection of their own: a prepared statement
// costs microseconds where a query through Prisma costs a quarter of a millisecond, and it sees every
// committed write (WAL) without waiting in the Prisma adapter's queue.
// The connection and the entries live on globalThis, like the Prisma client, so that a dev rebuild
// (which re-evaluates this module) neither leaks a connection nor empties the cache.
type Reader = { file: string; db: Database.Database; statement: Database.Statement };
type Entry = { stamp: string; value: Promise<unknown> };
type State = { reader?: Reader; entries: Map<string, Entry> };
const shared = globalThis as unknown as { __groundworkReadCache?: State };
const state: State = (shared.__groundworkReadCache ??= { entries: new Map() });

function versionsStatement() {
  const file = databaseFile();
  if (!state.reader || state.reader.file !== file) {
    state.reader?.db.close();
    const db = new Database(file, { fileMustExist: true, timeout: 10_000 });
    state.reader = { file, db, statement: db.prepare('SELECT "area", "n" FROM "DataVersion"').safeIntegers(true) };
  }
  return state.reader.statement;
}

/** The current counter of every area, in one read. */
export async function dataVersions(): Promise<Versions> {
  const rows = versionsStatement().all() as { area: string; n: bigint }[];
  return new Map(rows.map((row) => [row.area as Area, row.n]));
}

const stampOf = (versions: Versions, areas: readonly Area[], extra: string) => `${extra}|${areas.map((area) => versions.get(area) ?? -1n).join(".")}`;

const entries = state.entries;
const stats = { hits: 0, misses: 0, discarded: 0 };

/**
 * The value of `compute` for the current state of `areas`. `key` names the view and its arguments
 * that do not change with the data (project id); `extra` what else it depends on (today's date). One
 * entry per key: a newer state or another day replaces the old one, so memory stays bounded.
 */
export async function cachedRead<T>(key: string, areas: readonly Area[], extra: string, compute: () => Promise<T>, known?: Versions): Promise<T> {
  const versions = known ?? (await dataVersions());
  const stamp = stampOf(versions, areas, extra);
  const hit = entries.get(key);
  if (hit && hit.stamp === stamp) {
    stats.hits += 1;
    return hit.value as Promise<T>;
  }
  stats.misses += 1;
  const entry: Entry = { stamp, value: compute().then(guard) };
  entries.set(key, entry);
  try {
    const value = (await entry.value) as T;
    // A write that committed during the computation may have been half seen: do not keep the result.
    if (stampOf(await dataVersions(), areas, extra) !== stamp && entries.get(key) === entry) {
      entries.delete(key);
      stats.discarded += 1;
    }
    return value;
  } catch (error) {
    if (entries.get(key) === entry) entries.delete(key);
    throw error;
  }
}

/** Outside production a cached value is frozen, so a caller that modifies it fails in the tests. */
function guard<T>(value: T): T {
  if (process.env.NODE_ENV !== "production") deepFreeze(value); // read models hold arrays and plain objects, no Map or Set
  return value;
}
function deepFreeze(value: unknown) {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return;
  Object.freeze(value);
  if (value instanceof Map) for (const v of value.values()) deepFreeze(v);
  else for (const v of Object.values(value)) deepFreeze(v);
}

/** For tests and the benchmark: counts since start, and a way to start cold. */
export function readCacheStats() {
  return { ...stats, entries: entries.size };
}
export function clearReadCache() {
  entries.clear();
}
