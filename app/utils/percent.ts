// Percentages: one rounding rule everywhere (issue 18, item 5). The issue saw "62.7 % on the page,
// 62.75 % in Excel, 62.76 % true": the page truncated, the workbook kept basis points.
//
// A RATIO (paid ÷ budget, achieved ÷ target, on-time items ÷ items due) is rounded exactly once, half up
// (toward +∞: 62.75 → 62.8, −6.25 → −6.2) to 0.1 %, in integer arithmetic:
// - from its exact numerator and denominator when the caller has them (rateTenths, formatShare);
// - from basis points only where the amounts are not at hand (formatRatioBps). That is exact when the
//   basis points were rounded DOWN from the true ratio (shareBps, the sales rates: floor(floor(y)/10) =
//   floor(y/10)), not when they were already rounded half up (a second rounding).
// Pages show formatRate / formatShare; a workbook writes rateCellValue (the same rounded value as a
// fraction, 0.628) into a cell formatted RATE_CELL_FORMAT ("0.0%"), so Excel shows what the page shows.
//
// A RATE that is an entered term (interest 4.35 %, commission 1.5 %, subscription cap 10 %) is no ratio:
// it is shown at its own precision, 0.01 % (formatTermBps), exactly, with no float toFixed.

/** The Excel number format of a ratio cell: 0.1 %. */
export const RATE_CELL_FORMAT = "0.0%";

/** num / den in tenths of a percent (1000 = 100 %), half up, in integer arithmetic; null when den ≤ 0. */
export function rateTenths(num: number | bigint, den: number | bigint): number | null {
  const n = BigInt(num);
  const d = BigInt(den);
  if (d <= 0n) return null;
  return Number(floorDiv(2000n * n + d, 2n * d));
}

/** Tenths of a percent as "54.5%"; "—" for null. No second rounding. */
export function formatRate(tenths: number | null): string {
  if (tenths === null) return "—";
  const sign = tenths < 0 ? "-" : "";
  const abs = Math.abs(tenths);
  return `${sign}${Math.floor(abs / 10)}.${abs % 10}%`;
}

/** num / den as formatRate shows it ("—" when den ≤ 0). */
export function formatShare(num: number | bigint, den: number | bigint): string {
  return formatRate(rateTenths(num, den));
}

/** A rate for an Excel cell formatted RATE_CELL_FORMAT: the value the pages show, as a fraction. */
export function rateCellValue(tenths: number | null): number | null {
  return tenths === null ? null : tenths / 1000;
}

/** num / den for an Excel ratio cell (null, an empty cell, when den ≤ 0). */
export function shareCellValue(num: number | bigint, den: number | bigint): number | null {
  return rateCellValue(rateTenths(num, den));
}

/** Basis points (rounded down from the true ratio) in tenths of a percent, half up: 6276 → 628. */
export function bpsTenths(bps: number): number {
  if (!Number.isSafeInteger(bps)) throw new RangeError(`not an integer number of basis points: ${bps}`);
  return Number(floorDiv(BigInt(bps) + 5n, 10n));
}

/** A ratio held only as basis points, to 0.1 % half up: 6276 → "62.8%". */
export function formatRatioBps(bps: number): string {
  return formatRate(bpsTenths(bps));
}

/**
 * An entered rate (a term, not a ratio) in basis points at its own precision, 0.01 %: 435 → "4.35%".
 * Trailing zeros are dropped (1000 → "10%", 450 → "4.5%") unless `fixed` keeps two decimals ("10.00%").
 */
export function formatTermBps(bps: number, options: { fixed?: boolean } = {}): string {
  if (!Number.isSafeInteger(bps)) throw new RangeError(`not an integer number of basis points: ${bps}`);
  const sign = bps < 0 ? "-" : "";
  const abs = Math.abs(bps);
  const fraction = String(abs % 100).padStart(2, "0");
  const shown = options.fixed ? `.${fraction}` : fraction === "00" ? "" : `.${fraction.replace(/0$/, "")}`;
  return `${sign}${Math.floor(abs / 100)}${shown}%`;
}

/** a / b rounded toward −∞ (BigInt division truncates toward zero). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && (a < 0n) !== (b < 0n) ? q - 1n : q;
}
