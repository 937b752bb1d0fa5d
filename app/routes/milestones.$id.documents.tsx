// POST /milestones/:id/documents (multipart): the milestone's register — intent "add" (a new entry, with
// or without its file) or "supersede" (a new version of an entry; the old one stays, superseded).
// Project managers only (schedule.write). On success it goes back to /milestones/:id#documents. On a
// refusal a page's fetcher gets { errors, values } as JSON with a 4xx status (the form shows each error
// beside its field and keeps what was typed); a browser posting without JavaScript is sent back to the
// page with the first error's key in ?documentError=, the form shown beside it.
// A resource route: its answers are Responses, as Remix drops the status of a data() result when a
// resource route is requested directly.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { documentAddSchema, documentSupersedeSchema, type DocumentInput } from "~/domain/schedule/document-forms.server";
import { requireProject } from "~/models/project.server";
import { addDocument, discardUpload, findMilestoneForDocuments, readDocumentForm, supersedeDocument } from "~/models/schedule/documents.server";
import { requirePermission } from "~/session.server";
import { today } from "~/utils/dates";
import { parseId, parseIntent, type FieldError, type FieldErrors, type FormValues } from "~/utils/forms";

export type DocumentActionResult = { errors: FieldErrors; values: FormValues };

export async function loader({ params }: LoaderFunctionArgs) {
  const id = parseId(params.id);
  return redirect(id ? `/milestones/${id}#documents` : "/milestones");
}

function errorKey(error: FieldError) {
  return typeof error === "string" ? error : error.message;
}

export async function action({ request, params }: ActionFunctionArgs) {
  // Who may write, before a byte of the body is read or stored.
  const user = await requirePermission(request, "schedule.write");
  const project = await requireProject();
  const id = parseId(params.id);
  const milestone = id ? await findMilestoneForDocuments(project.id, id) : null;
  if (!milestone) throw new Response("Milestone not found", { status: 404 });
  const back = `/milestones/${milestone.id}`;
  // A browser posting the form itself (no JavaScript) reads a page; a fetcher reads the JSON answer.
  const wantsPage = (request.headers.get("Accept") ?? "").includes("text/html");
  const refuse = (status: number, errors: FieldErrors, values: FormValues = {}) => {
    if (wantsPage) {
      const [field, error] = Object.entries(errors)[0] ?? ["form", "invalid"];
      return redirect(`${back}?documentError=${encodeURIComponent(errorKey(error))}&documentField=${encodeURIComponent(field)}#documents`, 303);
    }
    return Response.json({ errors, values } satisfies DocumentActionResult, { status });
  };

  const read = await readDocumentForm(request);
  if (!read.ok) return refuse(read.status, { [read.field]: read.error }, read.values);
  try {
    const parsed = parseIntent({ add: documentAddSchema(today()), supersede: documentSupersedeSchema(today()) }, read.form);
    if (!parsed.ok) return refuse(400, parsed.errors, parsed.values);
    const input = parsed.data as DocumentInput & { intent: "add" | "supersede"; documentId?: number };
    const actor = { userId: user.id };
    const result =
      input.intent === "supersede"
        ? await supersedeDocument(project.id, milestone.id, input.documentId!, input, read.upload, actor)
        : await addDocument(project.id, milestone.id, input, read.upload, actor);
    if (result.ok) return redirect(`${back}?document=${result.id}#documents`, 303);
    if (result.reason === "already_superseded") return refuse(409, { form: "document_already_superseded" }, parsed.values);
    return refuse(404, { form: "document_not_found" }, parsed.values);
  } finally {
    await discardUpload(read.upload);
  }
}
