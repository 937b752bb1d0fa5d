// The permits and drawings register (issue 16 item 6): uploads checked by their bytes and size, stored
// under random names with their SHA-256, downloads with the right headers, refusals that leave neither a
// row nor a file, versions that supersede without deleting, the archive's missing evidence, and backup
// and restore carrying the attachments.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { MAX_DOCUMENT_BYTES } from "~/domain/schedule/documents";
import { archive, listForMilestone } from "~/models/schedule/documents.server";
import { loader as fileLoader } from "~/routes/documents.$id.file";
import { loader as archiveLoader } from "~/routes/milestones.archive";
import { action as documentsAction } from "~/routes/milestones.$id.documents";
import { attachmentsDir, databaseFile } from "~/utils/env.server";
import { backupAttachmentsDir, backupDatabase, restoreDatabase } from "../../scripts/backup";
import { seedReferenceProject } from "../../prisma/seed";
import { seedDocuments } from "../../prisma/seed-documents";
import { callLoader, cookieFor, ORIGIN } from "../helpers/requests";
import { civilToDate as d } from "~/utils/dates";

const root = path.resolve(import.meta.dirname, "../..");
const scratch = path.join(root, "tests/.tmp", `documents-${process.pid}-${randomUUID().slice(0, 8)}`);
const attachments = path.join(scratch, "attachments");
let ids: Record<string, number>;
let otherMilestoneId: number;

beforeAll(async () => {
  // This file's own attachments folder (the default would be shared by the test files' databases).
  process.env.ATTACHMENTS_DIR = attachments;
  mkdirSync(scratch, { recursive: true });
  const { projectId } = await seedReferenceProject(prisma);
  // The seed may already call seedDocuments (prisma/seed.ts); add the register rows once.
  if ((await prisma.projectDocument.count()) === 0) await prisma.$transaction((tx) => seedDocuments(tx, projectId));
  const rows = await prisma.milestone.findMany({ where: { projectId }, select: { id: true, code: true } });
  ids = Object.fromEntries(rows.map((row) => [row.code, row.id]));
  const other = await prisma.project.create({
    data: { code: "GW-OTHER", name: "另一项目", nameEn: "Other project", totalBudgetFen: 1n, scheduleStart: d("2026-11-01"), scheduleEnd: d("2027-12-31") },
  });
  otherMilestoneId = (
    await prisma.milestone.create({ data: { projectId: other.id, code: "X01", kind: "permit", name: "他项目节点", nameEn: "Other", plannedStart: d("2026-11-02"), plannedEnd: d("2026-12-20") } })
  ).id;
});

afterAll(() => {
  delete process.env.ATTACHMENTS_DIR;
  rmSync(scratch, { recursive: true, force: true });
});

// ─── Files built in the test ─────────────────────────────────────────────────

const PDF = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n", "latin1");
// A 1×1 transparent PNG.
const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000" + "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082", "hex");
const EXE = Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"), Buffer.alloc(120, 0)]);
const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

type Upload = { name: string; bytes: Buffer; type?: string };

/** A multipart post to the register, as the milestone page's form sends it (a fetcher: Accept JSON). */
async function post(milestoneId: number, fields: Record<string, string>, file?: Upload, options: { as?: string; html?: boolean } = {}) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  if (file) form.append("file", new File([new Uint8Array(file.bytes)], file.name, { type: file.type ?? "application/pdf" }));
  const headers = new Headers({ Origin: ORIGIN, Accept: options.html ? "text/html,application/xhtml+xml" : "*/*" });
  headers.set("Cookie", await cookieFor(options.as ?? "pm"));
  return send(new Request(`${ORIGIN}/milestones/${milestoneId}/documents`, { method: "POST", body: form, headers }), milestoneId);
}

async function send(request: Request, milestoneId: number): Promise<Response> {
  try {
    return (await documentsAction({ request, params: { id: String(milestoneId) }, context: {} })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

const permitFields = { intent: "add", category: "permit", title: "规划方案批复", number: "规审〔2026〕158号", authority: "自然资源和规划局", issuedOn: "2026-11-26" };
const stored = () => (existsSync(attachments) ? readdirSync(attachments).sort() : []);

async function download(id: number, query = "", as: string | null = "exec") {
  return (await callLoader(fileLoader, `/documents/${id}/file${query}`, { as, params: { id: String(id) } })) as Response;
}

/** Posts that must be refused: neither a row nor a file (not even a temporary one) may remain. */
async function expectRefused(attempt: () => Promise<Response>, status: number) {
  const rowsBefore = await prisma.projectDocument.count();
  const filesBefore = stored();
  const response = await attempt();
  expect(response.status).toBe(status);
  expect(await prisma.projectDocument.count()).toBe(rowsBefore);
  expect(stored()).toEqual(filesBefore);
  return response;
}

describe("uploading to the register", () => {
  it("stores a PDF under a random name with its size and SHA-256, audited, and serves the same bytes", async () => {
    const response = await post(ids.M01, permitFields, { name: "规审〔2026〕158号.pdf", bytes: PDF });
    expect(response.status).toBe(303);
    const location = response.headers.get("Location")!;
    expect(location).toMatch(new RegExp(`^/milestones/${ids.M01}\\?document=\\d+#documents$`));
    const id = Number(/document=(\d+)/.exec(location)![1]);
    const row = await prisma.projectDocument.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ milestoneId: ids.M01, category: "permit", number: "规审〔2026〕158号", authority: "自然资源和规划局", fileName: "规审〔2026〕158号.pdf", mimeType: "application/pdf", sizeBytes: PDF.length, sha256: sha(PDF), version: 1, supersededAt: null });
    expect(row.storedName).toMatch(/^[0-9a-f-]{36}\.pdf$/);
    expect(readFileSync(path.join(attachments, row.storedName!))).toEqual(PDF);
    // Nothing left under a temporary name.
    expect(stored().filter((name) => name.startsWith("."))).toEqual([]);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entity: "ProjectDocument", entityId: id } });
    expect(audit).toMatchObject({ area: "schedule", action: "create" });
    expect(JSON.parse(audit.after!)).toMatchObject({ sha256: sha(PDF), number: "规审〔2026〕158号" });

    const file = await download(id);
    expect(file.status).toBe(200);
    expect(file.headers.get("Content-Type")).toBe("application/pdf");
    expect(file.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(file.headers.get("Content-Disposition")).toBe(`inline; filename="___2026_158_.pdf"; filename*=UTF-8''${encodeURIComponent("规审〔2026〕158号.pdf")}`);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(PDF);
    expect((await download(id, "?download=1")).headers.get("Content-Disposition")).toMatch(/^attachment; /);
  });

  it("stores a PNG, told by its bytes whatever the browser claimed", async () => {
    const response = await post(ids.M00, { intent: "add", category: "drawing", title: "方案图", number: "", authority: "", issuedOn: "", note: "" }, { name: "scan", bytes: PNG, type: "application/octet-stream" });
    expect(response.status).toBe(303);
    const id = Number(/document=(\d+)/.exec(response.headers.get("Location")!)![1]);
    const row = await prisma.projectDocument.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ mimeType: "image/png", fileName: "scan", sizeBytes: PNG.length });
    expect(row.storedName).toMatch(/\.png$/);
    const file = await download(id);
    expect(file.headers.get("Content-Type")).toBe("image/png");
    expect(Buffer.from(await file.arrayBuffer())).toEqual(PNG);
  });

  it("registers an entry without a file", async () => {
    const response = await post(ids.M03, { ...permitFields, title: "环境影响登记表备案回执", number: "环备〔2026〕0042号", authority: "生态环境局" });
    expect(response.status).toBe(303);
    const row = await prisma.projectDocument.findFirstOrThrow({ where: { number: "环备〔2026〕0042号" } });
    expect(row).toMatchObject({ storedName: null, fileName: null, sha256: null });
    expect((await download(row.id)).status).toBe(404);
  });

  it("refuses an .exe renamed .pdf, an oversized PDF and an empty file, leaving no row and no file", async () => {
    const typeRefusal = await expectRefused(() => post(ids.M01, permitFields, { name: "certificate.pdf", bytes: EXE }), 400);
    expect(await typeRefusal.json()).toMatchObject({ errors: { file: "document_type" }, values: { number: "规审〔2026〕158号" } });
    const big = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(MAX_DOCUMENT_BYTES, 0x20)]);
    const sizeRefusal = await expectRefused(() => post(ids.M01, permitFields, { name: "big.pdf", bytes: big }), 413);
    expect(await sizeRefusal.json()).toMatchObject({ errors: { file: { message: "document_too_large", vars: { maxMb: "10" } } } });
    const emptyRefusal = await expectRefused(() => post(ids.M01, permitFields, { name: "empty.pdf", bytes: Buffer.alloc(0) }), 400);
    expect(await emptyRefusal.json()).toMatchObject({ errors: { file: "document_empty" } });
  });

  it("refuses a certificate without its number, authority and date, keeping what was typed", async () => {
    const response = await expectRefused(() => post(ids.M01, { ...permitFields, number: "", authority: "", issuedOn: "" }, { name: "a.pdf", bytes: PDF }), 400);
    expect(await response.json()).toMatchObject({
      errors: { number: "certificate_number_required", authority: "certificate_authority_required", issuedOn: "certificate_date_required" },
      values: { title: "规划方案批复" },
    });
    const future = await expectRefused(() => post(ids.M01, { ...permitFields, issuedOn: "2027-01-01" }), 400);
    expect(await future.json()).toMatchObject({ errors: { issuedOn: "issued_in_future" } });
  });

  it("sends a browser without JavaScript back to the page with the error", async () => {
    const response = await expectRefused(() => post(ids.M01, permitFields, { name: "x.pdf", bytes: EXE }, { html: true }), 303);
    expect(response.headers.get("Location")).toBe(`/milestones/${ids.M01}?documentError=document_type&documentField=file#documents`);
  });

  it("refuses another project's milestone (404) and a user without schedule.write (403)", async () => {
    await expectRefused(() => post(otherMilestoneId, permitFields, { name: "a.pdf", bytes: PDF }), 404);
    await expectRefused(() => post(99_999, permitFields, { name: "a.pdf", bytes: PDF }), 404);
    const forbidden = await expectRefused(() => post(ids.M01, permitFields, { name: "a.pdf", bytes: PDF }, { as: "finance" }), 403);
    expect(await forbidden.text()).toMatch(/里程碑维护/);
  });

  it("answers junk posts with a 4xx and stores nothing", async () => {
    const headers = async (type: string) => ({ Origin: ORIGIN, Cookie: await cookieFor("pm"), "Content-Type": type });
    const url = `${ORIGIN}/milestones/${ids.M01}/documents`;
    const junk = async (type: string, body: string) => send(new Request(url, { method: "POST", headers: await headers(type), body }), ids.M01);
    await expectRefused(() => junk("application/x-www-form-urlencoded", "intent=add&title=x"), 415);
    await expectRefused(() => junk("text/plain", "hello"), 415);
    await expectRefused(() => junk("multipart/form-data", "no boundary"), 400);
    await expectRefused(() => junk("multipart/form-data; boundary=x", "--x\r\nbroken"), 400);
    const huge = `--x\r\nContent-Disposition: form-data; name="note"\r\n\r\n${"长".repeat(20_000)}\r\n--x--\r\n`;
    await expectRefused(() => junk("multipart/form-data; boundary=x", huge), 413);
    await expectRefused(() => junk("multipart/form-data; boundary=x", `--x\r\nContent-Disposition: form-data; name="intent"\r\n\r\nconstructor\r\n--x--\r\n`), 400);
    // A declared body past the limit is refused before it is read.
    const declared = { ...(await headers("multipart/form-data; boundary=x")), "Content-Length": String(MAX_DOCUMENT_BYTES * 2) };
    await expectRefused(() => send(new Request(url, { method: "POST", headers: declared, body: "--x--" }), ids.M01), 413);
  });
});

describe("downloads", () => {
  it("needs a signed-in user and answers 404 for unknown or other projects' documents", async () => {
    const row = await prisma.projectDocument.findFirstOrThrow({ where: { storedName: { not: null } } });
    const anonymous = await download(row.id, "", null);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
    expect((await download(999_999)).status).toBe(404);
    expect((await callLoader(fileLoader, "/documents/abc/file", { as: "exec", params: { id: "abc" } }) as Response).status).toBe(404);
    const other = await prisma.project.findFirstOrThrow({ where: { code: "GW-OTHER" } });
    const foreign = await prisma.projectDocument.create({ data: { projectId: other.id, category: "other", title: "x", storedName: row.storedName!.replace(/^.{8}/, "00000000"), mimeType: "application/pdf", fileName: "x.pdf" } });
    expect((await download(foreign.id)).status).toBe(404);
    await prisma.projectDocument.delete({ where: { id: foreign.id } });
  });
});

describe("versions and the archive", () => {
  it("supersedes an entry with a new version, keeping the old row", async () => {
    const old = await prisma.projectDocument.findFirstOrThrow({ where: { milestoneId: ids.C01, supersededAt: null } });
    const response = await post(ids.C01, { intent: "supersede", documentId: String(old.id), category: "permit", title: old.title, number: old.number, authority: old.authority, issuedOn: "2026-11-05" }, { name: "不动产权证.png", bytes: PNG, type: "image/png" });
    expect(response.status).toBe(303);
    const rows = await prisma.projectDocument.findMany({ where: { milestoneId: ids.C01 }, orderBy: { id: "asc" } });
    expect(rows).toHaveLength(2);
    expect(rows[0].supersededAt).not.toBeNull();
    expect(rows[1]).toMatchObject({ version: old.version + 1, supersededAt: null, category: "permit", mimeType: "image/png" });
    const listed = await listForMilestone(rows[0].projectId, ids.C01);
    expect(listed.map((doc) => [doc.id, doc.supersededAt === null])).toEqual([[rows[1].id, true], [rows[0].id, false]]);
    const audits = await prisma.auditLog.findMany({ where: { entity: "ProjectDocument", entityId: old.id } });
    expect(audits.map((a) => a.action)).toEqual(["update"]);
    expect(JSON.parse(audits[0].after!)).toMatchObject({ supersededBy: rows[1].id });
    // The old version cannot be superseded twice.
    const again = await expectRefused(() => post(ids.C01, { intent: "supersede", documentId: String(old.id), category: "permit", title: "x", number: "1", authority: "自然资源和规划局", issuedOn: "2026-11-05" }), 409);
    expect(await again.json()).toMatchObject({ errors: { form: "document_already_superseded" } });
  });

  it("lists every entry by category with the evidence still missing", async () => {
    // A permit finished without its certificate registered.
    await prisma.milestone.update({ where: { id: ids.M18 }, data: { status: "done", actualStart: d("2026-11-02"), actualEnd: d("2026-11-20"), percentComplete: 100 } });
    const project = await prisma.project.findFirstOrThrow({ where: { code: "GW-2026-01" } });
    const view = await archive(project.id);
    const missing = Object.fromEntries(view.missing.map((m) => [m.code, m.reason]));
    expect(missing.M18).toBe("no_certificate");
    expect(missing.C02).toBe("no_scan"); // registered by the seed, no scan yet
    expect(missing.M03).toBe("no_scan"); // registered above without a file
    expect(missing.C01).toBeUndefined(); // its new version has the scan
    expect(missing.M01).toBeUndefined(); // its certificate has a scan
    const permits = view.groups.find((g) => g.category === "permit")!;
    const c01 = permits.milestones.find((m) => m.milestone?.code === "C01")!;
    expect([c01.current.length, c01.superseded.length]).toEqual([1, 1]);
    expect(view.groups.find((g) => g.category === "drawing")!.milestones.map((m) => m.milestone?.code)).toContain("M00");

    const page = (await callLoader(archiveLoader, "/milestones/archive?category=drawing", { as: "member" })) as Awaited<ReturnType<typeof archiveLoader>>;
    expect(page.category).toBe("drawing");
    expect(page.groups.map((g) => g.category)).toEqual(["drawing"]);
    expect(page.missing.length).toBe(view.missing.length);
    const all = (await callLoader(archiveLoader, "/milestones/archive?category=%3Cscript%3E", { as: "member" })) as Awaited<ReturnType<typeof archiveLoader>>;
    expect(all.groups).toHaveLength(4);
  });
});

describe("backup and restore", () => {
  it("copies the attachments with the database and brings them back", async () => {
    const backupFile = path.join(scratch, "backup.db");
    const result = await backupDatabase(databaseFile(), backupFile);
    const withFiles = await prisma.projectDocument.findMany({ where: { storedName: { not: null } } });
    expect(withFiles.length).toBeGreaterThanOrEqual(3);
    expect(result.attachments).toBe(withFiles.length);
    expect(result.attachmentsDir).toBe(backupAttachmentsDir(backupFile));

    // The files are lost; the restore (into another file and folder: this one is in use) brings them back.
    for (const row of withFiles) unlinkSync(path.join(attachmentsDir(), row.storedName!));
    const target = path.join(scratch, "restored.db");
    const restoredFolder = path.join(scratch, "restored-attachments");
    mkdirSync(restoredFolder, { recursive: true });
    restoreDatabase(backupFile, target, restoredFolder);
    for (const row of withFiles) expect(sha(readFileSync(path.join(restoredFolder, row.storedName!)))).toBe(row.sha256);
    expect(existsSync(`${restoredFolder}.before-restore`)).toBe(true);

    // A backup whose folder lacks a file its rows point at is refused, and nothing is touched.
    unlinkSync(path.join(backupAttachmentsDir(backupFile), withFiles[0].storedName!));
    expect(() => restoreDatabase(backupFile, path.join(scratch, "other.db"), path.join(scratch, "other-attachments"))).toThrow(/refusing to restore: 1 attachment/);
    expect(existsSync(path.join(scratch, "other.db"))).toBe(false);
  });
});
