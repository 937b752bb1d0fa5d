// GET /milestones/archive[?category=permit|drawing|report|other]: 工程档案 — every register entry of the
// project by category and milestone (number, authority, date, file), superseded versions collapsed
// beneath, and the permit milestones still lacking their evidence (any signed-in user).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { StatusBadge } from "~/components/badges";
import { FileLinks, MilestoneLink } from "~/components/milestone-documents";
import type { MilestoneStatus } from "~/domain/schedule";
import { DOCUMENT_CATEGORIES, isDocumentCategory } from "~/domain/schedule/documents";
import { localName, useLang, useT, type MessageKey } from "~/i18n";
import { requireProject } from "~/models/project.server";
import { archive, type DocumentView } from "~/models/schedule/documents.server";
import { requireUser } from "~/session.server";
import { formatDate, instantInShanghai } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "docs.archiveTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const param = new URL(request.url).searchParams.get("category");
  // An unknown category shows everything (as the filter's "all").
  const category = isDocumentCategory(param) ? param : null;
  return { category, ...(await archive(project.id, { category })) };
}

export default function ArchivePage() {
  const { category, groups, counts, missing } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <p>
        <Link to="/milestones">← {t("ms.title")}</Link>
      </p>
      <div className="page-head">
        <h1>{t("docs.archiveTitle")}</h1>
        <p className="muted">{t("docs.archiveIntro")}</p>
      </div>

      <section className="card" data-testid="missing-evidence">
        <h2>{t("docs.missingTitle")}</h2>
        {missing.length === 0 ? (
          <p className="muted">{t("docs.missingNone")}</p>
        ) : (
          <ul className="plain-list">
            {missing.map((m) => (
              <li key={`${m.milestoneId}-${m.reason}`} data-reason={m.reason}>
                <Link to={`/milestones/${m.milestoneId}#documents`}>
                  <span className="code">{m.code}</span> {localName(lang, m)}
                </Link>{" "}
                <StatusBadge status={m.status as MilestoneStatus} /> · {t(`docs.missing.${m.reason}` as MessageKey)}
              </li>
            ))}
          </ul>
        )}
      </section>

      <Form method="get" className="audit-filters card" data-testid="archive-filter">
        <div className="field">
          <label htmlFor="archive-category">{t("docs.category")}</label>
          <select id="archive-category" name="category" defaultValue={category ?? ""}>
            <option value="">{t("docs.allCategories")}</option>
            {DOCUMENT_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`docs.category.${c}` as MessageKey)} ({counts[c]})
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button primary">
          {t("docs.filter")}
        </button>
      </Form>

      {groups.map((group) => (
        <section key={group.category} className="card" id={`archive-${group.category}`} data-testid={`archive-${group.category}`}>
          <h2>
            {t(`docs.category.${group.category}` as MessageKey)} <span className="muted">· {t("docs.count", { count: group.count })}</span>
          </h2>
          {group.milestones.length === 0 ? (
            <p className="muted">{t("docs.none")}</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table compact archive-table">
                <thead>
                  <tr>
                    <th>{t("docs.milestone")}</th>
                    <th>{t("docs.titleField")}</th>
                    <th>{t("docs.number")}</th>
                    <th>{t("docs.authority")}</th>
                    <th>{t("docs.issuedOn")}</th>
                    <th>{t("docs.file")}</th>
                  </tr>
                </thead>
                <tbody>
                  {group.milestones.map((entry) =>
                    [...entry.current, ...(entry.current.length === 0 ? entry.superseded.slice(0, 1) : [])].map((d, index) => (
                      <tr key={d.id}>
                        <td>{index === 0 ? <MilestoneLink milestone={entry.milestone} /> : null}</td>
                        <td>
                          <DocumentTitle document={d} />
                          {index === 0 && entry.superseded.length > 0 ? <Superseded documents={entry.superseded} /> : null}
                        </td>
                        <td>{d.number || "—"}</td>
                        <td>{d.authority || "—"}</td>
                        <td className="dates">{formatDate(d.issuedOn, lang)}</td>
                        <td>
                          <FileLinks document={d} />
                        </td>
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </>
  );
}

function DocumentTitle({ document }: { document: DocumentView }) {
  const t = useT();
  const lang = useLang();
  return (
    <>
      {document.title} <span className="muted">· {t("docs.version", { version: document.version })}</span>
      {document.supersededAt ? <div className="muted">{t("docs.supersededOn", { date: formatDate(instantInShanghai(document.supersededAt).date, lang) })}</div> : null}
    </>
  );
}

/** The milestone's superseded versions in this category, collapsed. */
function Superseded({ documents }: { documents: DocumentView[] }) {
  const t = useT();
  const lang = useLang();
  return (
    <details className="superseded">
      <summary>{t("docs.supersededVersions", { count: documents.length })}</summary>
      <ul className="plain-list">
        {documents.map((d) => (
          <li key={d.id}>
            {d.title} · {t("docs.version", { version: d.version })} · {d.number || "—"} · {formatDate(d.issuedOn, lang)} ·{" "}
            {t("docs.supersededOn", { date: formatDate(instantInShanghai(d.supersededAt!).date, lang) })} · <FileLinks document={d} />
          </li>
        ))}
      </ul>
    </details>
  );
}
