// Downloading an Excel export through its loader (as a user, in a language) and reading it back.
import type { LoaderFunctionArgs } from "@remix-run/node";
import ExcelJS from "exceljs";
import { langCookie } from "~/i18n/lang.server";
import { callLoader, cookieFor } from "./requests";

export type DownloadOptions = { as?: string | null; lang?: "zh" | "en" };

/** The export's Response; `as: null` downloads signed out, otherwise as `as` (default `defaultUser`). */
export async function download(loader: (args: LoaderFunctionArgs) => Promise<unknown>, path: string, options: DownloadOptions = {}, defaultUser = "exec") {
  const cookies = [options.as === null ? null : await cookieFor(options.as ?? defaultUser)];
  if (options.lang) cookies.push((await langCookie.serialize(options.lang)).split(";")[0]);
  const result = await callLoader(loader, path, { headers: { Cookie: cookies.filter(Boolean).join("; ") } });
  if (!(result instanceof Response)) throw new Error("expected a Response");
  return result;
}

export async function workbookOf(response: Response) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await response.arrayBuffer()) as ExcelJS.Buffer);
  return workbook;
}
