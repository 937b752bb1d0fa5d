// The audit log's filter (from the query string), validated on the server with zod. Server-only
// (.server) so that zod stays out of the browser bundle (see capital-forms.server.ts).
import { z } from "zod";
import { isCivilDate } from "~/utils/dates";
import { AUDIT_AREAS } from "./audit";

const optionalDate = z
  .string()
  .trim()
  .refine((v) => v === "" || isCivilDate(v), { message: "invalid_date" })
  .refine((v) => v === "" || (v >= "2000-01-01" && v <= "2100-12-31"), { message: "date_out_of_range" })
  .default("");

export const auditFilterSchema = z.object({
  user: z.string().regex(/^\d{0,9}$/, { message: "invalid" }).default(""),
  area: z.enum(["", ...AUDIT_AREAS], { message: "invalid_choice" }).default(""),
  from: optionalDate,
  to: optionalDate,
  before: z.string().regex(/^\d{0,9}$/, { message: "invalid" }).default(""),
});
