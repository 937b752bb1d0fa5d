// Names for the audit log (issue 18, part 3): each row's own record (code and name) and the records its id
// fields point to (departments, people, users, milestones…). Bounded: one query per entity type and per kind of
// reference on the page, whatever the number of rows. A record that is gone keeps subject null ("#id").
import { prisma } from "~/db.server";
import { userNameOf, userNameSelect } from "~/models/user-names.server";
import { en, zh } from "~/i18n/messages";
import { ID_FIELDS, refKey, type RefKind, type RefName } from "~/domain/audit-format";
import { dateToCivil, instantInShanghai } from "~/utils/dates";

export type AuditSubject = { code: string; name: string; nameEn: string };

type Named = { id: number; code?: string; name?: string; nameEn?: string };
type Loader = (ids: number[]) => Promise<(Named & { id: number })[]>;

const civil = (date: Date) => dateToCivil(date);
const same = (name: string) => ({ name, nameEn: name });
/** A name given by a message key in both languages (the raw value when the key is unknown). */
const message = (key: string, fallback: string) => ({ name: (zh as Record<string, string>)[key] ?? fallback, nameEn: (en as Record<string, string>)[key] ?? fallback });

/** Per entity type: how to find the code and name of its records (entityId → row). */
const SUBJECTS: Record<string, Loader> = {
  Milestone: async (ids) =>
    prisma.milestone.findMany({
      where: { id: { in: ids } },
      select: { id: true, code: true, name: true, nameEn: true },
    }),
  BudgetLine: async (ids) =>
    prisma.budgetLine.findMany({
      where: { id: { in: ids } },
      select: { id: true, code: true, name: true, nameEn: true },
    }),
  FundPlan: async (ids) => SUBJECTS.BudgetLine(ids),
  CostAccount: async (ids) =>
    prisma.costAccount.findMany({
      where: { id: { in: ids } },
      select: { id: true, code: true, name: true, nameEn: true },
    }),
  Contract: async (ids) =>
    (
      await prisma.contract.findMany({
        where: { id: { in: ids } },
        select: { id: true, code: true, title: true, titleEn: true },
      })
    ).map((c) => ({
      id: c.id,
      code: c.code,
      name: c.title,
      nameEn: c.titleEn,
    })),
  ContractChange: async (ids) =>
    (
      await prisma.contractChange.findMany({
        where: { id: { in: ids } },
        select: {
          id: true,
          code: true,
          title: true,
          contract: { select: { code: true } },
        },
      })
    ).map((c) => ({
      id: c.id,
      code: `${c.contract.code} ${c.code}`,
      ...same(c.title),
    })),
  Payment: async (ids) =>
    (
      await prisma.payment.findMany({
        where: { id: { in: ids } },
        select: { id: true, voucherNo: true, payee: true },
      })
    ).map((p) => ({ id: p.id, code: p.voucherNo, ...same(p.payee) })),
  PaymentRefusal: async (ids) =>
    (
      await prisma.paymentRefusal.findMany({
        where: { id: { in: ids } },
        select: { id: true, payee: true },
      })
    ).map((p) => ({ id: p.id, code: "", ...same(p.payee) })),
  ProgressClaim: async (ids) =>
    (
      await prisma.progressClaim.findMany({
        where: { id: { in: ids } },
        select: {
          id: true,
          period: true,
          contract: { select: { code: true } },
        },
      })
    ).map((c) => ({
      id: c.id,
      code: c.contract.code,
      ...same(c.period),
    })),
  TargetCostVersion: async (ids) =>
    (
      await prisma.targetCostVersion.findMany({
        where: { id: { in: ids } },
        select: { id: true, no: true },
      })
    ).map((v) => ({ id: v.id, code: `V${v.no}`, ...same("") })),
  Facility: async (ids) =>
    (
      await prisma.facility.findMany({
        where: { id: { in: ids } },
        select: { id: true, counterparty: true },
      })
    ).map((f) => ({ id: f.id, code: "", ...same(f.counterparty) })),
  FacilityCondition: async (ids) =>
    (
      await prisma.facilityCondition.findMany({
        where: { id: { in: ids } },
        select: { id: true, facility: { select: { counterparty: true } } },
      })
    ).map((c) => ({
      id: c.id,
      code: "",
      ...same(c.facility.counterparty),
    })),
  Drawdown: async (ids) =>
    (
      await prisma.drawdown.findMany({
        where: { id: { in: ids } },
        select: {
          id: true,
          plannedOn: true,
          facility: { select: { counterparty: true } },
        },
      })
    ).map((d) => ({
      id: d.id,
      code: civil(d.plannedOn),
      ...same(d.facility.counterparty),
    })),
  Repayment: async (ids) =>
    (
      await prisma.repayment.findMany({
        where: { id: { in: ids } },
        select: {
          id: true,
          dueOn: true,
          facility: { select: { counterparty: true } },
        },
      })
    ).map((r) => ({
      id: r.id,
      code: civil(r.dueOn),
      ...same(r.facility.counterparty),
    })),
  EquityContribution: async (ids) =>
    (
      await prisma.equityContribution.findMany({
        where: { id: { in: ids } },
        select: { id: true, receivedOn: true, source: true },
      })
    ).map((e) => ({
      id: e.id,
      code: civil(e.receivedOn),
      ...same(e.source),
    })),
  Meeting: async (ids) =>
    (
      await prisma.meeting.findMany({
        where: { id: { in: ids } },
        select: { id: true, startsAt: true, theme: true, themeEn: true },
      })
    ).map((m) => ({
      id: m.id,
      code: instantInShanghai(m.startsAt.toISOString()).date,
      name: m.theme,
      nameEn: m.themeEn,
    })),
  AgendaItem: async (ids) =>
    prisma.agendaItem
      .findMany({
        where: { id: { in: ids } },
        select: { id: true, title: true, titleEn: true },
      })
      .then((rows) =>
        rows.map((a) => ({
          id: a.id,
          code: "",
          name: a.title,
          nameEn: a.titleEn,
        }))
      ),
  ActionItem: async (ids) =>
    prisma.actionItem
      .findMany({
        where: { id: { in: ids } },
        select: { id: true, title: true },
      })
      .then((rows) => rows.map((a) => ({ id: a.id, code: "", ...same(a.title) }))),
  MonthlyPack: async (ids) =>
    prisma.monthlyPack
      .findMany({
        where: { id: { in: ids } },
        select: { id: true, month: true },
      })
      .then((rows) => rows.map((p) => ({ id: p.id, code: p.month, ...same("") }))),
  PackCommentary: async (ids) =>
    prisma.packCommentary
      .findMany({
        where: { id: { in: ids } },
        select: { id: true, area: true, pack: { select: { month: true } } },
      })
      .then((rows) =>
        rows.map((c) => {
          const key = `pack.section.${c.area}`;
          return {
            id: c.id,
            code: c.pack.month,
            name: (zh as Record<string, string>)[key] ?? c.area,
            nameEn: (en as Record<string, string>)[key] ?? c.area,
          };
        })
      ),
  User: async (ids) =>
    (
      await prisma.user.findMany({
        where: { id: { in: ids } },
        select: { id: true, username: true, ...userNameSelect },
      })
    ).map((u) => ({ id: u.id, code: u.username, ...userNameOf(u) })),
  Approval: async (ids) =>
    (await prisma.approval.findMany({ where: { id: { in: ids } }, select: { id: true, kind: true } })).map((a) => ({ id: a.id, code: `#${a.id}`, ...message(`approvals.kind.${a.kind}`, a.kind) })),
  SalesTarget: async (ids) =>
    (await prisma.salesTarget.findMany({ where: { id: { in: ids } }, select: { id: true, product: true, period: true } })).map((t) => ({ id: t.id, code: t.period, ...message(`product.${t.product}`, t.product) })),
  AgencyContract: async (ids) =>
    (await prisma.agencyContract.findMany({ where: { id: { in: ids } }, select: { id: true, agency: true, year: true } })).map((c) => ({ id: c.id, code: String(c.year), ...same(c.agency) })),
  Receipt: async (ids) =>
    (
      await prisma.receipt.findMany({
        where: { id: { in: ids } },
        select: { id: true, sale: { select: { unitNo: true, buyerName: true } }, lease: { select: { unitNo: true, tenant: true } } },
      })
    ).map((r) => ({ id: r.id, code: r.sale?.unitNo ?? r.lease?.unitNo ?? "", ...same(r.sale?.buyerName ?? r.lease?.tenant ?? "") })),
  Department: async (ids) => prisma.department.findMany({ where: { id: { in: ids } }, select: { id: true, code: true, name: true, nameEn: true } }),
  Person: async (ids) =>
    (await prisma.person.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, nameEn: true } })).map((p) => ({ id: p.id, code: "", name: p.name, nameEn: p.nameEn })),
  Project: async (ids) =>
    prisma.project.findMany({
      where: { id: { in: ids } },
      select: { id: true, code: true, name: true, nameEn: true },
    }),
  Baseline: async (ids) =>
    prisma.baseline
      .findMany({
        where: { id: { in: ids } },
        select: { id: true, name: true },
      })
      .then((rows) => rows.map((b) => ({ id: b.id, code: "", ...same(b.name) }))),
  ProjectDocument: async (ids) =>
    prisma.projectDocument
      .findMany({
        where: { id: { in: ids } },
        select: { id: true, number: true, title: true },
      })
      .then((rows) => rows.map((d) => ({ id: d.id, code: d.number, ...same(d.title) }))),
  SaleRecord: async (ids) =>
    prisma.saleRecord
      .findMany({
        where: { id: { in: ids } },
        select: { id: true, unitNo: true, buyerName: true },
      })
      .then((rows) => rows.map((s) => ({ id: s.id, code: s.unitNo, ...same(s.buyerName) }))),
  Lease: async (ids) =>
    prisma.lease
      .findMany({
        where: { id: { in: ids } },
        select: { id: true, unitNo: true, tenant: true },
      })
      .then((rows) => rows.map((l) => ({ id: l.id, code: l.unitNo, ...same(l.tenant) }))),
  LeaseIntent: async (ids) =>
    prisma.leaseIntent
      .findMany({
        where: { id: { in: ids } },
        select: { id: true, tenant: true },
      })
      .then((rows) => rows.map((l) => ({ id: l.id, code: "", ...same(l.tenant) }))),
};
// Settings kept per project are recorded with the project's id.
for (const entity of ["AreaLeader", "ChairRoster", "DiscountAuthority", "ScenarioProbability", "EscrowSetting"])
  SUBJECTS[entity] = (ids) => SUBJECTS.Project(ids);

/** Per kind of reference: the names of the records ids point to. */
const REFS: Record<RefKind, (ids: number[]) => Promise<{ id: number; name: string; nameEn: string }[]>> = {
  department: (ids) =>
    prisma.department.findMany({
      where: { id: { in: ids } },
      select: { id: true, name: true, nameEn: true },
    }),
  person: (ids) =>
    prisma.person.findMany({
      where: { id: { in: ids } },
      select: { id: true, name: true, nameEn: true },
    }),
  user: async (ids) =>
    (
      await prisma.user.findMany({
        where: { id: { in: ids } },
        select: { id: true, ...userNameSelect },
      })
    ).map((u) => ({ id: u.id, ...userNameOf(u) })),
  milestone: async (ids) =>
    (
      await prisma.milestone.findMany({
        where: { id: { in: ids } },
        select: { id: true, code: true, name: true, nameEn: true },
      })
    ).map((m) => ({
      id: m.id,
      name: `${m.code} ${m.name}`,
      nameEn: `${m.code} ${m.nameEn || m.name}`,
    })),
  facility: async (ids) =>
    (
      await prisma.facility.findMany({
        where: { id: { in: ids } },
        select: { id: true, counterparty: true },
      })
    ).map((f) => ({ id: f.id, ...same(f.counterparty) })),
  account: async (ids) =>
    (
      await prisma.costAccount.findMany({
        where: { id: { in: ids } },
        select: { id: true, code: true, name: true, nameEn: true },
      })
    ).map((a) => ({
      id: a.id,
      name: `${a.code} ${a.name}`,
      nameEn: `${a.code} ${a.nameEn || a.name}`,
    })),
  contract: async (ids) =>
    (
      await prisma.contract.findMany({
        where: { id: { in: ids } },
        select: { id: true, code: true, title: true },
      })
    ).map((c) => ({ id: c.id, ...same(`${c.code} ${c.title}`) })),
};

type Recordish = {
  entity: string;
  entityId: number;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};

function asId(value: unknown): number | null {
  const n = typeof value === "number" ? value : typeof value === "string" && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** Each record with `subject` (its own code and name, null when unknown or gone) and `refs` (names its id fields point to). */
export async function withNames<R extends Recordish>(records: R[]): Promise<(R & { subject: AuditSubject | null; refs: Record<string, RefName> })[]> {
  const byEntity = new Map<string, Set<number>>();
  const byKind = new Map<RefKind, Set<number>>();
  for (const record of records) {
    if (SUBJECTS[record.entity]) (byEntity.get(record.entity) ?? byEntity.set(record.entity, new Set()).get(record.entity)!).add(record.entityId);
    for (const side of [record.before, record.after]) {
      if (!side || typeof side !== "object" || Array.isArray(side)) continue;
      for (const [field, value] of Object.entries(side)) {
        const kind = ID_FIELDS[field];
        const id = kind ? asId(value) : null;
        if (kind && id !== null) (byKind.get(kind) ?? byKind.set(kind, new Set()).get(kind)!).add(id);
      }
    }
  }
  const subjects = new Map<string, AuditSubject>();
  const refs = new Map<string, RefName>();
  await Promise.all([
    ...[...byEntity].map(async ([entity, ids]) => {
      for (const row of await SUBJECTS[entity]([...ids]))
        subjects.set(`${entity}:${row.id}`, {
          code: row.code ?? "",
          name: row.name ?? "",
          nameEn: row.nameEn ?? "",
        });
    }),
    ...[...byKind].map(async ([kind, ids]) => {
      for (const row of await REFS[kind]([...ids])) refs.set(refKey(kind, row.id), { name: row.name, nameEn: row.nameEn });
    }),
  ]);
  return records.map((record) => {
    const own: Record<string, RefName> = {};
    for (const side of [record.before, record.after]) {
      if (!side || typeof side !== "object" || Array.isArray(side)) continue;
      for (const [field, value] of Object.entries(side)) {
        const kind = ID_FIELDS[field];
        const id = kind ? asId(value) : null;
        const ref = kind && id !== null ? refs.get(refKey(kind, id)) : undefined;
        if (kind && id !== null && ref) own[refKey(kind, id)] = ref;
      }
    }
    return {
      ...record,
      subject: subjects.get(`${record.entity}:${record.entityId}`) ?? null,
      refs: own,
    };
  });
}
