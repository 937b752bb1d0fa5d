// 放款条件 (issue 14, point 4): whether a facility's loan conditions hold, as pure rules. A development
// loan needs 四证齐全 (the four certificates: land use, land-use planning, works planning, construction
// permit) and 资本金 (equity) of at least 20 % of the total investment for ordinary housing, 25 % for
// other development (国发〔2015〕51号); banks add their own, such as a milestone done. The models
// (models/financing-conditions.server.ts) gather the facts; a drawdown with an unmet condition is
// flagged and may be drawn only with an approved override (Approval kind drawdown_override).

export const CONDITION_KINDS = ["four_certificates", "equity_ratio", "milestone"] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];

export function isConditionKind(value: string): value is ConditionKind {
  return (CONDITION_KINDS as readonly string[]).includes(value);
}

/** The four certificates (四证), in the order the banks list them. */
export const CERTIFICATE_KINDS = ["land_use", "land_planning", "works_planning", "construction"] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

/** Minimum 资本金 of the total investment (国发〔2015〕51号), in basis points. */
export const STATUTORY_EQUITY_BPS = { ordinaryHousing: 2000, other: 2500 } as const;

export type ConditionInput = { id: number; kind: string; milestoneId: number | null; equityBps: number | null; note: string };
/** A milestone tagged with a certificate: its code (to name it) and whether it is done. */
export type CertificateState = { kind: string; done: boolean; code?: string };
export type MilestoneState = { code: string; name: string; nameEn: string; done: boolean };

/** A certificate not held: no milestone of the schedule is tagged with it, or none of those is done. */
export type MissingCertificate = { kind: CertificateKind; reason: "not_in_schedule" | "not_done"; codes: string[] };

export type ConditionDetail =
  | { kind: "four_certificates"; missing: MissingCertificate[] }
  | { kind: "equity_ratio"; ratioBps: number; requiredBps: number; paidFen: bigint; totalFen: bigint }
  | { kind: "milestone"; milestoneId: number | null; milestone: MilestoneState | null }
  | { kind: "unknown" };

export type ConditionResult = { id: number; kind: string; note: string; met: boolean; detail: ConditionDetail };

/** Floor division of bigints (toward −∞), for rounding half up also below zero. */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** paid ÷ total in basis points, exact and rounded half up; 0 when there is no total. */
export function equityRatioBps(paidFen: bigint, totalFen: bigint): number {
  if (totalFen <= 0n) return 0;
  return Number(floorDiv(paidFen * 20_000n + totalFen, totalFen * 2n));
}

/** Whether paid reaches requiredBps of total, compared exactly (a ratio rounded up to the line does not pass). */
export function equityReaches(paidFen: bigint, totalFen: bigint, requiredBps: number): boolean {
  return paidFen * 10_000n >= BigInt(requiredBps) * totalFen;
}

/** 四证: each kind needs a tagged milestone that is done; a kind with no tagged milestone is not in the schedule. */
export function missingCertificates(certificates: readonly CertificateState[]): MissingCertificate[] {
  const missing: MissingCertificate[] = [];
  for (const kind of CERTIFICATE_KINDS) {
    const tagged = certificates.filter((c) => c.kind === kind);
    if (tagged.some((c) => c.done)) continue;
    missing.push({ kind, reason: tagged.length === 0 ? "not_in_schedule" : "not_done", codes: tagged.map((c) => c.code ?? "").filter((code) => code !== "") });
  }
  return missing;
}

export function checkConditions(input: {
  conditions: readonly ConditionInput[];
  certificates: readonly CertificateState[];
  equity: { paidFen: bigint; totalFen: bigint };
  milestones: ReadonlyMap<number, MilestoneState>;
}): ConditionResult[] {
  return input.conditions.map((condition) => {
    const base = { id: condition.id, kind: condition.kind, note: condition.note };
    switch (condition.kind) {
      case "four_certificates": {
        const missing = missingCertificates(input.certificates);
        return { ...base, met: missing.length === 0, detail: { kind: "four_certificates", missing } };
      }
      case "equity_ratio": {
        const requiredBps = condition.equityBps ?? STATUTORY_EQUITY_BPS.other;
        const { paidFen, totalFen } = input.equity;
        const met = totalFen > 0n && equityReaches(paidFen, totalFen, requiredBps);
        return { ...base, met, detail: { kind: "equity_ratio", ratioBps: equityRatioBps(paidFen, totalFen), requiredBps, paidFen, totalFen } };
      }
      case "milestone": {
        const milestone = condition.milestoneId !== null ? (input.milestones.get(condition.milestoneId) ?? null) : null;
        return { ...base, met: milestone?.done === true, detail: { kind: "milestone", milestoneId: condition.milestoneId, milestone } };
      }
      default:
        return { ...base, met: false, detail: { kind: "unknown" } };
    }
  });
}

/** The kinds of the conditions not met, each once, in the order the conditions are listed. */
export function unmetKinds(results: readonly ConditionResult[]): string[] {
  return [...new Set(results.filter((r) => !r.met).map((r) => r.kind))];
}
