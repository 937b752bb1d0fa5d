// The 成本科目 tree of each part (budget line) with its figures, as /budget and the line page show it:
// one collapsible block per part (<details>: works without JS), first-level accounts in bold with their
// leaves indented under them. On a phone the table scrolls sideways with the account column held in
// place. Every figure is a roll-up of the leaves (domain/cost/accounts.ts accountTree).
import { Link } from "@remix-run/react";
import { TargetBadge, Variance } from "~/components/dynamic-cost";
import { Money } from "~/components/money";
import type { TargetLevel } from "~/domain/cost/dynamic-cost";
import { localName, useLang, useT } from "~/i18n";

type Dynamic = { targetFen: string; contractsFen: string; pendingEstimatesFen: string; toComeFen: string; paidOutsideContractsFen: string; dynamicFen: string; varianceFen: string; level: TargetLevel };
export type TreeRow = { id: number; code: string; name: string; nameEn: string; depth: 1 | 2; leaf: boolean; paidFen: string; dynamic: Dynamic };
export type TreePart = { id: number; code: string; name: string; nameEn: string; paidFen: string; dynamic: Dynamic; accounts: TreeRow[] };

/**
 * /budget's section: the current target version (or "no approved target"), the targets against the
 * approved project total and the part budgets (the plan's 300万 gap stays visible), and the tree.
 */
export function AccountTreeSection({ parts, target, totals }: { parts: TreePart[]; target: { no: number } | null; totals: { targetsFen: string; approvedFen: string; partsFen: string } }) {
  const t = useT();
  const diff = (a: string, b: string) => (BigInt(a) - BigInt(b)).toString();
  return (
    <section className="card" data-testid="account-tree-section">
      <div className="page-head with-actions">
        <div>
          <h2>{t("tree.title")}</h2>
          <p className="muted">{t("tree.intro")}</p>
        </div>
        <div className="actions">
          <Link to="/budget/targets" className="button small">
            {target ? t("tree.currentVersion", { no: target.no }) : t("budget.targetsLink")}
          </Link>
        </div>
      </div>
      {target ? null : (
        <p className="banner banner-warn" role="status" data-testid="no-target">
          {t("tree.noTarget")}
        </p>
      )}
      <dl className="totals-check" data-testid="totals-check" aria-label={t("budget.totalsCheck")}>
        <dt>{t("budget.targetsTotal")}</dt>
        <dd data-testid="targets-total">
          <Money fen={totals.targetsFen} unit="wan" />
        </dd>
        <dt>{t("budget.approvedTotal")}</dt>
        <dd>
          <Money fen={totals.approvedFen} unit="wan" />
        </dd>
        <dt>{t("budget.partsTotal")}</dt>
        <dd>
          <Money fen={totals.partsFen} unit="wan" />
        </dd>
        <dt>{t("budget.targetsUnderApproved")}</dt>
        <dd data-testid="targets-vs-approved">
          <Variance fen={diff(totals.targetsFen, totals.approvedFen)} unit="wan" />
        </dd>
        <dt>{t("budget.partsOverApproved")}</dt>
        <dd data-testid="parts-vs-approved">
          <Variance fen={diff(totals.partsFen, totals.approvedFen)} unit="wan" />
        </dd>
      </dl>
      <AccountTree parts={parts} />
    </section>
  );
}

export function AccountTree({ parts, open = false }: { parts: TreePart[]; open?: boolean }) {
  return (
    <div className="account-tree" data-testid="account-tree">
      {parts.map((part) => (
        <PartBlock key={part.id} part={part} open={open || part.dynamic.level === "red"} />
      ))}
    </div>
  );
}

function PartBlock({ part, open }: { part: TreePart; open: boolean }) {
  const t = useT();
  const lang = useLang();
  // A first-level account with no leaves holds no cost: it shows zeros and says so.
  const childless = new Set(part.accounts.filter((row, i) => row.depth === 1 && part.accounts[i + 1]?.depth !== 2).map((row) => row.id));
  return (
    <details open={open} data-testid={`tree-${part.code}`}>
      <summary>
        <span className="code">{part.code}</span> {localName(lang, part)} · {t("tree.dynamic")} <Money fen={part.dynamic.dynamicFen} unit="wan" /> / {t("tree.target")} <Money fen={part.dynamic.targetFen} unit="wan" />{" "}
        <TargetBadge level={part.dynamic.level} />
      </summary>
      <div className="table-scroll">
        <table className="data-table compact tree-table">
          <thead>
            <tr>
              <th>{t("tree.account")}</th>
              <th className="num">{t("tree.dynamic")}</th>
              <th className="num">{t("tree.variance")}</th>
              <th className="num">{t("tree.target")}</th>
              <th className="num">{t("tree.contracts")}</th>
              <th className="num">{t("tree.pending")}</th>
              <th className="num">{t("tree.toCome")}</th>
              <th className="num">{t("tree.paidOutside")}</th>
              <th className="num">{t("tree.paid")}</th>
            </tr>
          </thead>
          <tbody>
            {part.accounts.map((row) => (
              <tr key={row.id} className={row.depth === 1 ? "tree-first" : "tree-leaf"} data-testid={`account-${row.code}`}>
                <th scope="row">
                  <span className="code">{row.code}</span> {localName(lang, row)}
                  {childless.has(row.id) ? <span className="muted"> {t("tree.noLeaves")}</span> : null}
                </th>
                <Figures dynamic={row.dynamic} paidFen={row.paidFen} />
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-testid={`part-${part.code}`}>
              <th scope="row">{t("tree.part", { code: part.code, name: localName(lang, part) })}</th>
              <Figures dynamic={part.dynamic} paidFen={part.paidFen} />
            </tr>
          </tfoot>
        </table>
      </div>
    </details>
  );
}

// 动态成本 and its variance (with the badge) come right after the account: on a phone they are the
// columns in view beside the held account column; the make-up of the figure scrolls in after them.
function Figures({ dynamic, paidFen }: { dynamic: Dynamic; paidFen: string }) {
  return (
    <>
      <td className="num" data-testid="dynamic">
        <Money fen={dynamic.dynamicFen} unit="wan" />
      </td>
      <td className="num" data-testid="variance">
        <Variance fen={dynamic.varianceFen} unit="wan" />
        <div>
          <TargetBadge level={dynamic.level} />
        </div>
      </td>
      <td className="num" data-testid="target">
        <Money fen={dynamic.targetFen} unit="wan" />
      </td>
      <td className="num" data-testid="contracts">
        <Money fen={dynamic.contractsFen} unit="wan" />
      </td>
      <td className="num" data-testid="pending">
        <Money fen={dynamic.pendingEstimatesFen} unit="wan" />
      </td>
      <td className="num" data-testid="to-come">
        <Money fen={dynamic.toComeFen} unit="wan" />
      </td>
      <td className="num" data-testid="paid-outside">
        <Money fen={dynamic.paidOutsideContractsFen} unit="wan" />
      </td>
      <td className="num" data-testid="paid">
        <Money fen={paidFen} unit="wan" />
      </td>
    </>
  );
}
