// The register forms (add a document, supersede one with a new version), validated on the server with
// zod. Messages are i18n keys (errors.*). Server-only so zod stays out of the browser bundle.
import { z } from "zod";
import { isCivilDate, type CivilDate } from "~/utils/dates";
import { DOCUMENT_CATEGORIES } from "./documents";

const text = (max: number) => z.string().trim().max(max, { message: "too_long" }).default("");

function fields(today: CivilDate) {
  return {
    category: z.enum(DOCUMENT_CATEGORIES, { message: "invalid_choice" }),
    title: z.string().trim().min(1, { message: "required" }).max(200, { message: "too_long" }),
    number: text(100),
    authority: text(100),
    issuedOn: z
      .string()
      .trim()
      .default("")
      .transform((value) => (value === "" ? null : value))
      .refine((value) => value === null || isCivilDate(value), { message: "invalid_date" })
      .refine((value) => value === null || (value >= "2000-01-01" && value <= "2100-12-31"), { message: "date_out_of_range" })
      .refine((value) => value === null || value <= today, { message: "issued_in_future" }),
    note: text(1000),
  };
}

type Entry = { category: string; number: string; authority: string; issuedOn: string | null };

/** A certificate in the register carries its number, issuing authority and date (the scan may follow). */
function certificateFacts(value: Entry, ctx: z.RefinementCtx) {
  if (value.category !== "permit") return;
  if (value.number === "") ctx.addIssue({ code: "custom", path: ["number"], message: "certificate_number_required" });
  if (value.authority === "") ctx.addIssue({ code: "custom", path: ["authority"], message: "certificate_authority_required" });
  if (value.issuedOn === null) ctx.addIssue({ code: "custom", path: ["issuedOn"], message: "certificate_date_required" });
}

export function documentAddSchema(today: CivilDate) {
  return z.object({ intent: z.literal("add"), ...fields(today) }).superRefine(certificateFacts);
}

export function documentSupersedeSchema(today: CivilDate) {
  return z
    .object({ intent: z.literal("supersede"), documentId: z.coerce.number({ message: "invalid" }).int().positive().max(999_999_999), ...fields(today) })
    .superRefine(certificateFacts);
}

/** The fields of an entry, as both forms submit them. */
export type DocumentInput = Omit<z.output<ReturnType<typeof documentAddSchema>>, "intent">;
