// The cost side of the benchmark's large data (issue 13): on top of the reference project's account
// tree, target V1, contracts and estimates, it adds what years of cost control leave behind, at the
// scale of the payments: contracts on leaf accounts with changes (变更/签证: approved, rejected,
// pending), monthly progress claims (进度款), payments on contracts and outside them (the contract's
// account, or a leaf of the line), reversals (红冲) with their re-entries, 待发生成本 revised per leaf,
// target-cost versions (the latest approved is the current target), maker-checker approvals (decided
// and a few pending), payment requests and refusals. Rows go straight in through better-sqlite3; the
// database's triggers (leaf accounts of the row's own line, the contract's account on a contract
// payment, the monthly payment totals) check and maintain every row as they would for the app.
// The figures keep every money rule true: contracts hold what is paid on them, certified progress
// covers what is paid, line budgets and the approved project total (raised by an approved project-
// budget revision) cover commitments and payments, and the current target leaves room on the leaves
// while a few leaves stand amber or red.
import type Database from "better-sqlite3";

type Db = Database.Database;

const iso = (date: Date) => date.toISOString().replace("Z", "+00:00");
const civil = (y: number, m: number, d: number) => iso(new Date(Date.UTC(y, m - 1, d)));
/** Payments fall on 1–26 November 2026 (as the benchmark's other data; "today" is 27 November). */
const paymentDay = (i: number) => civil(2026, 11, 1 + (i % 26));
const WAN = 1_000_000; // 1万元 in 分
const roundUp = (fen: number, unit: number) => Math.ceil(fen / unit) * unit;

/** Claims run monthly over the year to November 2026 ("YYYY-MM"). */
const CLAIM_MONTHS = 12;
const claimPeriod = (k: number) => {
  const month = 12 + k; // k = 0 → 2025-12
  const y = 2025 + Math.floor((month - 1) / 12);
  const m = ((month - 1) % 12) + 1;
  return `${y}-${String(m).padStart(2, "0")}`;
};
const periodEnd = (period: string) => {
  const [y, m] = period.split("-").map(Number);
  return new Date(Date.UTC(y, m, 3, 2)); // certified on the 3rd of the next month
};

const EXTRA_FIRST = { code: "05", name: "其他工程费", nameEn: "Other works" };
const EXTRA_LEAVES = [
  ["01", "临时设施", "Temporary works"],
  ["02", "零星工程", "Minor works"],
  ["03", "检测试验", "Inspection and testing"],
  ["04", "不可预见费", "Contingency"],
] as const;

type Leaf = { id: number; lineId: number; code: string };
type ContractPlan = {
  id: number;
  index: number;
  leaf: Leaf;
  code: string;
  status: "signed" | "settled" | "draft" | "voided";
  grossPaid: number;
  payments: number;
  amountFen: number;
  approvedChangesFen: number;
  claimIds: number[];
};

export type CostCounts = Record<string, number>;

export function generateCost(db: Db, projectId: number, paymentCount: number, scale: number): CostCounts {
  const now = iso(new Date("2026-11-27T00:00:00Z"));
  const user = (username: string) => (db.prepare("SELECT id FROM User WHERE username = ?").get(username) as { id: number }).id;
  const finance = user("finance");
  const exec = user("exec");
  const pm = user("pm");
  const lines = db.prepare("SELECT id, code FROM BudgetLine WHERE projectId = ? ORDER BY sortOrder, id").all(projectId) as { id: number; code: string }[];

  // ── Accounts: the reference tree plus one more first-level account per part ──
  db.transaction(() => {
    const insert = db.prepare("INSERT INTO CostAccount (projectId, lineId, parentId, code, name, nameEn, sortOrder, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    for (const line of lines) {
      const first = insert.run(projectId, line.id, null, `${line.code}.${EXTRA_FIRST.code}`, EXTRA_FIRST.name, EXTRA_FIRST.nameEn, 5, now);
      EXTRA_LEAVES.forEach(([code, name, nameEn], i) => insert.run(projectId, line.id, first.lastInsertRowid, `${line.code}.${EXTRA_FIRST.code}.${code}`, name, nameEn, i, now));
    }
  })();
  const leaves = db.prepare("SELECT id, lineId, code FROM CostAccount WHERE projectId = ? AND parentId IS NOT NULL ORDER BY code").all(projectId) as Leaf[];

  // ── Contracts: planned first, their amounts set from what will be paid on them ──
  const contractCount = 200 * scale;
  const plans: ContractPlan[] = [];
  for (let i = 0; i < contractCount; i++) {
    const leaf = leaves[(i * 7) % leaves.length];
    const status = i % 50 === 0 ? "voided" : i % 40 === 1 ? "draft" : i % 10 === 3 ? "settled" : "signed";
    plans.push({ id: 0, index: i, leaf, code: `HT-B-${String(i + 1).padStart(5, "0")}`, status, grossPaid: 0, payments: 0, amountFen: 0, approvedChangesFen: 0, claimIds: [] });
  }
  const payable = plans.filter((p) => p.status === "signed" || p.status === "settled");
  // Which payments go on a contract (3 in 5), and their amounts (as the benchmark always had them).
  const amountOf = (i: number) => 10_000 + (i % 90_000);
  const onContract = (i: number) => (i % 5 < 3 ? payable[i % payable.length] : null);
  const isReversed = (i: number) => i % 250 === 17;
  for (let i = 0; i < paymentCount; i++) {
    const contract = onContract(i);
    if (contract) {
      // A reversed payment was first entered at 1.5× its amount: the contract held that too, for a day.
      contract.grossPaid += amountOf(i) + (isReversed(i) ? amountOf(i) + Math.floor(amountOf(i) / 2) : 0);
      contract.payments += 1;
    }
  }
  // Certified progress covers what is paid at the payment ratio (80 %) by the last certified month; the
  // contract's value covers the certified value with a margin, and the work still to do (a main
  // contract in ten is a large one: 3,000万 more, so its changes pass the approval threshold).
  const certifiedFinal = (p: ContractPlan) => roundUp((p.grossPaid / 0.8) * (CLAIM_MONTHS / (CLAIM_MONTHS - 1)) + 1, 100);
  for (const [i, p] of plans.entries()) {
    const toDo = (i % 10 === 5 ? 3000 : i % 3 === 0 ? 200 : 20) * WAN;
    p.amountFen = p.grossPaid > 0 ? roundUp(certifiedFinal(p) * 1.25, WAN) + toDo : (50 + (i % 450)) * WAN;
  }
  db.transaction(() => {
    const insert = db.prepare(
      `INSERT INTO Contract (lineId, accountId, code, title, titleEn, contractor, amountFen, signedOn, status, paymentRatioBps, advanceFen, retentionBps, defectPeriodMonths, completedOn, settledFen, settledOn, voidReason, version, createdAt)
       VALUES (?, ?, ?, ?, '', ?, ?, ?, ?, 8000, 0, 300, 12, ?, NULL, NULL, ?, 1, ?)`,
    );
    for (const [i, p] of plans.entries()) {
      const signedOn = p.status === "draft" ? null : civil(2025, 11, 1 + (i % 28));
      const result = insert.run(
        p.leaf.lineId,
        p.leaf.id,
        p.code,
        `${p.leaf.code} 分包合同 ${i + 1}`,
        `承包单位 ${i % 97}`,
        p.amountFen,
        signedOn,
        p.status,
        p.status === "settled" ? civil(2026, 10, 1 + (i % 28)) : null,
        p.status === "voided" ? "合同编号重复录入，作废" : "",
        signedOn ?? now,
      );
      p.id = Number(result.lastInsertRowid);
    }
  })();

  // ── Changes (变更 / 签证): approved, rejected and pending; none pending on a settled contract ──
  let changeRows = 0;
  const approvalsOfChanges: { changeId: number; code: string; amountFen: number; status: "approved" | "pending"; at: string }[] = [];
  db.transaction(() => {
    const insert = db.prepare(
      `INSERT INTO ContractChange (contractId, kind, code, title, claimedFen, estimateFen, approvedFen, status, reason, submittedById, decidedById, decidedAt, version, createdAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const [i, p] of payable.entries()) {
      const count = 1 + (i % 4);
      for (let j = 0; j < count; j++) {
        const kind = j % 2 === 0 ? "design_change" : "site_instruction";
        const claimed = roundUp(p.amountFen * ((1 + ((i + j) % 5)) / 100), 100);
        const estimate = roundUp(claimed * 0.9, 100);
        let status: "approved" | "rejected" | "pending" = (i + j) % 5 === 3 ? "rejected" : (i + j) % 5 === 4 ? "pending" : "approved";
        if (status === "pending" && p.status === "settled") status = "approved";
        const approved = status === "approved" ? roundUp(claimed * 0.85, 100) : null;
        const created = iso(new Date(Date.UTC(2026, 0, 5 + ((i * 3 + j * 17) % 300), 2)));
        const decided = status === "pending" ? null : iso(new Date(new Date(created).getTime() + 9 * 86_400_000));
        const code = `${kind === "design_change" ? "BG" : "QZ"}-${String(j + 1).padStart(3, "0")}`;
        const result = insert.run(
          p.id, kind, code, `${kind === "design_change" ? "设计变更" : "现场签证"} ${p.code}/${j + 1}`, claimed, estimate, approved, status,
          status === "rejected" ? "超出合同约定范围，不予认可" : status === "approved" ? "按现场记录及合同单价核定" : "",
          finance, status === "pending" ? null : exec, decided, status === "pending" ? 1 : 2, created,
        );
        changeRows++;
        if (approved !== null) p.approvedChangesFen += approved;
        // Above the project's threshold (50万) a decision goes through maker-checker.
        if (approved !== null && approved > 50 * WAN) approvalsOfChanges.push({ changeId: Number(result.lastInsertRowid), code, amountFen: approved, status: "approved", at: decided! });
        if (status === "pending" && approvalsOfChanges.filter((a) => a.status === "pending").length < 4 && claimed > 50 * WAN) {
          approvalsOfChanges.push({ changeId: Number(result.lastInsertRowid), code, amountFen: roundUp(claimed * 0.8, 100), status: "pending", at: created });
        }
      }
    }
  })();
  // Settlement fixes the value at the current one (original + approved changes).
  db.transaction(() => {
    const settle = db.prepare("UPDATE Contract SET settledFen = ?, settledOn = ? WHERE id = ?");
    for (const [i, p] of payable.entries()) if (p.status === "settled") settle.run(p.amountFen + p.approvedChangesFen, civil(2026, 11, 1 + (i % 20)), p.id);
  })();

  // ── Progress claims (进度款): one per contract and month, cumulative; the last month still to certify ──
  let claimRows = 0;
  db.transaction(() => {
    const insert = db.prepare(
      `INSERT INTO ProgressClaim (contractId, period, claimedFen, supervisedFen, certifiedFen, advanceRecoveryFen, status, createdById, certifiedById, certifiedAt, version, createdAt)
       VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)`,
    );
    for (const p of payable) {
      const final = certifiedFinal(p);
      for (let k = 0; k < CLAIM_MONTHS; k++) {
        const period = claimPeriod(k);
        const certified = Math.floor((final * (k + 1)) / CLAIM_MONTHS);
        const claimed = roundUp(certified * 1.05, 100);
        const last = k === CLAIM_MONTHS - 1 && p.status === "signed";
        const status = last ? (p.id % 2 === 0 ? "supervised" : "claimed") : "certified";
        const submitted = iso(new Date(periodEnd(period).getTime() - 2 * 86_400_000));
        const result = insert.run(
          p.id, period, claimed, status === "claimed" ? null : roundUp(certified * 1.02, 100), status === "certified" ? certified : null, status,
          finance, status === "certified" ? pm : null, status === "certified" ? iso(periodEnd(period)) : null, status === "certified" ? 2 : 1, submitted,
        );
        if (status === "certified") p.claimIds.push(Number(result.lastInsertRowid));
        claimRows++;
      }
    }
  })();

  // ── Payments: on contracts (their account, a certified claim) and outside them (a leaf of the line) ──
  let reversalRows = 0;
  db.transaction(() => {
    const insert = db.prepare(
      `INSERT INTO Payment (lineId, accountId, contractId, paidOn, payee, amountFen, voucherNo, note, kind, reversalOfId, reason, progressClaimId, createdById, createdAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const seen = new Map<number, number>();
    for (let i = 0; i < paymentCount; i++) {
      const contract = onContract(i);
      const leaf = contract ? contract.leaf : leaves[i % leaves.length];
      const nth = contract ? (seen.get(contract.id) ?? 0) : 0;
      if (contract) seen.set(contract.id, nth + 1);
      const claimId = contract && contract.claimIds.length ? contract.claimIds[Math.floor((nth * contract.claimIds.length) / Math.max(1, contract.payments))] : null;
      const paidOn = paymentDay(i);
      const payee = contract ? `承包单位 ${contract.index % 97}` : `供应商 ${i % 997}`;
      const amount = amountOf(i);
      const voucher = `V${i}`;
      if (isReversed(i)) {
        // Entered wrongly (1.5× the voucher), reversed the next day with a reason, entered again.
        const wrong = amount + Math.floor(amount / 2);
        const first = insert.run(leaf.lineId, leaf.id, contract?.id ?? null, paidOn, payee, wrong, voucher, "", "payment", null, "", claimId, finance, paidOn);
        const next = paymentDay(Math.min((i % 26) + 1, 25));
        insert.run(leaf.lineId, leaf.id, contract?.id ?? null, next, payee, -wrong, voucher, `红冲 ${voucher}`, "reversal", first.lastInsertRowid, "金额录入错误，红冲后按凭证重录", claimId, finance, next);
        reversalRows++;
      }
      insert.run(leaf.lineId, leaf.id, contract?.id ?? null, paidOn, payee, amount, voucher, "", "payment", null, "", claimId, finance, paidOn);
    }
  })();

  // ── Large payments (above the 500万 threshold) through payment requests and approvals ──
  const approvalInsert = db.prepare(
    `INSERT INTO Approval (projectId, kind, subjectId, amountFen, payload, reason, status, submittedById, decidedById, decidedAt, decisionNote, createdAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let approvalRows = 0;
  const approval = (kind: string, subjectId: number | null, amountFen: number, payload: object, reason: string, status: "pending" | "approved" | "rejected", at: string, submittedById = finance) => {
    const decidedAt = status === "pending" ? null : iso(new Date(new Date(at).getTime() + 86_400_000));
    approvalRows++;
    return Number(approvalInsert.run(projectId, kind, subjectId, amountFen, JSON.stringify(payload), reason, status, submittedById, status === "pending" ? null : exec, decidedAt, status === "rejected" ? "资料不全，补充后重新提交" : "", at).lastInsertRowid);
  };
  let requestRows = 0;
  db.transaction(() => {
    const request = db.prepare(
      `INSERT INTO PaymentRequest (projectId, lineId, accountId, contractId, progressClaimId, kind, paidOn, payee, amountFen, voucherNo, note, status, paymentId, createdById, createdAt)
       VALUES (?, ?, ?, NULL, NULL, 'payment', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const payment = db.prepare(
      `INSERT INTO Payment (lineId, accountId, contractId, paidOn, payee, amountFen, voucherNo, note, kind, reason, createdById, createdAt)
       VALUES (?, ?, NULL, ?, ?, ?, ?, ?, 'payment', '', ?, ?)`,
    );
    const requests = 6 * scale + 2;
    for (let i = 0; i < requests; i++) {
      const leaf = leaves[(i * 5 + 3) % leaves.length];
      const status = i < 2 ? "pending" : i % 3 === 0 ? "rejected" : "approved";
      const amount = (520 + (i % 7) * 40) * WAN;
      const paidOn = paymentDay(i * 3);
      const payee = `大额供应商 ${i}`;
      const note = `大额支付 ${leaf.code}`;
      const paymentId = status === "approved" ? Number(payment.run(leaf.lineId, leaf.id, paidOn, payee, amount, `VR${i}`, note, finance, paidOn).lastInsertRowid) : null;
      const requestId = Number(request.run(projectId, leaf.lineId, leaf.id, paidOn, payee, amount, `VR${i}`, note, status, paymentId, finance, paidOn).lastInsertRowid);
      requestRows++;
      approval("payment", requestId, amount, { requestId, lineId: leaf.lineId, accountId: leaf.id, contractId: null, payee, paidOn: paidOn.slice(0, 10) }, note, status, paidOn);
    }
    for (const a of approvalsOfChanges) {
      approval("change", a.changeId, a.amountFen, { changeId: a.changeId, change: a.code, approvedFen: String(a.amountFen) }, "按现场记录及合同单价核定", a.status, a.at);
    }
  })();

  // ── 待发生成本: each leaf's estimate revised again and again (its latest row counts) ──
  let estimateRows = 0;
  db.transaction(() => {
    const insert = db.prepare("INSERT INTO ToComeEstimate (lineId, accountId, amountFen, reason, createdById, createdAt) VALUES (?, ?, ?, ?, ?, ?)");
    const revisions = 4 * scale;
    for (let r = 0; r < revisions; r++) {
      for (const [index, leaf] of leaves.entries()) {
        const base = (200 + ((index * 37) % 900)) * WAN;
        const amount = roundUp(base * (1 + ((r + index) % 9) / 100 - 0.04), 10_000);
        // After the seed's estimates (16 and 25 November), so the latest row of each leaf is the last revision.
        const at = iso(new Date(Date.UTC(2026, 10, 25, 10) + Math.floor((r * 36 * 3_600_000) / revisions) + index * 1000));
        insert.run(leaf.lineId, leaf.id, amount, r === 0 ? "按方案设计指标及市场询价估算" : `第 ${r} 次修订：按最新询价及施工图调整`, finance, at);
        estimateRows++;
      }
    }
  })();

  // ── Budgets and the ceiling: each line raised to cover its cost with a margin; the project total by
  // an approved project-budget revision of the same sum (the seed's 300万 gap stays visible) ──
  // Each leaf's dynamic cost as the app will sum it (the seed's rows included): committed contracts at
  // their current value, pending-change estimates, the latest 待发生成本, net payments outside contracts.
  const costOf = new Map(
    (
      db
        .prepare(
          `WITH value AS (
             SELECT c.accountId,
                    COALESCE(c.settledFen, c.amountFen + COALESCE((SELECT SUM(approvedFen) FROM ContractChange WHERE contractId = c.id AND status = 'approved'), 0)) AS v,
                    COALESCE((SELECT SUM(estimateFen) FROM ContractChange WHERE contractId = c.id AND status = 'pending'), 0) AS pending
             FROM Contract c WHERE c.status NOT IN ('draft', 'voided'))
           SELECT a.id,
                  COALESCE((SELECT SUM(v + pending) FROM value WHERE value.accountId = a.id), 0)
                  + COALESCE((SELECT amountFen FROM ToComeEstimate t WHERE t.accountId = a.id ORDER BY t.id DESC LIMIT 1), 0)
                  + COALESCE((SELECT SUM(amountFen) FROM Payment p WHERE p.accountId = a.id AND p.contractId IS NULL), 0) AS cost
           FROM CostAccount a WHERE a.projectId = ? AND a.parentId IS NOT NULL`,
        )
        .all(projectId) as { id: number; cost: number }[]
    ).map((row) => [row.id, row.cost]),
  );
  const leafCost = leaves.map((leaf) => costOf.get(leaf.id) ?? 0);
  const held = 2 * 520 * WAN; // the pending payment requests
  let raiseTotal = 0;
  db.transaction(() => {
    const raise = db.prepare("UPDATE BudgetLine SET originalFen = originalFen + ? WHERE id = ?");
    for (const line of lines) {
      const cost = leaves.reduce((sum, leaf, i) => (leaf.lineId === line.id ? sum + leafCost[i] : sum), 0);
      const amount = roundUp(cost * 1.3 + held, 100 * WAN);
      raise.run(amount, line.id);
      raiseTotal += amount;
    }
    const at = iso(new Date("2026-01-08T02:00:00Z"));
    const reason = "按扩初设计及合同规模调整批准总投资（基准测试数据）";
    const approvalId = approval("project_budget", null, raiseTotal, { amountFen: String(raiseTotal), reason }, reason, "approved", at);
    db.prepare("INSERT INTO ProjectBudgetRevision (projectId, amountFen, reason, approvalId, createdAt) VALUES (?, ?, ?, ?, ?)").run(projectId, raiseTotal, reason, approvalId, at);
    db.prepare("UPDATE Project SET totalBudgetFen = totalBudgetFen + ? WHERE id = ?").run(raiseTotal, projectId);
    // Transfers between parts (approved: two revisions summing to zero) and revisions refused.
    const revision = db.prepare("INSERT INTO BudgetRevision (lineId, amountFen, reason, transferId, createdById, createdAt) VALUES (?, ?, ?, ?, ?, ?)");
    for (let i = 0; i < 5 * scale; i++) {
      const from = lines[i % lines.length];
      const to = lines[(i + 1) % lines.length];
      const amount = (10 + (i % 20) * 5) * WAN;
      const at = iso(new Date(Date.UTC(2026, 1, 1) + i * 86_400_000 * (200 / (5 * scale))));
      const transferReason = `调剂 ${from.code} → ${to.code}（基准测试数据 ${i}）`;
      approval("budget_transfer", from.id, amount, { fromLineId: from.id, toLineId: to.id, amountFen: String(amount), reason: transferReason }, transferReason, "approved", at);
      const transferId = `bench-transfer-${i}`;
      revision.run(from.id, -amount, transferReason, transferId, finance, at);
      revision.run(to.id, amount, transferReason, transferId, finance, at);
    }
    for (let i = 0; i < 3 * scale; i++) {
      const line = lines[i % lines.length];
      const amount = (100 + i) * WAN;
      const reason = `调增 ${line.code} 预算（未获批准，基准测试数据 ${i}）`;
      approval("budget_revision", line.id, amount, { lineId: line.id, amountFen: String(amount), reason }, reason, "rejected", iso(new Date(Date.UTC(2026, 2, 1) + i * 86_400_000)));
    }
  })();

  // ── Target cost: versions after the seed's V1 — rejected ones, and the latest approved one, the
  // current target: 10 % above each leaf's dynamic cost, a few leaves near it (amber) or over it (red) ──
  const versions = scale === 1 ? 2 : 2 + Math.min(scale, 10);
  let itemRows = 0;
  db.transaction(() => {
    const insertVersion = db.prepare("INSERT INTO TargetCostVersion (projectId, no, status, reason, totalFen, submittedById, decidedById, decidedAt, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const insertItem = db.prepare("INSERT INTO TargetCostItem (versionId, accountId, amountFen) VALUES (?, ?, ?)");
    for (let v = 0; v < versions; v++) {
      const no = 2 + v;
      const latest = v === versions - 1;
      const status = latest ? "approved" : v % 2 === 0 ? "rejected" : "approved";
      const factor = (i: number) => (latest ? (i % 11 === 5 ? 0.95 : i % 7 === 4 ? 1.02 : 1.1) : 1.05 + (v % 3) / 100);
      const amounts = leafCost.map((cost, i) => roundUp(Math.max(cost, 10 * WAN) * factor(i), 10_000));
      const total = amounts.reduce((sum, a) => sum + a, 0);
      const created = iso(new Date(Date.UTC(2026, 3, 1) + v * 86_400_000 * Math.floor(200 / versions)));
      const decided = iso(new Date(new Date(created).getTime() + 3 * 86_400_000));
      const reason = latest ? `目标成本第 ${no} 版：按合同、变更及待发生成本重新测算` : `目标成本第 ${no} 版`;
      const versionId = Number(insertVersion.run(projectId, no, status, reason, total, finance, exec, decided, created).lastInsertRowid);
      amounts.forEach((amount, i) => insertItem.run(versionId, leaves[i].id, amount));
      itemRows += amounts.length;
      approval("target_cost", versionId, total, { versionId }, reason, status as "approved" | "rejected", created);
    }
  })();

  // ── Refusals (for lack of room) over the last weeks, grouped per part on the agenda ──
  const refusalCount = 50 * scale;
  db.transaction(() => {
    const insert = db.prepare("INSERT INTO PaymentRefusal (lineId, amountFen, headroomFen, payee, attemptedAt, attemptedById) VALUES (?, ?, ?, ?, ?, ?)");
    for (let i = 0; i < refusalCount; i++) {
      const line = lines[i % lines.length];
      insert.run(line.id, (100 + (i % 50)) * WAN + (i % 3), (90 + (i % 50)) * WAN, `供应商 ${i % 97}`, iso(new Date(Date.UTC(2026, 10, 6) + i * Math.floor((20 * 86_400_000) / refusalCount))), finance);
    }
  })();

  return {
    accounts: leaves.length,
    contracts: plans.length,
    changes: changeRows,
    progressClaims: claimRows,
    reversals: reversalRows,
    paymentRequests: requestRows,
    approvals: approvalRows,
    toComeEstimates: estimateRows,
    targetVersions: versions,
    targetItems: itemRows,
    refusals: refusalCount,
  };
}
