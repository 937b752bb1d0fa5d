// The agenda and minutes on A4, for printing or "save as PDF" from the browser.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AgendaFacts } from "~/components/agenda";
import { localName, useLang, useT, type MessageKey } from "~/i18n";
import { ChairBasis, loader as meetingLoader } from "./meetings.$date";
import { formatDate, formatDateTime, isCivilDate } from "~/utils/dates";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches, params }) =>
  pageTitle(matches, (t, lang) => (params.date && isCivilDate(params.date) ? t("title.meetingPrintOf", { date: formatDate(params.date, lang) }) : t("title.meetingPrint")));

export async function loader(args: LoaderFunctionArgs) {
  return meetingLoader(args);
}

export default function MeetingPrint() {
  const m = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const colon = lang === "en" ? ": " : "：";
  const local = (zh: string, en: string) => (lang === "en" ? en || zh : zh);
  const started = m.status !== "planned";
  const decisions = m.agenda.filter((i) => i.decision);
  return (
    <article className="print-sheet" data-testid="print-sheet">
      <header>
        <h1>{t("mtg.printTitle")}</h1>
        <p>
          {formatDateTime(m.startsAt, lang)} · {t(`mtg.status.${m.status}` as MessageKey)}
        </p>
        <p>
          <strong>{t("mtg.theme")}{colon}</strong>{local(m.theme, m.themeEn) || "—"}
          {m.themeArea ? (lang === "en" ? ` (${t(`area.${m.themeArea}` as MessageKey)})` : `（${t(`area.${m.themeArea}` as MessageKey)}）`) : ""}
        </p>
        <p data-testid="print-chair"><strong>{t("mtg.chair")}{colon}</strong>{m.chair ? localName(lang, m.chair) : "—"} <ChairBasis m={m} /></p>
        <p className="no-print"><button type="button" className="button" onClick={() => window.print()}>{t("mtg.printNow")}</button></p>
      </header>
      <h2>{t("mtg.agenda")}</h2>
      <p className="small">{t("scheduleStatus.agendaAsOf", { date: formatDate(m.date, lang) })}</p>
      <ol data-testid="print-agenda">
        {m.agenda.map((item) => (
          <li key={item.id}>
            <strong>{local(item.title, item.titleEn)}</strong> {item.source === "manual" ? <span className="agenda-facts">{item.detail}</span> : <AgendaFacts detail={item.detail} refType={item.refType} />}
            {item.outcome ? <span className="badge">{t(`mtg.outcome.${item.outcome}` as MessageKey)}</span> : null}
            {item.minutes ? <p>{t("mtg.minutes")}{colon}{item.minutes}</p> : null}
            {item.decision ? <p>{t("mtg.decision")}{colon}{item.decision}</p> : null}
          </li>
        ))}
      </ol>
      {decisions.length > 0 ? (
        <>
          <h2>{t("mtg.decisions")}</h2>
          <ol data-testid="print-decisions">
            {decisions.map((i) => <li key={i.id}>{i.decision}<span className="small">{lang === "en" ? ` (${local(i.title, i.titleEn)})` : `（${local(i.title, i.titleEn)}）`}</span></li>)}
          </ol>
        </>
      ) : null}
      <h2>{t("mtg.carriedOver")}</h2>
      {started ? <p className="small">{t("mtg.carriedAsOf")}</p> : null}
      <table className="data-table compact" data-testid="print-carried">
        <thead><tr><th>{t("ms.name")}</th><th>{t("mtg.owner")}</th><th>{t("mtg.due")}</th><th>{t("mtg.lastReport")}</th>{started ? <th>{t("mtg.reportHere")}</th> : null}</tr></thead>
        <tbody>
          {m.carriedOver.map((a) => (
            <tr key={a.id}>
              <td>{a.title}</td>
              <td>{local(a.owner, a.ownerEn)}</td>
              <td>{a.dueOn ? formatDate(a.dueOn, lang) : ""}</td>
              <td>{a.lastReport ? `${formatDate(a.lastReport.reportedOn, lang)}${colon}${a.lastReport.text}` : ""}</td>
              {started ? <td>{a.reportHere?.text ?? ""}{a.doneHere ? ` ✓ ${t("mtg.doneHere")}` : ""}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t("mtg.newActions")}</h2>
      <table className="data-table compact" data-testid="print-new-actions">
        <thead><tr><th>{t("ms.name")}</th><th>{t("mtg.owner")}</th><th>{t("mtg.due")}</th></tr></thead>
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
