// The sign-in form, validated on the server with zod. Messages are i18n keys (errors.*). Server-only
// (.server) so that zod stays out of the browser bundle (see capital-forms.server.ts).
import { z } from "zod";
import { safeRedirect } from "~/utils/forms";

export const loginSchema = z.object({
  username: z.string().trim().min(1, { message: "required" }).max(64, { message: "too_long" }),
  password: z.string().min(1, { message: "required" }).max(200, { message: "too_long" }),
  redirectTo: z.string().optional().catch(undefined).transform(safeRedirect),
});
