// The milestone update form, validated on the server with zod. Messages are i18n keys (errors.*).
// Server-only (.server): route components import schedule.ts, and zod must stay out of the browser bundle.
import { z } from "zod";
import { isCivilDate, type CivilDate } from "~/utils/dates";
import { MILESTONE_STATUSES } from "./index";

const optionalDate = z
  .string()
  .trim()
  .transform((value) => (value === "" ? null : value))
  .refine((value) => value === null || isCivilDate(value), { message: "invalid_date" })
  .refine((value) => value === null || (value >= "2000-01-01" && value <= "2100-12-31"), { message: "date_out_of_range" });

const requiredDate = z
  .string()
  .trim()
  .min(1, { message: "required" })
  .refine((value) => isCivilDate(value), { message: "invalid_date" })
  .refine((value) => value >= "2000-01-01" && value <= "2100-12-31", { message: "date_out_of_range" });

/** The form a project manager submits. Messages are i18n keys (errors.*), shown beside the field. */
export function milestoneUpdateSchema(today: CivilDate) {
  return z
    .object({
      version: z.coerce.number().int().positive(),
      status: z.enum(MILESTONE_STATUSES, { message: "invalid_choice" }),
      percentComplete: z
        .string()
        .trim()
        .min(1, { message: "required" })
        .regex(/^\d{1,3}$/, { message: "percent_range" })
        .transform(Number)
        .refine((n) => n >= 0 && n <= 100, { message: "percent_range" }),
      actualStart: optionalDate,
      actualEnd: optionalDate,
      plannedStart: requiredDate,
      plannedEnd: requiredDate,
      note: z.string().max(2000, { message: "too_long" }).default(""),
      reason: z.string().trim().max(500, { message: "too_long" }).default(""),
    })
    .superRefine((value, ctx) => {
      const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
      if (value.plannedEnd < value.plannedStart) issue("plannedEnd", "end_before_start");
      if (value.actualStart && value.actualStart > today) issue("actualStart", "not_in_future");
      if (value.actualEnd && value.actualEnd > today) issue("actualEnd", "not_in_future");
      if (value.actualStart && value.actualEnd && value.actualEnd < value.actualStart) issue("actualEnd", "end_before_start");
      switch (value.status) {
        case "not_started":
          if (value.actualStart) issue("actualStart", "not_started_no_actual");
          if (value.actualEnd) issue("actualEnd", "not_started_no_actual");
          if (value.percentComplete !== 0) issue("percentComplete", "not_started_zero");
          break;
        case "in_progress":
        case "blocked":
          if (!value.actualStart) issue("actualStart", "started_needs_start");
          if (value.actualEnd) issue("actualEnd", "only_done_has_end");
          if (value.percentComplete === 100) issue("percentComplete", "unfinished_below_100");
          break;
        case "done":
          if (!value.actualStart) issue("actualStart", "started_needs_start");
          if (!value.actualEnd) issue("actualEnd", "done_needs_end");
          if (value.percentComplete !== 100) issue("percentComplete", "done_is_100");
          break;
      }
    });
}

export type MilestoneUpdate = z.output<ReturnType<typeof milestoneUpdateSchema>>;
