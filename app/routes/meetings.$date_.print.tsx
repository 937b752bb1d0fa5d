// The agenda and minutes on A4, for printing or "save as PDF" from the browser.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AgendaFacts } from "~/components/agenda";
import { localName, useLang, useT, type MessageKey } from "~/i18n";
import { loader as meetingLoader } from "./meetings.$date";
import { formatDate, formatDateTime } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "例会议程与纪要 · Groundwork" }];

export async function loader(args: LoaderFunctionArgs) {
  return meetingLoader(args);
}

export default function MeetingPrint() {
  const m = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <article className="print-sheet" data-testid="print-sheet">
      <header>
        <h1>{t("mtg.printTitle")}</h1>
        <p>
          {formatDateTime(m.startsAt, lang)} · {t("mtg.chair")}: {m.chair ? localName(lang, m.chair) : "—"} · {t(`mtg.status.${m.status}` as MessageKey)}
        </p>
        <p><strong>{t("mtg.theme")}：</strong>{(lang === "en" ? m.themeEn || m.theme : m.theme) || "—"}</p>
        <p className="no-print"><button type="button" className="button" onClick={() => window.print()}>{t("mtg.printNow")}</button></p>
      </header>
      <h2>{t("mtg.agenda")}</h2>
      <p className="small">{t("scheduleStatus.agendaAsOf", { date: formatDate(m.date, lang) })}</p>
      <ol>
        {m.agenda.map((item) => (
          <li key={item.id}>
            <strong>{lang === "en" ? item.titleEn || item.title : item.title}</strong> {item.source === "manual" ? <span className="agenda-facts">{item.detail}</span> : <AgendaFacts detail={item.detail} refType={item.refType} />}
            {item.minutes ? <p>{t("mtg.minutes")}：{item.minutes}</p> : null}
            {item.decision ? <p>{t("mtg.decision")}：{item.decision}</p> : null}
          </li>
        ))}
      </ol>
      <h2>{t("mtg.carriedOver")}</h2>
      <table className="data-table compact">
        <tbody>
          {m.carriedOver.map((a) => (
            <tr key={a.id}><td>{a.title}</td><td>{a.department ? localName(lang, a.department) : ""} / {a.owner ? localName(lang, a.owner) : ""}</td><td>{formatDate(a.dueOn, lang)}</td><td>{a.lastReport?.text ?? ""}</td></tr>
          ))}
        </tbody>
      </table>
      <h2>{t("mtg.newActions")}</h2>
      <table className="data-table compact">
        <tbody>
          {m.actionItems.map((a) => (
            <tr key={a.id}><td>{a.title}</td><td>{a.department ? localName(lang, a.department) : ""} / {a.owner ? localName(lang, a.owner) : ""}</td><td>{formatDate(a.dueOn, lang)}</td></tr>
          ))}
        </tbody>
      </table>
      <footer className="signature">{t("mtg.signature")}</footer>
    </article>
  );
}
