// 领导分工: the areas of the work a leader is put in charge of. A meeting's theme is on one area and is
// chaired by its leader (chair.ts); each section of the monthly executive pack is commented on by the
// leader of the area it reports on (PACK_AREA_LEADS). Pure and shared by server and browser.

export const LEADER_AREAS = [
  "engineering", // 工程与进度 — the project manager
  "technical", // 技术与质量安全 — the chief / supervising engineer
  "permits", // 前期报建 — 报批报建
  "cost", // 成本与合约
  "finance", // 资金与融资 — the general manager
  "marketing", // 营销与销售
  "leasing", // 招商与运营
  "office", // 行政与综合
  "hr", // 人力与绩效
] as const;
export type LeaderArea = (typeof LEADER_AREAS)[number];

export function isLeaderArea(value: string): value is LeaderArea {
  return (LEADER_AREAS as readonly string[]).includes(value);
}

/** The sections of the monthly executive pack and the area whose leader writes each one's commentary. */
export const PACK_AREAS = ["schedule", "cost", "cash", "sales", "meetings"] as const;
export type PackArea = (typeof PACK_AREAS)[number];
export const PACK_AREA_LEADS: Record<PackArea, LeaderArea> = {
  schedule: "engineering",
  cost: "cost",
  cash: "finance",
  sales: "marketing",
  meetings: "hr", // 人力与绩效: the scorecard is the evidence of 绩效考核
};
