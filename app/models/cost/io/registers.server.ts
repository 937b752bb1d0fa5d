// The project's two cost registers as Excel downloads (issue 13, point 10), under the contract page's
// column names plus the contract and its cost account:
// - 变更签证台账: every design change and site instruction of every contract, with claimed, estimated and
//   approved amounts, status, who submitted and decided it and when;
// - 进度款台账: every progress claim of every contract, claimed → supervised → certified value, the
//   advance recovered, what its certification made payable and what was paid on it.
import { userNamesById } from "~/models/user-names.server";
import type { Prisma } from "@prisma/client";
import type ExcelJS from "exceljs";
import { prisma } from "~/db.server";
import { localName, translator, type MessageKey } from "~/i18n";
import { civilToDate, instantInShanghai } from "~/utils/dates";
import type { Lang } from "~/utils/money";
import { projectClaimRegister } from "~/models/cost/progress.server";
import { DATE_FORMAT, newWorkbook, styleHeader, toBuffer, yuan, yuanFormat } from "./workbook.server";

const dateOf = (instant: Date | string | null) => (instant ? civilToDate(instantInShanghai(typeof instant === "string" ? instant : instant.toISOString()).date) : null);
const yuanOrNull = (fen: bigint | null) => (fen === null ? null : yuan(fen));

type Contract = { id: number; code: string; title: string; titleEn: string; account: { code: string; name: string; nameEn: string } | null };

function contractsOf(projectId: number, where: Prisma.ContractWhereInput) {
  return prisma.contract.findMany({
    where: { line: { projectId }, ...where },
    orderBy: [{ line: { sortOrder: "asc" } }, { code: "asc" }, { id: "asc" }],
    select: { id: true, code: true, title: true, titleEn: true, account: { select: { code: true, name: true, nameEn: true } } },
  });
}

function contractColumns(t: ReturnType<typeof translator>): Partial<ExcelJS.Column>[] {
  return [
    { key: "contract", header: t("budget.contract"), width: 14 },
    { key: "contractTitle", header: t("budget.contractTitle"), width: 26 },
    { key: "account", header: t("io.account"), width: 22 },
  ];
}

function contractCells(contract: Contract, lang: Lang) {
  return {
    contract: contract.code,
    contractTitle: lang === "en" && contract.titleEn ? contract.titleEn : contract.title,
    account: contract.account ? `${contract.account.code} ${localName(lang, contract.account)}` : null,
  };
}

/** Names of these users in the workbook's language (the person's name for a user linked to one). */
async function userNames(ids: (number | null)[], lang: Lang) {
  const names = await userNamesById(ids);
  return (id: number | null) => {
    const name = id === null ? undefined : names.get(id);
    return name ? localName(lang, name) : null;
  };
}

/** 变更签证台账: one row per change, contracts in the budget's order, changes in the order entered. */
export async function changesWorkbook(projectId: number, lang: Lang = "zh"): Promise<Buffer> {
  const t = translator(lang);
  const contracts = await contractsOf(projectId, { changes: { some: {} } });
  // Filtered through the relation, not by a list of ids (SQLite's limit on bound parameters).
  const changes = await prisma.contractChange.findMany({
    where: { contract: { line: { projectId } } },
    orderBy: { id: "asc" },
    select: { id: true, contractId: true, kind: true, code: true, title: true, claimedFen: true, estimateFen: true, approvedFen: true, status: true, reason: true, submittedById: true, decidedById: true, decidedAt: true, createdAt: true },
  });
  const nameOf = await userNames(changes.flatMap((c) => [c.submittedById, c.decidedById]), lang);
  const workbook = newWorkbook();
  const sheet = workbook.addWorksheet(t("io.changesRegister"), { views: [{ state: "frozen", xSplit: 1, ySplit: 1 }] });
  const money = { style: { numFmt: yuanFormat(lang) } };
  sheet.columns = [
    ...contractColumns(t),
    { key: "code", header: t("ms.code"), width: 10 },
    { key: "kind", header: t("cost.kind"), width: 10 },
    { key: "title", header: t("cost.changeTitle"), width: 30 },
    { key: "claimed", header: t("cost.claimed"), width: 16, ...money },
    { key: "estimate", header: t("cost.estimate"), width: 16, ...money },
    { key: "approved", header: t("cost.approved"), width: 16, ...money },
    { key: "status", header: t("cost.status"), width: 8 },
    { key: "submittedBy", header: t("cost.submittedBy"), width: 10 },
    { key: "submittedOn", header: t("io.submittedOn"), width: 12, style: { numFmt: DATE_FORMAT } },
    { key: "decidedBy", header: t("cost.decidedBy"), width: 10 },
    { key: "decidedOn", header: t("io.decidedOn"), width: 12, style: { numFmt: DATE_FORMAT } },
    { key: "reason", header: t("cost.decisionReason"), width: 30 },
  ];
  styleHeader(sheet);
  const changesOf = new Map<number, typeof changes>();
  for (const change of changes) {
    const list = changesOf.get(change.contractId);
    if (list) list.push(change);
    else changesOf.set(change.contractId, [change]);
  }
  for (const contract of contracts) {
    for (const change of changesOf.get(contract.id) ?? []) {
      sheet.addRow({
        ...contractCells(contract, lang),
        code: change.code,
        kind: t(`cost.kind.${change.kind}` as MessageKey),
        title: change.title,
        claimed: yuan(change.claimedFen),
        estimate: yuan(change.estimateFen),
        approved: yuanOrNull(change.approvedFen),
        status: t(`cost.changeStatus.${change.status}` as MessageKey),
        submittedBy: nameOf(change.submittedById),
        submittedOn: dateOf(change.createdAt),
        decidedBy: nameOf(change.decidedById),
        decidedOn: dateOf(change.decidedAt),
        reason: change.reason || null,
      });
    }
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
  return toBuffer(workbook);
}

/** 进度款台账: one row per claim, contracts in the budget's order, periods in order; figures as the contract page computes them. */
export async function progressWorkbook(projectId: number, lang: Lang = "zh"): Promise<Buffer> {
  const t = translator(lang);
  const [contracts, register] = await Promise.all([contractsOf(projectId, { claims: { some: {} } }), projectClaimRegister(projectId)]);
  const workbook = newWorkbook();
  const sheet = workbook.addWorksheet(t("progress.register"), { views: [{ state: "frozen", xSplit: 1, ySplit: 1 }] });
  const money = { style: { numFmt: yuanFormat(lang) } };
  sheet.columns = [
    ...contractColumns(t),
    { key: "period", header: t("progress.period"), width: 10 },
    { key: "claimed", header: t("progress.claimed"), width: 18, ...money },
    { key: "supervised", header: t("progress.supervised"), width: 16, ...money },
    { key: "certified", header: t("progress.certifiedValue"), width: 18, ...money },
    { key: "advanceRecovery", header: t("progress.advanceRecovery"), width: 16, ...money },
    { key: "payable", header: t("progress.payable"), width: 16, ...money },
    { key: "paid", header: t("progress.paidOnClaim"), width: 16, ...money },
    { key: "status", header: t("progress.status"), width: 10 },
    { key: "submittedBy", header: t("cost.submittedBy"), width: 10 },
    { key: "certifiedBy", header: t("cost.decidedBy"), width: 10 },
    { key: "certifiedOn", header: t("io.certifiedOn"), width: 12, style: { numFmt: DATE_FORMAT } },
  ];
  styleHeader(sheet);
  for (const contract of contracts) {
    for (const claim of register.get(contract.id) ?? []) {
      sheet.addRow({
        ...contractCells(contract, lang),
        period: claim.period,
        claimed: yuan(claim.claimedFen),
        supervised: yuanOrNull(claim.supervisedFen),
        certified: yuanOrNull(claim.certifiedFen),
        advanceRecovery: yuan(claim.advanceRecoveryFen),
        payable: yuanOrNull(claim.payableFen),
        paid: yuan(claim.paidFen),
        status: t(`progress.status.${claim.status}` as MessageKey),
        submittedBy: (lang === "en" ? claim.createdByEn : claim.createdBy) || null,
        certifiedBy: (lang === "en" ? claim.certifiedByEn : claim.certifiedBy) || null,
        certifiedOn: dateOf(claim.certifiedAt),
      });
    }
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
  return toBuffer(workbook);
}
