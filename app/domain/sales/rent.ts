// Leasing rent (招商): the month-by-month rent of a lease with its rent-free months (免租期) and
// compounding escalation (租金递增), its term and annual rent, achievement by the project's basis, and
// the rent roll as of a day. Pure; money in bigint 分, dates CivilDate, months "YYYY-MM".
import { addMonths, monthOf, type CivilDate } from "~/utils/dates";
import { leaseMonths } from "./targets";

export type RentTerms = {
  monthlyRentFen: bigint;
  startOn: CivilDate;
  endOn: CivilDate;
  rentFreeMonths: number;
  escalationBps: number;
  escalationEveryMonths: number;
};
export type RentRow = { month: string; rentFen: bigint; free: boolean };
export const LEASE_ACHIEVEMENT_BASES = ["annual", "term"] as const;
export type LeaseAchievementBasis = (typeof LEASE_ACHIEVEMENT_BASES)[number];

/**
 * One row per lease month (month i starts at startOn + i months, for i < leaseMonths(startOn, endOn)),
 * labelled by the calendar month it starts in. The first rentFreeMonths months are free (0). The monthly
 * rent compounds by escalationBps every escalationEveryMonths months counted from the start (free months
 * count): month i pays rent × (1 + r)^floor(i / every), each step rounded half up to the 分.
 */
export function rentSchedule(lease: RentTerms): RentRow[] {
  const n = leaseMonths(lease.startOn, lease.endOn);
  const every = lease.escalationEveryMonths > 0 ? Math.floor(lease.escalationEveryMonths) : 0;
  const factor = 10_000n + BigInt(Math.round(lease.escalationBps));
  const rows: RentRow[] = [];
  let rent = lease.monthlyRentFen;
  for (let i = 0; i < n; i++) {
    if (every > 0 && i > 0 && i % every === 0 && lease.escalationBps !== 0) rent = (rent * factor * 2n + 10_000n) / 20_000n;
    const free = i < lease.rentFreeMonths;
    rows.push({ month: monthOf(addMonths(lease.startOn, i)), rentFen: free ? 0n : rent, free });
  }
  return rows;
}

export function termRentFen(schedule: readonly { rentFen: bigint }[]): bigint {
  return schedule.reduce((sum, r) => sum + r.rentFen, 0n);
}

export function annualRentFen(monthlyRentFen: bigint): bigint {
  return monthlyRentFen * 12n;
}

/** A lease's achievement: its annual rent (the starting monthly rent × 12) or its whole-term rent. */
export function leaseAchievementFen(basis: LeaseAchievementBasis, lease: RentTerms): bigint {
  return basis === "term" ? termRentFen(rentSchedule(lease)) : annualRentFen(lease.monthlyRentFen);
}

export type RentRollStatus = "rent_free" | "paying" | "ended" | "not_started";
export type RentRollRow = { currentMonthlyRentFen: bigint; remainingFen: bigint; status: RentRollStatus };

/**
 * Each lease as of today, in the order given: the rent of the lease month today falls in (0 in a free
 * month), the rent of the lease months after it, and its status. Before the start: not started (all
 * the term's rent remains); after the end: ended.
 */
export function rentRoll(leases: readonly RentTerms[], today: CivilDate): RentRollRow[] {
  return leases.map((lease) => {
    const schedule = rentSchedule(lease);
    if (today < lease.startOn) return { currentMonthlyRentFen: 0n, remainingFen: termRentFen(schedule), status: "not_started" as const };
    if (today > lease.endOn) return { currentMonthlyRentFen: 0n, remainingFen: 0n, status: "ended" as const };
    let i = 0;
    while (i + 1 < schedule.length && addMonths(lease.startOn, i + 1) <= today) i++;
    const row = schedule[i];
    return {
      currentMonthlyRentFen: row.rentFen,
      remainingFen: termRentFen(schedule.slice(i + 1)),
      status: row.free ? ("rent_free" as const) : ("paying" as const),
    };
  });
}
