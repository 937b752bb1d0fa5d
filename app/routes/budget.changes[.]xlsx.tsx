// GET /budget/changes.xlsx: the 变更签证台账 of every contract as an Excel workbook (any signed-in user).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLang } from "~/i18n/lang.server";
import { changesWorkbook } from "~/models/cost/io/registers.server";
import { XLSX_CONTENT_TYPE } from "~/models/cost/io/workbook.server";
import { requireProject } from "~/models/project.server";
import { requireUser } from "~/session.server";
import { today } from "~/utils/dates";
import { downloadResponse } from "~/utils/download.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const workbook = await changesWorkbook(project.id, await getLang(request));
  return downloadResponse(workbook, `groundwork-changes-${today()}.xlsx`, XLSX_CONTENT_TYPE);
}
