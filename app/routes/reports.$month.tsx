// GET /reports/:month: the monthly executive pack. A draft shows live figures as of today and takes each
// section's commentary from that area's leader; an issued pack renders only from its stored snapshot.
// POST: intent "commentary" (the section's leader, while a draft) or "issue" (pack.issue).
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CashSection, CostSection, MeetingsSection, SalesSection, ScheduleSection } from "~/components/monthly-pack";
import { errorText, Field, FieldScope } from "~/components/field";
import { localName, useLang, useT, type MessageKey } from "~/i18n";
import { PACK_AREA_LEADS } from "~/domain/meetings/areas";
import { can } from "~/domain/permissions";
import { commentarySchema, issueSchema } from "~/domain/reports/pack-forms.server";
import { COMMENTARY_MAX, emptyCommentaries, monthAllowed, monthNotOver, PACK_AREAS, parseMonth, type PackArea, type PackSnapshot } from "~/domain/reports/pack";
import { requireProject } from "~/models/project.server";
import { areasLedBy, issuePack, packView, savePackCommentary, sectionLeaders } from "~/models/reports/pack.server";
import { requirePermission, requireUser, requireUserWrite } from "~/session.server";
import { dateToCivil, formatDate, formatDateTime, formatMonth, today } from "~/utils/dates";
import { parseForm, readFormData, refusalError, type FieldErrors, type FormValues } from "~/utils/forms";
import packStyles from "~/reports.css";
import { pageTitle } from "~/utils/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: packStyles }];
export const meta: MetaFunction<typeof loader> = ({ matches, params }) =>
  pageTitle(matches, (t, lang) => (params.month && /^\d{4}-(0[1-9]|1[0-2])$/.test(params.month) ? t("pack.title", { month: formatMonth(params.month, lang) }) : t("pack.archiveTitle")));

/** The month of the URL, or a 404 (never a 500) for anything but a month the project has a pack for. */
async function monthOf(params: { month?: string }) {
  const project = await requireProject();
  const month = parseMonth(params.month);
  if (!month || !monthAllowed(month, dateToCivil(project.scheduleStart), today())) {
    throw new Response("没有该月份的报告。\nThere is no pack for that month.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  return { project, month };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { project, month } = await monthOf(params);
  const now = today();
  const [pack, led, leaders] = await Promise.all([packView(project, month, now), areasLedBy(project.id, user.personId), sectionLeaders(project.id)]);
  const draft = pack.status === "draft";
  return {
    ...pack,
    today: now,
    leaders,
    // Only while a draft: who may write which section, and whether this user may issue.
    writable: draft ? led : [],
    canIssue: draft && can(user.roles, "pack.issue"),
    // The current month is not over: issuing it now needs the "issue early" confirmation.
    monthRunning: monthNotOver(month, now),
    justIssued: new URL(request.url).searchParams.get("issued") === "1",
  };
}

type ActionResult = { intent: string; area?: PackArea; errors: FieldErrors; values: FormValues; saved?: boolean; version?: number };

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const intent = String(form.get("intent") ?? "");
  if (intent === "issue") {
    const user = await requirePermission(request, "pack.issue");
    const { project, month } = await monthOf(params);
    const parsed = parseForm(issueSchema, form);
    if (!parsed.ok) return data<ActionResult>({ intent, errors: parsed.errors, values: parsed.values }, { status: 400 });
    const result = await issuePack(project, { month, version: parsed.data.version, early: parsed.data.early }, { userId: user.id }, today());
    if (!result.ok) return data<ActionResult>({ intent, errors: { [result.field]: refusalError(result) }, values: parsed.values }, { status: 409 });
    return redirect(`/reports/${month}?issued=1`);
  }
  const user = await requireUserWrite(request);
  const { project, month } = await monthOf(params);
  if (intent !== "commentary") return data<ActionResult>({ intent, errors: { form: "invalid" }, values: {} }, { status: 400 });
  const parsed = parseForm(commentarySchema, form);
  const postedArea = String(form.get("area") ?? "");
  const area = (PACK_AREAS as readonly string[]).includes(postedArea) ? (postedArea as PackArea) : undefined;
  if (!parsed.ok) return data<ActionResult>({ intent, area, errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = await savePackCommentary(project, { month, ...parsed.data }, { id: user.id, personId: user.personId });
  if (!result.ok) {
    const vars = result.current ? { version: String(result.current.version) } : result.vars;
    const status = result.message === "pack_not_area_leader" ? 403 : 409;
    return data<ActionResult>({ intent, area, errors: { [result.field]: refusalError({ message: result.message, vars }) }, values: parsed.values, version: result.current?.version }, { status });
  }
  return data<ActionResult>({ intent, area, errors: {}, values: {}, saved: true, version: result.version });
}

export default function PackPage() {
  const p = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const s = p.snapshot as PackSnapshot;
  const monthName = formatMonth(p.month, lang);
  const issueResult = actionData?.intent === "issue" ? actionData : undefined;
  const empty = emptyCommentaries(s.commentaries);
  const areaNames = (areas: PackArea[]) => areas.map((a) => t(`pack.section.${a}`)).join(lang === "en" ? ", " : "、");
  const sections: { area: PackArea; body: JSX.Element }[] = [
    { area: "schedule", body: <ScheduleSection s={s.schedule} /> },
    { area: "cost", body: <CostSection c={s.cost} /> },
    { area: "cash", body: <CashSection c={s.cash} /> },
    { area: "sales", body: <SalesSection s={s.sales} /> },
    { area: "meetings", body: <MeetingsSection m={s.meetings} /> },
  ];
  return (
    <article className="print-sheet pack-sheet" data-testid="pack-sheet">
      <header className="pack-head">
        <p className="no-print small"><Link to="/reports">← {t("pack.back")}</Link></p>
        <h1>{t("pack.title", { month: monthName })}</h1>
        <p className="center">{localName(lang, s.project)}</p>
        <p className={`center small ${p.live ? "warn" : ""}`} data-testid="pack-status">
          {p.live
            ? t("pack.asOfLive", { date: formatDate(s.asOf, lang) })
            : t("pack.asOfIssued", { at: p.issuedAt ? formatDateTime(p.issuedAt, lang) : "—", by: p.issuedBy ? localName(lang, p.issuedBy) : "—", date: formatDate(s.asOf, lang) })}
        </p>
        <p className="center small muted">{t("pack.period", { from: formatDate(s.period.from, lang), to: formatDate(s.period.to, lang) })} · {t("pack.positionsNote", { date: formatDate(s.asOf, lang) })}</p>
        <div className="actions no-print pack-actions">
          <button type="button" className="button" onClick={() => window.print()}>{t("pack.print")}</button>
          <a className="button" href={`/reports/${p.month}.xlsx`} download>{t("pack.excel")}</a>
        </div>
        {p.justIssued && !p.live ? (
          <p className="banner banner-ok no-print" role="status">{empty.length ? t("pack.issuedEmpty", { areas: areaNames(empty) }) : t("pack.issuedBanner")}</p>
        ) : null}
      </header>
      {sections.map(({ area, body }) => (
        <section key={area} className="card pack-section" data-testid={`pack-${area}`}>
          <h2>{t(`pack.section.${area}`)}</h2>
          {body}
          <Commentary
            area={area}
            text={s.commentaries[area]}
            leader={p.leaders[area]}
            writable={p.writable.includes(area)}
            result={actionData?.intent === "commentary" && actionData.area === area ? actionData : undefined}
          />
        </section>
      ))}
      {p.canIssue ? (
        <Form method="post" className="card no-print pack-issue" data-testid="pack-issue">
          <input type="hidden" name="intent" value="issue" />
          <input type="hidden" name="version" value={p.version} />
          <p className="small">{t("pack.issueHint")}</p>
          {empty.length ? <p className="banner banner-warn small">{t("pack.issueEmptyWarn", { areas: areaNames(empty) })}</p> : null}
          {issueResult?.errors.form ? <p className="field-error" role="alert">{errorText(t, lang, issueResult.errors.form)}</p> : null}
          {p.monthRunning ? (
            <div className="pack-early">
              <label className="small">
                <input
                  type="checkbox"
                  id="pack-early"
                  name="early"
                  value="1"
                  defaultChecked={issueResult?.values.early === "1"}
                  {...(issueResult?.errors.early ? { "aria-invalid": true, "aria-describedby": "pack-early-error" } : {})}
                />{" "}
                {t("pack.issueEarly")}
              </label>
              {issueResult?.errors.early ? <p className="field-error" id="pack-early-error" role="alert" data-testid="pack-early-error">{errorText(t, lang, issueResult.errors.early)}</p> : null}
            </div>
          ) : null}
          <button type="submit" className="button primary">{t("pack.issue")}</button>
        </Form>
      ) : null}
      <footer className="signature">{t("pack.signature")}</footer>
    </article>
  );
}

function Commentary({
  area,
  text,
  leader,
  writable,
  result,
}: {
  area: PackArea;
  text: PackSnapshot["commentaries"][PackArea];
  leader: { name: string; nameEn: string } | null;
  writable: boolean;
  result?: ActionResult;
}) {
  const t = useT();
  const lang = useLang();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("area") === area;
  const byLine = leader ? t("pack.commentaryLead", { name: localName(lang, leader), area: t(`area.${PACK_AREA_LEADS[area]}` as MessageKey) }) : t("pack.commentaryNoLead");
  const written = text.author && text.updatedAt ? t("pack.commentaryBy", { name: localName(lang, text.author), at: formatDateTime(text.updatedAt, lang) }) : null;
  return (
    <div className="pack-commentary" data-testid={`commentary-${area}`}>
      <h3>{t("pack.commentary")}</h3>
      <p className="muted small">{byLine}{written ? ` · ${written}` : ""}</p>
      {writable ? (
        <>
        <div className="pack-commentary-text print-only">{text.text}</div>
        <Form method="post" noValidate className="no-print">
          <FieldScope name={`commentary-${area}`}>
            <input type="hidden" name="intent" value="commentary" />
            <input type="hidden" name="area" value={area} />
            <input type="hidden" name="version" value={result?.version ?? text.version} />
            <Field name="text" label={t(`pack.section.${area}`)} error={result?.errors.text ?? result?.errors.form}>
              {(props) => <textarea {...props} rows={5} maxLength={COMMENTARY_MAX} defaultValue={result && !result.saved ? (result.values.text ?? text.text) : text.text} key={`${text.version}-${result?.version ?? ""}`} />}
            </Field>
            <p className="actions no-print">
              <button type="submit" className="button" disabled={busy}>{t("pack.commentarySave")}</button>
              {result?.saved ? <span className="ok small" role="status">{t("pack.commentarySaved")}</span> : null}
            </p>
          </FieldScope>
        </Form>
        </>
      ) : (
        <>
          <div className="pack-commentary-text">{text.text ? text.text : <span className="muted">{t("pack.commentaryNone")}</span>}</div>
          {result?.errors.text ? <p className="field-error" role="alert" data-testid={`commentary-${area}-error`}>{errorText(t, lang, result.errors.text)}</p> : null}
        </>
      )}
    </div>
  );
}
