// GET /budget/template.xlsx: the payment import template (any signed-in user).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLang } from "~/i18n/lang.server";
import { paymentTemplateWorkbook } from "~/models/cost/io/payment-template.server";
import { XLSX_CONTENT_TYPE } from "~/models/cost/io/workbook.server";
import { requireProject } from "~/models/project.server";
import { requireUser } from "~/session.server";
import { downloadResponse } from "~/utils/download.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const workbook = await paymentTemplateWorkbook({ lang: await getLang(request), projectId: project.id });
  return downloadResponse(workbook, "groundwork-payments-template.xlsx", XLSX_CONTENT_TYPE);
}
