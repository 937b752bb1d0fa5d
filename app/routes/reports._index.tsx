// GET /reports: the monthly executive packs (月度经营报告) by month, from the project's first month to the
// current one, newest first, each a draft or issued (by whom, when).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { localName, useLang, useT } from "~/i18n";
import { requireProject } from "~/models/project.server";
import { listPacks } from "~/models/reports/pack.server";
import { requireUser } from "~/session.server";
import { formatDateTime, formatMonth, today } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "pack.archiveTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  return { packs: await listPacks(project, today()) };
}

export default function ReportsPage() {
  const { packs } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <div className="page-head">
        <h1>{t("pack.archiveTitle")}</h1>
        <p className="muted">{t("pack.archiveIntro")}</p>
      </div>
      <section className="card">
        <div className="table-scroll">
          <table className="data-table" data-testid="pack-archive">
            <thead>
              <tr><th>{t("pack.month")}</th><th>{t("pack.status")}</th><th>{t("pack.issuedBy")}</th><th>{t("pack.issuedAt")}</th></tr>
            </thead>
            <tbody>
              {packs.map((p) => (
                <tr key={p.month} data-testid={`pack-row-${p.month}`}>
                  <td><Link to={`/reports/${p.month}`}>{formatMonth(p.month, lang)}</Link></td>
                  <td><span className={`badge ${p.status === "issued" ? "health-in_progress" : "health-upcoming"}`}>{t(`pack.status.${p.status}`)}</span></td>
                  <td>{p.issuedBy ? localName(lang, p.issuedBy) : "—"}</td>
                  <td>{p.issuedAt ? formatDateTime(p.issuedAt, lang) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
