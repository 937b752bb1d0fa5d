// A file download from a resource route: the bytes with their type and an attachment filename.

/** RFC 6266: an ASCII fallback name and the UTF-8 name, so non-ASCII filenames survive every browser. */
export function downloadResponse(body: Buffer, filename: string, contentType: string): Response {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": contentType,
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "Content-Length": String(body.length),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
