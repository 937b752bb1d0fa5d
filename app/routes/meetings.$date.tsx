import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AgendaFacts, AgendaTitle } from "~/components/agenda";
import { errorText, Field, FieldScope } from "~/components/field";
import { AGENDA_OUTCOMES } from "~/domain/meetings";
import { LEADER_AREAS } from "~/domain/meetings/areas";
import { can } from "~/domain/permissions";
import { actionItemSchema, manualItemSchema, minutesSchema, reportSchema, standInSchema, themeSchema } from "~/domain/meetings-forms.server";
import { localName, useLang, useT, type MessageKey } from "~/i18n";
import { meetingOn } from "~/models/meetings.server";
import { addActionItem, addManualItem, closeMeeting, reportOnAction, saveMinutes, setStandIn, setTheme, startMeeting } from "~/models/meetings/writes.server";
import { requireProject } from "~/models/project.server";
import { useCan } from "~/root";
import { assertSameOrigin } from "~/security.server";
import { requirePermission, requireUser } from "~/session.server";
import { formatDate, formatDateTime, isCivilDate, today } from "~/utils/dates";
import { parseIntent, refusalError, type FieldErrors, type FormValues, readFormData } from "~/utils/forms";
import { plain } from "~/utils/plain";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches, params }) =>
  pageTitle(matches, (t, lang) => (params.date && isCivilDate(params.date) ? t("mtg.meetingOf", { date: formatDate(params.date, lang) }) : t("mtg.title")));

function requireDate(param: string | undefined): string {
  if (!param || !isCivilDate(param) || param < "2000-01-01" || param > "2100-12-31") throw new Response("Meeting not found", { status: 404 });
  return param;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const project = await requireProject();
  const date = requireDate(params.date);
  const meeting = await meetingOn(project.id, date, today(), { departmentId: user.departmentId, personId: user.personId, anyDepartment: can(user.roles, "meeting.run") });
  if (!meeting.id && new Date(`${date}T00:00:00Z`).getUTCDay() !== meeting.series.weekday) throw new Response("No meeting on this day", { status: 404 });
  return plain({ ...meeting, today: today() });
}

/** What is stored now, when a save was made against an older version (409). */
type Current = { itemId: number; version: number; minutes: string; decision: string; outcome: string };
type ActionResult = { intent: string; errors: FieldErrors; values: FormValues; current?: Current };

export async function action({ request, params }: ActionFunctionArgs) {
  const date = requireDate(params.date);
  assertSameOrigin(request);
  await requireUser(request);
  const form = await readFormData(request);
  const intent = String(form.get("intent"));
  // Reporting on an action item is open to department members; everything else runs the meeting.
  const user = await requirePermission(request, intent === "report" ? "actions.report" : "meeting.run");
  const project = await requireProject();
  const actor = { userId: user.id };
  const fail = (errors: FieldErrors, values: FormValues, status = 400) => data<ActionResult>({ intent, errors, values }, { status });
  const now = today();
  let result: { ok: true } | { ok: false; field: string; message: string; vars?: Record<string, string>; current?: Current };
  let parsedIds: { itemId?: number; actionItemId?: number } | undefined;
  if (intent === "start") result = await startMeeting(project.id, date, now, actor);
  else if (intent === "close") result = await closeMeeting(project.id, date, actor);
  else {
    const schemas = { theme: themeSchema, stand_in: standInSchema, manual: manualItemSchema, minutes: minutesSchema, action: actionItemSchema(date), report: reportSchema(now) };
    if (intent === "theme" || intent === "manual" || intent === "stand_in") form.set("date", date);
    // A report is dated by the server: the meeting's day, or today before it (never a date the client picks).
    if (intent === "report") form.set("reportedOn", date <= now ? date : now);
    const parsed = parseIntent(schemas, form);
    if (!parsed.ok) return fail(parsed.errors, parsed.values);
    const input = parsed.data as never;
    parsedIds = parsed.data as { itemId?: number; actionItemId?: number };
    result =
      intent === "theme" ? await setTheme(project.id, input, actor)
      : intent === "stand_in" ? await setStandIn(project.id, input, actor)
      : intent === "manual" ? await addManualItem(project.id, input, actor)
      : intent === "minutes" ? await saveMinutes(project.id, input, actor)
      : intent === "action" ? await addActionItem(project.id, date, input, actor)
      : await reportOnAction(project.id, date, input, { ...actor, departmentId: user.departmentId, personId: user.personId, anyDepartment: can(user.roles, "meeting.run") });
    if (!result.ok && result.current) return data<ActionResult>({ intent, errors: { [result.field]: refusalError(result) }, values: parsed.values, current: result.current }, { status: 409 });
    if (!result.ok) return fail({ [result.field]: refusalError(result) }, parsed.values);
  }
  if (!result.ok) return fail({ [result.field]: refusalError(result) }, {});
  // Anchors from the parsed ids (the raw fields may carry whitespace the schema trimmed).
  const ids = parsedIds ?? {};
  const anchor = intent === "minutes" && ids.itemId ? `#item-${ids.itemId}` : intent === "report" && ids.actionItemId ? `#action-${ids.actionItemId}` : "";
  return redirect(`/meetings/${date}${anchor}`);
}

export default function MeetingPage() {
  const m = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const canRun = useCan("meeting.run");
  const resultFor = (intent: string) => (actionData?.intent === intent ? actionData : undefined);
  const started = m.status !== "planned";
  const closed = m.status === "closed";
  const colon = lang === "en" ? ": " : "：";
  const theme = resultFor("theme");
  const standIn = resultFor("stand_in");
  const startError = resultFor("start")?.errors.theme;
  const report = resultFor("report");
  const agendaTitle = (id: number | null) => {
    const item = m.agenda.find((i) => i.id === id);
    return item ? (lang === "en" ? item.titleEn || item.title : item.title) : "";
  };
  return (
    <>
      <p><Link to="/meetings">← {t("mtg.title")}</Link></p>
      <div className="page-head with-actions">
        <div>
          <h1>{t("mtg.meetingOf", { date: formatDate(m.date, lang) })}</h1>
          <p className="muted">
            {formatDateTime(m.startsAt, lang)} · <span data-testid="meeting-status">{t(`mtg.status.${m.status}` as MessageKey)}</span>
            {m.frozenAt ? ` · ${t("mtg.frozenAt", { at: formatDateTime(m.frozenAt, lang) })}` : ` · ${t("mtg.liveAgenda")}`}
          </p>
          <p data-testid="meeting-chair">
            <strong>{t("mtg.chair")}{colon}</strong>{m.chair ? localName(lang, m.chair) : "—"}{" "}
            <span className="muted small"><ChairBasis m={m} /></span>
          </p>
        </div>
        <div className="actions">
          <a href={`/meetings/${m.date}/print`} className="button" target="_blank" rel="noreferrer">{t("mtg.print")}</a>
          <Link to="/meetings/scorecard" className="button" data-testid="scorecard-link">{t("sc.link")}</Link>
          {canRun && m.status === "planned" ? (
            <Form method="post"><input type="hidden" name="intent" value="start" /><button type="submit" className="button primary" data-testid="start-meeting">{t("mtg.start")}</button></Form>
          ) : null}
          {canRun && m.status === "in_progress" ? (
            <Form method="post"><input type="hidden" name="intent" value="close" /><button type="submit" className="button" data-testid="close-meeting">{t("mtg.close")}</button></Form>
          ) : null}
        </div>
      </div>
      {startError ? <p className="banner banner-warn" role="alert" data-testid="start-error">{errorText(t, lang, startError)}</p> : null}
      {closed ? <p className="muted small">{t("mtg.recordNote")}</p> : null}
      <section className="card">
        <h2>{t("mtg.theme")}</h2>
        {canRun && !started ? (
          <>
            <p className="muted small">{t("mtg.themeRequiredHint")}</p>
            <Form method="post" className="form-grid" noValidate key={`theme-${JSON.stringify(theme?.values ?? {})}`} data-testid="theme-form">
              <input type="hidden" name="intent" value="theme" />
              <Field name="theme" label={t("mtg.theme")} error={theme?.errors.theme}>{(p) => <input {...p} defaultValue={theme?.values.theme ?? m.theme} maxLength={200} />}</Field>
              <Field name="themeEn" label={`${t("mtg.theme")} (English)`} error={theme?.errors.themeEn}>{(p) => <input {...p} defaultValue={theme?.values.themeEn ?? m.themeEn} maxLength={200} />}</Field>
              <Field name="themeArea" label={t("mtg.themeArea")} error={theme?.errors.themeArea}>
                {(p) => (
                  <select {...p} defaultValue={theme?.values.themeArea ?? m.themeArea}>
                    <option value="">{t("mtg.chooseArea")}</option>
                    {LEADER_AREAS.map((area) => {
                      const leader = m.series.leaders.find((l) => l.area === area)?.person;
                      return <option key={area} value={area}>{t(`area.${area}` as MessageKey)}{leader ? ` — ${localName(lang, leader)}` : ""}</option>;
                    })}
                  </select>
                )}
              </Field>
              <div className="form-actions"><button type="submit" className="button primary">{t("common.save")}</button></div>
            </Form>
            {m.themeArea ? (
              <details className="stand-in" open={Boolean(standIn) || m.chairBasis === "stand_in"}>
                <summary>{t("mtg.standIn")}</summary>
                <p className="muted small">{t("mtg.standInHint")}</p>
                <Form method="post" className="form-grid" noValidate key={`stand-${JSON.stringify(standIn?.values ?? {})}`} data-testid="stand-in-form">
                  <input type="hidden" name="intent" value="stand_in" />
                  <Field name="personId" label={t("mtg.standInPerson")} error={standIn?.errors.personId}>
                    {(p) => (
                      <select {...p} defaultValue={standIn?.values.personId ?? (m.chairBasis === "stand_in" && m.chair ? String(m.chair.id) : "")}>
                        <option value="">{t("mtg.standInClear")}</option>
                        {m.series.people.map((person) => <option key={person.id} value={person.id}>{localName(lang, person)} · {lang === "en" ? person.titleEn : person.title}</option>)}
                      </select>
                    )}
                  </Field>
                  <Field name="reason" label={t("mtg.standInReason")} error={standIn?.errors.reason}>{(p) => <input {...p} defaultValue={standIn?.values.reason ?? (m.chairBasis === "stand_in" ? m.chairNote : "")} maxLength={300} />}</Field>
                  <div className="form-actions"><button type="submit" className="button">{t("common.save")}</button></div>
                </Form>
              </details>
            ) : null}
          </>
        ) : (
          <p data-testid="theme-text">
            {(lang === "en" ? m.themeEn || m.theme : m.theme) || "—"}
            {m.themeArea ? <span className="badge">{t(`area.${m.themeArea}` as MessageKey)}</span> : null}
          </p>
        )}
      </section>
      <section className="card">
        <h2>{t("mtg.agenda")}</h2>
        <p className="muted small" data-testid="agenda-as-of">{t("scheduleStatus.agendaAsOf", { date: formatDate(m.date, lang) })}</p>
        <ol className="agenda" data-testid="agenda">
          {m.agenda.map((item) => (
            <li key={item.id} id={`item-${item.id}`} className={`agenda-item source-${item.source}`} data-source={item.source}>
              <div className="agenda-head">
                <span className="badge">{t(`agenda.source.${item.source}` as MessageKey)}</span> <AgendaTitle item={item} /> {item.source === "manual" ? <span className="agenda-facts">{item.detail}</span> : <AgendaFacts detail={item.detail} refType={item.refType} />}
                {item.outcome ? <span className={`badge outcome-${item.outcome}`} data-testid="outcome">{t(`mtg.outcome.${item.outcome}` as MessageKey)}</span> : null}
              </div>
              {started && item.id > 0 ? (
                canRun && !closed ? (
                  <MinutesForm item={item} result={resultFor("minutes")?.values.itemId === String(item.id) ? resultFor("minutes") : undefined} />
                ) : (
                  <div className="minutes">
                    {item.minutes ? <p><strong>{t("mtg.minutes")}{colon}</strong>{item.minutes}</p> : null}
                    {item.decision ? <p><strong>{t("mtg.decision")}{colon}</strong>{item.decision}</p> : null}
                  </div>
                )
              ) : null}
              {m.actionItems.some((a) => a.agendaItemId === item.id) ? (
                <ul className="plain-list small">
                  {m.actionItems.filter((a) => a.agendaItemId === item.id).map((a) => <li key={a.id}>→ {a.title} · {a.department ? localName(lang, a.department) : "—"}{a.owner ? ` / ${localName(lang, a.owner)}` : ""} · {formatDate(a.dueOn, lang)}</li>)}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
        {m.agenda.length === 0 ? <p className="muted">{t("common.none")}</p> : null}
        {canRun && !started ? (
          <Form method="post" className="inline-form" noValidate key={JSON.stringify(resultFor("manual")?.values ?? {})} data-testid="manual-form">
            <input type="hidden" name="intent" value="manual" />
            <input name="title" placeholder={t("mtg.addItem")} aria-label={t("mtg.addItem")} defaultValue={resultFor("manual")?.values.title ?? ""} maxLength={300} style={{ minWidth: "min(24rem, 100%)", maxWidth: "none" }} />
            <button type="submit" className="button small">{t("mtg.addItem")}</button>
          </Form>
        ) : null}
      </section>
      <section className="card">
        <h2>{t("mtg.carriedOver")}</h2>
        <p className="muted small">{started ? t("mtg.carriedAsOf") : t("mtg.carriedOverHint")}</p>
        <div className="table-scroll">
        <table className="data-table carried-over" data-testid="carried-over">
          <thead><tr><th>{t("ms.name")}</th><th>{t("mtg.owner")}</th><th>{t("mtg.due")}</th><th>{t("mtg.lastReport")}</th>{started ? <th>{t("mtg.reportHere")}</th> : null}<th /></tr></thead>
          <tbody>
            {m.carriedOver.map((a) => {
              const failed = report && report.values.actionItemId === String(a.id) ? report : undefined;
              return (
                <tr key={a.id} id={`action-${a.id}`} className={a.dueOn && a.dueOn < m.date ? "row-overdue" : ""} data-testid={`carried-${a.id}`}>
                  <td>{a.title}</td>
                  <td>{(lang === "en" ? a.ownerEn : a.owner) || "—"}</td>
                  <td>{a.dueOn ? formatDate(a.dueOn, lang) : "—"}</td>
                  <td className="small">{a.lastReport ? `${formatDate(a.lastReport.reportedOn, lang)}${colon}${a.lastReport.text}` : "—"}</td>
                  {started ? <td className="small" data-testid="report-here">{a.reportHere ? a.reportHere.text : "—"}{a.doneHere ? <span className="badge health-done">{t("mtg.doneHere")}</span> : null}</td> : null}
                  <td>
                    {a.reportable && !closed ? (
                      <Form method="post" className="inline-form" noValidate data-testid={`report-form-${a.id}`}>
                        <input type="hidden" name="intent" value="report" />
                        <input type="hidden" name="actionItemId" value={a.id} />
                        <input name="text" placeholder={t("mtg.reportText")} aria-label={t("mtg.reportText")} maxLength={2000} defaultValue={failed?.values.text ?? ""} aria-invalid={failed ? true : undefined} />
                        <label className="small"><input type="checkbox" name="done" value="1" defaultChecked={failed?.values.done === "1"} /> {t("mtg.markDone")}</label>
                        <button type="submit" className="button small">{t("mtg.report")}</button>
                        {failed ? <small className="field-error" role="alert">{Object.values(failed.errors).map((e) => errorText(t, lang, e)).join(lang === "en" ? "; " : "；")}</small> : null}
                      </Form>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        </div>
        {m.carriedOver.length === 0 ? <p className="muted">{t("common.none")}</p> : null}
      </section>
      <section className="card">
        <h2>{t("mtg.newActions")}</h2>
        {m.actionItems.length === 0 ? <p className="muted">{t("common.none")}</p> : null}
        <div className="table-scroll" hidden={m.actionItems.length === 0}>
        <table className="data-table compact" data-testid="new-actions">
          <thead><tr><th>{t("ms.name")}</th><th>{t("mtg.owner")}</th><th>{t("mtg.due")}</th><th>{t("mtg.fromAgendaItem")}</th><th>{t("mtg.currentStatus")}</th></tr></thead>
          <tbody>
            {m.actionItems.map((a) => (
              <tr key={a.id}>
                <td>{a.title}</td>
                <td>{a.department ? localName(lang, a.department) : "—"} / {a.owner ? localName(lang, a.owner) : "—"}</td>
                <td>{formatDate(a.dueOn, lang)}</td>
                <td className="small">{agendaTitle(a.agendaItemId) || "—"}</td>
                <td>{t(`mtg.status.${a.status}` as MessageKey)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
        {canRun && !closed ? (
          <Form method="post" className="form-grid" noValidate key={JSON.stringify(resultFor("action")?.values ?? {})} data-testid="action-form">
            <input type="hidden" name="intent" value="action" />
            <Field name="title" label={t("mtg.actionTitle")} error={resultFor("action")?.errors.title}>{(p) => <input {...p} defaultValue={resultFor("action")?.values.title ?? ""} maxLength={300} />}</Field>
            <Field name="departmentId" label={t("mtg.department")} error={resultFor("action")?.errors.departmentId}>
              {(p) => <select {...p} defaultValue={resultFor("action")?.values.departmentId ?? ""}>{m.series.departments.filter((d) => !d.planned).map((d) => <option key={d.id} value={d.id}>{localName(lang, d)}</option>)}</select>}
            </Field>
            <Field name="ownerId" label={t("mtg.person")} error={resultFor("action")?.errors.ownerId}>
              {(p) => <select {...p} defaultValue={resultFor("action")?.values.ownerId ?? ""}><option value="">—</option>{m.series.people.map((person) => <option key={person.id} value={person.id}>{localName(lang, person)}</option>)}</select>}
            </Field>
            <Field name="dueOn" label={t("mtg.due")} error={resultFor("action")?.errors.dueOn}>{(p) => <input {...p} type="date" min={m.date} defaultValue={resultFor("action")?.values.dueOn ?? ""} />}</Field>
            {started ? (
              <Field name="agendaItemId" label={t("mtg.fromAgendaItem")} error={resultFor("action")?.errors.agendaItemId}>
                {(p) => <select {...p} defaultValue={resultFor("action")?.values.agendaItemId ?? ""}><option value="">—</option>{m.agenda.filter((i) => i.id > 0).map((i) => <option key={i.id} value={i.id}>{(lang === "en" ? i.titleEn || i.title : i.title).slice(0, 60)}</option>)}</select>}
              </Field>
            ) : null}
            <div className="form-actions"><button type="submit" className="button primary">{t("mtg.addAction")}</button></div>
          </Form>
        ) : null}
      </section>
    </>
  );
}

/** Why this person chairs: the theme's leader, a stand-in (for whom, why), a swap, or the rotation's proposal. */
export function ChairBasis({ m }: { m: { chairBasis: string; themeArea: string; chairNote: string; absentLeader: { name: string; nameEn: string } | null } }) {
  const t = useT();
  const lang = useLang();
  const leader = m.absentLeader ? localName(lang, m.absentLeader) : "—";
  const text =
    m.chairBasis === "theme" ? t("mtg.chairBasis.theme", { area: m.themeArea ? t(`area.${m.themeArea}` as MessageKey) : "—" })
    : m.chairBasis === "stand_in" ? t("mtg.chairBasis.stand_in", { leader, reason: m.chairNote })
    : m.chairBasis === "swap" ? t("mtg.chairBasis.swap", { date: /^\d{4}-\d{2}-\d{2}$/.test(m.chairNote) ? formatDate(m.chairNote, lang) : m.chairNote, leader })
    : m.chairBasis === "rotation" ? t("mtg.chairBasis.rotation")
    : t("mtg.chairBasis.none");
  return <span data-testid="chair-basis" data-basis={m.chairBasis}>{lang === "en" ? `(${text})` : `（${text}）`}</span>;
}

/**
 * An agenda item's minutes, decision and outcome. The form carries the version it showed; after a refused
 * save it keeps what was typed, and after a save against a newer version it shows theirs beside it.
 */
function MinutesForm({ item, result }: { item: { id: number; version: number; minutes: string; decision: string; outcome: string }; result?: ActionResult }) {
  const t = useT();
  const lang = useLang();
  const current = result?.current;
  // After a conflict the current version (a deliberate second save wins); after another refusal the
  // version the form carried, so a save made meanwhile by someone else is still noticed.
  const version = current?.version ?? result?.values.version ?? item.version;
  const formError = result?.errors.form;
  const changed = current ? (["minutes", "decision"] as const).filter((field) => current[field] !== (result?.values[field] ?? "").trim()) : [];
  return (
    <Form method="post" className="minutes-form" noValidate data-testid={`minutes-form-${item.id}`}>
      <FieldScope name={`item-${item.id}`}>
        {formError ? (
          <div className="banner banner-warn" role="alert">
            <p>{errorText(t, lang, formError)}</p>
            {changed.length > 0 ? (
              <table className="data-table compact">
                <thead><tr><th /><th>{t("ms.theirs")}</th><th>{t("ms.yours")}</th></tr></thead>
                <tbody>
                  {changed.map((field) => (
                    <tr key={field}><th>{t(`mtg.${field}`)}</th><td>{current![field] || "—"}</td><td>{result?.values[field] || "—"}</td></tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </div>
        ) : null}
        <input type="hidden" name="intent" value="minutes" />
        <input type="hidden" name="itemId" value={item.id} />
        <input type="hidden" name="version" value={version} />
        <Field name="minutes" label={t("mtg.minutes")} error={result?.errors.minutes}>{(p) => <textarea {...p} rows={2} defaultValue={result?.values.minutes ?? item.minutes} maxLength={5000} />}</Field>
        <Field name="outcome" label={t("mtg.outcome")} error={result?.errors.outcome}>
          {(p) => (
            <select {...p} defaultValue={result?.values.outcome ?? item.outcome}>
              <option value="">{t("mtg.outcome.none")}</option>
              {AGENDA_OUTCOMES.map((o) => <option key={o} value={o}>{t(`mtg.outcome.${o}` as MessageKey)}</option>)}
            </select>
          )}
        </Field>
        <Field name="decision" label={t("mtg.decision")} error={result?.errors.decision}>{(p) => <textarea {...p} rows={1} defaultValue={result?.values.decision ?? item.decision} maxLength={2000} />}</Field>
        <button type="submit" className="button small">{t("common.save")}</button>
      </FieldScope>
    </Form>
  );
}
