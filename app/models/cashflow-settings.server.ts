// The cash-flow page's settings (issue 14): the probability finance sets for each status (weights the
// expected scenario, ScenarioProbability) and the pre-sale escrow (EscrowSetting, EscrowNode). The only
// Prisma access for these settings; every write is audited (area financing) in its transaction.
// models/cashflow.server.ts reads them for the cash flow itself.
import type { EscrowInput, ProbabilitiesInput } from "~/domain/cashflow-forms.server";
import { cachedRead } from "./read-cache.server";
import { prisma, writeTransaction } from "~/db.server";
import { recordAudit } from "./audit.server";
import { DEFAULT_PROBABILITIES, PROBABILITY_STATUSES } from "./cashflow.server";

type Actor = { userId: number | null };
type Refusal = { ok: false; field: string; message: string; vars?: Record<string, string> };

/** What the settings forms show: the escrow setting, its nodes (milestone id and cumulative bps) and the project's milestones to choose from. */
/** How many milestones the node form offers: the key ones (release nodes are key construction nodes), by date. */
export const NODE_MILESTONE_CHOICES = 200;

/**
 * The escrow form's data: the city's settings, the nodes, and the milestones a node may name — the key
 * milestones (at most NODE_MILESTONE_CHOICES, by planned end) and those the nodes already name, not
 * every milestone of a long plan. Cached per state of the schedule and financing areas.
 */
export function escrowSettings(projectId: number) {
  return cachedRead(`escrow-settings:${projectId}`, ["schedule", "forecast", "financing"], "", async () => {
    const [setting, nodes, keyMilestones] = await Promise.all([
      prisma.escrowSetting.findUnique({ where: { projectId }, select: { city: true, keyFenPerSqm: true } }),
      prisma.escrowNode.findMany({ where: { projectId }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select: { milestoneId: true, releaseBps: true } }),
      prisma.milestone.findMany({ where: { projectId, isKey: true }, orderBy: [{ plannedEnd: "asc" }, { id: "asc" }], take: NODE_MILESTONE_CHOICES, select: { id: true, code: true, name: true, nameEn: true } }),
    ]);
    const offered = new Set(keyMilestones.map((m) => m.id));
    const missing = nodes.map((n) => n.milestoneId).filter((id) => !offered.has(id));
    const named = missing.length ? await prisma.milestone.findMany({ where: { projectId, id: { in: missing } }, select: { id: true, code: true, name: true, nameEn: true } }) : [];
    return { city: setting?.city ?? "", keyFenPerSqm: setting?.keyFenPerSqm ?? null, nodes, milestones: [...named, ...keyMilestones] };
  });
}

/** Sets every status's probability (bps), one upsert each, audited as one change of the project's probabilities. */
export async function saveProbabilities(projectId: number, input: ProbabilitiesInput, actor: Actor): Promise<{ ok: true }> {
  return writeTransaction(async (tx) => {
    const rows = await tx.scenarioProbability.findMany({ where: { projectId }, select: { status: true, bps: true } });
    const before = { ...DEFAULT_PROBABILITIES, ...Object.fromEntries(rows.map((r) => [r.status, r.bps])) };
    const after: Record<string, number> = {};
    for (const status of PROBABILITY_STATUSES) {
      const bps = input[status];
      after[status] = bps;
      await tx.scenarioProbability.upsert({ where: { projectId_status: { projectId, status } }, create: { projectId, status, bps }, update: { bps } });
    }
    await recordAudit(tx, { userId: actor.userId, area: "financing", entity: "ScenarioProbability", entityId: projectId, action: "update", before, after });
    return { ok: true as const };
  });
}

/**
 * Sets the escrow city and key amount per m², and replaces the node list, in one transaction. Every
 * node's milestone must be this project's (refused on the row's milestone field otherwise).
 */
export async function saveEscrow(projectId: number, input: EscrowInput, actor: Actor): Promise<{ ok: true } | Refusal> {
  return writeTransaction(async (tx) => {
    const ids = [...new Set(input.nodes.map((n) => n.milestoneId))];
    const found = new Set((await tx.milestone.findMany({ where: { projectId, id: { in: ids } }, select: { id: true } })).map((m) => m.id));
    const unknown = input.nodes.findIndex((n) => !found.has(n.milestoneId));
    if (unknown >= 0) return { ok: false as const, field: `node${unknown}Milestone`, message: "invalid_choice" };
    const [setting, nodes] = await Promise.all([
      tx.escrowSetting.findUnique({ where: { projectId }, select: { city: true, keyFenPerSqm: true } }),
      tx.escrowNode.findMany({ where: { projectId }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select: { milestoneId: true, releaseBps: true } }),
    ]);
    await tx.escrowSetting.upsert({
      where: { projectId },
      create: { projectId, city: input.city, keyFenPerSqm: input.keyFenPerSqm },
      update: { city: input.city, keyFenPerSqm: input.keyFenPerSqm },
    });
    await tx.escrowNode.deleteMany({ where: { projectId } });
    if (input.nodes.length) await tx.escrowNode.createMany({ data: input.nodes.map((n, i) => ({ projectId, milestoneId: n.milestoneId, releaseBps: n.releaseBps, sortOrder: i })) });
    await recordAudit(tx, {
      userId: actor.userId,
      area: "financing",
      entity: "EscrowSetting",
      entityId: projectId,
      action: setting ? "update" : "create",
      before: setting ? { ...setting, nodes } : undefined,
      after: { city: input.city, keyFenPerSqm: input.keyFenPerSqm, nodes: input.nodes },
    });
    return { ok: true as const };
  });
}
