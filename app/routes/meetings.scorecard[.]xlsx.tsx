// GET /meetings/scorecard.xlsx?from=&to= (or ?month=): the accountability scorecard as an Excel workbook,
// the same months and figures as /meetings/scorecard (any signed-in user). Bad params are clamped, never refused.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { scorecardParams } from "~/domain/meetings/scorecard";
import { getLang } from "~/i18n/lang.server";
import { xlsxDownload } from "~/models/cost/io/workbook.server";
import { scorecardWorkbook } from "~/models/meetings/scorecard-workbook.server";
import { scorecardView } from "~/models/meetings/scorecard.server";
import { requireProject } from "~/models/project.server";
import { requireUser } from "~/session.server";
import { today } from "~/utils/dates";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const lang = await getLang(request);
  const now = today();
  const params = scorecardParams(new URL(request.url).searchParams);
  const view = await scorecardView(project.id, { from: params.from, to: params.to }, now);
  return xlsxDownload(request, `groundwork-scorecard-${view.range.from}-${view.range.to}.xlsx`, () => scorecardWorkbook(view, lang));
}
