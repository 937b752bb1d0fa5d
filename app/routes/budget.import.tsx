// POST /budget/import: payments from an uploaded .xlsx/.csv, all or nothing. Answers
// { ok: true, imported } or { ok: false, errors: RowError[] } (row 0 = the file itself) with a 4xx
// status (413 too large, 400 otherwise), or 503 with Retry-After while other files are being read.
// A resource route: its answers are Responses, because Remix drops the status of a data() result
// when a resource route is requested directly (a post without JavaScript or from a script got 200).
import {
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
} from "@remix-run/node";
import { idempotencyKeyField } from "~/domain/idempotency-forms.server";
import { importPayments, type RowError } from "~/models/capital.server";
import { MAX_IMPORT_BYTES, readPaymentFile } from "~/models/cost/io/payment-import.server";
import { requireProject } from "~/models/project.server";
import { requirePermission } from "~/session.server";
import { Busy } from "~/utils/concurrency";

export type ImportResult = { ok: true; imported: number } | { ok: false; errors: RowError[] };

const fileError = (message: string, vars?: Record<string, string>): RowError[] => [{ row: 0, field: "file", message, vars }];
/** The answer as JSON with its status, whether fetched by the page (.data) or posted directly. */
const reply = (result: ImportResult, init?: ResponseInit) => Response.json(result, init);
const tooLarge = () => reply({ ok: false, errors: fileError("file_too_large", { maxMb: String(MAX_IMPORT_BYTES / 1_000_000) }) }, { status: 413 });

export async function loader() {
  return redirect("/budget/payments");
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "capital.write");
  const project = await requireProject();

  // The body holds the file plus multipart framing; refuse an obviously oversized one before reading it.
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_IMPORT_BYTES + 64_000) return tooLarge();
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMPORT_BYTES, filter: ({ name }) => name === "file" || name === "idempotencyKey" }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return tooLarge();
    return reply({ ok: false, errors: fileError("unreadable_file") }, { status: 400 });
  }
  // The upload form's key: the same file sent twice from one form (a double click) is imported once.
  const key = idempotencyKeyField.safeParse(form.get("idempotencyKey") ?? undefined);
  if (!key.success) return reply({ ok: false, errors: fileError("form_key") }, { status: 400 });
  const file = form.get("file");
  if (!(file instanceof Blob) || file.size === 0) return reply({ ok: false, errors: fileError("required") }, { status: 400 });

  let parsed: Awaited<ReturnType<typeof readPaymentFile>>;
  try {
    parsed = await readPaymentFile(Buffer.from(await file.arrayBuffer()), "name" in file && typeof file.name === "string" ? file.name : "upload", project.id);
  } catch (error) {
    if (!(error instanceof Busy)) throw error;
    // Other files are being read (each may unpack tens of MB): refuse this one now, retry shortly.
    const headers = { "Retry-After": String(error.retryAfterSeconds) };
    return reply({ ok: false, errors: fileError("import_busy", { seconds: String(error.retryAfterSeconds) }) }, { status: 503, headers });
  }
  if (parsed.errors.length > 0) return reply({ ok: false, errors: parsed.errors }, { status: 400 });
  const result = await importPayments(project.id, parsed.rows, { userId: user.id }, key.data);
  if (!result.ok) return reply({ ok: false, errors: result.errors }, { status: 400 });
  return reply({ ok: true, imported: result.imported });
}
