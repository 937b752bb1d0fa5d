// GET /financing/cashflow.xlsx?scenario=secured|expected: the cash flow to completion as an Excel
// workbook (any signed-in user): the chosen scenario's monthly table, the facilities' interest, and
// both scenarios' summary with the probabilities used. An unknown scenario exports the secured one.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLang } from "~/i18n/lang.server";
import { isScenario } from "~/models/cashflow.server";
import { cashflowWorkbook } from "~/models/cashflow-io.server";
import { xlsxDownload } from "~/models/cost/io/workbook.server";
import { requireProject } from "~/models/project.server";
import { requireUser } from "~/session.server";
import { today } from "~/utils/dates";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const raw = new URL(request.url).searchParams.get("scenario");
  const scenario = isScenario(raw) ? raw : "secured";
  const now = today();
  const lang = await getLang(request);
  return xlsxDownload(request, `groundwork-cashflow-${scenario}-${now}.xlsx`, () => cashflowWorkbook(project.id, scenario, lang, now));
}
