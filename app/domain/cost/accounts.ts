// 成本科目: the two-level cost-account tree under each budget line (the plan's parts), and how every
// figure rolls up leaf → first-level account → part → project. Pure, integer 分.
// See docs/decisions/013-cost-accounts-and-target-cost.md.
import { sumDynamic, type DynamicCost } from "./dynamic-cost";

export type AccountNode = {
  id: number;
  lineId: number;
  parentId: number | null;
  code: string;
  name: string;
  nameEn: string;
  sortOrder: number;
};

/** What a leaf account holds; a parent's figures are the sums of its leaves'. */
export type LeafFigures = {
  targetFen: bigint; // 目标成本: the latest approved version's amount for the leaf (0 when none)
  contractsFen: bigint; // Σ committed contracts at their current value
  pendingEstimatesFen: bigint; // Σ estimates of pending changes on those contracts
  toComeFen: bigint; // 待发生成本: the leaf's latest estimate
  paidOutsideContractsFen: bigint; // net payments on the leaf made without a contract
  paidFen: bigint; // net payments on the leaf (on its contracts and outside them)
};

export const ZERO_FIGURES: LeafFigures = {
  targetFen: 0n,
  contractsFen: 0n,
  pendingEstimatesFen: 0n,
  toComeFen: 0n,
  paidOutsideContractsFen: 0n,
  paidFen: 0n,
};

export type RolledUp = { paidFen: bigint; dynamic: DynamicCost };

/** The figures of several leaves (or of a first-level account, a part, the project), summed and judged. */
export function rollUp(leaves: LeafFigures[]): RolledUp {
  return { paidFen: leaves.reduce((sum, leaf) => sum + leaf.paidFen, 0n), dynamic: sumDynamic(leaves) };
}

export function isLeaf(account: Pick<AccountNode, "parentId">): boolean {
  return account.parentId !== null;
}

export type AccountTreeRow = AccountNode & { depth: 1 | 2; leaf: boolean } & RolledUp;
export type PartTree = { lineId: number; accounts: AccountTreeRow[] } & RolledUp;

/**
 * The tree of each line in display order (a first-level account, then its leaves), every row with its
 * rolled-up figures, and each line's own roll-up. Leaves without figures count as zero. A first-level
 * account without leaves shows zeros (it cannot hold cost itself).
 */
export function accountTree(lineIds: number[], accounts: AccountNode[], figures: Map<number, LeafFigures>): PartTree[] {
  const order = (a: AccountNode, b: AccountNode) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code) || a.id - b.id;
  return lineIds.map((lineId) => {
    const firsts = accounts.filter((a) => a.lineId === lineId && a.parentId === null).sort(order);
    const rows: AccountTreeRow[] = [];
    const lineLeaves: LeafFigures[] = [];
    for (const first of firsts) {
      const leaves = accounts.filter((a) => a.parentId === first.id).sort(order);
      const leafFigures = leaves.map((leaf) => figures.get(leaf.id) ?? ZERO_FIGURES);
      lineLeaves.push(...leafFigures);
      rows.push({ ...first, depth: 1, leaf: false, ...rollUp(leafFigures) });
      leaves.forEach((leaf, i) => rows.push({ ...leaf, depth: 2, leaf: true, ...rollUp([leafFigures[i]]) }));
    }
    return { lineId, accounts: rows, ...rollUp(lineLeaves) };
  });
}

export type AccountRoomCheck = { ok: true } | { ok: false; roomFen: bigint };

/**
 * A payment outside contracts must fit its account's room: the approved target less what the account
 * has committed in contracts and already paid outside them. Without an approved target the account has
 * no room of its own and only the line's budget applies (`targetFen` null).
 */
export function checkAccountRoom(input: { amountFen: bigint; targetFen: bigint | null; contractsFen: bigint; paidOutsideContractsFen: bigint }): AccountRoomCheck {
  if (input.targetFen === null) return { ok: true };
  const roomFen = input.targetFen - input.contractsFen - input.paidOutsideContractsFen;
  return input.amountFen <= roomFen ? { ok: true } : { ok: false, roomFen: roomFen < 0n ? 0n : roomFen };
}

/** The typical accounts a new line starts with (the cost team adds or renames later). Codes get the line's code in front. */
export const TYPICAL_ACCOUNTS: { code: string; name: string; nameEn: string; leaves: { code: string; name: string; nameEn: string }[] }[] = [
  {
    code: "01",
    name: "前期工程费",
    nameEn: "Preliminary works",
    leaves: [
      { code: "01", name: "勘察设计费", nameEn: "Survey and design" },
      { code: "02", name: "报批报建费", nameEn: "Permits and fees" },
    ],
  },
  {
    code: "02",
    name: "建筑安装工程费",
    nameEn: "Construction and installation",
    leaves: [
      { code: "01", name: "土建工程", nameEn: "Civil works" },
      { code: "02", name: "安装工程", nameEn: "Building services" },
      { code: "03", name: "装饰工程", nameEn: "Finishes" },
    ],
  },
  {
    code: "03",
    name: "开发间接费",
    nameEn: "Indirect development costs",
    leaves: [
      { code: "01", name: "监理费", nameEn: "Supervision" },
      { code: "02", name: "工程管理费", nameEn: "Project management" },
    ],
  },
];
