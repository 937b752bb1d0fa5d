// The forms of cost accounts (成本科目), validated on the server with zod. Messages are i18n keys
// (errors.*). Server-only: see capital-forms.server.ts.
import { z } from "zod";
import { idField } from "~/domain/capital-forms.server";
import { idempotencyKeyField } from "~/domain/idempotency-forms.server";

const text = (max: number) => z.string().trim().min(1, { message: "required" }).max(max, { message: "too_long" });

/** Re-filing a contract to another leaf of its line (allowed while nothing is paid or held on it), with a reason. */
export const refileSchema = z.object({
  contractId: idField,
  accountId: idField,
  reason: text(500),
  idempotencyKey: idempotencyKeyField,
});
export type RefileInput = z.output<typeof refileSchema>;
