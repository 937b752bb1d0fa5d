// GET /financing/export.xlsx: channels, facilities with their drawdowns, and the monthly funding gap as
// an Excel workbook (any signed-in user).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLang } from "~/i18n/lang.server";
import { XLSX_CONTENT_TYPE } from "~/models/cost/io/workbook.server";
import { financingWorkbook } from "~/models/financing-io.server";
import { requireProject } from "~/models/project.server";
import { requireUser } from "~/session.server";
import { today } from "~/utils/dates";
import { downloadResponse } from "~/utils/download.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const now = today();
  const workbook = await financingWorkbook(project.id, await getLang(request), now);
  return downloadResponse(workbook, `groundwork-financing-${now}.xlsx`, XLSX_CONTENT_TYPE);
}
