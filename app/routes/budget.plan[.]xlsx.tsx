// GET /budget/plan.xlsx: the monthly fund-usage plan (资金使用计划) against payments as an Excel workbook (any signed-in user).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLang } from "~/i18n/lang.server";
import { fundPlanWorkbook } from "~/models/cost/io/fund-plan-export.server";
import { xlsxDownload } from "~/models/cost/io/workbook.server";
import { requireProject } from "~/models/project.server";
import { requireUser } from "~/session.server";
import { today } from "~/utils/dates";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const lang = await getLang(request);
  return xlsxDownload(request, `groundwork-fund-plan-${today()}.xlsx`, () => fundPlanWorkbook(project, lang));
}
