// The monthly pack's forms (a section's commentary, issuing), validated on the server with zod. Messages
// are i18n keys (errors.*). Server-only: zod stays out of the browser bundle.
import { z } from "zod";
import { PACK_AREAS } from "~/domain/meetings/areas";
import { COMMENTARY_MAX } from "./pack";

const version = z.string().trim().regex(/^\d{1,9}$/, { message: "invalid" }).transform(Number);

export const commentarySchema = z.object({
  area: z.enum(PACK_AREAS, { message: "invalid_choice" }),
  version,
  // Line ends as typed; only trailing blanks go. Empty is allowed (it clears the text).
  text: z
    .string()
    .default("")
    .transform((v) => v.replace(/\r\n/g, "\n").trimEnd())
    .refine((v) => v.length <= COMMENTARY_MAX, { message: "pack_commentary_too_long" }),
});

export const issueSchema = z.object({
  version,
  // The checkbox confirming an issue before the month is over (sent only when ticked).
  early: z.string().optional().transform((v) => v === "1" || v === "on"),
});
