import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AgendaFacts, AgendaTitle } from "~/components/agenda";
import { errorText, Field } from "~/components/field";
import { can } from "~/domain/permissions";
import { actionItemSchema, manualItemSchema, minutesSchema, reportSchema, themeSchema } from "~/domain/meetings-forms.server";
import { localName, useLang, useT, type MessageKey } from "~/i18n";
import { addActionItem, addManualItem, closeMeeting, meetingOn, reportOnAction, saveMinutes, setTheme, startMeeting } from "~/models/meetings.server";
import { requireProject } from "~/models/project.server";
import { useCan } from "~/root";
import { assertSameOrigin } from "~/security.server";
import { forbidden, requirePermission, requireUser } from "~/session.server";
import { formatDate, formatDateTime, isCivilDate, today } from "~/utils/dates";
import { parseIntent, refusalError, type FieldErrors, type FormValues, readFormData } from "~/utils/forms";
import { plain } from "~/utils/plain";

export const meta: MetaFunction = () => [{ title: "例会 · Groundwork" }];

function requireDate(param: string | undefined): string {
  if (!param || !isCivilDate(param) || param < "2000-01-01" || param > "2100-12-31") throw new Response("Meeting not found", { status: 404 });
  return param;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const date = requireDate(params.date);
  const meeting = await meetingOn(project.id, date, today());
  if (!meeting.id && new Date(`${date}T00:00:00Z`).getUTCDay() !== meeting.series.weekday) throw new Response("No meeting on this day", { status: 404 });
  return plain({ ...meeting, today: today() });
}

/** What is stored now, when a save was made against an older version (409). */
type Current = { itemId: number; version: number; minutes: string; decision: string };
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
  let result: { ok: true } | { ok: false; field: string; message: string; vars?: Record<string, string>; forbidden?: boolean; current?: Current };
  if (intent === "start") result = await startMeeting(project.id, date, now, actor);
  else if (intent === "close") result = await closeMeeting(project.id, date, actor);
  else {
    const schemas = { theme: themeSchema, manual: manualItemSchema, minutes: minutesSchema, action: actionItemSchema(date), report: reportSchema(now) };
    if (intent === "theme" || intent === "manual") form.set("date", date);
    const parsed = parseIntent(schemas, form);
    if (!parsed.ok) return fail(parsed.errors, parsed.values);
    const input = parsed.data as never;
    result =
      intent === "theme" ? await setTheme(project.id, input, actor)
      : intent === "manual" ? await addManualItem(project.id, input, actor)
      : intent === "minutes" ? await saveMinutes(project.id, input, actor)
      : intent === "action" ? await addActionItem(project.id, date, input, actor)
      : await reportOnAction(project.id, date, input, { ...actor, departmentId: user.departmentId, anyDepartment: can(user.roles, "meeting.run") });
    if (!result.ok && result.forbidden) throw await forbidden(request, "actions.report");
    if (!result.ok && result.current) return data<ActionResult>({ intent, errors: { [result.field]: refusalError(result) }, values: parsed.values, current: result.current }, { status: 409 });
    if (!result.ok) return fail({ [result.field]: refusalError(result) }, parsed.values);
  }
  if (!result.ok) return fail({ [result.field]: refusalError(result) }, {});
  return redirect(`/meetings/${date}${intent === "minutes" ? `#item-${form.get("itemId")}` : ""}`);
}

export default function MeetingPage() {
  const m = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const canRun = useCan("meeting.run");
  const canReport = useCan("actions.report");
  const resultFor = (intent: string) => (actionData?.intent === intent ? actionData : undefined);
  const started = m.status !== "planned";
  const colon = lang === "en" ? ": " : "：";
  return (
    <>
      <p><Link to="/meetings">← {t("mtg.title")}</Link></p>
      <div className="page-head with-actions">
        <div>
          <h1>{t("mtg.meetingOf", { date: formatDate(m.date, lang) })}</h1>
          <p className="muted">
            {formatDateTime(m.startsAt, lang)} · {t("mtg.chair")}: {m.chair ? localName(lang, m.chair) : "—"} · <span data-testid="meeting-status">{t(`mtg.status.${m.status}` as MessageKey)}</span>
            {m.frozenAt ? ` · ${t("mtg.frozenAt", { at: formatDateTime(m.frozenAt, lang) })}` : ` · ${t("mtg.liveAgenda")}`}
          </p>
        </div>
        <div className="actions">
          <a href={`/meetings/${m.date}/print`} className="button" target="_blank" rel="noreferrer">{t("mtg.print")}</a>
          {canRun && m.status === "planned" ? (
            <Form method="post"><input type="hidden" name="intent" value="start" /><button type="submit" className="button primary" data-testid="start-meeting">{t("mtg.start")}</button></Form>
          ) : null}
          {canRun && m.status === "in_progress" ? (
            <Form method="post"><input type="hidden" name="intent" value="close" /><button type="submit" className="button" data-testid="close-meeting">{t("mtg.close")}</button></Form>
          ) : null}
        </div>
      </div>
      <section className="card">
        <h2>{t("mtg.theme")}</h2>
        {canRun && m.status !== "closed" ? (
          <Form method="post" className="inline-form" noValidate>
            <input type="hidden" name="intent" value="theme" />
            <input name="theme" defaultValue={resultFor("theme")?.values.theme ?? m.theme} maxLength={200} aria-label={t("mtg.theme")} style={{ minWidth: "min(24rem, 100%)", maxWidth: "none" }} />
            <input name="themeEn" defaultValue={resultFor("theme")?.values.themeEn ?? m.themeEn} maxLength={200} aria-label={`${t("mtg.theme")} (English)`} placeholder="English" />
            <button type="submit" className="button small">{t("common.save")}</button>
          </Form>
        ) : <p>{(lang === "en" ? m.themeEn || m.theme : m.theme) || "—"}</p>}
      </section>
      <section className="card">
        <h2>{t("mtg.agenda")}</h2>
        <p className="muted small" data-testid="agenda-as-of">{t("scheduleStatus.agendaAsOf", { date: formatDate(m.date, lang) })}</p>
        <ol className="agenda" data-testid="agenda">
          {m.agenda.map((item) => (
            <li key={item.id} id={`item-${item.id}`} className={`agenda-item source-${item.source}`} data-source={item.source}>
              <div className="agenda-head">
                <span className="badge">{t(`agenda.source.${item.source}` as MessageKey)}</span> <AgendaTitle item={item} /> {item.source === "manual" ? <span className="agenda-facts">{item.detail}</span> : <AgendaFacts detail={item.detail} refType={item.refType} />}
              </div>
              {started && item.id > 0 ? (
                canRun && m.status !== "closed" ? (
                  <MinutesForm item={item} result={resultFor("minutes")?.values.itemId === String(item.id) ? resultFor("minutes") : undefined} />
                ) : (
                  <div className="minutes">
                    {item.minutes ? <p><strong>{t("mtg.minutes")}{colon}</strong>{item.minutes}</p> : null}
                    {item.decision ? <p><strong>{t("mtg.decision")}{colon}</strong>{item.decision}</p> : null}
                  </div>
                )
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
        <p className="muted small">{t("mtg.carriedOverHint")}</p>
        <div className="table-scroll">
        <table className="data-table carried-over" data-testid="carried-over">
          <thead><tr><th>{t("ms.name")}</th><th>{t("mtg.owner")}</th><th>{t("mtg.due")}</th><th>{t("mtg.lastReport")}</th><th /></tr></thead>
          <tbody>
            {m.carriedOver.map((a) => (
              <tr key={a.id} id={`action-${a.id}`} className={a.dueOn < m.date ? "row-overdue" : ""}>
                <td>{a.title}</td>
                <td>{a.department ? localName(lang, a.department) : "—"} / {a.owner ? localName(lang, a.owner) : "—"}</td>
                <td>{formatDate(a.dueOn, lang)}</td>
                <td className="small">{a.lastReport ? `${formatDate(a.lastReport.reportedOn, lang)}${colon}${a.lastReport.text}` : "—"}</td>
                <td>
                  {canReport ? (
                    <Form method="post" className="inline-form" noValidate>
                      <input type="hidden" name="intent" value="report" />
                      <input type="hidden" name="actionItemId" value={a.id} />
                      <input type="hidden" name="reportedOn" value={m.date <= m.today ? m.date : m.today} />
                      <input name="text" placeholder={t("mtg.reportText")} aria-label={t("mtg.reportText")} maxLength={2000} />
                      <label className="small"><input type="checkbox" name="done" value="1" /> {t("mtg.markDone")}</label>
                      <button type="submit" className="button small">{t("mtg.report")}</button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
        {resultFor("report") ? <p className="field-error" role="alert">{Object.values(resultFor("report")!.errors).map((e) => t(`errors.${typeof e === "string" ? e : e.message}` as MessageKey)).join(lang === "en" ? "; " : "；")}</p> : null}
        {m.reports.length > 0 ? (
          <>
            <h3>{t("mtg.reportsHere")}</h3>
            <ul className="plain-list small">
              {m.reports.map((r) => <li key={r.id}>{r.actionItem.title}{colon}{r.text} {r.actionItem.status === "done" ? "✓" : ""}</li>)}
            </ul>
          </>
        ) : null}
      </section>
      <section className="card">
        <h2>{t("mtg.newActions")}</h2>
        <table className="data-table compact" data-testid="new-actions">
          <tbody>
            {m.actionItems.map((a) => (
              <tr key={a.id}>
                <td>{a.title}</td>
                <td>{a.department ? localName(lang, a.department) : "—"} / {a.owner ? localName(lang, a.owner) : "—"}</td>
                <td>{formatDate(a.dueOn, lang)}</td>
                <td>{t(`mtg.status.${a.status}` as MessageKey)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {canRun && m.status !== "closed" ? (
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
            <div className="form-actions"><button type="submit" className="button primary">{t("mtg.addAction")}</button></div>
          </Form>
        ) : null}
      </section>
    </>
  );
}

/**
 * An agenda item's minutes and decision. The form carries the version it showed; after a refused save
 * it keeps what was typed, and after a save against a newer version it shows theirs beside it.
 */
function MinutesForm({ item, result }: { item: { id: number; version: number; minutes: string; decision: string }; result?: ActionResult }) {
  const t = useT();
  const lang = useLang();
  const current = result?.current;
  // After a conflict the current version (a deliberate second save wins); after another refusal the
  // version the form carried, so a save made meanwhile by someone else is still noticed.
  const version = current?.version ?? result?.values.version ?? item.version;
  const firstError = result ? Object.values(result.errors)[0] : undefined;
  const changed = current ? (["minutes", "decision"] as const).filter((field) => current[field] !== (result?.values[field] ?? "").trim()) : [];
  return (
    <Form method="post" className="minutes-form" noValidate data-testid={`minutes-form-${item.id}`}>
      {firstError ? (
        <div className="banner banner-warn" role="alert">
          <p>{errorText(t, lang, firstError)}</p>
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
      <textarea name="minutes" rows={2} defaultValue={result?.values.minutes ?? item.minutes} placeholder={t("mtg.minutes")} aria-label={t("mtg.minutes")} maxLength={5000} />
      <textarea name="decision" rows={1} defaultValue={result?.values.decision ?? item.decision} placeholder={t("mtg.decision")} aria-label={t("mtg.decision")} maxLength={2000} />
      <button type="submit" className="button small">{t("common.save")}</button>
    </Form>
  );
}
