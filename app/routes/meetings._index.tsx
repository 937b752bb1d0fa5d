import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { errorText, Field } from "~/components/field";
import { ROSTER_SEATS, rosterSchema, seriesSchema, swapSchema, themeSchema } from "~/domain/meetings-forms.server";
import { LEADER_AREAS } from "~/domain/meetings/areas";
import { localName, useLang, useT, type MessageKey } from "~/i18n";
import { listOpenActionItems, meetingSeries, pastMeetings, upcomingMeetings } from "~/models/meetings.server";
import { saveRoster, saveSeries, setTheme, swapChairs } from "~/models/meetings/writes.server";
import { ChairBasis } from "./meetings.$date";
import { requireProject } from "~/models/project.server";
import { useCan } from "~/root";
import { requirePermission, requireUser } from "~/session.server";
import { formatDate, formatDateTime, today } from "~/utils/dates";
import { parseIntent, refusalError, type FieldErrors, type FormValues, readFormData } from "~/utils/forms";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "mtg.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const now = today();
  const series = await meetingSeries(project.id);
  const [upcoming, past, openActions] = await Promise.all([upcomingMeetings(project.id, now, series, 6), pastMeetings(project.id, now), listOpenActionItems(project.id)]);
  return { series, upcoming, past, openActions, today: now, seats: ROSTER_SEATS };
}

type ActionResult = { intent: string; errors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "meeting.run");
  const project = await requireProject();
  const form = await readFormData(request);
  const intent = String(form.get("intent"));
  const actor = { userId: user.id };
  const schemas = { theme: themeSchema, swap: swapSchema, roster: rosterSchema, series: seriesSchema };
  const parsed = parseIntent(schemas, form);
  if (!parsed.ok) return data<ActionResult>({ intent, errors: parsed.errors, values: parsed.values }, { status: 400 });
  const input = parsed.data as never;
  const result =
    intent === "theme" ? await setTheme(project.id, input, actor)
    : intent === "swap" ? await swapChairs(project.id, input, actor)
    : intent === "roster" ? await saveRoster(project.id, (parsed.data as { people: number[] }).people, actor)
    : await saveSeries(project.id, input, actor);
  if (!result.ok) return data<ActionResult>({ intent, errors: { [result.field]: refusalError(result) }, values: parsed.values }, { status: 400 });
  return redirect(`/meetings?saved=${intent}`);
}

export default function MeetingsPage() {
  const { series, upcoming, past, openActions, today: now, seats } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const canRun = useCan("meeting.run");
  const rosterText = series.roster.map((p) => (lang === "en" ? `${localName(lang, p)} (${p.titleEn})` : `${p.name}（${p.title}）`)).join(" → ");
  const resultFor = (intent: string) => (actionData?.intent === intent ? actionData : undefined);
  const themeResult = resultFor("theme");
  const roster = resultFor("roster");
  return (
    <>
      <div className="page-head">
        <h1>{t("mtg.title")} <Link to="/meetings/scorecard" style={{ fontWeight: "normal", fontSize: "0.9rem", whiteSpace: "nowrap" }} data-testid="scorecard-link">{t("sc.title")} →</Link></h1>
        <p className="small"><Link to="/settings/leaders">{t("leaders.link")}</Link></p>
        <p className="muted" data-testid="series">{t("mtg.series", { weekday: t(`weekday.${series.weekday}` as MessageKey), time: series.time, roster: rosterText })}</p>
      </div>
      <section className="card">
        <h2>{t("mtg.upcoming")}</h2>
        <div className="table-scroll">
        <table className="data-table" data-testid="upcoming">
          <thead>
            <tr><th>{t("mtg.time")}</th><th>{t("mtg.theme")}</th><th>{t("mtg.chair")}</th><th>{t("ms.status")}</th><th /></tr>
          </thead>
          <tbody>
            {upcoming.map((m, i) => (
              <tr key={m.date} data-testid={`meeting-${m.date}`}>
                <td><Link to={`/meetings/${m.date}`}>{formatDateTime(m.startsAt, lang)}</Link></td>
                <td>
                  {canRun ? (
                    m.status === "planned" ? (
                    <Form method="post" className="inline-form" noValidate data-testid={`theme-form-${m.date}`}>
                      <input type="hidden" name="intent" value="theme" />
                      <input type="hidden" name="date" value={m.date} />
                      <input name="theme" defaultValue={(themeResult?.values.date === m.date ? themeResult.values.theme : undefined) ?? m.theme} placeholder={t("mtg.themePlaceholder")} aria-label={t("mtg.theme")} maxLength={200} style={{ maxWidth: "22rem" }} />
                      <input type="hidden" name="themeEn" value={m.themeEn} />
                      <select name="themeArea" aria-label={t("mtg.themeArea")} defaultValue={(themeResult?.values.date === m.date ? themeResult.values.themeArea : undefined) ?? m.themeArea}>
                        <option value="">{t("mtg.chooseArea")}</option>
                        {LEADER_AREAS.map((area) => <option key={area} value={area}>{t(`area.${area}` as MessageKey)}</option>)}
                      </select>
                      <button type="submit" className="button small">{t("common.save")}</button>
                    </Form>
                    ) : (lang === "en" ? m.themeEn || m.theme : m.theme) || "—"
                  ) : (lang === "en" ? m.themeEn || m.theme : m.theme) || "—"}
                </td>
                <td data-testid="chair">
                  {m.chair ? localName(lang, m.chair) : "—"} {m.swapped ? <span className="badge health-due_soon">{t("mtg.swapped")}</span> : null}
                  <div className="muted small"><ChairBasis m={m} /></div>
                  {canRun && i < upcoming.length - 1 && m.status === "planned" ? (
                    <Form method="post" className="inline-form" noValidate>
                      <input type="hidden" name="intent" value="swap" />
                      <input type="hidden" name="date" value={m.date} />
                      <input type="hidden" name="otherDate" value={upcoming[i + 1].date} />
                      <button type="submit" className="button small" data-testid={`swap-${m.date}`}>{t("mtg.swapWithNext")}</button>
                    </Form>
                  ) : null}
                </td>
                <td>{t(`mtg.status.${m.status}` as MessageKey)}</td>
                <td><Link to={`/meetings/${m.date}`} className="button small">{t("mtg.open")}</Link></td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
        {resultFor("swap") || resultFor("theme") ? <p className="field-error" role="alert">{Object.values((resultFor("swap") ?? resultFor("theme"))!.errors).map((e) => errorText(t, lang, e)).join(lang === "en" ? "; " : "；")}</p> : null}
      </section>
      <section className="card">
        <h2>{t("mtg.actions")}</h2>
        <div className="table-scroll">
        <table className="data-table" data-testid="open-actions">
          <thead>
            <tr><th>{t("ms.name")}</th><th>{t("mtg.owner")}</th><th>{t("mtg.due")}</th><th>{t("mtg.fromMeeting")}</th><th>{t("mtg.lastReport")}</th></tr>
          </thead>
          <tbody>
            {openActions.map((a) => (
              <tr key={a.id} className={a.dueOn < now ? "row-overdue" : ""}>
                <td>{a.title}</td>
                <td>{a.department ? localName(lang, a.department) : "—"} / {a.owner ? localName(lang, a.owner) : "—"}</td>
                <td>{formatDate(a.dueOn, lang)}</td>
                <td><Link to={`/meetings/${a.fromMeeting}`}>{formatDate(a.fromMeeting, lang)}</Link></td>
                <td className="small">{a.lastReport ? `${formatDate(a.lastReport.reportedOn, lang)}${lang === "en" ? ": " : "："}${a.lastReport.text}` : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      </section>
      <section className="card">
        <h2>{t("mtg.past")}</h2>
        <div className="table-scroll">
        <table className="data-table">
          <thead><tr><th>{t("mtg.time")}</th><th>{t("mtg.theme")}</th><th>{t("mtg.chair")}</th><th>{t("ms.status")}</th></tr></thead>
          <tbody>
            {past.map((m) => (
              <tr key={m.id}>
                <td><Link to={`/meetings/${m.date}`}>{formatDateTime(m.startsAt, lang)}</Link></td>
                <td>{lang === "en" ? m.themeEn || m.theme : m.theme}</td>
                <td>{m.chair ? localName(lang, m.chair) : "—"}</td>
                <td>{t(`mtg.status.${m.status}` as MessageKey)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      </section>
      {canRun ? (
        <div className="three-col">
          <Form method="post" className="card stack" noValidate key={`r${JSON.stringify(resultFor("roster")?.values ?? {})}`} data-testid="roster-form">
            <h2>{t("mtg.roster")}</h2>
            <input type="hidden" name="intent" value="roster" />
            <p className="muted small">{t("mtg.rosterHint")}</p>
            {Array.from({ length: seats }, (_, i) => (
              <Field key={i} name={`seat${i}`} label={t("mtg.rosterOrder", { n: String(i + 1) })} error={roster?.errors[`seat${i}`]}>
                {(p) => (
                  <select {...p} defaultValue={roster?.values[`seat${i}`] ?? (series.roster[i] ? String(series.roster[i].id) : "")}>
                    <option value="">—</option>
                    {series.people.map((person) => <option key={person.id} value={person.id}>{localName(lang, person)} · {lang === "en" ? person.titleEn : person.title}</option>)}
                  </select>
                )}
              </Field>
            ))}
            <button type="submit" className="button primary">{t("common.save")}</button>
          </Form>
          <Form method="post" className="card stack" noValidate data-testid="series-form">
            <h2>{t("mtg.seriesSettings")}</h2>
            <input type="hidden" name="intent" value="series" />
            <Field name="weekday" label={t("mtg.weekday")} error={resultFor("series")?.errors.weekday}>
              {(p) => <select {...p} defaultValue={String(series.weekday)}>{[1, 2, 3, 4, 5, 6, 0].map((d) => <option key={d} value={d}>{t(`weekday.${d}` as MessageKey)}</option>)}</select>}
            </Field>
            <Field name="time" label={t("mtg.time")} error={resultFor("series")?.errors.time}>{(p) => <input {...p} type="time" defaultValue={series.time} />}</Field>
            <button type="submit" className="button primary">{t("common.save")}</button>
          </Form>
        </div>
      ) : null}
    </>
  );
}
