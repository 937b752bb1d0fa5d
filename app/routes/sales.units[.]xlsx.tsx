// GET /sales/units.xlsx: the unit inventory (房源/价目表) workbook, the file /sales/units/import reads
// back (any signed-in user).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLang } from "~/i18n/lang.server";
import { xlsxDownload } from "~/models/cost/io/workbook.server";
import { requireProject } from "~/models/project.server";
import { inventoryWorkbook } from "~/models/sales/inventory-io.server";
import { requireUser } from "~/session.server";
import { today } from "~/utils/dates";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const lang = await getLang(request);
  return xlsxDownload(request, `groundwork-units-${today()}.xlsx`, () => inventoryWorkbook(project.id, lang));
}
