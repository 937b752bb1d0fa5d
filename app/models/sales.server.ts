// Sales targets, the agency contract, sales and leases: the only module that touches them.
import { prisma } from "~/db.server";
import { dateToCivil } from "~/utils/dates";

export async function salesOverview(projectId: number, year: number) {
  const [targets, agency] = await Promise.all([
    prisma.salesTarget.findMany({
      where: { projectId, period: { startsWith: String(year) } },
      select: { product: true, period: true, amountFen: true },
      orderBy: [{ product: "asc" }, { period: "asc" }],
    }),
    prisma.agencyContract.findFirst({
      where: { projectId, year },
      select: { agency: true, year: true, periodStart: true, periodEnd: true, taskFen: true, incentiveBps: true, incentiveTerms: true },
    }),
  ]);
  return {
    targets,
    agency: agency ? { ...agency, periodStart: dateToCivil(agency.periodStart), periodEnd: dateToCivil(agency.periodEnd) } : null,
  };
}
