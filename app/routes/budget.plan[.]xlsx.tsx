// GET /budget/plan.xlsx: the monthly fund-usage plan (资金使用计划) against payments as an Excel workbook (any signed-in user).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLang } from "~/i18n/lang.server";
import { fundPlanWorkbook } from "~/models/cost/io/fund-plan-export.server";
import { XLSX_CONTENT_TYPE } from "~/models/cost/io/workbook.server";
import { requireProject } from "~/models/project.server";
import { requireUser } from "~/session.server";
import { today } from "~/utils/dates";
import { downloadResponse } from "~/utils/download.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const workbook = await fundPlanWorkbook(project, await getLang(request));
  return downloadResponse(workbook, `groundwork-fund-plan-${today()}.xlsx`, XLSX_CONTENT_TYPE);
}
