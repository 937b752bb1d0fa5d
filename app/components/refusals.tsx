// Payments refused for lack of room, one row per cost account (issue 13, point 9): how many, the
// largest and the headroom it met (to the 分 when they would otherwise read the same), the latest date.
import { Link } from "@remix-run/react";
import { useLang, useT } from "~/i18n";
import { formatDateTime } from "~/utils/dates";
import { formatMoneyApart } from "~/utils/money";

export type RefusalGroupRow = {
  lineId: number;
  lineCode: string;
  lineName: string;
  lineNameEn: string;
  accountId: number | null;
  accountCode: string;
  accountName: string;
  accountNameEn: string;
  count: number; largestFen: string; headroomFen: string; latestAt: string };

export function RefusalGroups({ groups }: { groups: RefusalGroupRow[] }) {
  const t = useT();
  const lang = useLang();
  if (groups.length === 0) return <p className="muted">{t("common.none")}</p>;
  return (
    <ul className="plain-list" data-testid="refusal-groups">
      {groups.map((g) => {
        const [largest, headroom] = formatMoneyApart([g.largestFen, g.headroomFen], lang);
        return (
          <li key={`${g.lineId}:${g.accountId ?? ""}`}>
            <Link to={`/budget/lines/${g.lineId}`}>{g.lineCode} {lang === "en" ? g.lineNameEn || g.lineName : g.lineName}</Link>
            {g.accountId ? <> · {g.accountCode} {lang === "en" ? g.accountNameEn || g.accountName : g.accountName}</> : null}
            {" · "}<strong>{t("refusals.summary", { count: g.count })}</strong>
            {" · "}{t("refusals.largest")} <span className="money">{largest}</span> ({t("refusals.headroom")} <span className="money">{headroom}</span>)
            {" · "}{t("refusals.latest")} {formatDateTime(g.latestAt, lang)}
          </li>
        );
      })}
    </ul>
  );
}
