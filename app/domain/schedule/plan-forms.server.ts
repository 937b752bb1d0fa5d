// The plan editor's forms (issue 16): adding a milestone, editing its plan, retiring and restoring it,
// its dependencies and its expected finish. Validated on the server with zod; messages are i18n keys
// (errors.*). Server-only (.server) so zod stays out of the browser bundle. The rules that need the
// stored data (a code already taken, a cycle, a milestone already done) are the model's.
import { z } from "zod";
import { isCivilDate } from "~/utils/dates";
import { LINK_TYPES } from "./forecast";
import { MILESTONE_KINDS } from "./index";

export { LINK_TYPES };
export const MAX_LAG_DAYS = 365;
import { CREATE_PREDECESSOR_SLOTS } from "./index";
export { CREATE_PREDECESSOR_SLOTS };

const requiredDate = z
  .string()
  .trim()
  .min(1, { message: "required" })
  .refine((value) => isCivilDate(value), { message: "invalid_date" })
  .refine((value) => value >= "2000-01-01" && value <= "2100-12-31", { message: "date_out_of_range" });

const version = z
  .string()
  .trim()
  .regex(/^\d{1,9}$/, { message: "invalid" })
  .transform(Number)
  .refine((n) => n > 0, { message: "invalid" });

const id = z
  .string({ message: "required" })
  .trim()
  .min(1, { message: "required" })
  .regex(/^\d{1,9}$/, { message: "invalid_choice" })
  .transform(Number)
  .refine((n) => n > 0, { message: "invalid_choice" });

const optionalId = z
  .string()
  .trim()
  .default("")
  .refine((value) => value === "" || /^\d{1,9}$/.test(value), { message: "invalid_choice" })
  .transform((value) => (value === "" ? null : Number(value)))
  .refine((value) => value === null || value > 0, { message: "invalid_choice" });

const text = (max: number, required = false) =>
  required ? z.string({ message: "required" }).trim().min(1, { message: "required" }).max(max, { message: "too_long" }) : z.string().trim().max(max, { message: "too_long" }).default("");

const requiredReason = z.string({ message: "reason_needed" }).trim().min(2, { message: "reason_needed" }).max(500, { message: "too_long" });

const linkType = z.enum(LINK_TYPES, { message: "invalid_choice" });

const lagDays = z
  .string()
  .trim()
  .default("0")
  .transform((value) => (value === "" ? "0" : value))
  .refine((value) => /^[+-]?\d{1,4}$/.test(value), { message: "lag_range" })
  .transform(Number)
  .refine((n) => Number.isInteger(n) && Math.abs(n) <= MAX_LAG_DAYS, { message: "lag_range" });

/**
 * A milestone code as the plan shows it: full-width characters folded (Ｍ４０ → M40), spaces removed,
 * upper case; letters, digits, _ and - only.
 */
const code = z
  .string({ message: "required" })
  .transform((value) => value.normalize("NFKC").replace(/\s+/g, "").toUpperCase())
  .pipe(
    z
      .string()
      .min(1, { message: "required" })
      .max(20, { message: "too_long" })
      .regex(/^[A-Z0-9][A-Z0-9_-]*$/, { message: "code_format" }),
  );

const planFields = {
  code,
  name: text(200, true),
  nameEn: text(200, true),
  kind: z.enum(MILESTONE_KINDS, { message: "invalid_choice" }),
  plannedStart: requiredDate,
  plannedEnd: requiredDate,
  departmentId: optionalId,
  leaderId: optionalId,
  agency: text(200),
  agencyEn: text(200),
  // A checkbox: present ("on") when ticked.
  isKey: z
    .string()
    .optional()
    .transform((value) => value === "on" || value === "true" || value === "1"),
};

const datesInOrder = (value: { plannedStart: string; plannedEnd: string }, ctx: z.RefinementCtx) => {
  if (value.plannedEnd < value.plannedStart) ctx.addIssue({ code: "custom", path: ["plannedEnd"], message: "end_before_start" });
};

export type NewPredecessor = { slot: number; predecessorId: number; type: (typeof LINK_TYPES)[number]; lagDays: number };

/** The create form: the plan fields and up to three predecessors (pred0/predType0/predLag0, …). */
export function milestoneCreateSchema() {
  const slots: Record<string, z.ZodType> = {};
  for (let i = 0; i < CREATE_PREDECESSOR_SLOTS; i += 1) {
    slots[`pred${i}`] = optionalId;
    slots[`predType${i}`] = z.string().trim().default("FS").pipe(linkType);
    slots[`predLag${i}`] = lagDays;
  }
  return z
    .object({ ...planFields, ...slots })
    .superRefine((value, ctx) => {
      datesInOrder(value, ctx);
      const slots = value as Record<string, unknown>;
      const seen = new Set<number>();
      for (let i = 0; i < CREATE_PREDECESSOR_SLOTS; i += 1) {
        const predecessorId = slots[`pred${i}`] as number | null;
        if (predecessorId === null) continue;
        if (seen.has(predecessorId)) ctx.addIssue({ code: "custom", path: [`pred${i}`], message: "dependency_duplicate" });
        seen.add(predecessorId);
      }
    })
    .transform((value) => {
      const slots = value as Record<string, unknown>;
      const predecessors: NewPredecessor[] = [];
      for (let i = 0; i < CREATE_PREDECESSOR_SLOTS; i += 1) {
        const predecessorId = slots[`pred${i}`] as number | null;
        if (predecessorId !== null) predecessors.push({ slot: i, predecessorId, type: slots[`predType${i}`] as NewPredecessor["type"], lagDays: slots[`predLag${i}`] as number });
      }
      return {
        code: value.code,
        name: value.name,
        nameEn: value.nameEn,
        kind: value.kind,
        plannedStart: value.plannedStart,
        plannedEnd: value.plannedEnd,
        departmentId: value.departmentId,
        leaderId: value.leaderId,
        agency: value.agency,
        agencyEn: value.agencyEn,
        isKey: value.isKey,
        predecessors,
      };
    });
}
export type MilestoneCreate = z.output<ReturnType<typeof milestoneCreateSchema>>;

/** Editing the plan of an existing milestone: a change of planned dates needs a reason (checked by the model). */
export const milestonePlanSchema = z
  .object({ version, ...planFields, reason: z.string().trim().max(500, { message: "too_long" }).default("") })
  .superRefine(datesInOrder);
export type MilestonePlanEdit = z.output<typeof milestonePlanSchema>;

/** Retiring a milestone from the plan, or restoring it: always with a reason on record. */
export const retireSchema = z.object({ version, reason: requiredReason });
export type RetireInput = z.output<typeof retireSchema>;

/** A predecessor for this milestone (the successor); `version` is the successor's. */
export const addDependencySchema = z.object({ version, predecessorId: id, type: linkType, lagDays });
export type AddDependencyInput = z.output<typeof addDependencySchema>;

export const changeDependencySchema = z.object({ version, dependencyId: id, type: linkType, lagDays });
export type ChangeDependencyInput = z.output<typeof changeDependencySchema>;

export const removeDependencySchema = z.object({ version, dependencyId: id });
export type RemoveDependencyInput = z.output<typeof removeDependencySchema>;

/** A known delay recorded without touching the plan. */
export const expectedFinishSchema = z.object({ version, expectedEnd: requiredDate, reason: requiredReason });
export type ExpectedFinishInput = z.output<typeof expectedFinishSchema>;

export const clearExpectedFinishSchema = z.object({ version, reason: requiredReason });
export type ClearExpectedFinishInput = z.output<typeof clearExpectedFinishSchema>;
