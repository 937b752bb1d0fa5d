import { prisma } from "~/db.server";
import { cachedRead } from "./read-cache.server";

/** The one project this installation runs. A database set up without demo data has none yet. */
export async function requireProject() {
  const project = await cachedRead("project", ["core"], "", () => loadProject());
  if (!project) throw new Response("No project has been set up yet.", { status: 404, statusText: "No project" });
  return project;
}

function loadProject() {
  return prisma.project.findFirst({
    orderBy: { id: "asc" },
    select: {
      id: true,
      code: true,
      name: true,
      nameEn: true,
      totalBudgetFen: true,
      startupCapitalFen: true,
      startupCapitalYear: true,
      meetingWeekday: true,
      meetingTime: true,
      scheduleStart: true,
      scheduleEnd: true,
    },
  });
}
