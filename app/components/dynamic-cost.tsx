// 动态成本 against the target, as the budget table, the line page and the dashboard show it: the
// figure, its variance and a badge (amber from 95 %, red above 100 %; domain/cost/dynamic-cost.ts).
import { Link } from "@remix-run/react";
import { Money } from "~/components/money";
import { TARGET_AMBER_BPS, type TargetLevel } from "~/domain/cost/dynamic-cost";
import { localName, useLang, useT } from "~/i18n";
import { formatMoney } from "~/utils/money";

const BADGE: Record<TargetLevel, string> = { ok: "health-in_progress", amber: "health-slipping", red: "health-overdue" };

export function TargetBadge({ level }: { level: TargetLevel }) {
  const t = useT();
  return (
    <span className={`badge ${BADGE[level]}`} data-testid={`target-${level}`} title={t("cost.levelHint", { amber: TARGET_AMBER_BPS / 100 })}>
      {t(`cost.level.${level}`)}
    </span>
  );
}

/** A variance (dynamic − target): positive is an overrun, shown red with a sign. */
export function Variance({ fen, unit }: { fen: string; unit?: "wan" }) {
  const over = !fen.startsWith("-") && fen !== "0";
  return (
    <span className={over ? "negative" : ""}>
      {over ? "+" : ""}
      <Money fen={fen} unit={unit} />
    </span>
  );
}

type DashLine = {
  id: number;
  code: string;
  name: string;
  nameEn: string;
  dynamicFen: string;
  targetFen: string;
  varianceFen: string;
  targetUsedBps: number;
  level: TargetLevel;
  /** The line's leaf accounts over their own target (a line can be amber or ok while a leaf is red). */
  redAccounts?: { id: number; code: string; name: string; nameEn: string; varianceFen: string }[];
};

/** The dashboard's card: the project's dynamic cost against its target, and every line near or over its target. */
export function DynamicCostDashCard({ total, lines }: { total: { dynamicFen: string; targetFen: string; varianceFen: string; level: TargetLevel }; lines: DashLine[] }) {
  const t = useT();
  const lang = useLang();
  return (
    <section className="card" data-testid="dash-dynamic-cost">
      <h2>
        <Link to="/budget">{t("cost.overTarget")}</Link> <TargetBadge level={total.level} />
      </h2>
      <p className="muted" title={t("cost.targetTip")}>
        {t("cost.totalDynamic", { dynamic: formatMoney(total.dynamicFen, lang, "wan"), target: formatMoney(total.targetFen, lang, "wan"), variance: formatMoney(total.varianceFen, lang, "wan") })}
      </p>
      {lines.length === 0 ? (
        <p className="muted">{t("cost.allWithinTarget")}</p>
      ) : (
        <ul className="plain-list">
          {lines.map((line) => (
            <li key={line.id} data-testid={`dash-target-${line.code}`}>
              <Link to={`/budget/lines/${line.id}`}>
                <span className="code">{line.code}</span> {localName(lang, line)}
              </Link>{" "}
              <TargetBadge level={line.level} /> <Money fen={line.dynamicFen} unit="wan" /> / <Money fen={line.targetFen} unit="wan" /> (<Variance fen={line.varianceFen} unit="wan" />)
              {line.redAccounts && line.redAccounts.length > 0 ? (
                <ul className="plain-list" data-testid={`dash-red-accounts-${line.code}`}>
                  {line.redAccounts.map((account) => (
                    <li key={account.id}>
                      <span className="code">{account.code}</span> {localName(lang, account)} <TargetBadge level="red" /> <Variance fen={account.varianceFen} unit="wan" />
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
