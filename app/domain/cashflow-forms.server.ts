// The cash-flow page's settings forms (issue 14), validated on the server with zod: the probability
// finance sets for each status (expected scenario), and the pre-sale escrow (city, key amount per m²,
// the release nodes). Messages are i18n keys (errors.*). Server-only (.server): zod stays out of the
// browser bundle.
import { z } from "zod";
import { yuanField } from "./capital-forms.server";

/** The statuses finance sets a probability for (models/cashflow.server.ts PROBABILITY_STATUSES). */
export const PROBABILITY_FIELDS = ["negotiating", "approved", "signed", "drawing", "sales_forecast"] as const;
/** At most this many escrow nodes (a city sets four to six). */
export const MAX_ESCROW_NODES = 20;

/** A percentage 0–100 with at most two decimals → basis points (exact: read from the text, no float). */
export const percentBpsField = z
  .string()
  .trim()
  .min(1, { message: "required" })
  .refine((v) => /^\d{1,3}(\.\d{1,2})?$/.test(v), { message: "percent_invalid" })
  .transform((v) => {
    const [whole, decimals = ""] = v.split(".");
    return Number(whole) * 100 + Number(decimals.padEnd(2, "0"));
  })
  .refine((bps) => bps >= 0 && bps <= 10_000, { message: "percent_invalid" });

export const probabilitiesSchema = z.object(Object.fromEntries(PROBABILITY_FIELDS.map((status) => [status, percentBpsField])) as Record<(typeof PROBABILITY_FIELDS)[number], typeof percentBpsField>);
export type ProbabilitiesInput = z.output<typeof probabilitiesSchema>;

/** Field names of escrow node row i: its milestone and its cumulative release %. */
export const nodeMilestoneField = (i: number) => `node${i}Milestone`;
export const nodeReleaseField = (i: number) => `node${i}Release`;

const nodeShape: Record<string, z.ZodType<string>> = {};
for (let i = 0; i < MAX_ESCROW_NODES; i += 1) {
  nodeShape[nodeMilestoneField(i)] = z.string().trim().default("");
  nodeShape[nodeReleaseField(i)] = z.string().trim().default("");
}

/**
 * The escrow form: city, key amount per m² (元), and up to MAX_ESCROW_NODES rows of milestone +
 * cumulative release %. Blank rows are skipped; the rest must name a milestone once each, with a
 * release % above 0, at most 100 and strictly increasing down the list. Whether each milestone is this
 * project's is checked by the write (models/cashflow-settings.server.ts).
 */
export const escrowSchema = z
  .looseObject({
    city: z.string().trim().min(1, { message: "required" }).max(50, { message: "too_long" }),
    keyPerSqm: yuanField({ sign: "nonnegative" }),
    ...nodeShape,
  })
  .superRefine((value, ctx) => {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const match = /^node(\d+)(Milestone|Release)$/.exec(key);
      if (match && Number(match[1]) >= MAX_ESCROW_NODES && String(record[key] ?? "").trim() !== "") {
        ctx.addIssue({ code: "custom", path: ["nodes"], message: "escrow_too_many_nodes" });
        return;
      }
    }
    let previous = 0;
    const seen = new Set<string>();
    for (let i = 0; i < MAX_ESCROW_NODES; i += 1) {
      const milestone = String(record[nodeMilestoneField(i)] ?? "");
      const release = String(record[nodeReleaseField(i)] ?? "");
      if (milestone === "" && release === "") continue;
      if (!/^\d{1,9}$/.test(milestone)) {
        ctx.addIssue({ code: "custom", path: [nodeMilestoneField(i)], message: milestone === "" ? "required" : "invalid_choice" });
        continue;
      }
      if (seen.has(milestone)) ctx.addIssue({ code: "custom", path: [nodeMilestoneField(i)], message: "escrow_duplicate_milestone" });
      seen.add(milestone);
      const parsed = percentBpsField.safeParse(release);
      if (!parsed.success) {
        ctx.addIssue({ code: "custom", path: [nodeReleaseField(i)], message: parsed.error.issues[0]?.message ?? "percent_invalid" });
        continue;
      }
      if (parsed.data <= previous) {
        ctx.addIssue({ code: "custom", path: [nodeReleaseField(i)], message: parsed.data === 0 ? "escrow_release_zero" : "escrow_not_increasing" });
        continue;
      }
      previous = parsed.data;
    }
  })
  .transform((value) => {
    const record = value as Record<string, unknown>;
    const nodes: { milestoneId: number; releaseBps: number }[] = [];
    for (let i = 0; i < MAX_ESCROW_NODES; i += 1) {
      const milestone = String(record[nodeMilestoneField(i)] ?? "");
      const release = String(record[nodeReleaseField(i)] ?? "");
      if (milestone === "" && release === "") continue;
      nodes.push({ milestoneId: Number(milestone), releaseBps: percentBpsField.parse(release) });
    }
    return { city: value.city, keyFenPerSqm: value.keyPerSqm, nodes };
  });
export type EscrowInput = z.output<typeof escrowSchema>;
