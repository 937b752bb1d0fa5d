// GET /documents/:id/file[?download=1]: a register entry's attachment (any signed-in user), shown inline
// (a PDF or an image in the browser) or offered as a download. Only types checked on upload are ever
// stored, and nosniff keeps the browser to the type we state. 404 for an unknown id, another project's
// document, or an entry without a file.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { contentDisposition } from "~/domain/schedule/documents";
import { requireProject } from "~/models/project.server";
import { documentFile } from "~/models/schedule/documents.server";
import { requireUser } from "~/session.server";
import { parseId } from "~/utils/forms";

const notFound = () => new Response("文件不存在。\nNo such file.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const id = parseId(params.id);
  const file = id ? await documentFile(project.id, id) : null;
  if (!file) return notFound();
  const download = new URL(request.url).searchParams.get("download") === "1";
  const headers: Record<string, string> = {
    "Content-Type": file.mimeType,
    "Content-Disposition": contentDisposition(download ? "attachment" : "inline", file.fileName),
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
  };
  if (file.sizeBytes !== null) headers["Content-Length"] = String(file.sizeBytes);
  return new Response(request.method === "HEAD" ? null : file.stream(), { headers });
}
