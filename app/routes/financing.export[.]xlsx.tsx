// GET /financing/export.xlsx: channels, facilities with their drawdowns, and the monthly funding gap as
// an Excel workbook (any signed-in user).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLang } from "~/i18n/lang.server";
import { xlsxDownload } from "~/models/cost/io/workbook.server";
import { financingWorkbook } from "~/models/financing-io.server";
import { requireProject } from "~/models/project.server";
import { requireUser } from "~/session.server";
import { today } from "~/utils/dates";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const now = today();
  const lang = await getLang(request);
  return xlsxDownload(request, `groundwork-financing-${now}.xlsx`, () => financingWorkbook(project.id, lang, now));
}
