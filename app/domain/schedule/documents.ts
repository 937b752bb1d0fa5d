// The permits and drawings register (工程档案): categories, the file types accepted (told apart by their
// first bytes, never by the name or the type a browser claims), the download headers, and which permit
// milestones still lack their evidence. Pure: no I/O, safe in the browser bundle.

export const DOCUMENT_CATEGORIES = ["permit", "drawing", "report", "other"] as const;
export type DocumentCategory = (typeof DOCUMENT_CATEGORIES)[number];

export function isDocumentCategory(value: unknown): value is DocumentCategory {
  return typeof value === "string" && (DOCUMENT_CATEGORIES as readonly string[]).includes(value);
}

/** Largest attachment, in bytes (a scanned certificate or a drawing sheet as PDF). */
export const MAX_DOCUMENT_BYTES = 10_000_000;

/** The types kept: a scan or a drawing. Anything else (an .exe renamed .pdf, an SVG, HTML) is refused. */
export const DOCUMENT_TYPES = [
  { mimeType: "application/pdf", extension: "pdf" },
  { mimeType: "image/png", extension: "png" },
  { mimeType: "image/jpeg", extension: "jpg" },
  { mimeType: "image/webp", extension: "webp" },
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Bytes needed to tell the types apart. */
export const SNIFF_BYTES = 16;

const startsWith = (head: Uint8Array, bytes: number[], offset = 0) => bytes.every((byte, i) => head[offset + i] === byte);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The file's type from its first bytes (magic numbers), or null when it is none of DOCUMENT_TYPES. */
export function sniffDocumentType(head: Uint8Array): DocumentType | null {
  if (startsWith(head, ascii("%PDF-"))) return DOCUMENT_TYPES[0];
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return DOCUMENT_TYPES[1];
  if (startsWith(head, [0xff, 0xd8, 0xff])) return DOCUMENT_TYPES[2];
  if (startsWith(head, ascii("RIFF")) && startsWith(head, ascii("WEBP"), 8)) return DOCUMENT_TYPES[3];
  return null;
}

/** The accept attribute of the file input (a hint to the browser; the server checks the bytes). */
export const DOCUMENT_ACCEPT = ".pdf,.png,.jpg,.jpeg,.webp,application/pdf,image/png,image/jpeg,image/webp";

/**
 * The user's file name as shown and offered on download: no folders, no control characters, at most
 * 200 characters. It is never part of a path on disk (files are stored under a random name).
 */
export function displayFileName(name: string, fallbackExtension: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? "").replace(/[\u0000-\u001f\u007f"]/g, "").normalize("NFC").trim();
  const kept = base.length > 200 ? base.slice(base.length - 200) : base;
  return kept === "" || kept === "." || kept === ".." ? `document.${fallbackExtension}` : kept;
}

/**
 * Content-Disposition for a download or an inline view: an ASCII fallback name for old clients and the
 * real (UTF-8) name as RFC 5987 filename*, so 规审〔2026〕158号.pdf arrives intact.
 */
export function contentDisposition(kind: "inline" | "attachment", fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\;]/g, "_") || "document";
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** The issuing authorities by their 2026 names (DOMAIN.md): suggestions for the register's authority field. */
export const AUTHORITIES_2026 = [
  { name: "自然资源和规划局", nameEn: "Natural Resources and Planning Bureau" },
  { name: "生态环境局", nameEn: "Ecology and Environment Bureau" },
  { name: "发展和改革委员会", nameEn: "Development and Reform Commission" },
  { name: "住房和城乡建设局", nameEn: "Housing and Urban-Rural Development Bureau" },
  { name: "公共资源交易中心", nameEn: "Public Resources Trading Centre" },
  { name: "施工图审查机构", nameEn: "Construction drawing review agency" },
] as const;

/** Usual titles of the drawing sets by design stage (方案 → 扩初 → 施工图 → 审图). */
export const DRAWING_TITLES = [
  { name: "方案图", nameEn: "Scheme drawings" },
  { name: "扩初图", nameEn: "Preliminary design drawings" },
  { name: "施工图", nameEn: "Construction drawings" },
  { name: "审图合格书", nameEn: "Drawing review certificate" },
] as const;

export type EvidenceMilestone = { id: number; code: string; kind: string; status: string };
export type EvidenceDocument = { milestoneId: number | null; category: string; storedName: string | null; supersededAt: unknown };
export type MissingEvidence = { milestoneId: number; code: string; reason: "no_certificate" | "no_scan" };

/**
 * What the archive still lacks: a permit milestone that is done without a certificate in the register
 * (no current permit entry), and a permit milestone whose current certificate entry has no scan.
 */
export function missingEvidence(milestones: EvidenceMilestone[], documents: EvidenceDocument[]): MissingEvidence[] {
  const missing: MissingEvidence[] = [];
  for (const milestone of milestones) {
    if (milestone.kind !== "permit") continue;
    const certificates = documents.filter((d) => d.milestoneId === milestone.id && d.category === "permit" && !d.supersededAt);
    if (certificates.length === 0) {
      if (milestone.status === "done") missing.push({ milestoneId: milestone.id, code: milestone.code, reason: "no_certificate" });
    } else if (certificates.every((d) => d.storedName === null)) {
      missing.push({ milestoneId: milestone.id, code: milestone.code, reason: "no_scan" });
    }
  }
  return missing;
}

/** File sizes as the archive shows them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
