// Interest on a loan facility (开发贷, 信托贷款, …): when interest is settled and how much, what is
// owed at maturity, and how much of the interest is capitalised. Pure; money in bigint 分, dates civil
// "YYYY-MM-DD", rates in basis points, today passed in.
//
// Rules (Chinese banks' conventions):
// - Daily interest = balance outstanding × annual rate ÷ 360.
// - 算头不算尾: a draw earns interest from its own day (inclusive); a repayment stops interest on the
//   repaid amount from its own day (that day earns nothing on it). Same-day draws are applied before
//   same-day repayments; a repayment beyond the balance is capped at the balance.
// - Exactness: the day numerators balance × rateBps are summed as bigint; a money amount is formed only
//   by rounding a cumulative sum half up (÷ 10,000 ÷ 360). Each settlement is the rounded cumulative
//   interest through its day minus what was settled before, so the settlements add up exactly to the
//   rounded total (no drift).
// - Settlements (结息): on `settleDay` (clamped to the month's end) of March, June, September and
//   December, covering the days since the previous settlement up to and including the settlement day;
//   plus one on each day the balance falls to 0 (final repayment, balloon at maturity). Only non-zero
//   settlements are listed.
// - Maturity = first draw + termMonths (same day of month, clamped to the month's end). Draws and
//   repayments after maturity are ignored; what is still outstanding at maturity is the balloon, repaid
//   on the maturity day (interest stops that day).
// - termMonths = 0 (no maturity): interest accrues until the balance is 0 or through `horizonEnd`
//   (inclusive) and never past it; movements after horizonEnd are ignored. Interest accrued since the
//   last settlement day when the horizon ends with money outstanding is settled on the next settlement
//   day (after horizonEnd), so Σ interest = interestTotalFen always.
// - Capitalised (资本化) = the rounded interest accrued on days up to and including constructionEnd;
//   expensed = total − capitalised (the split adds up exactly).
// - The fee is paid on the first draw.
import { addMonths, civilToDate, dateToCivil, daysInMonth, type CivilDate } from "~/utils/dates";

export type Movement = { on: CivilDate; amountFen: bigint };
export type FacilityTerms = { rateBps: number; feesFen: bigint; termMonths: number; settleDay: number };
export type FacilityPlanInput = FacilityTerms & {
  /** Drawn (actual) and forecast drawdowns, any order. */
  draws: Movement[];
  /** Principal repayments, scheduled or paid, any order. */
  repayments: Movement[];
  today: CivilDate;
  /** Interest on days up to and including this date is capitalised, later days expensed. */
  constructionEnd: CivilDate;
  /** Last day ever computed when there is no maturity (termMonths = 0): the end of the cash-flow range. */
  horizonEnd: CivilDate;
};
export type FacilityPlan = {
  firstDrawOn: CivilDate | null;
  /** firstDrawOn + termMonths; null when termMonths = 0 or nothing drawn. */
  maturityOn: CivilDate | null;
  /** Principal outstanding at maturity after the scheduled repayments, repaid at maturity. */
  balloon: Movement | null;
  /** Interest settlements (结息), by date; only non-zero ones. */
  interest: Movement[];
  /** feesFen on firstDrawOn; null when 0 or nothing drawn. */
  fee: Movement | null;
  /** Accrued through `today` inclusive (settled or not), rounded half up. */
  interestToDateFen: bigint;
  /** Accrued over the whole life (to the day the balance reaches 0, to maturity, or through horizonEnd). */
  interestTotalFen: bigint;
  capitalisedFen: bigint;
  expensedFen: bigint;
};

const DAY_MS = 86_400_000;
/** Interest in 分 = Σ(balance 分 × rateBps per day) ÷ (10,000 × 360). */
const DIVISOR = 10_000n * 360n;

const dayNumber = (civil: CivilDate) => Math.round(civilToDate(civil).getTime() / DAY_MS);
const civilOf = (day: number) => dateToCivil(new Date(day * DAY_MS));
/** numerator ÷ DIVISOR, rounded half up (numerators here are never negative). */
const toFen = (numerator: bigint) => (numerator * 2n + DIVISOR) / (DIVISOR * 2n);

/** The settlement day of a quarter-end month "YYYY-MM". */
function settlementIn(monthKey: string, settleDay: number): CivilDate {
  const wanted = Number.isInteger(settleDay) && settleDay >= 1 ? settleDay : 20;
  return `${monthKey}-${String(Math.min(wanted, daysInMonth(monthKey))).padStart(2, "0")}`;
}

type Segment = { start: number; end: number; balanceFen: bigint }; // days [start, end) at a constant balance

export function facilityPlan(input: FacilityPlanInput): FacilityPlan {
  const draws = input.draws.filter((d) => d.amountFen > 0n);
  if (draws.length === 0) {
    return { firstDrawOn: null, maturityOn: null, balloon: null, interest: [], fee: null, interestToDateFen: 0n, interestTotalFen: 0n, capitalisedFen: 0n, expensedFen: 0n };
  }
  const firstDrawOn = draws.reduce((first, d) => (d.on < first ? d.on : first), draws[0].on);
  const maturityOn = input.termMonths > 0 ? addMonths(firstDrawOn, input.termMonths) : null;
  const lastMovementOn = maturityOn ?? input.horizonEnd;
  // Interest accrues on days before endDay: the maturity day itself earns nothing (balloon repaid that day).
  const endDay = maturityOn ? dayNumber(maturityOn) : dayNumber(input.horizonEnd) + 1;
  const rate = BigInt(input.rateBps);

  const movements = [
    ...draws.filter((d) => d.on <= lastMovementOn).map((d) => ({ on: d.on, delta: d.amountFen, draw: true })),
    ...input.repayments.filter((r) => r.amountFen > 0n && r.on <= lastMovementOn).map((r) => ({ on: r.on, delta: r.amountFen, draw: false })),
  ].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : Number(b.draw) - Number(a.draw)));

  const segments: Segment[] = [];
  const payoffDays: CivilDate[] = [];
  let balanceFen = 0n;
  let segmentStart = 0;
  for (let i = 0; i < movements.length; ) {
    const on = movements[i].on;
    const day = dayNumber(on);
    if (balanceFen > 0n && day > segmentStart) segments.push({ start: segmentStart, end: day, balanceFen });
    const before = balanceFen;
    for (; i < movements.length && movements[i].on === on; i++) {
      const m = movements[i];
      balanceFen = m.draw ? balanceFen + m.delta : balanceFen - (m.delta < balanceFen ? m.delta : balanceFen);
    }
    if (before > 0n && balanceFen === 0n) payoffDays.push(on);
    segmentStart = day;
  }
  if (balanceFen > 0n && endDay > segmentStart) segments.push({ start: segmentStart, end: endDay, balanceFen });
  const balloon = maturityOn && balanceFen > 0n ? { on: maturityOn, amountFen: balanceFen } : null;

  /** Σ balance × rateBps over the days before `cutoff` (a day number). */
  const numeratorBefore = (cutoff: number) =>
    segments.reduce((sum, s) => (cutoff <= s.start ? sum : sum + s.balanceFen * rate * BigInt(Math.min(s.end, cutoff) - s.start)), 0n);

  // Settlement days: quarter ones from the first draw up to the first one on or after the last day that
  // earns interest, the payoff days and the maturity day.
  const dates = new Set<CivilDate>(payoffDays);
  if (balloon) dates.add(balloon.on);
  if (segments.length > 0) {
    const lastInterestDay = civilOf(segments[segments.length - 1].end - 1);
    const month = Number(firstDrawOn.slice(5, 7));
    let index = Number(firstDrawOn.slice(0, 4)) * 12 + Math.ceil(month / 3) * 3 - 1; // the quarter's last month
    for (;;) {
      const settlement = settlementIn(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`, input.settleDay);
      index += 3;
      if (settlement < firstDrawOn) continue;
      dates.add(settlement);
      if (settlement >= lastInterestDay) break;
    }
  }
  const interest: Movement[] = [];
  let settledFen = 0n;
  for (const on of [...dates].sort()) {
    const cumulativeFen = toFen(numeratorBefore(dayNumber(on) + 1));
    if (cumulativeFen !== settledFen) interest.push({ on, amountFen: cumulativeFen - settledFen });
    settledFen = cumulativeFen;
  }

  const interestTotalFen = toFen(numeratorBefore(endDay));
  const capitalisedFen = toFen(numeratorBefore(dayNumber(input.constructionEnd) + 1));
  return {
    firstDrawOn,
    maturityOn,
    balloon,
    interest,
    fee: input.feesFen > 0n ? { on: firstDrawOn, amountFen: input.feesFen } : null,
    interestToDateFen: toFen(numeratorBefore(dayNumber(input.today) + 1)),
    interestTotalFen,
    capitalisedFen,
    expensedFen: interestTotalFen - capitalisedFen,
  };
}
