import { useLang, useT } from "~/i18n";
import { formatMoney, fenToYuanInput, type FenLike, type MoneyUnit } from "~/utils/money";

/** An amount of 分, formatted for the current language; the exact 元 figure is in the tooltip. */
export function Money({ fen, unit = "auto", className }: { fen: FenLike; unit?: MoneyUnit; className?: string }) {
  const lang = useLang();
  const t = useT();
  return (
    <span className={`money ${className ?? ""}`} title={t("money.exactYuan", { amount: fenToYuanInput(fen) })}>
      {formatMoney(fen, lang, unit)}
    </span>
  );
}
