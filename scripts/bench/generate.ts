// Generates a "large" project into its own SQLite file for the benchmark: the reference project plus
// ≈2,000 milestones, 200,000 payments, 20,000 drawdowns, 500 meetings, a unit inventory (40 buildings ×
// 50 floors × 10 units = 20,000 units, ≈60 % signed and ≈8 % reserved, each with its deal, receivable
// schedule and receipts, plus ≈5 % cancelled deals with their refunds; see generateSales), and
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
// day(26) is the benchmark's today (GROUNDWORK_TODAY=2026-11-27): money due before it and not received is overdue.
const TODAY = 26;

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
  const counts = { milestones: 2000 * scale, payments: 200_000 * scale, drawdowns: 20_000 * scale, meetings: 500 * scale };

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

  const sales = generateSales(db, projectId, scale, now);

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
  return { ...counts, ...sales, ...cost };
}

/** A small deterministic generator (mulberry32): the same data on every run. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The unit inventory (房源) and its deals, all in one transaction: 40 × scale buildings "B001"… of 50
 * floors × 10 units ("B001-1201": building-floor-position). In every 40 buildings, 35 are apartments
 * with no pre-sale permit gate, the 36th an apartment block waiting for the pre-sale permit (M24; all its
 * units unreleased, ≈2.5 %) and the last 4 commercial (ground floors held for lease). Of the released
 * units for sale ≈61.5 % are signed and ≈8 % reserved (≈60 % and ≈8 % of all), the rest available.
 * Every signed or reserved unit has its active deal at 0–3 % below list (never below the 95 % floor):
 * reserved ones the deposit row (as reservationSchedule) and mostly its receipt; signed ones the
 * mortgage schedule of receivableSchedule (定金 due at reservation, 首付 30 % − deposit at signing + 7,
 * 按揭 the rest at signing + 60; summing exactly to the price) with receipts for the deposit, most down
 * payments and about half the mortgages (what is due before TODAY and not received is overdue). Every
 * 29th released unit also has an earlier cancelled deal (≈5 % of the deals): cancelled at reservation
 * (deposit refunded) or after signing (everything received refunded), the refund a negative 'refund'
 * receipt. Deals are dated from mid-2026 to the end of 2027 (the sales year) as the old records were.
 */
function generateSales(db: Database.Database, projectId: number, scale: number, now: string) {
  const rand = random(15);
  const permit = db.prepare("SELECT id FROM Milestone WHERE projectId = ? AND code = 'M24'").get(projectId) as { id: number } | undefined;
  const dates = new Map<number, string>();
  const on = (offset: number) => {
    let text = dates.get(offset);
    if (!text) dates.set(offset, (text = iso(day(offset))));
    return text;
  };
  const counts = { buildings: 0, units: 0, unreleased: 0, available: 0, reserved: 0, signed: 0, leaseUnits: 0, cancelled: 0, instalments: 0, receipts: 0, overdueDeals: 0 };
  db.transaction(() => {
    const insertBuilding = db.prepare("INSERT INTO Building (projectId, code, name, nameEn, use, presaleMilestoneId, sortOrder) VALUES (?, ?, ?, ?, ?, ?, ?)");
    const insertUnit = db.prepare(
      "INSERT INTO Unit (projectId, buildingId, code, floor, position, roomType, grossAreaCsqm, netAreaCsqm, listPriceFen, floorPriceFen, disposition, status, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
    );
    const insertDeal = db.prepare(
      `INSERT INTO SaleRecord (projectId, unitId, product, unitNo, areaCsqm, unitPriceFen, amountFen, listPriceFen, depositFen, paymentPlan, reservedOn, signedOn, buyerName, buyerType, status, cancelledOn, cancelReason, createdAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'individual', ?, ?, ?, ?)`,
    );
    const insertInstalment = db.prepare("INSERT INTO SaleInstalment (saleId, seq, kind, dueOn, amountFen) VALUES (?, ?, ?, ?, ?)");
    const insertReceipt = db.prepare("INSERT INTO Receipt (saleId, receivedOn, amountFen, kind, note) VALUES (?, ?, ?, ?, ?)");

    type Deal = { unitId: number; product: string; code: string; area: number; list: number; deposit: number; reservedOn: number; signedOn: number | null; status: string; cancelledOn?: number; reason?: string };
    /** Inserts one deal with its schedule and receipts; returns the money received (net of refunds). */
    const deal = (d: Deal, buyer: string) => {
      const discountBps = Math.floor(rand() * 301); // 0–3 %: within the sales role's authority, above the floor
      const price = Math.floor((d.list * (10_000 - discountBps)) / 10_000 / 100) * 100; // whole yuan
      const unitPrice = Math.floor((price * 100 + Math.floor(d.area / 2)) / d.area); // per m², half up
      const plan = d.signedOn === null ? "full" : "mortgage";
      const sale = insertDeal.run(projectId, d.unitId, d.product, d.code, d.area, unitPrice, price, d.list, d.deposit, plan, on(d.reservedOn), d.signedOn === null ? null : on(d.signedOn), buyer, d.status, d.cancelledOn === undefined ? null : on(d.cancelledOn), d.reason ?? "", now).lastInsertRowid;
      const receipt = (offset: number, amount: number, kind: string, note: string) => {
        insertReceipt.run(sale, on(offset), amount, kind, note);
        counts.receipts++;
      };
      insertInstalment.run(sale, 1, "deposit", on(d.reservedOn), d.deposit);
      counts.instalments++;
      let received = 0;
      let overdue = false;
      if (d.status !== "reserved" || rand() < 0.9) {
        receipt(d.reservedOn, d.deposit, "deposit", "认购定金");
        received += d.deposit;
      } else if (d.reservedOn < TODAY) overdue = true;
      if (d.signedOn !== null) {
        const down = Math.floor((price * 3000 + 5000) / 10_000) - d.deposit;
        const mortgage = price - d.deposit - down;
        insertInstalment.run(sale, 2, "down_payment", on(d.signedOn + 7), down);
        insertInstalment.run(sale, 3, "mortgage", on(d.signedOn + 60), mortgage);
        counts.instalments += 2;
        if (rand() < 0.95) {
          receipt(d.signedOn + 7 - Math.floor(rand() * 3), down, "payment", "首付款");
          received += down;
        } else if (d.signedOn + 7 < TODAY) overdue = true;
        if (d.status === "signed") {
          if (rand() < 0.5) {
            receipt(d.signedOn + 60 + Math.floor(rand() * 20), mortgage, "mortgage", "按揭放款");
            received += mortgage;
          } else if (d.signedOn + 60 < TODAY) overdue = true;
        }
      }
      if (d.status === "cancelled") {
        if (received > 0) receipt(d.cancelledOn!, -received, "refund", `退房退款：${d.reason}`);
        received = 0;
      } else if (overdue) counts.overdueDeals++;
    };

    for (let b = 0; b < 40 * scale; b++) {
      const code = `B${String(b + 1).padStart(3, "0")}`;
      const slot = b % 40;
      const use = slot >= 36 ? "commercial" : "apartment";
      const gated = slot === 35 && permit !== undefined;
      const buildingId = insertBuilding.run(projectId, code, use === "commercial" ? `${code} 商业楼` : `${code} 住宅楼`, use === "commercial" ? `${code} commercial` : `${code} residential`, use, gated ? permit!.id : null, b).lastInsertRowid as number;
      counts.buildings++;
      const product = use === "commercial" ? "commercial_sale" : "apartment_presale";
      const basePerSqm = use === "commercial" ? 1_800_000 : 1_000_000 + (b % 7) * 50_000; // fen per m²
      const deposit = use === "commercial" ? 10_000_000 : 5_000_000;
      for (let floor = 1; floor <= 50; floor++) {
        for (let p = 1; p <= 10; p++) {
          const position = String(p).padStart(2, "0");
          const unitCode = `${code}-${floor}${position}`;
          const area = 6_000 + Math.floor(rand() * 141) * 100; // 60–200 m²
          const perSqm = basePerSqm + floor * 5_000 + (p === 1 || p === 10 ? 20_000 : 0);
          const list = Math.round((area * perSqm) / 100 / 10_000) * 10_000; // whole hundreds of yuan
          const floorPrice = (list / 100) * 95;
          const lease = use === "commercial" && floor === 1;
          const r = rand();
          const status = gated ? "unreleased" : lease ? "available" : r < 0.615 ? "signed" : r < 0.697 ? "reserved" : "available";
          const roomType = use === "commercial" ? "商铺" : area < 9_000 ? "两室" : area < 14_000 ? "三室" : "四室";
          const unitId = insertUnit.run(projectId, buildingId, unitCode, floor, position, roomType, area, Math.round(area * 0.8), list, floorPrice, lease ? "lease" : "sale", status).lastInsertRowid as number;
          counts.units++;
          counts[status as "unreleased" | "available" | "reserved" | "signed"]++;
          if (lease) counts.leaseUnits++;
          if (gated || lease) continue;
          const base = { unitId, product, code: unitCode, area, list, deposit };
          // Deals from mid-2026 (before TODAY: some overdue) to the end of 2027.
          const reservedOn = status === "signed" ? -200 + Math.floor(rand() * 600) : status === "reserved" ? -20 + Math.floor(rand() * 440) : -200 + Math.floor(rand() * 560);
          if (counts.units % 29 === 3) {
            // An earlier deal on this unit, cancelled before the current one was made.
            const earlier = reservedOn - 90;
            const afterSigning = counts.cancelled % 2 === 1;
            deal({ ...base, reservedOn: earlier, signedOn: afterSigning ? earlier + 10 : null, status: "cancelled", cancelledOn: earlier + (afterSigning ? 45 : 20), reason: afterSigning ? "贷款未获批准" : "客户放弃认购" }, "原买受人");
            counts.cancelled++;
          }
          if (status === "signed") deal({ ...base, reservedOn, signedOn: reservedOn + 7 + Math.floor(rand() * 14), status }, "买受人");
          else if (status === "reserved") deal({ ...base, reservedOn, signedOn: null, status }, "认购人");
        }
      }
    }
  })();
  return counts;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = path.resolve(process.argv[2] ?? "data/bench-large.db");
  const scale = Number(process.argv[3] ?? 1);
  const started = Date.now();
  const counts = await generate(file, scale);
  console.log(`generated ${file} (scale ${scale}) in ${((Date.now() - started) / 1000).toFixed(1)} s`, counts);
}
