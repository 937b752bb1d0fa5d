// GET /reports/:month.xlsx: the monthly pack as a workbook, from the same snapshot the page shows (the
// stored one when issued, live figures for a draft), in the reader's language.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { monthAllowed, parseMonth } from "~/domain/reports/pack";
import { getLang } from "~/i18n/lang.server";
import { xlsxDownload } from "~/models/cost/io/workbook.server";
import { requireProject } from "~/models/project.server";
import { packView } from "~/models/reports/pack.server";
import { packWorkbook } from "~/models/reports/pack-workbook.server";
import { requireUser } from "~/session.server";
import { dateToCivil, today } from "~/utils/dates";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const now = today();
  const month = parseMonth(params.month);
  if (!month || !monthAllowed(month, dateToCivil(project.scheduleStart), now)) {
    throw new Response("没有该月份的报告。\nThere is no pack for that month.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const lang = await getLang(request);
  const pack = await packView(project, month, now);
  return xlsxDownload(request, `groundwork-monthly-pack-${month}.xlsx`, () => packWorkbook(pack, lang));
}
