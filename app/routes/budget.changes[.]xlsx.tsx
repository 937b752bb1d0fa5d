// GET /budget/changes.xlsx: the 变更签证台账 of every contract as an Excel workbook (any signed-in user).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLang } from "~/i18n/lang.server";
import { changesWorkbook } from "~/models/cost/io/registers.server";
import { xlsxDownload } from "~/models/cost/io/workbook.server";
import { requireProject } from "~/models/project.server";
import { requireUser } from "~/session.server";
import { today } from "~/utils/dates";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const lang = await getLang(request);
  return xlsxDownload(request, `groundwork-changes-${today()}.xlsx`, () => changesWorkbook(project.id, lang));
}
