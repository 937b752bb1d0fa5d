// Financing channels, facilities and drawdowns: the only module that touches them.
import { prisma } from "~/db.server";
import { dateToCivil } from "~/utils/dates";

export async function financingOverview(projectId: number) {
  const channels = await prisma.financingChannel.findMany({
    where: { projectId },
    orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
    select: {
      id: true,
      kind: true,
      name: true,
      nameEn: true,
      targetFen: true,
      facilities: {
        select: {
          id: true,
          counterparty: true,
          committedFen: true,
          rateBps: true,
          status: true,
          drawdowns: { select: { plannedOn: true, plannedFen: true, actualOn: true, actualFen: true }, orderBy: { plannedOn: "asc" } },
        },
      },
    },
  });
  return channels.map((channel) => {
    let committedFen = 0n;
    let drawnFen = 0n;
    let plannedFen = 0n;
    for (const facility of channel.facilities) {
      committedFen += facility.committedFen;
      for (const drawdown of facility.drawdowns) {
        plannedFen += drawdown.plannedFen;
        drawnFen += drawdown.actualFen ?? 0n;
      }
    }
    return {
      ...channel,
      committedFen,
      drawnFen,
      plannedFen,
      facilities: channel.facilities.map((facility) => ({
        ...facility,
        drawdowns: facility.drawdowns.map((drawdown) => ({
          ...drawdown,
          plannedOn: dateToCivil(drawdown.plannedOn),
          actualOn: drawdown.actualOn ? dateToCivil(drawdown.actualOn) : null,
        })),
      })),
    };
  });
}
