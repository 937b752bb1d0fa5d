// GET /budget/export.xlsx: the 两表对比 and the payment ledger as an Excel workbook (any signed-in user).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLang } from "~/i18n/lang.server";
import { budgetWorkbook } from "~/models/cost/io/budget-export.server";
import { XLSX_CONTENT_TYPE } from "~/models/cost/io/workbook.server";
import { requireProject } from "~/models/project.server";
import { requireUser } from "~/session.server";
import { today } from "~/utils/dates";
import { downloadResponse } from "~/utils/download.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const workbook = await budgetWorkbook(project.id, await getLang(request));
  return downloadResponse(workbook, `groundwork-budget-${today()}.xlsx`, XLSX_CONTENT_TYPE);
}
