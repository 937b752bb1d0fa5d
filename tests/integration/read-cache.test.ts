// The read-model cache: every table bumps its area's counter, any committed write (from this process
// or another) makes the views that read that area stale, views that do not read it stay cached, a
// write during a computation is never kept, and concurrent readers share one computation.
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma, writeTransaction } from "~/db.server";
import { TABLE_AREAS, TOTALS_TRIGGERS } from "~/models/data-areas";
import { budgetTable, planAndPaidByMonth, recordPayment } from "~/models/capital.server";
import { scheduleView } from "~/models/milestones.server";
import { cachedRead, clearReadCache, dataVersions, readCacheStats } from "~/models/read-cache.server";
import { salesLeasingMilestones } from "~/models/sales/overview.server";
import { databaseFile } from "~/utils/env.server";
import { seedReferenceProject } from "../../prisma/seed";
import { leafOf } from "../helpers/factories";

const TODAY = "2026-11-27";
let projectId: number;
let lineId: number;
let accountId: number;

beforeAll(async () => {
  ({ projectId } = await seedReferenceProject(prisma));
  lineId = (await prisma.budgetLine.findFirstOrThrow({ where: { code: "FND" }, select: { id: true } })).id;
  accountId = await leafOf(lineId);
});

const normalize = (sql: string) => sql.replace(/;\s*$/, "").replace(/\s+/g, " ").trim();
const fndPaid = async () => (await budgetTable(projectId)).find((row) => row.code === "FND")!.paidFen;

describe("data-version triggers", () => {
  it("cover every table, each bumping the area it is listed under", () => {
    const db = new Database(databaseFile(), { readonly: true });
    try {
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '_prisma_migrations'").all() as { name: string }[]).map((t) => t.name);
      const triggers = db.prepare("SELECT name, tbl_name AS tableName, sql FROM sqlite_master WHERE type = 'trigger'").all() as { name: string; tableName: string; sql: string }[];
      expect(tables.filter((t) => !(t in TABLE_AREAS))).toEqual([]);
      for (const table of tables) {
        const area = TABLE_AREAS[table];
        const own = triggers.filter((t) => t.tableName === table);
        if (area === null) {
          expect(own, table).toEqual([]);
          continue;
        }
        for (const event of ["insert", "update", "delete"]) {
          const trigger = own.find((t) => t.name === `${table}_version_${event}`);
          expect(trigger?.sql, `${table} ${event}`).toContain(`AFTER ${event.toUpperCase()} ON "${table}"`);
          expect(trigger?.sql, `${table} ${event}`).toContain(`WHERE "area" = '${area}'`);
        }
        // Nothing else but the totals triggers, exactly as app/models/data-areas.ts has them (the
        // migration script re-creates them from there when a table is redefined).
        const totals = own.filter((t) => !t.name.startsWith(`${table}_version_`)).map((t) => normalize(t.sql));
        expect(totals.sort(), table).toEqual((TOTALS_TRIGGERS[table] ?? []).map(normalize).sort());
      }
    } finally {
      db.close();
    }
  });

  it("count committed writes only: a rolled-back transaction leaves the counter alone", async () => {
    const before = (await dataVersions()).get("capital")!;
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.payment.create({ data: { lineId, accountId, paidOn: new Date("2026-11-20T00:00:00Z"), payee: "回滚", amountFen: 1n } });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect((await dataVersions()).get("capital")).toBe(before);
  });
});

describe("cached views", () => {
  it("serve a repeated read from the cache, the same object, with no query of the data", async () => {
    const first = await budgetTable(projectId);
    const { hits } = readCacheStats();
    const second = await budgetTable(projectId);
    expect(second).toBe(first);
    expect(readCacheStats().hits).toBe(hits + 1);
  });

  it("see a payment the moment it is committed, in the budget table and the S-curve", async () => {
    const project = await prisma.project.findUniqueOrThrow({ where: { id: projectId } });
    const paidInNovember = async () => (await planAndPaidByMonth(projectId, project.scheduleStart, project.scheduleEnd)).find((m) => m.month === "2026-11")!.paidFen;
    const [paidBefore, monthBefore] = [await fndPaid(), await paidInNovember()];
    const result = await recordPayment(projectId, { accountId, contractId: null, amount: 12_345_600n, paidOn: "2026-11-26", payee: "缓存测试", voucherNo: "", note: "", idempotencyKey: randomUUID() }, { userId: null });
    expect(result.ok).toBe(true);
    expect(await fndPaid()).toBe(paidBefore + 12_345_600n);
    expect(await paidInNovember()).toBe(monthBefore + 12_345_600n);
  });

  it("see a write made by another process (another connection to the file)", async () => {
    const paidBefore = await fndPaid();
    const other = new Database(databaseFile());
    try {
      other.prepare("INSERT INTO Payment (lineId, accountId, paidOn, payee, amountFen, voucherNo, note, createdAt) VALUES (?, ?, ?, '另一进程', 700, '', '', ?)").run(lineId, accountId, "2026-11-25T00:00:00.000+00:00", new Date().toISOString());
    } finally {
      other.close();
    }
    expect(await fndPaid()).toBe(paidBefore + 700n);
  });

  it("keep what a write does not touch: a payment leaves the schedule's forecast cached, a milestone change does not", async () => {
    const schedule = await scheduleView(projectId, TODAY);
    await recordPayment(projectId, { accountId, contractId: null, amount: 100n, paidOn: "2026-11-26", payee: "缓存测试", voucherNo: "", note: "", idempotencyKey: randomUUID() }, { userId: null });
    expect(await scheduleView(projectId, TODAY)).toBe(schedule);

    const m01 = await prisma.milestone.findFirstOrThrow({ where: { projectId, code: "M01" } });
    await prisma.milestone.update({ where: { id: m01.id }, data: { plannedEnd: new Date(m01.plannedEnd.getTime() + 40 * 86_400_000) } });
    const moved = await scheduleView(projectId, TODAY);
    expect(moved).not.toBe(schedule);
    expect(moved.rows.find((r) => r.code === "M01")!.plannedEnd).not.toBe(schedule.rows.find((r) => r.code === "M01")!.plannedEnd);
    // The sales page's leasing deliverables are read from the schedule, so they follow too.
    const sales = await salesLeasingMilestones(projectId, TODAY);
    expect(sales.leasingMilestones.map((m) => m.id)).toEqual(moved.rows.filter((m) => m.kind === "leasing").map((m) => m.id));
  });

  it("never see, or keep, what a write transaction has not committed (it rolls back here)", async () => {
    const paidBefore = await fndPaid();
    clearReadCache();
    let release!: () => void;
    const written = new Promise<void>((resolve) => (release = resolve));
    const failing = writeTransaction(async (tx) => {
      await tx.payment.create({ data: { lineId, accountId, paidOn: new Date("2026-11-20T00:00:00Z"), payee: "未提交", amountFen: 999_999n } });
      release();
      await new Promise((resolve) => setTimeout(resolve, 150));
      throw new Error("import failed");
    });
    await written;
    // Computed while the payment is written but not committed: it must not count it.
    expect(await fndPaid()).toBe(paidBefore);
    await expect(failing).rejects.toThrow("import failed");
    expect(await fndPaid()).toBe(paidBefore);
  });

  it("are recomputed for another day", async () => {
    const today = await scheduleView(projectId, TODAY);
    const tomorrow = await scheduleView(projectId, "2026-11-28");
    expect(tomorrow).not.toBe(today);
  });

  it("are frozen outside production, so a caller cannot change what other requests see", async () => {
    const rows = await budgetTable(projectId);
    expect(() => {
      (rows[0] as { paidFen: bigint }).paidFen = 0n;
    }).toThrow(TypeError);
  });
});

describe("cachedRead", () => {
  it("shares one computation between concurrent readers", async () => {
    let runs = 0;
    const compute = async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { value: 42 };
    };
    const results = await Promise.all(Array.from({ length: 10 }, () => cachedRead("test:shared", ["capital"], "", compute)));
    expect(runs).toBe(1);
    expect(new Set(results).size).toBe(1);
  });

  it("does not keep a result when a write to its areas committed while it was computed", async () => {
    let runs = 0;
    const compute = async () => {
      runs += 1;
      if (runs === 1) await prisma.payment.create({ data: { lineId, accountId, paidOn: new Date("2026-11-20T00:00:00Z"), payee: "计算中写入", amountFen: 1n } });
      return { run: runs };
    };
    expect(await cachedRead("test:raced", ["capital"], "", compute)).toEqual({ run: 1 });
    expect(await cachedRead("test:raced", ["capital"], "", compute)).toEqual({ run: 2 });
    expect(await cachedRead("test:raced", ["capital"], "", compute)).toEqual({ run: 2 });
    expect(runs).toBe(2);
  });

  it("does not keep a failure", async () => {
    let runs = 0;
    const compute = async () => {
      runs += 1;
      if (runs === 1) throw new Error("database busy");
      return "ok";
    };
    await expect(cachedRead("test:failed", ["capital"], "", compute)).rejects.toThrow("database busy");
    expect(await cachedRead("test:failed", ["capital"], "", compute)).toBe("ok");
  });
});
