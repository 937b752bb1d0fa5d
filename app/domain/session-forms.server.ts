// The forms of the account page and the admin users page (ending sessions), validated on the server
// with zod. Messages are i18n keys (errors.*). Server-only (.server), so zod stays out of the browser.
import { z } from "zod";

const id = z.string().trim().regex(/^\d{1,9}$/, { message: "invalid_choice" }).transform(Number);

/** End one session (the page's own list names it). */
export const endSessionSchema = z.object({ sessionId: id });
/** End every session: "sign out everywhere" on the account page, "end all" on the admin page. */
export const endAllSessionsSchema = z.object({});

export const SESSION_FORMS = { end: endSessionSchema, endAll: endAllSessionsSchema };
