// GET /sales/export.xlsx[?year=2027]: achievement against the year's targets, the sales and
// subscription records, the leases and the agency contract as an Excel workbook (any signed-in user).
// The year is the project's start-up capital year unless ?year= names another, as on /sales.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLang } from "~/i18n/lang.server";
import { xlsxDownload } from "~/models/cost/io/workbook.server";
import { requireProject } from "~/models/project.server";
import { salesWorkbook } from "~/models/sales/export.server";
import { requireUser } from "~/session.server";
import { today } from "~/utils/dates";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const yearParam = new URL(request.url).searchParams.get("year");
  const year = yearParam && /^\d{4}$/.test(yearParam) && Number(yearParam) >= 2020 && Number(yearParam) <= 2100 ? Number(yearParam) : project.startupCapitalYear;
  const now = today();
  const lang = await getLang(request);
  return xlsxDownload(request, `groundwork-sales-${year}-${now}.xlsx`, () => salesWorkbook(project.id, year, lang, now));
}
