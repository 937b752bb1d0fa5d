// Generates a "large" project into its own SQLite file for the benchmark: the reference project plus
// ≈2,000 milestones, 200,000 payments, 20,000 drawdowns, 50,000 sales records and 500 meetings, and
// the cost side (cost-data.ts: 200 contracts on leaf accounts with changes, monthly progress claims,
// reversals, 待发生成本 history, target-cost versions, approvals, payment requests, refusals)
// (times `scale`: 10 gives the 10× variant). Bulk inserts go straight through better-sqlite3 in one
// transaction per table; the budgets are raised so that every money rule still holds.
//   tsx scripts/bench/generate.ts <file> [scale]
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { createPrismaClient } from "../../app/db.server";
import { seedReferenceProject } from "../../prisma/seed";
import { generateCost } from "./cost-data";

const root = path.resolve(import.meta.dirname, "../..");

function iso(date: Date) {
  return date.toISOString().replace("Z", "+00:00");
}
const day = (offset: number) => new Date(Date.UTC(2026, 10, 1) + offset * 86_400_000);

export async function generate(file: string, scale = 1) {
  mkdirSync(path.dirname(file), { recursive: true });
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
  execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], { cwd: root, env: { ...process.env, DATABASE_URL: `file:${file}`, CHECKPOINT_DISABLE: "1" }, stdio: "ignore" });
  const prisma = createPrismaClient(file);
  const { projectId } = await seedReferenceProject(prisma);
  await prisma.$disconnect();

  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  const now = iso(new Date());
  const counts = { milestones: 2000 * scale, payments: 200_000 * scale, drawdowns: 20_000 * scale, sales: 50_000 * scale, meetings: 500 * scale };

  const departments = db.prepare("SELECT id FROM Department WHERE projectId = ?").all(projectId) as { id: number }[];
  const people = db.prepare("SELECT id FROM Person WHERE projectId = ?").all(projectId) as { id: number }[];
  db.transaction(() => {
    const insert = db.prepare(
      `INSERT INTO Milestone (projectId, code, kind, name, nameEn, agency, agencyEn, departmentId, leaderId, plannedStart, plannedEnd, status, percentComplete, note, isKey, sortOrder, version, updatedAt)
       VALUES (?, ?, ?, ?, ?, '', '', ?, ?, ?, ?, ?, ?, '', 0, ?, 1, ?)`,
    );
    const kinds = ["permit", "design", "tender", "construction", "leasing"];
    for (let i = 0; i < counts.milestones; i++) {
      const start = (i * 7) % 420;
      const status = start + 20 < 26 ? "done" : start < 26 ? "in_progress" : "not_started";
      insert.run(projectId, `G${i}`, kinds[i % 5], `工序 ${i}`, `Task ${i}`, departments[i % departments.length].id, people[i % people.length].id, iso(day(start)), iso(day(start + 20)), status, status === "done" ? 100 : status === "in_progress" ? 50 : 0, 100 + i, now);
    }
  })();
  const milestoneIds = (db.prepare("SELECT id FROM Milestone WHERE projectId = ? AND code LIKE 'G%' ORDER BY id").all(projectId) as { id: number }[]).map((r) => r.id);
  db.transaction(() => {
    const dep = db.prepare("INSERT INTO MilestoneDependency (predecessorId, successorId, lagDays) VALUES (?, ?, ?)");
    for (let i = 10; i < milestoneIds.length; i += 2) dep.run(milestoneIds[i - 10], milestoneIds[i], -20);
  })();

  const cost = generateCost(db, projectId, counts.payments, scale);

  const facility = db.prepare("SELECT f.id FROM Facility f JOIN FinancingChannel c ON c.id = f.channelId WHERE c.projectId = ? AND c.kind = 'group'").get(projectId) as { id: number };
  db.transaction(() => {
    db.prepare("UPDATE Facility SET committedFen = committedFen + ? WHERE id = ?").run(1_000_000 * counts.drawdowns, facility.id);
    const insert = db.prepare("INSERT INTO Drawdown (facilityId, plannedOn, plannedFen, actualOn, actualFen, dependsOnMilestoneId, note, createdAt) VALUES (?, ?, ?, ?, ?, ?, '', ?)");
    for (let i = 0; i < counts.drawdowns; i++) {
      const drawn = i % 3 === 0;
      insert.run(facility.id, iso(day(i % 420)), 500_000, drawn ? iso(day(i % 26)) : null, drawn ? 500_000 : null, i % 10 === 0 ? milestoneIds[i % milestoneIds.length] : null, now);
    }
  })();

  db.transaction(() => {
    const insertSale = db.prepare("INSERT INTO SaleRecord (projectId, product, unitNo, areaCsqm, unitPriceFen, amountFen, signedOn, buyerName, buyerType, status, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, '买受人', 'individual', 'signed', ?)");
    const insertReceipt = db.prepare("INSERT INTO Receipt (saleId, receivedOn, amountFen, note) VALUES (?, ?, ?, '')");
    const products = ["apartment_presale", "commercial_sale"];
    for (let i = 0; i < counts.sales; i++) {
      const result = insertSale.run(projectId, products[i % 2], `U${i}`, 8_000, 1_000_000, 80_000_000, iso(day(60 + (i % 360))), now);
      if (i % 2 === 0) insertReceipt.run(result.lastInsertRowid, iso(day(60 + (i % 360))), 20_000_000);
    }
  })();

  db.transaction(() => {
    const insert = db.prepare("INSERT INTO Meeting (projectId, startsAt, theme, themeEn, chairId, status, agendaFrozenAt, version, createdAt) VALUES (?, ?, ?, '', ?, 'closed', ?, 1, ?)");
    const action = db.prepare("INSERT INTO ActionItem (meetingId, title, departmentId, ownerId, dueOn, status, version, createdAt) VALUES (?, ?, ?, ?, ?, ?, 1, ?)");
    for (let i = 0; i < counts.meetings; i++) {
      const at = new Date(Date.UTC(2016, 0, 5, 1) + i * 7 * 86_400_000 - counts.meetings * 0); // weekly from 2016
      if (at >= new Date("2026-11-10T00:00:00Z")) break;
      const r = insert.run(projectId, iso(at), `例会 ${i}`, people[i % 3].id, iso(at), now);
      action.run(r.lastInsertRowid, `事项 ${i}`, departments[i % departments.length].id, people[i % people.length].id, iso(new Date(at.getTime() + 7 * 86_400_000)), i % 50 === 0 ? "open" : "done", now);
    }
  })();
  db.exec("ANALYZE");
  db.close();
  return { ...counts, ...cost };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = path.resolve(process.argv[2] ?? "data/bench-large.db");
  const scale = Number(process.argv[3] ?? 1);
  const started = Date.now();
  const counts = await generate(file, scale);
  console.log(`generated ${file} (scale ${scale}) in ${((Date.now() - started) / 1000).toFixed(1)} s`, counts);
}
