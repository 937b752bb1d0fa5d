// One agenda item as the meeting (and its printout) shows it: a title linking to the record, and the
// facts behind it (state, dates, amounts) formatted for the reader.
import { Link } from "@remix-run/react";
import { parseDetail } from "~/domain/meetings";
import { useLang, useT, type MessageKey } from "~/i18n";
import { formatDate, formatMonth } from "~/utils/dates";
import { formatMoneyApart } from "~/utils/money";
import { formatRatioBps } from "~/utils/percent";

export type AgendaRow = { id: number; source: string; refType: string; refId: number | null; title: string; titleEn: string; detail: string; minutes: string; decision: string };

export function agendaLink(item: Pick<AgendaRow, "refType" | "refId" | "detail">): string | null {
  const detail = parseDetail(item.detail);
  switch (item.refType) {
    case "Milestone":
      return `/milestones/${item.refId}`;
    case "BudgetLine":
    case "DynamicCost":
      return `/budget/lines/${item.refId}`;
    case "PaymentRefusal": // one refusal an item, as agendas frozen before issue 13 hold them
      return detail.lineId ? `/budget/lines/${detail.lineId}` : "/budget";
    case "PaymentRefusals": // one item per cost account (per line for refusals kept before accounts)
      return `/budget/lines/${item.refId}`;
    case "FundingGap":
      return "/financing/cashflow";
    case "SalesTarget":
      return "/sales";
    case "ActionItem":
      return `#action-${item.refId}`;
    case "AgendaItem":
      return detail.from ? `/meetings/${detail.from}#item-${item.refId}` : null;
    default:
      return null;
  }
}

/**
 * The facts of an item. A milestone's state is its health (the one status shown for a milestone
 * everywhere, health.* labels, as judged as of the meeting's date); other items' states are their own.
 */
export function AgendaFacts({ detail, refType }: { detail: string; refType?: string }) {
  const t = useT();
  const lang = useLang();
  const facts = parseDetail(detail);
  // The owner is stored in both languages (ownerEn since issue 17): show the page's.
  const hidden = ["lineId", "accountId", "redAccounts", "product", "lastReport", lang === "en" && facts.ownerEn ? "owner" : "ownerEn"];
  const shown = Object.entries(facts)
    .filter(([key]) => !hidden.includes(key))
    .map(([key, value]): [string, string] => [key === "ownerEn" ? "owner" : key, value]);
  if (shown.length === 0) return null;
  // The item's amounts in one precision that tells them apart (a refusal 1分 over its headroom reads to the 分).
  const moneyKeys = shown.filter(([key, value]) => key.endsWith("Fen") && /^-?\d+$/.test(value));
  const moneyTexts = new Map(moneyKeys.map(([key], i) => [key, formatMoneyApart(moneyKeys.map(([, v]) => v), lang)[i]]));
  return (
    <span className="agenda-facts">
      {shown.map(([key, value]) => {
        const label = t(`agenda.${key}` as MessageKey);
        const milestoneState = key === "state" && refType === "Milestone";
        const text =
          milestoneState ? t(`health.${value}` as MessageKey)
          : key === "state" ? t(`agenda.state.${value}` as MessageKey)
          : moneyTexts.has(key) ? moneyTexts.get(key)
          : key === "usedBps" && /^-?\d+$/.test(value) ? formatRatioBps(Number(value))
          : key === "month" ? formatMonth(value, lang)
          : /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value, lang)
          : value;
        return (
          <span key={key} className={milestoneState ? `badge health-${value}` : key === "state" ? `badge agenda-state-${value}` : ""}>
            {key === "state" ? text : `${label.startsWith("agenda.") ? key : label}: ${text}`}
          </span>
        );
      })}
    </span>
  );
}

export function AgendaTitle({ item }: { item: AgendaRow }) {
  const lang = useLang();
  const link = agendaLink(item);
  const title = lang === "en" ? item.titleEn || item.title : item.title;
  return link ? (link.startsWith("#") ? <a href={link}>{title}</a> : <Link to={link}>{title}</Link>) : <>{title}</>;
}
