// Backup while the app writes, restore, and refusal of a damaged file.
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { databaseFile } from "~/utils/env.server";
import { backupDatabase, restoreDatabase } from "../../scripts/backup";
import { seedReferenceProject } from "../../prisma/seed";
import Database from "better-sqlite3";
import { leafOf } from "../helpers/factories";

const source = databaseFile();
const dir = path.dirname(source);
const stamp = `${process.pid}-${Date.now()}`;

beforeAll(async () => {
  await seedReferenceProject(prisma);
});

afterAll(() => {
  // Database copies and their attachment folders (backupAttachmentsDir).
  for (const file of readdirSync(dir)) if (file.includes(stamp)) rmSync(path.join(dir, file), { force: true, recursive: true });
});

describe("backup and restore", () => {
  it("takes a consistent copy while payments are being written, and restores it", async () => {
    const lineId = (await prisma.budgetLine.findFirstOrThrow({ where: { code: "APT" } })).id;
    const accountId = await leafOf(lineId);
    const write = (i: number) => prisma.$transaction((tx) => tx.payment.create({ data: { lineId, accountId, paidOn: new Date("2026-11-20T00:00:00Z"), payee: `b${i}`, amountFen: 100n } }));
    const backupFile = path.join(dir, `backup-${stamp}.db`);
    const [result] = await Promise.all([backupDatabase(source, backupFile), ...Array.from({ length: 20 }, (_, i) => write(i))]);
    expect(result.payments).toBeGreaterThanOrEqual(2);

    // The copy is whole: its sums reconcile with its own rows.
    const copy = new Database(backupFile, { readonly: true });
    const rows = copy.prepare("SELECT COUNT(*) AS n FROM Payment").get() as { n: number };
    copy.close();
    expect(rows.n).toBe(result.payments);

    // Restore into another file (the app's file stays in use by this test's client).
    const target = path.join(dir, `restored-${stamp}.db`);
    restoreDatabase(backupFile, target);
    const restored = new Database(target, { readonly: true });
    expect((restored.prepare("SELECT COUNT(*) AS n FROM Payment").get() as { n: number }).n).toBe(result.payments);
    expect((restored.prepare("SELECT COUNT(*) AS n FROM Milestone").get() as { n: number }).n).toBe(36);
    restored.close();
  });

  it("keeps the replaced file's committed writes and starts the restored data versions past both files'", async () => {
    const backupFile = path.join(dir, `early-${stamp}.db`);
    await backupDatabase(source, backupFile);
    const target = path.join(dir, `live-${stamp}.db`);
    await backupDatabase(source, target);
    // The live file moves on (in its write-ahead log) after the backup was taken.
    const live = new Database(target);
    live.pragma("journal_mode = WAL");
    // On a leaf cost account of its line (the triggers require one).
    live.prepare("INSERT INTO Payment (lineId, accountId, paidOn, payee, amountFen, voucherNo, note, createdAt) SELECT lineId, id, '2026-11-21T00:00:00.000+00:00', '之后', 1, '', '', '2026-11-21T00:00:00.000Z' FROM CostAccount WHERE parentId IS NOT NULL ORDER BY id LIMIT 1").run();
    const counters = (db: Database.Database) => new Map((db.prepare("SELECT area, n FROM DataVersion").all() as { area: string; n: number }[]).map((r) => [r.area, r.n]));
    const liveCounters = counters(live);
    const livePayments = (live.prepare("SELECT COUNT(*) AS n FROM Payment").get() as { n: number }).n;

    // Restored while that write is still only in the log (the connection stays open, as a forgotten
    // app would keep it).
    restoreDatabase(backupFile, target);
    live.close();
    const kept = new Database(`${target}.before-restore`, { readonly: true });
    expect((kept.prepare("SELECT COUNT(*) AS n FROM Payment").get() as { n: number }).n).toBe(livePayments);
    kept.close();
    const restored = new Database(target, { readonly: true });
    for (const [area, n] of counters(restored)) expect(n, area).toBeGreaterThan(liveCounters.get(area)!);
    restored.close();
  });

  it("refuses to restore a damaged or foreign file and leaves the target alone", () => {
    const junk = path.join(dir, `junk-${stamp}.db`);
    writeFileSync(junk, "this is not a database");
    const target = path.join(dir, `keep-${stamp}.db`);
    writeFileSync(target, "original");
    expect(() => restoreDatabase(junk, target)).toThrow(/refusing to restore/);
    const empty = path.join(dir, `empty-${stamp}.db`);
    new Database(empty).close();
    expect(() => restoreDatabase(empty, target)).toThrow(/refusing to restore/);
  });
});
