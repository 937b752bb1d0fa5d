// An existing database meets the cost-account tree (docs/decisions/013): a database migrated up to
// payments_append_only, holding a project's lines, a contract, payments (on the contract, outside it,
// and a reversal) and 待发生成本, is migrated through cost_accounts_target_cost and
// payment_request_account as `prisma migrate deploy` would run them. Each line gets one first-level
// account "<code>.99" with one leaf "<code>.99.01", every old row is filed to its own line's leaf, the
// monthly payment totals still equal the payments, and the database keeps refusing what it refused
// (payments changed or deleted) and refuses rows without a leaf of their own line from then on.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const migrationsDir = path.join(root, "prisma/migrations");
const LAST_BEFORE = "20261202140000_payments_append_only";
const BACKFILL = ["20261202164033_cost_accounts_target_cost", "20261202164230_payment_request_account"];

const migrations = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const apply = (db: Database.Database, name: string) => db.exec(readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8"));

const W = (wan: number) => BigInt(wan) * 1_000_000n; // 万元 → 分
const day = (civil: string) => `${civil}T00:00:00.000+00:00`;

let dir: string;
let db: Database.Database;
const ids = { project: 0, fnd: 0, com: 0, contract: 0, onContract: 0, outside: 0, wrong: 0, reversal: 0, estimate: 0 };
let totalsBefore: unknown[];

const one = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T;
const all = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[];
const insertId = (sql: string, ...params: unknown[]) => Number(db.prepare(sql).run(...params).lastInsertRowid);
const monthTotals = () => all("SELECT lineId, contractKey, month, amountFen, count FROM PaymentMonthTotal ORDER BY lineId, contractKey, month");
const paymentSums = () =>
  all(
    `SELECT lineId, COALESCE(contractId, 0) AS contractKey, substr(paidOn, 1, 7) AS month, SUM(amountFen) AS amountFen, COUNT(*) AS count
     FROM Payment GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  );
const leafOf = (lineId: number) => one<{ id: number }>("SELECT a.id FROM CostAccount a JOIN BudgetLine b ON b.id = a.lineId WHERE a.lineId = ? AND a.code = b.code || '.99.01'", lineId).id;

beforeAll(() => {
  expect(migrations).toContain(LAST_BEFORE);
  for (const name of BACKFILL) expect(migrations).toContain(name);
  dir = mkdtempSync(path.join(tmpdir(), "groundwork-backfill-"));
  db = new Database(path.join(dir, "before-accounts.db"));
  db.pragma("foreign_keys = ON");
  for (const name of migrations.filter((name) => name <= LAST_BEFORE)) apply(db, name);
  // The database as it stood: no accounts yet.
  expect(all("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'CostAccount'")).toHaveLength(0);

  const now = "2026-11-20T02:00:00.000+00:00";
  ids.project = insertId(
    `INSERT INTO Project (code, name, nameEn, totalBudgetFen, scheduleStart, scheduleEnd, updatedAt) VALUES ('OLD-1', '旧项目', 'Old project', ?, ?, ?, ?)`,
    W(46000),
    day("2026-11-01"),
    day("2027-12-31"),
    now,
  );
  const line = db.prepare("INSERT INTO BudgetLine (projectId, code, name, nameEn, originalFen, sortOrder) VALUES (?, ?, ?, ?, ?, ?)");
  ids.fnd = Number(line.run(ids.project, "FND", "地下桩基础工程", "Pile foundation", W(8000), 0).lastInsertRowid);
  ids.com = Number(line.run(ids.project, "COM", "地上商业工程", "Commercial podium", W(14000), 1).lastInsertRowid);
  ids.contract = insertId("INSERT INTO Contract (lineId, code, title, contractor, amountFen, signedOn, status) VALUES (?, 'HT-OLD-1', '桩基工程', '桩基公司', ?, ?, 'signed')", ids.fnd, W(3000), day("2026-10-28"));
  const payment = db.prepare("INSERT INTO Payment (lineId, contractId, paidOn, payee, amountFen, voucherNo, kind, reversalOfId, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  ids.onContract = Number(payment.run(ids.fnd, ids.contract, day("2026-11-06"), "桩基公司", W(300), "记-001", "advance", null, "").lastInsertRowid);
  ids.outside = Number(payment.run(ids.com, null, day("2026-11-10"), "市住建局", 1_234_567n, "记-002", "payment", null, "").lastInsertRowid);
  ids.wrong = Number(payment.run(ids.com, null, day("2026-10-30"), "市住建局", W(21), "记-003", "payment", null, "").lastInsertRowid);
  ids.reversal = Number(payment.run(ids.com, null, day("2026-11-02"), "市住建局", -W(21), "记-003", "reversal", ids.wrong, "金额录入错误").lastInsertRowid);
  ids.estimate = insertId("INSERT INTO ToComeEstimate (lineId, amountFen, reason) VALUES (?, ?, '按方案估算')", ids.fnd, W(4500));
  totalsBefore = monthTotals();
  expect(totalsBefore).toEqual(paymentSums());
  expect(totalsBefore).toHaveLength(3); // FND on the contract in November; COM outside contracts in October and November

  for (const name of BACKFILL) apply(db, name);
});

afterAll(() => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("migrating a database that has records to the account tree", () => {
  it("gives each line one first-level account <code>.99 holding one leaf <code>.99.01", () => {
    const accounts = all<{ id: number; lineId: number; parentId: number | null; code: string; name: string; projectId: number }>(
      "SELECT id, projectId, lineId, parentId, code, name FROM CostAccount ORDER BY code",
    );
    expect(accounts.map((a) => a.code)).toEqual(["COM.99", "COM.99.01", "FND.99", "FND.99.01"]);
    for (const [code, lineId] of [["FND", ids.fnd], ["COM", ids.com]] as const) {
      const first = accounts.find((a) => a.code === `${code}.99`)!;
      const leaf = accounts.find((a) => a.code === `${code}.99.01`)!;
      expect(first).toMatchObject({ projectId: ids.project, lineId, parentId: null, name: "启用成本科目前的记录" });
      expect(leaf).toMatchObject({ projectId: ids.project, lineId, parentId: first.id, name: "未分科目" });
    }
  });

  it("files every old contract, payment and estimate to its own line's leaf, keeping ids and links", () => {
    expect(one("SELECT id, lineId, accountId, amountFen FROM Contract WHERE code = 'HT-OLD-1'")).toEqual({ id: ids.contract, lineId: ids.fnd, accountId: leafOf(ids.fnd), amountFen: Number(W(3000)) });
    const payments = all<{ id: number; lineId: number; accountId: number; contractId: number | null; kind: string; reversalOfId: number | null; amountFen: number }>(
      "SELECT id, lineId, accountId, contractId, kind, reversalOfId, amountFen FROM Payment ORDER BY id",
    );
    expect(payments).toEqual([
      { id: ids.onContract, lineId: ids.fnd, accountId: leafOf(ids.fnd), contractId: ids.contract, kind: "advance", reversalOfId: null, amountFen: Number(W(300)) },
      { id: ids.outside, lineId: ids.com, accountId: leafOf(ids.com), contractId: null, kind: "payment", reversalOfId: null, amountFen: 1_234_567 },
      { id: ids.wrong, lineId: ids.com, accountId: leafOf(ids.com), contractId: null, kind: "payment", reversalOfId: null, amountFen: Number(W(21)) },
      { id: ids.reversal, lineId: ids.com, accountId: leafOf(ids.com), contractId: null, kind: "reversal", reversalOfId: ids.wrong, amountFen: -Number(W(21)) },
    ]);
    expect(one("SELECT id, lineId, accountId, amountFen FROM ToComeEstimate")).toEqual({ id: ids.estimate, lineId: ids.fnd, accountId: leafOf(ids.fnd), amountFen: Number(W(4500)) });
    // The contract and its payment share the account, as the new rule requires.
    const onContract = one<{ accountId: number }>("SELECT accountId FROM Payment WHERE id = ?", ids.onContract);
    expect(onContract.accountId).toBe(one<{ accountId: number }>("SELECT accountId FROM Contract WHERE id = ?", ids.contract).accountId);
    expect(all("PRAGMA foreign_key_check")).toEqual([]);
    expect(all("SELECT name FROM pragma_table_info('PaymentRequest') WHERE name = 'accountId'")).toHaveLength(1);
  });

  it("leaves the monthly payment totals equal to the payments", () => {
    expect(monthTotals()).toEqual(totalsBefore);
    expect(monthTotals()).toEqual(paymentSums());
  });

  it("keeps the append-only, totals and data-version triggers and adds the account triggers", () => {
    const triggers = all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger'").map((t) => t.name);
    for (const name of [
      "Payment_append_only_update",
      "Payment_append_only_delete",
      "Payment_total_insert",
      "Payment_total_update",
      "Payment_total_delete",
      "Payment_version_insert",
      "Contract_version_update",
      "ToComeEstimate_version_insert",
      "CostAccount_version_insert",
      "Payment_account_check",
      "Contract_account_insert",
      "Contract_account_update",
      "ToComeEstimate_account_check",
    ]) {
      expect(triggers, name).toContain(name);
    }
    expect(() => db.prepare("UPDATE Payment SET amountFen = 1 WHERE id = ?").run(ids.outside)).toThrow(/append-only/);
    expect(() => db.prepare("DELETE FROM Payment WHERE id = ?").run(ids.outside)).toThrow(/append-only/);
  });
});

describe("after the migration the database itself refuses rows without a leaf of their own line", () => {
  const insertPayment = (fields: { lineId: number; accountId: number | null; contractId?: number | null; amountFen?: bigint }) =>
    db
      .prepare("INSERT INTO Payment (lineId, accountId, contractId, paidOn, payee, amountFen) VALUES (?, ?, ?, ?, '测试', ?)")
      .run(fields.lineId, fields.accountId, fields.contractId ?? null, day("2026-11-25"), fields.amountFen ?? 100n);
  const count = (table: string) => one<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`).n;

  it("refuses a payment without an account, with another line's leaf, or with a first-level account", () => {
    const before = count("Payment");
    expect(() => insertPayment({ lineId: ids.com, accountId: null })).toThrow(/leaf cost account/);
    expect(() => insertPayment({ lineId: ids.com, accountId: leafOf(ids.fnd) })).toThrow(/leaf cost account/);
    const firstLevel = one<{ id: number }>("SELECT id FROM CostAccount WHERE code = 'COM.99'").id;
    expect(() => insertPayment({ lineId: ids.com, accountId: firstLevel })).toThrow(/leaf cost account/);
    expect(count("Payment")).toBe(before);
    expect(monthTotals()).toEqual(totalsBefore);
  });

  it("refuses a payment on a contract charged to another account than the contract's, and takes one on the contract's", () => {
    // A real leaf of the same line, as the cost team would add: still not the contract's account.
    const first = insertId("INSERT INTO CostAccount (projectId, lineId, parentId, code, name, nameEn) VALUES (?, ?, NULL, 'FND.02', '建筑安装工程费', 'Construction')", ids.project, ids.fnd);
    const piles = insertId("INSERT INTO CostAccount (projectId, lineId, parentId, code, name, nameEn) VALUES (?, ?, ?, 'FND.02.01', '桩基工程', 'Piles')", ids.project, ids.fnd, first);
    expect(() => insertPayment({ lineId: ids.fnd, accountId: piles, contractId: ids.contract, amountFen: W(10) })).toThrow(/contract's account/);
    insertPayment({ lineId: ids.fnd, accountId: leafOf(ids.fnd), contractId: ids.contract, amountFen: W(10) });
    // …and the totals trigger still counts it.
    expect(monthTotals()).toEqual(paymentSums());
    expect(one("SELECT amountFen, count FROM PaymentMonthTotal WHERE lineId = ? AND contractKey = ? AND month = '2026-11'", ids.fnd, ids.contract)).toEqual({ amountFen: Number(W(310)), count: 2 });
    // A payment outside contracts may use any leaf of its line.
    insertPayment({ lineId: ids.fnd, accountId: piles });
    expect(monthTotals()).toEqual(paymentSums());
  });

  it("refuses a contract or an estimate without a leaf of its line, and re-filing a contract to a first-level account", () => {
    const contract = (accountId: number | null) =>
      db.prepare("INSERT INTO Contract (lineId, accountId, code, title, contractor, amountFen) VALUES (?, ?, ?, '测试', '测试单位', 100)").run(ids.com, accountId, `HT-NEW-${accountId}`);
    expect(() => contract(null)).toThrow(/leaf cost account/);
    expect(() => contract(leafOf(ids.fnd))).toThrow(/leaf cost account/);
    contract(leafOf(ids.com));
    const firstLevel = one<{ id: number }>("SELECT id FROM CostAccount WHERE code = 'FND.99'").id;
    expect(() => db.prepare("UPDATE Contract SET accountId = ? WHERE id = ?").run(firstLevel, ids.contract)).toThrow(/leaf cost account/);
    expect(one<{ accountId: number }>("SELECT accountId FROM Contract WHERE id = ?", ids.contract).accountId).toBe(leafOf(ids.fnd));
    const estimate = (lineId: number, accountId: number | null) => db.prepare("INSERT INTO ToComeEstimate (lineId, accountId, amountFen, reason) VALUES (?, ?, 1, '测试')").run(lineId, accountId);
    expect(() => estimate(ids.com, null)).toThrow(/leaf cost account/);
    expect(() => estimate(ids.com, leafOf(ids.fnd))).toThrow(/leaf cost account/);
    estimate(ids.com, leafOf(ids.com));
  });
});
