// GET /budget/template.xlsx: the payment import template (any signed-in user).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLang } from "~/i18n/lang.server";
import { paymentTemplateWorkbook } from "~/models/cost/io/payment-template.server";
import { xlsxDownload } from "~/models/cost/io/workbook.server";
import { requireProject } from "~/models/project.server";
import { requireUser } from "~/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const lang = await getLang(request);
  return xlsxDownload(request, "groundwork-payments-template.xlsx", () => paymentTemplateWorkbook({ lang, projectId: project.id }));
}
