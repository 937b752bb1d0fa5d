// The idempotency key every money form posts (models/idempotency.server.ts): the page's key, made by
// its loader, plus which form on the page (see components/idempotency-key.tsx). Missing or malformed,
// it is one message beside the form: reload the page.
import { z } from "zod";

export const idempotencyKeyField = z
  .string({ message: "form_key" })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{15,99}$/, { message: "form_key" });
