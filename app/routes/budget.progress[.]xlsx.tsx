// GET /budget/progress.xlsx: the 进度款台账 (every progress claim of every contract) as an Excel workbook (any signed-in user).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLang } from "~/i18n/lang.server";
import { progressWorkbook } from "~/models/cost/io/registers.server";
import { xlsxDownload } from "~/models/cost/io/workbook.server";
import { requireProject } from "~/models/project.server";
import { requireUser } from "~/session.server";
import { today } from "~/utils/dates";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const lang = await getLang(request);
  return xlsxDownload(request, `groundwork-progress-payments-${today()}.xlsx`, () => progressWorkbook(project.id, lang));
}
