// The audit log in the user's language (issue 18, part 3): each row names its record (entity, code and name,
// linked to its page) and the names its id fields point to, through the /audit loader and a record's history.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "~/db.server";
import { formatAuditValue, recordTitle } from "~/domain/audit-format";
import { translator } from "~/i18n";
import { listAudit, recordAudit } from "~/models/audit.server";
import { loader as auditLoader } from "~/routes/audit";
import { action as editAction, loader as editLoader } from "~/routes/milestones.$id";
import { seedReferenceProject } from "../../prisma/seed";
import { milestoneForm } from "../helpers/factories";
import { callAction, callLoader } from "../helpers/requests";

type Row = {
  id: number;
  entity: string;
  entityId: number;
  link?: string | null;
  subject: { code: string; name: string; nameEn: string } | null;
  refs: Record<string, { name: string; nameEn: string }>;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};

let m01: number;
beforeAll(async () => {
  await seedReferenceProject(prisma);
  m01 = (await prisma.milestone.findFirstOrThrow({ where: { code: "M01" } })).id;
});

const zhT = translator("zh");
const enT = translator("en");

describe("the audit log in the user's language", () => {
  it("names the milestone whose progress changed, linked to its page, with its values formatted", async () => {
    const form = {
      ...(await milestoneForm(m01)),
      percentComplete: "100",
      status: "done",
      actualEnd: "2026-11-26",
    };
    const response = await callAction(editAction, `/milestones/${m01}`, form, {
      as: "pm",
      params: { id: String(m01) },
    });
    expect((response as Response).status).toBe(302);

    const log = (await callLoader(auditLoader, "/audit", { as: "admin" })) as {
      records: Row[];
    };
    const row = log.records.find((r) => r.entity === "Milestone" && r.entityId === m01)!;
    expect(row.link).toBe(`/milestones/${m01}`);
    expect(row.subject).toMatchObject({
      code: "M01",
      name: "规划方案报自然资源和规划局审批",
      nameEn: "Plan approval by the planning bureau",
    });
    expect(recordTitle(row.entity, row.entityId, row.subject, "zh", zhT)).toBe("里程碑 M01 规划方案报自然资源和规划局审批");
    expect(recordTitle(row.entity, row.entityId, row.subject, "en", enT)).toBe("Milestone M01 Plan approval by the planning bureau");
    const ctx = {
      lang: "zh" as const,
      t: zhT,
      entity: row.entity,
      refs: row.refs,
    };
    expect(
      `${formatAuditValue("percentComplete", row.before!.percentComplete, ctx)} → ${formatAuditValue("percentComplete", row.after!.percentComplete, ctx)}`
    ).toBe("60% → 100%");
    expect(formatAuditValue("status", row.after!.status, ctx)).toBe("已完成");
    expect(formatAuditValue("actualEnd", row.after!.actualEnd, ctx)).toBe("2026年11月26日");

    // The milestone page's history carries the same names.
    const page = (await callLoader(editLoader, `/milestones/${m01}`, {
      as: "pm",
      params: { id: String(m01) },
    })) as { history: Row[] };
    expect(page.history[0]).toMatchObject({
      entity: "Milestone",
      subject: { code: "M01" },
    });
  });

  it("resolves ids to names in both languages, and shows #id for a record that is gone", async () => {
    const eng = await prisma.department.findFirstOrThrow({
      where: { code: "ENG" },
    });
    const person = await prisma.person.findFirstOrThrow({
      where: { name: "李明" },
    });
    await prisma.$transaction(async (tx) => {
      await recordAudit(tx, {
        userId: null,
        area: "meeting",
        entity: "ActionItem",
        entityId: 987654,
        action: "update",
        before: { departmentId: null, ownerId: null },
        after: { departmentId: eng.id, ownerId: person.id },
      });
    });
    const log = (await callLoader(auditLoader, "/audit", { as: "admin" })) as {
      records: Row[];
    };
    const row = log.records.find((r) => r.entity === "ActionItem" && r.entityId === 987654)!;
    expect(row.subject).toBeNull();
    expect(recordTitle(row.entity, row.entityId, row.subject, "zh", zhT)).toBe("督办事项 #987654");
    expect(
      formatAuditValue("departmentId", row.after!.departmentId, {
        lang: "zh",
        t: zhT,
        entity: row.entity,
        refs: row.refs,
      })
    ).toBe("工程部");
    expect(
      formatAuditValue("departmentId", row.after!.departmentId, {
        lang: "en",
        t: enT,
        entity: row.entity,
        refs: row.refs,
      })
    ).toBe("Engineering");
    expect(
      formatAuditValue("ownerId", row.after!.ownerId, {
        lang: "en",
        t: enT,
        entity: row.entity,
        refs: row.refs,
      })
    ).toBe(person.nameEn || person.name);
  });

  it("names approvals, sales targets and people and departments the admin changed, in both languages", async () => {
    const project = await prisma.project.findFirstOrThrow({ select: { id: true } });
    const target = await prisma.salesTarget.findFirstOrThrow({ where: { product: "apartment_presale" }, select: { id: true, period: true } });
    const dept = await prisma.department.findFirstOrThrow({ where: { code: "ENG" }, select: { id: true } });
    const person = await prisma.person.findFirstOrThrow({ where: { name: "李明" }, select: { id: true } });
    const approval = await prisma.approval.create({ data: { projectId: project.id, kind: "payment", amountFen: 600_000_000n, reason: "测试", submittedById: (await prisma.user.findFirstOrThrow({ where: { username: "finance" } })).id } });
    await prisma.$transaction(async (tx) => {
      for (const [entity, entityId] of [["SalesTarget", target.id], ["Department", dept.id], ["Person", person.id], ["Approval", approval.id]] as const) {
        await recordAudit(tx, { userId: null, area: "admin", entity, entityId, action: "update", after: { note: "x" } });
      }
    });
    const { records } = await listAudit({}, 20);
    const title = (entity: string, lang: "zh" | "en") => {
      const row = records.find((r) => r.entity === entity)!;
      return recordTitle(row.entity, row.entityId, row.subject, lang, lang === "zh" ? zhT : enT);
    };
    expect(title("SalesTarget", "zh")).toBe(`销售目标 ${target.period} 公寓预售`);
    expect(title("SalesTarget", "en")).toBe(`Sales target ${target.period} Apartment pre-sale`);
    expect(title("Department", "en")).toBe("Department ENG Engineering");
    expect(title("Person", "zh")).toBe("人员 李明");
    expect(title("Person", "en")).toBe("Person Li Ming");
    expect(title("Approval", "zh")).toBe(`审批 #${approval.id} 大额付款`);
  });

  it("resolves a page of rows with one query per entity type, however many rows", async () => {
    const milestones = await prisma.milestone.findMany({
      select: { id: true },
    });
    expect(milestones.length).toBeGreaterThan(10);
    await prisma.$transaction(async (tx) => {
      for (const m of milestones)
        await recordAudit(tx, {
          userId: null,
          area: "schedule",
          entity: "Milestone",
          entityId: m.id,
          action: "update",
          before: { percentComplete: 0 },
          after: { percentComplete: 10 },
        });
    });
    const spy = vi.spyOn(prisma.milestone, "findMany");
    try {
      const { records } = await listAudit({}, 100);
      expect(records.filter((r) => r.entity === "Milestone" && r.subject !== null).length).toBeGreaterThanOrEqual(milestones.length);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });
});
