// The start-up capital target's bar (issue 14, point 6): drawn, secured and expected as distinct,
// labelled parts; hoped-for money never looks like money in hand.
import { useT, type MessageKey } from "~/i18n";
import { formatRatioBps } from "~/utils/percent";
import { Money } from "./money";

export type TargetPartView = { part: "drawn" | "secured" | "expected"; amountFen: string; bps: number };

// Each part's share is rounded down to basis points (domain/financing.ts), so this is its exact half-up 0.1 %.
const pct = formatRatioBps;

export function TargetBar({ parts, testId }: { parts: TargetPartView[]; testId?: string }) {
  const t = useT();
  const label = (part: TargetPartView["part"]) => t(`target.part.${part}` as MessageKey);
  return (
    <div className="target-bar" data-testid={testId}>
      <div className="target-bar-track" role="img" aria-label={parts.map((p) => `${label(p.part)} ${pct(p.bps)}`).join(" · ")}>
        {parts.map((p) => (p.bps > 0 ? <span key={p.part} className={`target-part target-part-${p.part}`} style={{ width: `${p.bps / 100}%` }} /> : null))}
      </div>
      <ul className="target-legend">
        {parts.map((p) => (
          <li key={p.part} data-testid={`target-${p.part}`}>
            <span className={`target-swatch target-part-${p.part}`} aria-hidden="true" />
            {label(p.part)} <Money fen={p.amountFen} /> <span className="muted">({pct(p.bps)})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
