// GET /budget/export.xlsx[?line=&from=&to=]: the 两表对比 and the payment ledger as an Excel workbook
// (any signed-in user). The ledger sheet takes the ledger page's filter (its export link carries it)
// and holds at most LEDGER_EXPORT_MAX_ROWS payments, the latest (ledger-export.server.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { ledgerFilterSchema } from "~/domain/capital-forms.server";
import { getLang } from "~/i18n/lang.server";
import { budgetWorkbook } from "~/models/cost/io/budget-export.server";
import { xlsxDownload } from "~/models/cost/io/workbook.server";
import { requireProject } from "~/models/project.server";
import { requireUser } from "~/session.server";
import { today } from "~/utils/dates";
import { parseForm } from "~/utils/forms";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const lang = await getLang(request);
  // The ledger page's filter; one it would refuse is ignored, as the page ignores it.
  const form = new FormData();
  for (const [key, value] of new URL(request.url).searchParams) form.append(key, value);
  const parsed = parseForm(ledgerFilterSchema, form);
  const values = parsed.ok ? parsed.data : { line: "", from: "", to: "" };
  const filter = { lineId: values.line ? Number(values.line) : undefined, from: values.from || undefined, to: values.to || undefined };
  return xlsxDownload(request, `groundwork-budget-${today()}.xlsx`, () => budgetWorkbook(project.id, lang, { filter }));
}
