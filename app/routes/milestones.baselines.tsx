import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field } from "~/components/field";
import type { ComparisonRow, EndVariance } from "~/domain/schedule/baselines";
import { inLang, localName, useLang, useT, type Translate } from "~/i18n";
import { requireProject } from "~/models/project.server";
import { BASELINE_NAME_MAX } from "~/domain/schedule/baselines";
import { baselineComparison, baselineSchema, listBaselines, saveBaseline } from "~/models/schedule/baselines.server";
import { useCan } from "~/root";
import { requirePermission, requireUser } from "~/session.server";
import { formatDate, formatDateTime, today } from "~/utils/dates";
import { parseForm, parseId, readFormData, type FieldErrors, type FormValues } from "~/utils/forms";
import type { Lang } from "~/utils/money";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "bl.title");

const PAGE_SIZE = 100;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const now = today();
  const params = new URL(request.url).searchParams;
  const baselines = await listBaselines(project.id);
  const idParam = params.get("id");
  const id = parseId(idParam ?? undefined);
  const comparison = id ? await baselineComparison(project.id, id, now) : null;
  const onlyLate = params.get("late") === "1";
  const shown = comparison ? comparison.rows.filter((row) => !onlyLate || row.direction === "late") : [];
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1));
  return {
    baselines,
    missing: idParam !== null && !comparison,
    saved: comparison !== null && params.get("saved") === "1",
    comparison: comparison ? { baseline: comparison.baseline, counts: comparison.counts, end: comparison.end } : null,
    rows: shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
    onlyLate,
    page,
    pages,
  };
}

type ActionResult = { errors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "schedule.write");
  const project = await requireProject();
  const parsed = parseForm(baselineSchema, await readFormData(request));
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = await saveBaseline(project.id, parsed.data, { userId: user.id });
  if (!result.ok) return data<ActionResult>({ errors: result.errors, values: parsed.values }, { status: 400 });
  return redirect(`/milestones/baselines?id=${result.id}&saved=1`);
}

/** The project end's variance in words, e.g. "…预测 2027-12-31，较基线「…」晚 12 天". */
function endSentence(t: Translate, lang: Lang, end: EndVariance, baselineName: string): string {
  const vars = { name: localName(lang, end), forecast: formatDate(end.forecastEnd, lang), baseline: baselineName, days: Math.abs(end.varianceDays ?? 0) };
  if (end.varianceDays === null) return t("bl.endAdded", vars);
  if (end.varianceDays > 0) return t("bl.endLate", vars);
  if (end.varianceDays < 0) return t("bl.endEarly", vars);
  return t("bl.endOn", vars);
}

function Variance({ row }: { row: ComparisonRow }) {
  const t = useT();
  if (row.state === "added") return <span className="muted">{t("bl.added")}</span>;
  if (row.state === "retired") return <span className="muted">{t("bl.retired")}</span>;
  if (row.varianceDays === null) return <>—</>;
  const days = Math.abs(row.varianceDays);
  return (
    <span className={`variance variance-${row.direction}`}>
      {row.direction === "late" ? t("bl.late", { days }) : row.direction === "early" ? t("bl.early", { days }) : t("bl.onBaseline")}
    </span>
  );
}

export default function BaselinesPage() {
  const { baselines, comparison, rows, missing, saved, onlyLate, page, pages } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const lang = useLang();
  const canSave = useCan("schedule.write");
  const errors = actionData?.errors ?? {};
  const id = comparison?.baseline.id;
  const query = (changes: { late?: boolean; page?: number }) =>
    `?id=${id}${(changes.late ?? onlyLate) ? "&late=1" : ""}${changes.page ? `&page=${changes.page}` : ""}`;

  return (
    <>
      <p>
        <Link to="/milestones">← {t("bl.back")}</Link>
      </p>
      <div className="page-head">
        <h1>{t("bl.title")}</h1>
        <p className="muted">{t("bl.intro")}</p>
      </div>
      {saved && comparison ? (
        <p className="banner banner-ok" role="status">
          {t("bl.savedBanner", { name: comparison.baseline.name })}
        </p>
      ) : null}
      {missing ? (
        <p className="banner banner-warn" role="alert" data-testid="baseline-missing">
          {t("bl.notFound")}
        </p>
      ) : null}
      <div className="two-col baseline-cols">
        <section className="card">
          <h2>{t("bl.list")}</h2>
          {baselines.length === 0 ? (
            <p className="muted">{t("bl.none")}</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table" data-testid="baseline-list">
                <thead>
                  <tr>
                    <th>{t("bl.name")}</th>
                    <th>{t("bl.createdAt")}</th>
                    <th>{t("bl.createdBy")}</th>
                    <th className="num">{t("bl.items")}</th>
                    <th>{t("bl.note")}</th>
                  </tr>
                </thead>
                <tbody>
                  {baselines.map((b) => (
                    <tr key={b.id} className={b.id === id ? "selected" : undefined} data-testid={`baseline-${b.id}`}>
                      <td>
                        <Link to={`?id=${b.id}`}>{b.name}</Link>
                      </td>
                      <td className="dates">{formatDateTime(b.createdAt, lang)}</td>
                      <td>{b.createdBy ? inLang(lang, b.createdBy, b.createdByEn) : "—"}</td>
                      <td className="num">{b.items}</td>
                      <td className="small">{b.note || "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        {canSave ? (
          <Form method="post" className="card" noValidate data-testid="baseline-form">
            <h2>{t("bl.saveTitle")}</h2>
            <p className="muted small">{t("bl.saveHint")}</p>
            {errors.form ? (
              <p className="field-error" role="alert">
                {t("errors.invalid")}
              </p>
            ) : null}
            <Field name="name" label={t("bl.name")} error={errors.name}>
              {(props) => <input {...props} maxLength={BASELINE_NAME_MAX} placeholder={t("bl.namePlaceholder")} defaultValue={actionData?.values?.name ?? ""} />}
            </Field>
            <Field name="note" label={t("bl.note")} error={errors.note}>
              {(props) => <input {...props} maxLength={500} defaultValue={actionData?.values?.note ?? ""} />}
            </Field>
            <div className="form-actions">
              <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
                {t("bl.save")}
              </button>
            </div>
          </Form>
        ) : (
          <p className="card muted">{t("bl.readOnly")}</p>
        )}
      </div>
      {comparison ? (
        <section className="card" data-testid="baseline-comparison">
          <h2>{t("bl.comparison", { name: comparison.baseline.name })}</h2>
          {comparison.end ? (
            <p className={`baseline-end variance-${comparison.end.direction ?? "none"}`} data-testid="end-variance">
              {endSentence(t, lang, comparison.end, comparison.baseline.name)}
            </p>
          ) : null}
          <p className="muted small" data-testid="variance-counts">
            {t("bl.counts", comparison.counts)}
          </p>
          <nav className="tabs schedule-filters" aria-label="filter">
            <Link to={query({ late: false })} className={onlyLate ? "" : "active"}>
              {t("bl.all")}
            </Link>
            <Link to={query({ late: true })} className={onlyLate ? "active" : ""} data-testid="only-late">
              {t("bl.onlyLate")} ({comparison.counts.late})
            </Link>
          </nav>
          {pages > 1 ? (
            <nav className="pager" data-testid="pager">
              {page > 1 ? <Link to={query({ page: page - 1 })}>← {t("ms.prevPage")}</Link> : <span />}
              <span className="muted">{t("ms.pager", { page, pages, size: PAGE_SIZE })}</span>
              {page < pages ? <Link to={query({ page: page + 1 })}>{t("ms.nextPage")} →</Link> : <span />}
            </nav>
          ) : null}
          {rows.length === 0 ? (
            <p className="muted">{t("bl.noRows")}</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table baseline-table">
                <thead>
                  <tr>
                    <th>{t("ms.code")}</th>
                    <th>{t("bl.milestone")}</th>
                    <th>{t("bl.baselineStart")}</th>
                    <th>{t("bl.baselineEnd")}</th>
                    <th>{t("bl.forecastStart")}</th>
                    <th>{t("bl.forecastEnd")}</th>
                    <th className="num">{t("bl.variance")}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.milestoneId} data-testid={`variance-${row.code}`} className={`state-${row.state}`}>
                      <td className="code">{row.code}</td>
                      <td>{row.state === "retired" ? localName(lang, row) : <Link to={`/milestones/${row.milestoneId}`}>{localName(lang, row)}</Link>}</td>
                      <td className="dates">{formatDate(row.baselineStart, lang)}</td>
                      <td className="dates">{formatDate(row.baselineEnd, lang)}</td>
                      <td className="dates">{formatDate(row.forecastStart, lang)}</td>
                      <td className="dates">{formatDate(row.forecastEnd, lang)}</td>
                      <td className="num">
                        <Variance row={row} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}
    </>
  );
}
