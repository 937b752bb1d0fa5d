// Departments and people (the organisation the plan's work is assigned to) and the project's own
// settings, as the administrator keeps them. One transaction per write, each with its audit entry.
import type { Prisma } from "@prisma/client";
import { prisma, writeTransaction } from "~/db.server";
import { thresholdRaised } from "~/domain/admin/rules";
import { recordAudit } from "../audit.server";
import type { Refusal } from "./users.server";

type Actor = { userId: number; mayRaiseThresholds: boolean; mayEditProject: boolean };
const refuse = (field: string, message: string, vars?: Record<string, string>): Refusal => ({ ok: false, field, message, vars });

/** Only the fields that changed, before and after, for the audit entry. */
function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const was: Record<string, unknown> = {};
  const now: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    if (before[key] !== value) {
      was[key] = before[key];
      now[key] = value;
    }
  }
  return { was, now, changed: Object.keys(now).length > 0 };
}

const LISTED = 500;

/** Departments (with their people counted) and people (with department and account), at most 500 each. */
export async function orgView(projectId: number) {
  const [departments, people, peopleTotal] = await Promise.all([
    prisma.department.findMany({
      where: { projectId },
      orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
      take: LISTED,
      select: { id: true, code: true, name: true, nameEn: true, planned: true, sortOrder: true, _count: { select: { people: { where: { active: true } } } } },
    }),
    prisma.person.findMany({
      where: { projectId },
      orderBy: [{ active: "desc" }, { id: "asc" }],
      take: LISTED,
      select: { id: true, name: true, nameEn: true, title: true, titleEn: true, active: true, departmentId: true, user: { select: { id: true, username: true } }, leadAreas: { select: { area: true } } },
    }),
    prisma.person.count({ where: { projectId } }),
  ]);
  return {
    departments: departments.map(({ _count, ...d }) => ({ ...d, people: _count.people })),
    people: people.map(({ leadAreas, ...p }) => ({ ...p, leads: leadAreas.map((a) => a.area) })),
    peopleTotal,
  };
}

export type DepartmentInput = { id: number | null; code: string; name: string; nameEn: string; planned: boolean; sortOrder: number };

/** Adds a department or saves one; codes are unique within the project. */
export async function saveDepartment(projectId: number, input: DepartmentInput, actor: { userId: number }) {
  return writeTransaction(async (tx) => {
    const clash = await tx.department.findFirst({ where: { projectId, code: input.code, ...(input.id ? { id: { not: input.id } } : {}) }, select: { id: true } });
    if (clash) return refuse("code", "duplicate_code");
    const fields = { code: input.code, name: input.name, nameEn: input.nameEn, planned: input.planned, sortOrder: input.sortOrder };
    if (input.id === null) {
      const created = await tx.department.create({ data: { projectId, ...fields }, select: { id: true } });
      await recordAudit(tx, { userId: actor.userId, area: "admin", entity: "Department", entityId: created.id, action: "create", after: fields });
      return { ok: true as const, id: created.id };
    }
    const before = await tx.department.findFirst({ where: { id: input.id, projectId }, select: { code: true, name: true, nameEn: true, planned: true, sortOrder: true } });
    if (!before) return refuse("form", "not_found");
    const change = diff(before, fields);
    if (change.changed) {
      await tx.department.update({ where: { id: input.id }, data: fields });
      await recordAudit(tx, { userId: actor.userId, area: "admin", entity: "Department", entityId: input.id, action: "update", before: change.was, after: change.now });
    }
    return { ok: true as const, id: input.id };
  });
}

export type PersonInput = { id: number | null; name: string; nameEn: string; title: string; titleEn: string; departmentId: number | null; active: boolean };

/**
 * Adds a person or saves one. A person in charge of an area (领导分工) cannot be made inactive until
 * someone else is put in charge there; an inactive person's account, if any, stays as it is (the
 * administrator disables accounts on the users page).
 */
export async function savePerson(projectId: number, input: PersonInput, actor: { userId: number }) {
  return writeTransaction(async (tx) => {
    if (input.departmentId !== null && !(await tx.department.findFirst({ where: { id: input.departmentId, projectId }, select: { id: true } }))) {
      return refuse("departmentId", "invalid_choice");
    }
    const fields = { name: input.name, nameEn: input.nameEn, title: input.title, titleEn: input.titleEn, departmentId: input.departmentId, active: input.active };
    if (input.id === null) {
      const created = await tx.person.create({ data: { projectId, ...fields }, select: { id: true } });
      await recordAudit(tx, { userId: actor.userId, area: "admin", entity: "Person", entityId: created.id, action: "create", after: fields });
      return { ok: true as const, id: created.id };
    }
    const before = await tx.person.findFirst({ where: { id: input.id, projectId }, select: { name: true, nameEn: true, title: true, titleEn: true, departmentId: true, active: true, leadAreas: { select: { area: true } } } });
    if (!before) return refuse("form", "not_found");
    if (!input.active && before.active && before.leadAreas.length > 0) {
      return refuse("active", "person_leads_area", { areas: before.leadAreas.map((a) => a.area).join(",") });
    }
    const { leadAreas: _leads, ...was } = before;
    const change = diff(was, fields);
    if (change.changed) {
      await tx.person.update({ where: { id: input.id }, data: fields });
      await recordAudit(tx, { userId: actor.userId, area: "admin", entity: "Person", entityId: input.id, action: "update", before: change.was, after: change.now });
    }
    return { ok: true as const, id: input.id };
  });
}

const settingsSelect = {
  version: true,
  code: true,
  name: true,
  nameEn: true,
  city: true,
  paymentApprovalFen: true,
  changeApprovalFen: true,
  meetingWeekday: true,
  meetingTime: true,
  subscriptionCapBps: true,
  leaseAchievementBasis: true,
  totalBudgetFen: true,
} as const satisfies Prisma.ProjectSelect;

/** The project's settings: those kept here and, read-only, those kept on their area's page. */
export async function projectSettings(projectId: number) {
  const [project, leaders] = await Promise.all([
    prisma.project.findUniqueOrThrow({ where: { id: projectId }, select: settingsSelect }),
    prisma.areaLeader.count({ where: { projectId } }),
  ]);
  return { ...project, leaders };
}

export type ProjectInput = { version: number; name: string; nameEn: string; city: string; paymentApprovalFen: bigint; changeApprovalFen: bigint };

/**
 * Saves the project's name, city and approval thresholds. Refused when the project changed meanwhile;
 * the name and city are the administrator's (settings.manage); raising a threshold (letting larger payments or changes through without a second person) needs
 * someone who approves (approvals.decide), not the administrator alone.
 */
export async function saveProjectSettings(projectId: number, input: ProjectInput, actor: Actor) {
  return writeTransaction(async (tx) => {
    const before = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { version: true, name: true, nameEn: true, city: true, paymentApprovalFen: true, changeApprovalFen: true } });
    if (before.version !== input.version) return refuse("form", "stale_generic");
    const raised = thresholdRaised(before, input);
    if (!actor.mayRaiseThresholds && raised.payment) return refuse("paymentApproval", "threshold_raise_needs_approver", { currentFen: before.paymentApprovalFen.toString() });
    if (!actor.mayRaiseThresholds && raised.change) return refuse("changeApproval", "threshold_raise_needs_approver", { currentFen: before.changeApprovalFen.toString() });
    // An approver without settings.manage reaches this form for the thresholds only.
    if (!actor.mayEditProject) {
      const field = (["name", "nameEn", "city"] as const).find((f) => before[f] !== input[f]);
      if (field) return refuse(field, "project_needs_admin");
    }
    const { version: _v, ...was } = before;
    const change = diff(was, { name: input.name, nameEn: input.nameEn, city: input.city, paymentApprovalFen: input.paymentApprovalFen, changeApprovalFen: input.changeApprovalFen });
    if (!change.changed) return { ok: true as const, changed: false };
    await tx.project.update({ where: { id: projectId }, data: { ...(change.now as Prisma.ProjectUpdateInput), version: { increment: 1 } } });
    await recordAudit(tx, { userId: actor.userId, area: "admin", entity: "Project", entityId: projectId, action: "update", before: change.was, after: change.now });
    return { ok: true as const, changed: true };
  });
}
