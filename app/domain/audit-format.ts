// The audit log in the user's language (issue 18, part 3): entity labels, field labels and values with their
// units and formats. Pure: the names of records that ids point to are resolved by the model
// (app/models/audit.server.ts) and passed in as `refs`.
import { zh, type MessageKey } from "~/i18n/messages";
import { formatDate, formatDateTime } from "~/utils/dates";
import { formatMoney, type Lang } from "~/utils/money";
import { formatTermBps } from "~/utils/percent";

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** A record's display name in both languages (name/nameEn as everywhere else). */
export type RefName = { name: string; nameEn: string };

/** Kinds of record an id field can point to; the model batches one query per kind. */
export type RefKind = "department" | "person" | "user" | "milestone" | "facility" | "account" | "contract";

/** Every entity type recorded with recordAudit (audit.entity.<Entity> in both languages). */
export const AUDIT_ENTITIES = [
  "ActionItem",
  "AgencyContract",
  "AgendaItem",
  "Approval",
  "AreaLeader",
  "Baseline",
  "BudgetLine",
  "ChairRoster",
  "Contract",
  "ContractChange",
  "CostAccount",
  "Department",
  "DiscountAuthority",
  "Drawdown",
  "EquityContribution",
  "EscrowSetting",
  "Facility",
  "FacilityCondition",
  "FundPlan",
  "Lease",
  "LeaseIntent",
  "Meeting",
  "Milestone",
  "MilestoneDependency",
  "MonthlyPack",
  "PackCommentary",
  "Payment",
  "PaymentRefusal",
  "Person",
  "ProgressClaim",
  "Project",
  "ProjectDocument",
  "Receipt",
  "Repayment",
  "SaleRecord",
  "SalesTarget",
  "ScenarioProbability",
  "Session",
  "TargetCostVersion",
  "User",
  "unit_inventory_import",
] as const;

/** Form inputs in 元 that the forms turn into 分 and some writes record as typed (…input): amounts too. */
const FEN_INPUT_FIELDS = ["amount", "actual", "advance", "annual", "approved", "certified", "claimed", "committed", "estimate", "monthlyRent", "original", "planned", "price", "settled", "task"] as const;

/** Fields that appear in before/after of recordAudit calls: each has audit.field.<name> in both languages. */
export const FIELD_LABELS = [
  "status",
  "percentComplete",
  "actualStart",
  "actualEnd",
  "note",
  "code",
  "name",
  "nameEn",
  "kind",
  "plannedStart",
  "plannedEnd",
  "expectedEnd",
  "expectedReason",
  "retiredAt",
  "retiredReason",
  "departmentId",
  "leaderId",
  "agency",
  "agencyEn",
  "isKey",
  "certificate",
  "predecessor",
  "successor",
  "type",
  "lagDays",
  "amountFen",
  "payee",
  "paidOn",
  "voucherNo",
  "contract",
  "account",
  "accountId",
  "line",
  "reversalOf",
  "reversalOfId",
  "paymentId",
  "headroomFen",
  "title",
  "titleEn",
  "claimedFen",
  "estimateFen",
  "approvedFen",
  "contractValueFen",
  "currentFen",
  "settledFen",
  "settledOn",
  "deltaFen",
  "voidReason",
  "originalFen",
  "revisionId",
  "toComeFen",
  "toComeEstimateId",
  "period",
  "certifiedFen",
  "supervisedFen",
  "advanceRecoveryFen",
  "no",
  "totalFen",
  "items",
  "totalBudgetFen",
  "projectBudgetRevisionId",
  "approvalId",
  "subjectId",
  "payload",
  "actualOn",
  "actualFen",
  "plannedOn",
  "plannedFen",
  "overrideApprovalId",
  "facilityId",
  "counterparty",
  "committedFen",
  "rateBps",
  "feesFen",
  "termMonths",
  "conditions",
  "channel",
  "milestoneId",
  "equityBps",
  "receivedOn",
  "source",
  "dueOn",
  "month",
  "area",
  "text",
  "asOf",
  "early",
  "emptyCommentaries",
  "date",
  "theme",
  "themeEn",
  "themeArea",
  "chairId",
  "chairBasis",
  "chairNote",
  "swappedWith",
  "personId",
  "minutes",
  "decision",
  "outcome",
  "report",
  "ownerId",
  "meeting",
  "agendaItems",
  "meetingWeekday",
  "meetingTime",
  "username",
  "displayName",
  "roles",
  "password",
  "sessionsEnded",
  "active",
  "mustChangePassword",
  "paymentApprovalFen",
  "changeApprovalFen",
  "sortOrder",
  "userId",
  "revokedAt",
  "revokedReason",
  "unit",
  "unitNo",
  "areaCsqm",
  "listPriceFen",
  "unitPriceFen",
  "depositFen",
  "buyerName",
  "buyerType",
  "product",
  "reservedOn",
  "signedOn",
  "cancelledOn",
  "cancelReason",
  "keptFen",
  "newSaleId",
  "movedFen",
  "tenant",
  "monthlyRentFen",
  "startOn",
  "endOn",
  "prepaidRentFen",
  "rentFreeMonths",
  "escalationBps",
  "escalationEveryMonths",
  "intentOn",
  "subscriptionCapBps",
  "year",
  "category",
  "number",
  "authority",
  "issuedOn",
  "fileName",
  "supersedes",
  "supersededAt",
  "supersededBy",
  "milestones",
  "city",
  "keyFenPerSqm",
  "nodes",
  "rows",
  "buildingRows",
  "paymentPlan",
  "dueOnDays",
  "id",
  "reason",
  "absentLeaderId",
  "reportId",
  "schedule",
  "predecessors",
  "keyPerSqm",
  ...FEN_INPUT_FIELDS,
] as const;

const FEN_INPUTS = new Set<string>(FEN_INPUT_FIELDS);

/** Id fields whose value is shown as the name of the record it points to. */
export const ID_FIELDS: Record<string, RefKind> = {
  departmentId: "department",
  leaderId: "person",
  ownerId: "person",
  personId: "person",
  chairId: "person",
  absentLeaderId: "person",
  userId: "user",
  createdById: "user",
  submittedById: "user",
  decidedById: "user",
  issuedById: "user",
  uploadedById: "user",
  authorId: "user",
  milestoneId: "milestone",
  dependsOnMilestoneId: "milestone",
  spendMilestoneId: "milestone",
  endMilestoneId: "milestone",
  facilityId: "facility",
  accountId: "account",
  contractId: "contract",
};

/** Enum values shown through existing message keys: `<entity>.<field>` (or `*.<field>`) → key prefix. */
const ENUM_KEYS: Record<string, string> = {
  "Milestone.status": "status.",
  "Meeting.status": "mtg.status.",
  "ActionItem.status": "mtg.status.",
  "*.outcome": "mtg.outcome.",
  "ProgressClaim.status": "progress.status.",
  "Facility.status": "fin.status.",
  "Approval.status": "approvals.status.",
  "Approval.kind": "approvals.kind.",
  "ContractChange.status": "approvals.status.",
  "ContractChange.kind": "cost.kind.",
  "TargetCostVersion.status": "targets.status.",
  "MonthlyPack.status": "pack.status.",
  "SaleRecord.status": "sov.status.",
  "Payment.kind": "corrections.kind.",
  "PaymentRefusal.kind": "corrections.kind.",
  "PackCommentary.area": "pack.section.",
  "AreaLeader.area": "area.",
  "Meeting.themeArea": "area.",
};

const messages = zh as Record<string, string>;

function hasKey(key: string): key is MessageKey {
  return key in messages;
}

/** "里程碑" / "Milestone"; an unknown entity type shows as stored. */
export function entityLabel(entity: string, t: Translate): string {
  const key = `audit.entity.${entity}`;
  return hasKey(key) ? t(key) : entity;
}

/** "完成百分比" / "Percent complete"; an unknown field falls back to its raw name. */
export function fieldLabel(field: string, t: Translate): string {
  const key = `audit.field.${field}`;
  return hasKey(key) ? t(key) : field;
}

/** The key (`department:5`) under which the model puts the name of what an id field points to. */
export function refKey(kind: RefKind, id: number | string): string {
  return `${kind}:${id}`;
}

export type FormatContext = {
  lang: Lang;
  t: Translate;
  entity: string;
  refs?: Record<string, RefName>;
};

const INTEGER = /^-?\d+$/;
const CIVIL = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function isInteger(value: unknown): value is string | number {
  return (typeof value === "number" && Number.isInteger(value)) || (typeof value === "string" && INTEGER.test(value));
}

/** Basis points (entered rates) as a percentage at their own 0.01 %: 450 → "4.5%", 10000 → "100%". */
export function formatBps(bps: number): string {
  return Number.isSafeInteger(bps) ? formatTermBps(bps) : `${bps / 100}%`;
}

/** Centi-square-metres as m² with 2 decimals: 9550 → "95.50 m²". */
export function formatCsqm(csqm: number, lang: Lang): string {
  const text = (csqm / 100).toLocaleString(lang === "en" ? "en-US" : "zh-CN", {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  return `${text} m²`;
}

/** One stored value in the user's language; "—" for nothing. */
export function formatAuditValue(field: string, value: unknown, ctx: FormatContext): string {
  const { lang, t } = ctx;
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return t(value ? "audit.value.yes" : "audit.value.no");
  // Amounts are stored in 分: show them exactly in 元.
  if ((/Fen(PerSqm)?$/.test(field) || FEN_INPUTS.has(field) || field === "keyPerSqm") && isInteger(value))
    return formatMoney(String(value), lang, "yuan") + (field.endsWith("PerSqm") ? "/m²" : "");
  if (field.endsWith("Csqm") && isInteger(value)) return formatCsqm(Number(value), lang);
  if (field.endsWith("Bps") && isInteger(value)) return formatBps(Number(value));
  if (field === "percentComplete" && isInteger(value)) return `${Number(value)}%`;
  const kind = ID_FIELDS[field];
  if (kind && isInteger(value)) {
    const ref = ctx.refs?.[refKey(kind, value)];
    return ref ? (lang === "en" && ref.nameEn ? ref.nameEn : ref.name) : `#${value}`;
  }
  if (typeof value === "string") {
    const prefix = ENUM_KEYS[`${ctx.entity}.${field}`] ?? ENUM_KEYS[`*.${field}`];
    if (prefix && hasKey(prefix + value)) return t((prefix + value) as MessageKey);
    if (CIVIL.test(value)) return formatDate(value, lang);
    // Civil dates are stored as UTC midnight: a day, not a moment.
    if (INSTANT.test(value) && /T00:00(:00(\.0+)?)?Z$/.test(value)) return formatDate(value.slice(0, 10), lang);
    if (INSTANT.test(value)) return formatDateTime(new Date(value).toISOString(), lang);
    return value;
  }
  if (Array.isArray(value) && value.length === 0) return "—";
  if (Array.isArray(value) && value.every((item) => typeof item === "string" || typeof item === "number")) {
    return value.map((item) => (typeof item === "string" ? formatAuditValue(field, item, ctx) : String(item))).join(lang === "en" ? ", " : "、");
  }
  return typeof value === "number" ? String(value) : JSON.stringify(value);
}

/** "里程碑 M01 规划方案报批" — the entity label, then the record's code and name, or "#id" when it is gone. */
export function recordTitle(
  entity: string,
  entityId: number,
  subject: { code: string; name: string; nameEn: string } | null | undefined,
  lang: Lang,
  t: Translate
): string {
  const label = entityLabel(entity, t);
  if (!subject) return `${label} #${entityId}`;
  const name = lang === "en" && subject.nameEn ? subject.nameEn : subject.name;
  return [label, subject.code, name].filter(Boolean).join(" ");
}
