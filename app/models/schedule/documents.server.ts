// The permits and drawings register and the project archive (工程档案): the only module that touches the
// ProjectDocument rows and their attachment files.
//
// Files live in attachmentsDir() (data/attachments/ beside the database by default; ATTACHMENTS_DIR
// overrides it) under a random name plus the extension of their checked type; the user's file name is
// kept in the row only. An upload is streamed to a temporary file (refused past MAX_DOCUMENT_BYTES
// without holding more in memory), its type told by its first bytes and its SHA-256 taken on the way;
// then one transaction creates the row and, last, renames the file to its stored name. If anything
// fails the file is removed, so there is never a row whose file is missing, nor a half-saved upload.
// Rows are never deleted: a new version supersedes an old one (supersededAt), which stays in the archive.
import { randomUUID, createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";
import {
  createReadableStreamFromReadable,
  MaxPartSizeExceededError,
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import type { Prisma } from "@prisma/client";
import { prisma, writeTransaction } from "~/db.server";
import { recordAudit } from "~/models/audit.server";
import { acknowledgeScheduleWrite } from "~/models/schedule/forecast-store.server";
import type { DocumentInput } from "~/domain/schedule/document-forms.server";
import {
  DOCUMENT_CATEGORIES,
  displayFileName,
  MAX_DOCUMENT_BYTES,
  missingEvidence,
  SNIFF_BYTES,
  sniffDocumentType,
  type DocumentCategory,
  type MissingEvidence,
} from "~/domain/schedule/documents";
import { civilToDate, dateToCivil } from "~/utils/dates";
import { attachmentsDir } from "~/utils/env.server";
import { formValues, type FieldError, type FormValues } from "~/utils/forms";

/** Text fields of the upload form are short; a longer one is refused (413) rather than read. */
const MAX_FIELD_BYTES = 16 * 1024;
/** The multipart framing and the text fields around the file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

// ─── Uploads ─────────────────────────────────────────────────────────────────

/** An uploaded file, checked and waiting under a temporary name until its row is written. */
export type StagedUpload = { tempPath: string; fileName: string; mimeType: string; extension: string; sizeBytes: number; sha256: string };

export type DocumentFormRead =
  | { ok: true; form: FormData; upload: StagedUpload | null }
  | { ok: false; status: 400 | 413 | 415; field: "file" | "form"; error: FieldError; values?: FormValues };

const refused = (status: 400 | 413 | 415, field: "file" | "form", error: FieldError, values?: FormValues): DocumentFormRead => ({ ok: false, status, field, error, values });
const tooLarge = () => refused(413, "file", { message: "document_too_large", vars: { maxMb: String(MAX_DOCUMENT_BYTES / 1_000_000) } });

async function drain(data: AsyncIterable<Uint8Array>) {
  for await (const _chunk of data) {
    // discarded
  }
}

/**
 * The register form of a multipart post, with its file (if any) staged in the attachments folder.
 * Refusals (not multipart, malformed, too large, an empty file or a type we do not keep) leave no file
 * behind. The caller must `discardUpload` the staged file once done (a no-op after it was stored).
 */
export async function readDocumentForm(request: Request): Promise<DocumentFormRead> {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "multipart/form-data") return refused(415, "form", "not_multipart");
  // Refuse an obviously oversized body before reading it.
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  if (Number.isFinite(declared) && declared > MAX_DOCUMENT_BYTES + FORM_OVERHEAD_BYTES) return tooLarge();

  const dir = attachmentsDir();
  const staged: StagedUpload[] = [];
  const written: string[] = [];
  let sawFile = false;
  // A file we do not keep (empty, or not one of the types): its bytes are removed, the rest of the
  // form still read, so the answer can hand back what was typed.
  let fileRefusal: FieldError | null = null;

  const fileHandler: UploadHandler = async ({ name, filename, data }) => {
    if (name !== "file" || filename === undefined) return undefined;
    // One file per post; a file input left empty is sent as a part named "" with no bytes.
    if (sawFile || filename === "") {
      await drain(data);
      return undefined;
    }
    sawFile = true;
    await mkdir(dir, { recursive: true });
    const tempPath = path.join(dir, `.upload-${randomUUID()}.part`);
    written.push(tempPath);
    const handle = await open(tempPath, "wx", 0o640);
    const hash = createHash("sha256");
    const head = new Uint8Array(SNIFF_BYTES);
    let size = 0;
    try {
      for await (const chunk of data) {
        if (size < SNIFF_BYTES) head.set(chunk.subarray(0, SNIFF_BYTES - size), size);
        size += chunk.byteLength;
        if (size > MAX_DOCUMENT_BYTES) throw new MaxPartSizeExceededError(name, MAX_DOCUMENT_BYTES);
        hash.update(chunk);
        await handle.write(chunk);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    const checked = size === 0 ? null : sniffDocumentType(head.subarray(0, Math.min(size, SNIFF_BYTES)));
    if (!checked) {
      fileRefusal = size === 0 ? "document_empty" : "document_type";
      await rm(tempPath, { force: true });
      return undefined;
    }
    staged.push({
      tempPath,
      fileName: displayFileName(filename, checked.extension),
      mimeType: checked.mimeType,
      extension: checked.extension,
      sizeBytes: size,
      sha256: hash.digest("hex"),
    });
    return "staged";
  };
  const fieldHandler = unstable_createMemoryUploadHandler({ maxPartSize: MAX_FIELD_BYTES, filter: ({ filename }) => filename === undefined });

  try {
    const form = await unstable_parseMultipartFormData(request, unstable_composeUploadHandlers(fileHandler, fieldHandler));
    if (fileRefusal) return refused(400, "file", fileRefusal, formValues(form));
    return { ok: true, form, upload: staged[0] ?? null };
  } catch (error) {
    await Promise.all(written.map((file) => rm(file, { force: true })));
    if (error instanceof MaxPartSizeExceededError) return error.field === "file" ? tooLarge() : refused(413, "form", "field_too_large");
    return refused(400, "form", "unreadable_form");
  }
}

/** Removes a staged file that was not stored (a refused form); nothing happens once it was stored. */
export async function discardUpload(upload: StagedUpload | null) {
  if (upload) await rm(upload.tempPath, { force: true });
}

// ─── Writes ──────────────────────────────────────────────────────────────────

type Actor = { userId: number };
export type DocumentWriteResult =
  | { ok: true; id: number }
  | { ok: false; reason: "not_found" | "already_superseded" };

type DocumentRow = Awaited<ReturnType<typeof prisma.projectDocument.create>>;

/** The row as the audit log records it. */
function auditView(row: DocumentRow) {
  return {
    milestoneId: row.milestoneId,
    category: row.category,
    title: row.title,
    number: row.number,
    authority: row.authority,
    issuedOn: row.issuedOn ? dateToCivil(row.issuedOn) : null,
    note: row.note,
    fileName: row.fileName,
    mimeType: row.mimeType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    version: row.version,
    supersededAt: row.supersededAt,
  };
}

/**
 * Writes the row(s) and, as the transaction's last step, moves the staged file to its stored name. If
 * the transaction fails after the move, the moved file is removed again: no file without its row.
 */
async function withStoredFile<T extends { ok: boolean }>(upload: StagedUpload | null, work: (tx: Prisma.TransactionClient, file: StoredFile | null) => Promise<T>): Promise<T> {
  const stored = upload ? { ...upload, storedName: `${randomUUID()}.${upload.extension}` } : null;
  const finalPath = stored ? path.join(attachmentsDir(), stored.storedName) : null;
  try {
    return await writeTransaction(async (tx) => {
      const result = await work(tx, stored);
      if (stored && finalPath && result.ok) await rename(stored.tempPath, finalPath);
      return result;
    });
  } catch (error) {
    if (finalPath) await rm(finalPath, { force: true });
    throw error;
  } finally {
    if (upload) await rm(upload.tempPath, { force: true });
  }
}

type StoredFile = StagedUpload & { storedName: string };

function rowData(input: DocumentInput, file: StoredFile | null, actor: Actor) {
  return {
    category: input.category,
    title: input.title,
    number: input.number,
    authority: input.authority,
    issuedOn: input.issuedOn ? civilToDate(input.issuedOn) : null,
    note: input.note,
    fileName: file?.fileName ?? null,
    mimeType: file?.mimeType ?? null,
    sizeBytes: file?.sizeBytes ?? null,
    sha256: file?.sha256 ?? null,
    storedName: file?.storedName ?? null,
    uploadedById: file ? actor.userId : null,
  };
}

/** A register entry for a milestone of the project, with or without its file. */
export async function addDocument(projectId: number, milestoneId: number, input: DocumentInput, upload: StagedUpload | null, actor: Actor): Promise<DocumentWriteResult> {
  return withStoredFile(upload, async (tx, file) => {
    const milestone = await tx.milestone.findFirst({ where: { id: milestoneId, projectId }, select: { id: true } });
    if (!milestone) return { ok: false, reason: "not_found" } as const;
    const row = await tx.projectDocument.create({ data: { projectId, milestoneId, ...rowData(input, file, actor) } });
    await recordAudit(tx, { userId: actor.userId, area: "schedule", entity: "ProjectDocument", entityId: row.id, action: "create", after: auditView(row) });
    await acknowledgeScheduleWrite(tx, projectId);
    return { ok: true, id: row.id } as const;
  });
}

/**
 * A new version of a register entry (a renewed certificate, a revised drawing set): the new row takes
 * the old one's category and the next version number; the old row is marked superseded, never deleted.
 */
export async function supersedeDocument(
  projectId: number,
  milestoneId: number,
  documentId: number,
  input: DocumentInput,
  upload: StagedUpload | null,
  actor: Actor,
): Promise<DocumentWriteResult> {
  return withStoredFile(upload, async (tx, file) => {
    const old = await tx.projectDocument.findFirst({ where: { id: documentId, projectId, milestoneId } });
    if (!old) return { ok: false, reason: "not_found" } as const;
    const now = new Date();
    // Guarded: of two versions posted at once against the same entry, one wins.
    const marked = await tx.projectDocument.updateMany({ where: { id: old.id, supersededAt: null }, data: { supersededAt: now } });
    if (marked.count === 0) return { ok: false, reason: "already_superseded" } as const;
    const row = await tx.projectDocument.create({
      data: { projectId, milestoneId, ...rowData({ ...input, category: old.category as DocumentCategory }, file, actor), version: old.version + 1 },
    });
    await recordAudit(tx, { userId: actor.userId, area: "schedule", entity: "ProjectDocument", entityId: row.id, action: "create", after: { ...auditView(row), supersedes: old.id } });
    await recordAudit(tx, {
      userId: actor.userId,
      area: "schedule",
      entity: "ProjectDocument",
      entityId: old.id,
      action: "update",
      before: { supersededAt: null },
      after: { supersededAt: now, supersededBy: row.id },
    });
    await acknowledgeScheduleWrite(tx, projectId);
    return { ok: true, id: row.id } as const;
  });
}

// ─── Reads ───────────────────────────────────────────────────────────────────

const documentSelect = {
  id: true,
  milestoneId: true,
  category: true,
  title: true,
  number: true,
  authority: true,
  issuedOn: true,
  note: true,
  fileName: true,
  mimeType: true,
  sizeBytes: true,
  storedName: true,
  sha256: true,
  createdAt: true,
  supersededAt: true,
  version: true,
  milestone: { select: { id: true, code: true, name: true, nameEn: true, kind: true } },
} as const;

type SelectedDocument = Awaited<ReturnType<typeof selectDocuments>>[number];

function selectDocuments(where: { projectId: number; milestoneId?: number; category?: string }) {
  return prisma.projectDocument.findMany({ where, select: documentSelect, orderBy: [{ supersededAt: { sort: "asc", nulls: "first" } }, { issuedOn: { sort: "desc", nulls: "last" } }, { id: "desc" }] });
}

/** A document as pages show it: plain data, dates as strings, no stored name. */
function toView(row: SelectedDocument) {
  return {
    id: row.id,
    milestone: row.milestone,
    category: row.category as DocumentCategory,
    title: row.title,
    number: row.number,
    authority: row.authority,
    issuedOn: row.issuedOn ? dateToCivil(row.issuedOn) : null,
    note: row.note,
    file: row.storedName ? { name: row.fileName ?? "", mimeType: row.mimeType ?? "", sizeBytes: row.sizeBytes ?? 0, sha256: row.sha256 ?? "" } : null,
    createdAt: row.createdAt.toISOString(),
    supersededAt: row.supersededAt ? row.supersededAt.toISOString() : null,
    version: row.version,
  };
}

export type DocumentView = ReturnType<typeof toView>;

/** The milestone's register entries: current ones first, then the superseded versions. */
export async function listForMilestone(projectId: number, milestoneId: number): Promise<DocumentView[]> {
  return (await selectDocuments({ projectId, milestoneId })).map(toView);
}

export type ArchiveGroup = {
  category: DocumentCategory;
  milestones: { milestone: DocumentView["milestone"]; current: DocumentView[]; superseded: DocumentView[] }[];
  count: number;
};

export type ArchiveView = {
  groups: ArchiveGroup[];
  counts: Record<DocumentCategory, number>;
  missing: (MissingEvidence & { name: string; nameEn: string; status: string })[];
};

/**
 * 工程档案: every register entry by category, and within it by milestone (in plan order), with the
 * superseded versions apart; and the permit milestones still lacking their evidence.
 */
export async function archive(projectId: number, filters: { category?: DocumentCategory | null } = {}): Promise<ArchiveView> {
  const [rows, milestones] = await Promise.all([
    selectDocuments({ projectId }),
    prisma.milestone.findMany({
      where: { projectId, retiredAt: null },
      select: { id: true, code: true, name: true, nameEn: true, kind: true, status: true, sortOrder: true },
      orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
    }),
  ]);
  const documents = rows.map(toView);
  const order = new Map(milestones.map((m, index) => [m.id, index]));
  const counts = Object.fromEntries(DOCUMENT_CATEGORIES.map((c) => [c, documents.filter((d) => d.category === c && !d.supersededAt).length])) as Record<DocumentCategory, number>;

  const groups: ArchiveGroup[] = [];
  for (const category of DOCUMENT_CATEGORIES) {
    if (filters.category && filters.category !== category) continue;
    const inCategory = documents.filter((d) => d.category === category);
    const byMilestone = new Map<number | null, ArchiveGroup["milestones"][number]>();
    for (const document of inCategory) {
      const key = document.milestone?.id ?? null;
      const entry = byMilestone.get(key) ?? { milestone: document.milestone, current: [], superseded: [] };
      (document.supersededAt ? entry.superseded : entry.current).push(document);
      byMilestone.set(key, entry);
    }
    const sorted = [...byMilestone.values()].sort((a, b) => (order.get(a.milestone?.id ?? -1) ?? 1e9) - (order.get(b.milestone?.id ?? -1) ?? 1e9));
    groups.push({ category, milestones: sorted, count: counts[category] });
  }

  const byId = new Map(milestones.map((m) => [m.id, m]));
  const missing = missingEvidence(
    milestones,
    rows.map((r) => ({ milestoneId: r.milestoneId, category: r.category, storedName: r.storedName, supersededAt: r.supersededAt })),
  ).map((m) => {
    const milestone = byId.get(m.milestoneId)!;
    return { ...m, name: milestone.name, nameEn: milestone.nameEn, status: milestone.status };
  });
  return { groups, counts, missing };
}

/** The milestone a register post names, when it belongs to the project. */
export function findMilestoneForDocuments(projectId: number, milestoneId: number) {
  return prisma.milestone.findFirst({ where: { id: milestoneId, projectId }, select: { id: true, code: true, kind: true } });
}

/** A stored attachment of the project, ready to send; null for an unknown id, another project's, or no file. */
export async function documentFile(projectId: number, documentId: number) {
  const row = await prisma.projectDocument.findFirst({
    where: { id: documentId, projectId },
    select: { storedName: true, fileName: true, mimeType: true, sizeBytes: true },
  });
  if (!row?.storedName || !row.mimeType || !/^[0-9a-f-]{36}\.[a-z]{3,4}$/.test(row.storedName)) return null;
  const file = path.join(attachmentsDir(), row.storedName);
  if (!existsSync(file)) return null;
  return {
    fileName: row.fileName ?? row.storedName,
    mimeType: row.mimeType,
    sizeBytes: row.sizeBytes,
    stream: () => createReadableStreamFromReadable(createReadStream(file)),
  };
}
