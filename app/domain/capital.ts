// Budget arithmetic in integer 分 (bigint). Pure; shared by the budget page, the dashboard and the
// payment rule (issue 4).
import { shareBps } from "~/utils/money";

export type LineFigures = {
  originalFen: bigint;
  revisionsFen: bigint;
  committedFen: bigint;
  paidFen: bigint;
};

export type LineStatus = LineFigures & {
  currentFen: bigint;
  headroomFen: bigint; // current budget − paid: what may still be paid
  usedBps: number; // paid / current, in basis points
  overNinetyPercent: boolean;
};

export const WARNING_BPS = 9000;

export function lineStatus(figures: LineFigures): LineStatus {
  const currentFen = figures.originalFen + figures.revisionsFen;
  const headroomFen = currentFen - figures.paidFen;
  const usedBps = shareBps(figures.paidFen, currentFen);
  // A line with no budget left and money paid on it is past every threshold, though its share is undefined.
  const overNinetyPercent = currentFen <= 0n ? figures.paidFen > 0n : usedBps >= WARNING_BPS;
  return { ...figures, currentFen, headroomFen, usedBps, overNinetyPercent };
}

export function sumFigures(lines: LineFigures[]): LineFigures {
  return lines.reduce(
    (total, line) => ({
      originalFen: total.originalFen + line.originalFen,
      revisionsFen: total.revisionsFen + line.revisionsFen,
      committedFen: total.committedFen + line.committedFen,
      paidFen: total.paidFen + line.paidFen,
    }),
    { originalFen: 0n, revisionsFen: 0n, committedFen: 0n, paidFen: 0n },
  );
}

/** How the lines reconcile with the project's total budget: never hidden, shown as a difference. */
export function reconcile(projectTotalFen: bigint, linesCurrentFen: bigint) {
  const differenceFen = linesCurrentFen - projectTotalFen;
  return { projectTotalFen, linesCurrentFen, differenceFen, reconciled: differenceFen === 0n };
}

/** Running totals by month, in the order given. */
export function cumulative(values: bigint[]): bigint[] {
  let total = 0n;
  return values.map((value) => (total += value));
}
