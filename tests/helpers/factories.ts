// Small builders of test input.
import { prisma } from "~/db.server";

/** The milestone update form as the edit page would post it, filled from the stored milestone. */
export async function milestoneForm(id: number) {
  const m = await prisma.milestone.findUniqueOrThrow({ where: { id } });
  const civil = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "");
  return {
    version: String(m.version),
    status: m.status,
    percentComplete: String(m.percentComplete),
    actualStart: civil(m.actualStart),
    actualEnd: civil(m.actualEnd),
    plannedStart: civil(m.plannedStart),
    plannedEnd: civil(m.plannedEnd),
    note: m.note,
    reason: "",
  };
}
