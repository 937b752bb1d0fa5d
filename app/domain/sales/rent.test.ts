import { describe, expect, it } from "vitest";
import { annualRentFen, leaseAchievementFen, rentRoll, rentSchedule, termRentFen, type RentTerms } from "./index";

// 36 months, 3 rent-free, 1万/month rising 5 % every 12 months.
const lease: RentTerms = { monthlyRentFen: 1_000_000n, startOn: "2027-01-01", endOn: "2029-12-31", rentFreeMonths: 3, escalationBps: 500, escalationEveryMonths: 12 };
const TERM = 9n * 1_000_000n + 12n * 1_050_000n + 12n * 1_102_500n; // 34 830 000

describe("rentSchedule", () => {
  it("one row per lease month, rent-free first, 5 % compounding every 12 months", () => {
    const rows = rentSchedule(lease);
    expect(rows).toHaveLength(36);
    expect(rows[0]).toEqual({ month: "2027-01", rentFen: 0n, free: true });
    expect(rows[2]).toEqual({ month: "2027-03", rentFen: 0n, free: true });
    expect(rows[3]).toEqual({ month: "2027-04", rentFen: 1_000_000n, free: false });
    expect(rows[11].rentFen).toBe(1_000_000n);
    expect(rows[12]).toEqual({ month: "2028-01", rentFen: 1_050_000n, free: false });
    expect(rows[23].rentFen).toBe(1_050_000n);
    expect(rows[24].rentFen).toBe(1_102_500n);
    expect(rows[35]).toEqual({ month: "2029-12", rentFen: 1_102_500n, free: false });
    expect(termRentFen(rows)).toBe(TERM);
  });

  it("each escalation step rounds half up to the 分", () => {
    const rows = rentSchedule({ ...lease, monthlyRentFen: 333_333n, rentFreeMonths: 0, escalationEveryMonths: 6, endOn: "2028-12-31" });
    // 333 333 × 1.05 = 349 999.65 → 350 000; × 1.05 = 367 500; × 1.05 = 385 875
    expect([rows[0], rows[6], rows[12], rows[17], rows[18]].map((r) => r.rentFen)).toEqual([333_333n, 350_000n, 367_500n, 367_500n, 385_875n]);
  });

  it("no escalation when the step is 0; leases from a month end keep their months", () => {
    expect(new Set(rentSchedule({ ...lease, escalationEveryMonths: 0, rentFreeMonths: 0 }).map((r) => r.rentFen))).toEqual(new Set([1_000_000n]));
    const rows = rentSchedule({ ...lease, startOn: "2027-01-31", endOn: "2027-04-30", rentFreeMonths: 0 });
    expect(rows.map((r) => r.month)).toEqual(["2027-01", "2027-02", "2027-03"]);
  });

  it("annual and term achievement", () => {
    expect(annualRentFen(1_000_000n)).toBe(12_000_000n);
    expect(leaseAchievementFen("annual", lease)).toBe(12_000_000n);
    expect(leaseAchievementFen("term", lease)).toBe(TERM);
  });
});

describe("rentRoll", () => {
  it("status, this month's rent and the rent still to come", () => {
    const at = (today: string) => rentRoll([lease], today)[0];
    expect(at("2026-12-31")).toEqual({ currentMonthlyRentFen: 0n, remainingFen: TERM, status: "not_started" });
    expect(at("2027-02-15")).toEqual({ currentMonthlyRentFen: 0n, remainingFen: TERM, status: "rent_free" });
    expect(at("2027-04-01")).toEqual({ currentMonthlyRentFen: 1_000_000n, remainingFen: TERM - 1_000_000n, status: "paying" });
    expect(at("2028-01-05")).toEqual({ currentMonthlyRentFen: 1_050_000n, remainingFen: 11n * 1_050_000n + 12n * 1_102_500n, status: "paying" });
    expect(at("2029-12-31")).toEqual({ currentMonthlyRentFen: 1_102_500n, remainingFen: 0n, status: "paying" });
    expect(at("2030-01-01")).toEqual({ currentMonthlyRentFen: 0n, remainingFen: 0n, status: "ended" });
  });

  it("keeps the order of the leases given; lease months from a month-end start", () => {
    const other = { ...lease, startOn: "2027-01-31", endOn: "2027-04-30", rentFreeMonths: 1, escalationBps: 0 };
    const roll = rentRoll([other, lease], "2027-02-28");
    expect(roll[0]).toEqual({ currentMonthlyRentFen: 1_000_000n, remainingFen: 1_000_000n, status: "paying" });
    expect(roll[1].status).toBe("rent_free");
    expect(rentRoll([other], "2027-02-27")[0].status).toBe("rent_free");
  });
});
