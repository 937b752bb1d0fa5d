// The weekly meeting's forms, validated on the server with zod. Messages are i18n keys (errors.*).
// Server-only (.server): route components import meetings.ts, and zod must stay out of the browser bundle.
import { z } from "zod";
import type { CivilDate } from "~/utils/dates";
import { dateField, optionalIdField as optionalId } from "./capital-forms.server";
import { AGENDA_OUTCOMES } from "./meetings";
import { LEADER_AREAS } from "./meetings/areas";

const text = (max: number) => z.string().trim().min(1, { message: "required" }).max(max, { message: "too_long" });
const id = z.string().trim().regex(/^\d{1,9}$/, { message: "invalid_choice" }).transform(Number);

const themeArea = z.enum(LEADER_AREAS, { message: "choose_area" });
export const themeSchema = z.object({ date: dateField().transform((v) => v!), theme: text(200), themeEn: z.string().trim().max(200, { message: "too_long" }).default(""), themeArea });
export const standInSchema = z.object({ date: dateField().transform((v) => v!), personId: optionalId, reason: z.string().trim().max(300, { message: "too_long" }).default("") });
export const manualItemSchema = z.object({ date: dateField().transform((v) => v!), title: text(300), detail: z.string().trim().max(2000, { message: "too_long" }).default("") });
export const swapSchema = z.object({ date: dateField().transform((v) => v!), otherDate: dateField().transform((v) => v!) }).refine((v) => v.date !== v.otherDate, { path: ["otherDate"], message: "same_meeting" });
export const minutesSchema = z
  .object({
    itemId: id,
    version: z.string().trim().regex(/^\d{1,9}$/, { message: "invalid" }).transform(Number),
    minutes: z.string().trim().max(5000, { message: "too_long" }).default(""),
    decision: z.string().trim().max(2000, { message: "too_long" }).default(""),
    outcome: z.union([z.literal(""), z.enum(AGENDA_OUTCOMES)], { message: "invalid_choice" }).default(""),
  })
  .refine((v) => v.outcome !== "decision" || v.decision !== "", { path: ["decision"], message: "decision_required" });
export function actionItemSchema(meetingDate: CivilDate) {
  return z.object({
    title: text(300),
    departmentId: id,
    ownerId: optionalId,
    agendaItemId: optionalId,
    dueOn: dateField().transform((v) => v!).refine((v) => v >= meetingDate, { message: "due_before_meeting" }),
  });
}
export function reportSchema(today: CivilDate) {
  return z.object({
    actionItemId: id,
    text: text(2000),
    reportedOn: dateField({ notAfter: today }).transform((v) => v!),
    done: z.enum(["0", "1"]).default("0").transform((v) => v === "1"),
  });
}
/** The rotation roster, chosen by name: one select per position (`seat0` … `seat5`), empty seats skipped. */
export const ROSTER_SEATS = 6;
export const rosterSchema = z
  .object(Object.fromEntries(Array.from({ length: ROSTER_SEATS }, (_, i) => [`seat${i}`, optionalId])) as Record<`seat${number}`, typeof optionalId>)
  .transform((v) => Array.from({ length: ROSTER_SEATS }, (_, i) => v[`seat${i}`]).filter((id): id is number => id !== null))
  .refine((ids) => ids.length > 0, { path: ["seat0"], message: "required" })
  .refine((ids) => new Set(ids).size === ids.length, { path: ["seat0"], message: "duplicate_person" })
  .transform((people) => ({ people }));

/** 领导分工: one select per area (a person's id, or empty for nobody). */
export const leadersSchema = z.object(Object.fromEntries(LEADER_AREAS.map((area) => [area, optionalId])) as Record<(typeof LEADER_AREAS)[number], typeof optionalId>);
export const seriesSchema = z.object({
  weekday: z.string().regex(/^[0-6]$/, { message: "invalid_choice" }).transform(Number),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "time_format" }),
});
