import { describe, expect, it } from "vitest";
import { formatMoney } from "~/utils/money";
import { checkCommitment, checkRevision, cumulative, lineStatus, reconcile, sumFigures, WARNING_BPS, type LineFigures } from "./capital";

const WAN = 1_000_000n; // 1万元 in 分
const wan = (n: number) => BigInt(n) * WAN;

function figures(extra: Partial<LineFigures> = {}): LineFigures {
  return { originalFen: 0n, revisionsFen: 0n, committedFen: 0n, paidFen: 0n, ...extra };
}

describe("lineStatus", () => {
  it("current = original + revisions; headroom = current − paid; keeps the inputs", () => {
    const status = lineStatus(figures({ originalFen: wan(14000), revisionsFen: wan(500), committedFen: wan(300), paidFen: wan(90) }));
    expect(status).toEqual({
      originalFen: wan(14000),
      revisionsFen: wan(500),
      committedFen: wan(300),
      paidFen: wan(90),
      currentFen: wan(14500),
      headroomFen: wan(14410),
      usedBps: 62, // 90 / 14500 = 0.62 %
      overNinetyPercent: false,
    });
  });

  it("a negative revision lowers the current budget", () => {
    const status = lineStatus(figures({ originalFen: wan(8000), revisionsFen: -wan(1000), paidFen: wan(3500) }));
    expect(status.currentFen).toBe(wan(7000));
    expect(status.headroomFen).toBe(wan(3500));
    expect(status.usedBps).toBe(5000);
  });

  it("headroom ignores commitments: only payments use it up", () => {
    const status = lineStatus(figures({ originalFen: wan(100), committedFen: wan(100), paidFen: wan(10) }));
    expect(status.headroomFen).toBe(wan(90));
    expect(status.usedBps).toBe(1000);
  });

  it("warns at exactly 90 % used", () => {
    expect(WARNING_BPS).toBe(9000);
    const status = lineStatus(figures({ originalFen: 1_000_000n, revisionsFen: 200_000n, paidFen: 1_080_000n }));
    expect(status.usedBps).toBe(9000);
    expect(status.overNinetyPercent).toBe(true);
  });

  it("warns from the share the page shows as 90.0 % (89.95 %, half up), not below", () => {
    const shown = lineStatus(figures({ originalFen: 1_000_000n, revisionsFen: 200_000n, paidFen: 1_079_400n })); // 89.95 %
    expect(shown.overNinetyPercent).toBe(true);
    const below = lineStatus(figures({ originalFen: 1_000_000n, revisionsFen: 200_000n, paidFen: 1_079_399n })); // 89.9499 % → "89.9%"
    expect(below.usedBps).toBe(8994);
    expect(below.overNinetyPercent).toBe(false);
  });

  it("overspent: negative headroom, more than 100 % used, warning on", () => {
    const status = lineStatus(figures({ originalFen: wan(100), paidFen: wan(120) }));
    expect(status.headroomFen).toBe(-wan(20));
    expect(status.usedBps).toBe(12000);
    expect(status.overNinetyPercent).toBe(true);
  });

  it("a line with no budget yet and nothing paid is 0 % used", () => {
    const status = lineStatus(figures());
    expect(status).toMatchObject({ currentFen: 0n, headroomFen: 0n, usedBps: 0, overNinetyPercent: false });
  });

  it("a line with no budget but payments shows negative headroom", () => {
    expect(lineStatus(figures({ paidFen: 500n })).headroomFen).toBe(-500n);
  });

  it("stays exact with amounts beyond 2^53 分", () => {
    const big = 2n ** 60n;
    const status = lineStatus(figures({ originalFen: big, revisionsFen: 1n, paidFen: big }));
    expect(status.currentFen).toBe(1_152_921_504_606_846_977n);
    expect(status.headroomFen).toBe(1n);
    expect(status.usedBps).toBe(9999);
  });
});

describe("sumFigures", () => {
  it("is all zero for no lines", () => {
    expect(sumFigures([])).toEqual({ originalFen: 0n, revisionsFen: 0n, committedFen: 0n, paidFen: 0n });
  });

  it("adds each figure separately", () => {
    const total = sumFigures([
      figures({ originalFen: 1n, revisionsFen: 10n, committedFen: 100n, paidFen: 1000n }),
      figures({ originalFen: 2n, revisionsFen: -20n, committedFen: 200n, paidFen: 2000n }),
      figures({ originalFen: 4n, revisionsFen: 40n, committedFen: 400n, paidFen: 4000n }),
    ]);
    expect(total).toEqual({ originalFen: 7n, revisionsFen: 30n, committedFen: 700n, paidFen: 7000n });
  });

  it("returns only the four figures, even when given line statuses", () => {
    const total = sumFigures([lineStatus(figures({ originalFen: 5n, paidFen: 1n }))]);
    expect(Object.keys(total).sort()).toEqual(["committedFen", "originalFen", "paidFen", "revisionsFen"]);
  });
});

describe("reconcile", () => {
  // The reference project: three lines (0.8亿 + 1.4亿 + 2.43亿 = 4.63亿) against a 4.6亿 budget.
  const lines = [
    figures({ originalFen: wan(8000) }),
    figures({ originalFen: wan(14000), committedFen: wan(300), paidFen: wan(90) }),
    figures({ originalFen: wan(24300), committedFen: wan(500), paidFen: wan(150) }),
  ];
  const projectTotalFen = wan(46000);

  it("shows the reference lines 300万元 over the project budget", () => {
    const linesCurrentFen = lineStatus(sumFigures(lines)).currentFen;
    expect(linesCurrentFen).toBe(46_300_000_000n);
    const result = reconcile(projectTotalFen, linesCurrentFen);
    expect(result).toEqual({
      projectTotalFen: 46_000_000_000n,
      linesCurrentFen: 46_300_000_000n,
      differenceFen: 300_000_000n,
      reconciled: false,
    });
    expect(formatMoney(result.differenceFen, "zh")).toBe("300.00万元");
    expect(formatMoney(result.linesCurrentFen, "zh")).toBe("4.63亿元");
    expect(formatMoney(result.projectTotalFen, "zh")).toBe("4.60亿元");
  });

  it("is negative when the lines fall short", () => {
    expect(reconcile(wan(46000), wan(45000))).toMatchObject({ differenceFen: -wan(1000), reconciled: false });
  });

  it("is reconciled only when the difference is exactly zero", () => {
    expect(reconcile(wan(46000), wan(46000))).toMatchObject({ differenceFen: 0n, reconciled: true });
    expect(reconcile(wan(46000), wan(46000) + 1n)).toMatchObject({ differenceFen: 1n, reconciled: false });
  });
});

describe("cumulative", () => {
  it("is empty for no months", () => {
    expect(cumulative([])).toEqual([]);
  });

  it("gives running totals in the order given", () => {
    expect(cumulative([wan(100), wan(250), 0n, wan(50)])).toEqual([wan(100), wan(350), wan(350), wan(400)]);
    expect(cumulative([5n, -2n, 10n])).toEqual([5n, 3n, 13n]);
  });

  it("does not change its input", () => {
    const values = [1n, 2n, 3n];
    expect(cumulative(values)).toEqual([1n, 3n, 6n]);
    expect(values).toEqual([1n, 2n, 3n]);
  });

  it("stays exact beyond 2^53 分", () => {
    expect(cumulative([2n ** 53n, 1n, 1n])).toEqual([9_007_199_254_740_992n, 9_007_199_254_740_993n, 9_007_199_254_740_994n]);
  });
});

describe("a line with no budget", () => {
  it("is flagged once anything is paid on it", () => {
    expect(lineStatus({ originalFen: 0n, revisionsFen: 0n, committedFen: 0n, paidFen: 1n }).overNinetyPercent).toBe(true);
    expect(lineStatus({ originalFen: 0n, revisionsFen: 0n, committedFen: 0n, paidFen: 0n }).overNinetyPercent).toBe(false);
  });
});

describe("money paid outside contracts binds the budget too", () => {
  it("leaves less room for contracts", () => {
    const line = { currentFen: 8_000n, committedFen: 0n, paidOutsideContractsFen: 3_000n };
    expect(checkCommitment({ amountFen: 5_000n, line })).toEqual({ ok: true });
    expect(checkCommitment({ amountFen: 5_001n, line })).toEqual({ ok: false, reason: "over_budget", uncommittedFen: 5_000n });
  });
  it("raises the floor a cut may not go below", () => {
    const line = { currentFen: 10_000n, committedFen: 5_000n, paidFen: 3_000n, paidOutsideContractsFen: 3_000n };
    expect(checkRevision({ deltaFen: -2_000n, line })).toEqual({ ok: true });
    expect(checkRevision({ deltaFen: -2_001n, line })).toEqual({ ok: false, reason: "below_floor", floorFen: 8_000n });
  });
});
