// GET /budget/progress.xlsx: the 进度款台账 (every progress claim of every contract) as an Excel workbook (any signed-in user).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLang } from "~/i18n/lang.server";
import { progressWorkbook } from "~/models/cost/io/registers.server";
import { XLSX_CONTENT_TYPE } from "~/models/cost/io/workbook.server";
import { requireProject } from "~/models/project.server";
import { requireUser } from "~/session.server";
import { today } from "~/utils/dates";
import { downloadResponse } from "~/utils/download.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const workbook = await progressWorkbook(project.id, await getLang(request));
  return downloadResponse(workbook, `groundwork-progress-payments-${today()}.xlsx`, XLSX_CONTENT_TYPE);
}
