// Money is integer 分 (fen) everywhere: bigint on the server, decimal strings across the wire
// (JSON cannot carry bigint). Nothing here uses floating point.

export type Lang = "zh" | "en";

const FEN_PER_YUAN = 100n;
const FEN_PER_WAN = 1_000_000n; // 1万元
const FEN_PER_YI = 10_000_000_000n; // 1亿元
const FEN_PER_MILLION = 100_000_000n; // 1,000,000元

export type FenLike = bigint | string | number;

export function toFen(value: FenLike): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new RangeError(`not an integer amount of fen: ${value}`);
    return BigInt(value);
  }
  if (!/^-?\d+$/.test(value)) throw new RangeError(`not an integer amount of fen: ${value}`);
  return BigInt(value);
}

/** Serialise for loaders: bigint → decimal string. */
export function fenToJson(fen: bigint): string {
  return fen.toString();
}

/** Divide with half-up rounding away from zero, returning a fixed-point string with `decimals` places. */
function divideToFixed(numerator: bigint, denominator: bigint, decimals: number): string {
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const scale = 10n ** BigInt(decimals);
  const scaled = (abs * scale * 2n + denominator) / (denominator * 2n);
  const whole = scaled / scale;
  const fraction = scaled % scale;
  const wholeText = groupThousands(whole.toString());
  const text = decimals > 0 ? `${wholeText}.${fraction.toString().padStart(decimals, "0")}` : wholeText;
  return negative && scaled !== 0n ? `-${text}` : text;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

export type MoneyUnit = "auto" | "yuan" | "wan" | "yi";

/** The smallest amount that shows as `threshold` once rounded to 2 decimals of `smallerUnit`. */
function roundsUpTo(threshold: bigint, smallerUnit: bigint): bigint {
  return threshold - smallerUnit / 200n;
}

/**
 * Human-readable amount. zh: 元 / 万元 / 亿元 (auto picks 亿 from 1亿, 万 from 10万);
 * en: ¥ with M (millions) from 1,000,000, plain yuan below.
 */
export function formatMoney(value: FenLike, lang: Lang, unit: MoneyUnit = "auto"): string {
  const fen = toFen(value);
  const abs = fen < 0n ? -fen : fen;
  const chosen = unit === "auto" ? autoUnit(abs, lang) : unit;
  if (lang === "en") {
    const sign = fen < 0n ? "-" : "";
    if (chosen === "yuan") return `${sign}¥${divideToFixed(abs, FEN_PER_YUAN, 2)}`;
    return `${sign}¥${divideToFixed(abs, FEN_PER_MILLION, 2)}M`;
  }
  if (chosen === "yi") return `${divideToFixed(fen, FEN_PER_YI, 2)}亿元`;
  if (chosen === "wan") return `${divideToFixed(fen, FEN_PER_WAN, 2)}万元`;
  return `${divideToFixed(fen, FEN_PER_YUAN, 2)}元`;
}

/**
 * The unit formatMoney "auto" picks for an amount (its absolute value, in 分). In English every unit but
 * "yuan" reads as ¥…M, so "wan" stands for millions there.
 */
function autoUnit(abs: bigint, lang: Lang): Exclude<MoneyUnit, "auto"> {
  if (lang === "en") return abs >= roundsUpTo(FEN_PER_MILLION, FEN_PER_YUAN) ? "wan" : "yuan";
  // The unit is chosen on the rounded figure: 99,999,999.99元 reads 1亿元, not 10,000.00万元.
  if (abs >= roundsUpTo(FEN_PER_YI, FEN_PER_WAN)) return "yi";
  return abs >= roundsUpTo(10n * FEN_PER_WAN, FEN_PER_YUAN) ? "wan" : "yuan";
}

/**
 * One unit for figures read together, such as "achieved / target": the unit formatMoney "auto" picks for
 * the largest of them (by absolute value), so the pair reads "0.00万元 / 6,000.00万元", not
 * "0.00元 / 6,000.00万元". When that unit would make two different amounts read the same, all of them
 * go exact to the 分 ("yuan"), as in formatMoneyApart.
 */
export function sharedMoneyUnit(amounts: FenLike[], lang: Lang): Exclude<MoneyUnit, "auto"> {
  const fens = amounts.map(toFen);
  const largest = fens.map((fen) => (fen < 0n ? -fen : fen)).reduce((max, abs) => (abs > max ? abs : max), 0n);
  const unit = autoUnit(largest, lang);
  return moneyTextsCollide(fens, fens.map((fen) => formatMoney(fen, lang, unit))) ? "yuan" : unit;
}

/** Several amounts in one unit (sharedMoneyUnit): ["0.00万元", "6,000.00万元"]. */
export function formatMoneyShared(amounts: FenLike[], lang: Lang): string[] {
  const unit = sharedMoneyUnit(amounts, lang);
  return amounts.map((fen) => formatMoney(fen, lang, unit));
}

/** Exact 元 with two decimals, for form fields and exports: 123456 → "1234.56". */
export function fenToYuanInput(value: FenLike): string {
  return divideToFixed(toFen(value), FEN_PER_YUAN, 2).replace(/,/g, "");
}

/**
 * Parse what a user typed as 元 into fen, exactly. Accepts "1234", "1,234.5", "1234.56", " -12 ";
 * an optional 万 / 亿 suffix scales it ("1.5万" = 15000元). Returns null for anything else,
 * including more precision than 1 分.
 */
export function parseYuanToFen(input: string): bigint | null {
  const text = input.trim().replace(/，/g, ",").replace(/\s*元$/, "");
  // Thousands separators only where they belong: "1,234,567.5" yes, "1,2,3" no.
  const match = /^(-?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(万|亿)?$/.exec(text);
  if (!match) return null;
  const [, sign, grouped, rawFraction = "", suffix] = match;
  const whole = grouped.replace(/,/g, "");
  const fraction = rawFraction.replace(/0+$/, ""); // "12.340" is exact to the 分
  const multiplier = suffix === "亿" ? FEN_PER_YI : suffix === "万" ? FEN_PER_WAN : FEN_PER_YUAN;
  const decimalsAllowed = multiplier.toString().length - 1; // 分 is the finest unit
  if (fraction.length > decimalsAllowed) return null;
  const scale = 10n ** BigInt(fraction.length);
  const fen = (BigInt(whole) * scale + BigInt(fraction || "0")) * multiplier / scale;
  return sign === "-" ? -fen : fen;
}

/** Share of `part` in `whole` in basis points (1 % = 100), truncated toward zero; 0 when whole is 0. */
export function shareBps(part: bigint, whole: bigint): number {
  if (whole === 0n) return 0;
  return Number((part * 10_000n) / whole);
}

/** Exact 万元 for grid inputs, trailing zeros trimmed: 1_234_500_000 → "1234.5". */
export function fenToWanInput(value: FenLike): string {
  return divideToFixed(toFen(value), FEN_PER_WAN, 6).replace(/,/g, "").replace(/\.?0+$/, "");
}

/**
 * Several amounts formatted so that different amounts never read the same: in the usual unit
 * (formatMoney "auto") when that already tells them apart, otherwise all of them exactly to the 分
 * (元 with two decimals). A refusal of 1分 over the headroom reads "1,000,000.01元 / 1,000,000.00元",
 * not "100.00万元 / 100.00万元". Equal amounts may share a text; so may a single amount.
 */
export function formatMoneyApart(amounts: FenLike[], lang: Lang): string[] {
  const fens = amounts.map(toFen);
  const usual = fens.map((fen) => formatMoney(fen, lang));
  return moneyTextsCollide(fens, usual) ? fens.map((fen) => formatMoney(fen, lang, "yuan")) : usual;
}

/** True when two different amounts got the same text. */
function moneyTextsCollide(fens: bigint[], texts: string[]): boolean {
  const amountByText = new Map<string, bigint>();
  return fens.some((fen, i) => {
    const seen = amountByText.get(texts[i]);
    amountByText.set(texts[i], fen);
    return seen !== undefined && seen !== fen;
  });
}
