// The reference project (the demo data and the acceptance case): a city mixed-use development with a
// pile foundation, a commercial podium and an apartment tower. Figures are those of the brief; the
// state is as of late November 2026 (plan approval under way, design fees partly paid, the first
// group-financing drawdown made).
import { today } from "../app/utils/dates";
import type { Prisma, PrismaClient } from "@prisma/client";
import { decomposeYear } from "../app/domain/sales";
import { addDays, civilToDate as d } from "../app/utils/dates";
import { DEMO_PASSWORD } from "../app/utils/demo";
import { hashPassword } from "../app/utils/password.server";
import { seedDocuments } from "./seed-documents";

const wan = (amount: number) => BigInt(Math.round(amount * 100)) * 10_000n; // 万元 → 分 (amount has ≤ 2 decimals)
const sqm = (area: number) => Math.round(area * 100);

type MilestoneSeed = {
  code: string;
  kind: "permit" | "design" | "tender" | "construction" | "leasing";
  name: string;
  nameEn: string;
  agency?: [string, string];
  department: string;
  leader: string;
  start: string;
  end: string;
  after?: string[];
  /** Start-to-start links: [predecessor code, lag days]. */
  startAfterStart?: [string, number][];
  /** A known delay recorded without touching the plan: [expected finish, reason]. */
  expected?: [string, string];
  isKey?: boolean;
  certificate?: "land_use" | "land_planning" | "works_planning" | "construction";
  actual?: { start?: string; end?: string; status: string; percent: number; note?: string };
};

const AGENCY = {
  // The authorities under their 2026 names (DOMAIN.md, "Schedule and permits").
  planning: ["自然资源和规划局", "Natural Resources and Planning Bureau"],
  mayor: ["市长办公会", "Mayor's Office Meeting"],
  environment: ["生态环境局", "Ecology and Environment Bureau"],
  ndrc: ["发展和改革委员会", "Development and Reform Commission"],
  housing: ["住房和城乡建设局", "Housing and Urban-Rural Development Bureau"],
  tender: ["公共资源交易中心", "Public Resources Trading Centre"],
  review: ["施工图审查机构", "Construction drawing review agency"],
  design: ["设计院", "Design Institute"],
  survey: ["勘察院", "Geotechnical Survey Institute"],
} satisfies Record<string, [string, string]>;

// 成本科目 under each part, with target V1 (approved 2026-11-20) and the cost team's 待发生成本 per leaf
// (16 Nov; the tower's finishes revised on 25 Nov) in 万元. Targets add to 4.6亿 — the approved project
// total — while the part budgets add to 4.63亿: the tower's target is 300万 under its part budget.
type LeafSeed = [code: string, name: string, nameEn: string, target: number, toCome: number];
export const REFERENCE_ACCOUNTS: Record<string, [code: string, name: string, nameEn: string, leaves: LeafSeed[]][]> = {
  FND: [
    ["01", "前期工程费", "Preliminary works", [["01", "勘察费", "Geotechnical survey", 120, 110], ["02", "设计费", "Design", 280, 260], ["03", "报批报建费", "Permits and fees", 100, 90]]],
    ["02", "建筑安装工程费", "Construction and installation", [["01", "桩基工程", "Piles", 3600, 3700], ["02", "止水帷幕及支护", "Water-stop curtain and retaining piles", 1800, 1650], ["03", "土方及降排水", "Earthworks and drainage", 600, 520], ["04", "地下室结构", "Basement structure", 1200, 1105]]],
    ["03", "开发间接费", "Indirect development costs", [["01", "监理费", "Supervision", 200, 190], ["02", "检测费", "Testing", 100, 95]]],
  ],
  COM: [
    ["01", "前期工程费", "Preliminary works", [["01", "设计费", "Design", 350, 40], ["02", "报批报建费", "Permits and fees", 150, 128]]],
    ["02", "建筑安装工程费", "Construction and installation", [["01", "主体结构", "Main structure", 6500, 6140], ["02", "机电安装", "Building services", 2600, 2500], ["03", "装饰装修", "Finishes", 2200, 2000], ["04", "幕墙工程", "Curtain wall", 1200, 1150]]],
    ["03", "基础设施费", "Site infrastructure", [["01", "室外管网", "External utilities", 300, 280], ["02", "道路及园林", "Roads and landscaping", 200, 190]]],
    ["04", "开发间接费", "Indirect development costs", [["01", "监理费", "Supervision", 280, 260], ["02", "工程管理费", "Project management", 220, 200]]],
  ],
  APT: [
    ["01", "前期工程费", "Preliminary works", [["01", "设计费", "Design", 560, 60], ["02", "报批报建费", "Permits and fees", 240, 230]]],
    ["02", "建筑安装工程费", "Construction and installation", [["01", "主体结构", "Main structure", 12000, 12100], ["02", "机电安装", "Building services", 4600, 4600], ["03", "装饰装修", "Finishes", 3800, 3700], ["04", "电梯工程", "Lifts", 900, 880]]],
    ["03", "基础设施费", "Site infrastructure", [["01", "室外管网", "External utilities", 500, 480], ["02", "园林景观", "Landscaping", 400, 390]]],
    ["04", "开发间接费", "Indirect development costs", [["01", "监理费", "Supervision", 520, 500], ["02", "工程管理费", "Project management", 480, 460]]],
  ],
};

export const REFERENCE_MILESTONES: MilestoneSeed[] = [
  { code: "M00", kind: "design", name: "规划方案设计", nameEn: "Master-plan scheme design", agency: AGENCY.design, department: "ENG", leader: "chief", start: "2026-11-02", end: "2026-11-10", actual: { start: "2026-11-02", end: "2026-11-09", status: "done", percent: 100, note: "方案已定稿，报自然资源和规划局。" } },
  { code: "M01", kind: "permit", name: "规划方案报自然资源和规划局审批", nameEn: "Plan approval by the planning bureau", agency: AGENCY.planning, department: "ENG", leader: "gm", start: "2026-11-11", end: "2026-12-04", after: ["M00"], isKey: true, actual: { start: "2026-11-11", status: "in_progress", percent: 60, note: "已通过专家评审，待局务会。" }, expected: ["2026-12-11", "局务会改期至12月10日，批复预计12月11日取得"] },
  { code: "M02", kind: "permit", name: "市长办公会审议规划方案", nameEn: "Plan approval by the mayor's office meeting", agency: AGENCY.mayor, department: "ENG", leader: "gm", start: "2026-12-07", end: "2026-12-25", after: ["M01"], isKey: true },
  { code: "M03", kind: "permit", name: "环境保护意见表", nameEn: "Environmental-protection opinion form", agency: AGENCY.environment, department: "ENG", leader: "admin_vp", start: "2026-11-16", end: "2026-12-18", actual: { start: "2026-11-18", status: "in_progress", percent: 40 } },
  { code: "M04", kind: "permit", name: "环境影响评价报告", nameEn: "Environmental impact assessment report", agency: AGENCY.environment, department: "ENG", leader: "admin_vp", start: "2027-01-04", end: "2027-01-29", after: ["M03"] },
  { code: "M05", kind: "permit", name: "项目选址意见书", nameEn: "Site selection approval", agency: AGENCY.planning, department: "ENG", leader: "gm", start: "2027-01-04", end: "2027-01-22", after: ["M02"] },
  { code: "M06", kind: "design", name: "扩大初步设计", nameEn: "Expanded preliminary design", agency: AGENCY.design, department: "ENG", leader: "chief", start: "2027-01-04", end: "2027-01-29", after: ["M02"] },
  { code: "M07", kind: "design", name: "地质勘察", nameEn: "Geological survey", agency: AGENCY.survey, department: "ENG", leader: "chief", start: "2027-01-06", end: "2027-01-29", after: ["M02"] },
  // The plan's drawing deliverables: the scheme drawings (方案图) in January, the expanded preliminary
  // design drawings (扩初图) in February; with the certificates they form the project archive (工程档案).
  { code: "D01", kind: "design", name: "方案图（报审版）交付", nameEn: "Scheme drawings delivered (for approval)", agency: AGENCY.design, department: "ENG", leader: "chief", start: "2027-01-04", end: "2027-01-22", after: ["M02"] },
  { code: "D02", kind: "design", name: "扩初图交付", nameEn: "Expanded preliminary design drawings delivered", agency: AGENCY.design, department: "ENG", leader: "chief", start: "2027-02-01", end: "2027-02-12", after: ["M06"] },
  { code: "M08", kind: "design", name: "施工图设计", nameEn: "Construction drawings", agency: AGENCY.design, department: "ENG", leader: "chief", start: "2027-02-01", end: "2027-02-19", after: ["M06", "M07"] },
  { code: "M09", kind: "permit", name: "施工图审查", nameEn: "Construction drawing review", agency: AGENCY.review, department: "ENG", leader: "chief", start: "2027-02-15", end: "2027-02-26", after: ["M08"] },
  { code: "M10", kind: "permit", name: "项目申请报告及核准", nameEn: "Project application and approval", agency: AGENCY.ndrc, department: "ENG", leader: "gm", start: "2027-02-01", end: "2027-02-26", after: ["M04", "M05"], isKey: true },
  { code: "M11", kind: "tender", name: "桩基工程招标", nameEn: "Pile works tender", agency: AGENCY.tender, department: "ENG", leader: "pm", start: "2027-02-01", end: "2027-02-26", after: ["M07"] },
  { code: "M12", kind: "tender", name: "监理招标", nameEn: "Supervision tender", agency: AGENCY.tender, department: "ENG", leader: "pm", start: "2027-02-01", end: "2027-02-26", after: ["M02"] },
  { code: "M13", kind: "construction", name: "场地排水", nameEn: "Site drainage", department: "ENG", leader: "pm", start: "2027-02-15", end: "2027-02-28", after: ["M07"] },
  { code: "M14", kind: "permit", name: "建设工程规划许可证", nameEn: "Construction-works planning permit", agency: AGENCY.planning, department: "ENG", leader: "gm", start: "2027-03-01", end: "2027-03-26", after: ["M09", "M10"], isKey: true, certificate: "works_planning" },
  { code: "M15", kind: "construction", name: "止水帷幕施工", nameEn: "Water-stop curtain", department: "ENG", leader: "pm", start: "2027-03-01", end: "2027-03-31", after: ["M11", "M13"] },
  { code: "M16", kind: "construction", name: "护壁桩施工", nameEn: "Retaining piles", department: "ENG", leader: "pm", start: "2027-03-08", end: "2027-03-31", after: ["M11", "M13"], startAfterStart: [["M15", 7]] },
  { code: "M17", kind: "tender", name: "主体工程招标", nameEn: "Main-works tender", agency: AGENCY.tender, department: "ENG", leader: "pm", start: "2027-04-01", end: "2027-04-30", after: ["M09", "M14"] },
  { code: "M18", kind: "permit", name: "桩基施工许可证", nameEn: "Pile construction permit", agency: AGENCY.housing, department: "ENG", leader: "pm", start: "2027-04-01", end: "2027-04-20", after: ["M11", "M14"] },
  { code: "M19", kind: "permit", name: "主体施工许可证", nameEn: "Main-works construction permit", agency: AGENCY.housing, department: "ENG", leader: "pm", start: "2027-05-06", end: "2027-05-28", after: ["M17"], isKey: true, certificate: "construction" },
  { code: "M20", kind: "tender", name: "确定主体施工单位", nameEn: "Main contractor chosen", agency: AGENCY.tender, department: "ENG", leader: "pm", start: "2027-05-06", end: "2027-05-21", after: ["M17"] },
  { code: "M21", kind: "construction", name: "桩基施工", nameEn: "Pile construction", department: "ENG", leader: "pm", start: "2027-04-21", end: "2027-06-15", after: ["M15", "M16", "M18"], isKey: true },
  { code: "M22", kind: "construction", name: "基础施工完成", nameEn: "Foundation complete", department: "ENG", leader: "pm", start: "2027-06-16", end: "2027-09-30", after: ["M19", "M20", "M21"], isKey: true },
  { code: "M23", kind: "construction", name: "主体结构施工至六层（封顶）", nameEn: "Main structure built to floor 6 (topped out)", department: "ENG", leader: "pm", start: "2027-10-01", end: "2027-12-31", after: ["M22"], isKey: true },
  { code: "M24", kind: "permit", name: "商品房预售许可证", nameEn: "Pre-sale permit", agency: AGENCY.housing, department: "GMO", leader: "marketing_vp", start: "2027-10-08", end: "2027-11-30", after: ["M22"] },
  // After the plan's horizon, to the project's end: what the rest of the 4.63亿 is spent over (cash flow).
  { code: "M25", kind: "construction", name: "公寓塔楼主体结构封顶", nameEn: "Apartment tower structure topped out", department: "ENG", leader: "pm", start: "2027-10-01", end: "2028-06-30", after: ["M22"], isKey: true },
  { code: "M26", kind: "construction", name: "机电安装及装饰装修", nameEn: "Building services and finishes", department: "ENG", leader: "pm", start: "2028-03-01", end: "2029-02-28", after: ["M23"] },
  { code: "M27", kind: "permit", name: "竣工验收", nameEn: "Completion acceptance", agency: AGENCY.housing, department: "ENG", leader: "pm", start: "2029-03-01", end: "2029-04-30", after: ["M25", "M26"], isKey: true },
  { code: "M28", kind: "construction", name: "交付", nameEn: "Handover to buyers", department: "GMO", leader: "gm", start: "2029-05-02", end: "2029-06-29", after: ["M27"], isKey: true },
  // The land certificates a development loan's 四证齐全 needs, held since the land transfer (土地出让).
  { code: "C01", kind: "permit", name: "不动产权证（国有土地使用权）", nameEn: "Land-use right certificate", agency: AGENCY.planning, department: "GMO", leader: "gm", start: "2026-11-02", end: "2026-11-06", certificate: "land_use", actual: { start: "2026-11-02", end: "2026-11-05", status: "done", percent: 100 } },
  { code: "C02", kind: "permit", name: "建设用地规划许可证", nameEn: "Land-use planning permit", agency: AGENCY.planning, department: "GMO", leader: "gm", start: "2026-11-02", end: "2026-11-13", certificate: "land_planning", actual: { start: "2026-11-02", end: "2026-11-12", status: "done", percent: 100 } },
  { code: "L01", kind: "leasing", name: "招商政策（草案）", nameEn: "Leasing policy (draft)", department: "LEA", leader: "admin_vp", start: "2027-01-04", end: "2027-01-29" },
  { code: "L02", kind: "leasing", name: "招商计划书", nameEn: "Leasing plan", department: "LEA", leader: "admin_vp", start: "2027-01-04", end: "2027-03-31" },
  { code: "L03", kind: "leasing", name: "招商手册", nameEn: "Leasing handbook", department: "LEA", leader: "admin_vp", start: "2027-02-01", end: "2027-03-31", after: ["L01"] },
];

const DEPARTMENTS = [
  { code: "GMO", name: "总经理室", nameEn: "General Manager's Office" },
  { code: "OFF", name: "办公室", nameEn: "Administration Office" },
  { code: "ENG", name: "工程部", nameEn: "Engineering" },
  { code: "HR", name: "人力资源部", nameEn: "Human Resources" },
  { code: "LEA", name: "招商部", nameEn: "Leasing" },
  { code: "FIN", name: "财务部", nameEn: "Finance" },
  { code: "OPS", name: "运营部", nameEn: "Operations", planned: true },
  { code: "MKT", name: "企划部", nameEn: "Marketing & Planning", planned: true },
  { code: "CST", name: "预决算部", nameEn: "Budgeting & Cost Control", planned: true },
];

const PEOPLE = [
  { key: "gm", name: "王建国", nameEn: "Wang Jianguo", title: "总经理", titleEn: "General Manager", department: "GMO", areas: ["finance"] },
  { key: "pm", name: "李明", nameEn: "Li Ming", title: "项目经理", titleEn: "Project Manager", department: "ENG", areas: ["engineering"] },
  { key: "chief", name: "张伟", nameEn: "Zhang Wei", title: "总工程师", titleEn: "Chief Engineer", department: "ENG", areas: ["engineering"] },
  { key: "admin_vp", name: "刘芳", nameEn: "Liu Fang", title: "行政副总", titleEn: "VP Administration", department: "OFF", areas: ["office", "leasing", "operations", "property"] },
  { key: "marketing_vp", name: "陈静", nameEn: "Chen Jing", title: "营销副总", titleEn: "VP Marketing", department: "GMO", areas: ["marketing", "planning"] },
  { key: "finance_mgr", name: "赵丽", nameEn: "Zhao Li", title: "财务经理", titleEn: "Finance Manager", department: "FIN", areas: ["finance"] },
  { key: "leasing_mgr", name: "孙强", nameEn: "Sun Qiang", title: "招商经理", titleEn: "Leasing Manager", department: "LEA", areas: ["leasing"] },
  { key: "hr_mgr", name: "周敏", nameEn: "Zhou Min", title: "人力资源经理", titleEn: "HR Manager", department: "HR", areas: ["hr"] },
];

// Monthly fund-usage plan in 万元, Nov 2026 – Dec 2027 (14 months), per budget line.
const PLAN_MONTHS = ["2026-11", "2026-12", "2027-01", "2027-02", "2027-03", "2027-04", "2027-05", "2027-06", "2027-07", "2027-08", "2027-09", "2027-10", "2027-11", "2027-12"];
const FUND_PLAN: Record<string, number[]> = {
  FND: [0, 0, 50, 100, 800, 900, 1200, 1200, 1000, 1000, 950, 300, 200, 100],
  COM: [90, 60, 100, 150, 100, 100, 300, 300, 300, 300, 300, 900, 1000, 1100],
  APT: [150, 100, 150, 250, 150, 150, 400, 400, 400, 400, 400, 1300, 1500, 1700],
};

// One demo user per role, each with the password "groundwork" (listed on the login page while the
// demo data is loaded). A database set up without demo data has no users and no default password.
export const DEMO_USERS = [
  { username: "admin", displayName: "系统管理员", roles: ["admin"], person: null },
  { username: "pm", displayName: "李明（项目经理）", roles: ["pm"], person: "pm" },
  { username: "finance", displayName: "赵丽（财务经理）", roles: ["finance"], person: "finance_mgr" },
  { username: "sales", displayName: "陈静（营销副总）", roles: ["sales"], person: "marketing_vp" },
  { username: "exec", displayName: "王建国（总经理）", roles: ["exec"], person: "gm" },
  { username: "member", displayName: "孙强（招商部）", roles: ["member"], person: "leasing_mgr" },
] as const;
export { DEMO_PASSWORD };

export type SeedResult = { projectId: number };

/**
 * The milestone whose forecast window each leaf's remaining cost is spent over in the cash flow (it moves
 * when the milestone slips); leaves not listed (supervision, project management) spread to the end.
 */
export const SPEND_MILESTONES: Record<string, string> = {
  "FND.01.01": "M07", "FND.01.02": "M08", "FND.01.03": "M14",
  "FND.02.01": "M21", "FND.02.02": "M16", "FND.02.03": "M22", "FND.02.04": "M22",
  "COM.01.01": "M08", "COM.01.02": "M19",
  "COM.02.01": "M23", "COM.02.02": "M26", "COM.02.03": "M26", "COM.02.04": "M26",
  "COM.03.01": "M27", "COM.03.02": "M27",
  "APT.01.01": "M08", "APT.01.02": "M19",
  "APT.02.01": "M25", "APT.02.02": "M26", "APT.02.03": "M26", "APT.02.04": "M26",
  "APT.03.01": "M27", "APT.03.02": "M27",
};

// ─── Unit inventory (房源) and the first deals ────────────────────────────────
// The apartment tower T1: floors 3–30, 8 units a floor (30,016 m²); floors 3–5 and 28–30 held back
// (未推). The podium P1: 20 shops for sale on the ground floor, 10 units for lease on the first floor.
const TOWER_LAYOUT: [string, number, number][] = [
  // [room type, 建筑面积 m², 套内面积 m²]
  ["两室两厅一卫", 89, 70.5],
  ["三室两厅一卫", 118, 93.2],
  ["三室两厅两卫", 143, 113.4],
  ["四室两厅两卫", 160, 127.1],
  ["四室两厅两卫", 160, 127.1],
  ["三室两厅两卫", 143, 113.4],
  ["三室两厅一卫", 118, 93.2],
  ["三室两厅两卫", 141, 111.6],
];
const SHOP_AREAS = [48, 52, 56, 60, 64, 68, 72, 76, 80, 45, 48, 52, 56, 60, 64, 68, 72, 76, 80, 58];
const LEASE_AREAS = [420, 380, 260, 220, 180, 180, 160, 150, 300, 350];
// 内部认购 before the pre-sale permit: employees' reservations with a 5万元 deposit each, at 95 % of list.
const SUBSCRIPTIONS: [string, string, string][] = [
  ["T1-1203", "王磊（工程部）", "2026-11-16"],
  ["T1-1204", "刘洋（财务部）", "2026-11-16"],
  ["T1-1502", "陈晨（招商部）", "2026-11-17"],
  ["T1-1505", "杨帆（办公室）", "2026-11-18"],
  ["T1-1801", "赵敏（人力资源部）", "2026-11-19"],
  ["T1-1806", "黄磊（工程部）", "2026-11-19"],
  ["T1-2003", "周杰（总经理室）", "2026-11-20"],
  ["T1-2104", "吴静（财务部）", "2026-11-23"],
  ["T1-2205", "郑浩（工程部）", "2026-11-24"],
  ["T1-2402", "孙丽（招商部）", "2026-11-25"],
  ["T1-2507", "马超（工程部）", "2026-11-25"],
  ["T1-2608", "朱琳（办公室）", "2026-11-26"],
];
const INTENTS: [string, string, number, number, string][] = [
  // [unit, tenant, monthly rent 元, 意向金 元, date]
  ["P1-201", "华润万家超市（意向）", 46_200, 50_000, "2026-11-20"],
  ["P1-209", "星巴克咖啡（意向）", 39_000, 20_000, "2026-11-24"],
  ["P1-210", "海底捞火锅（意向）", 42_000, 20_000, "2026-11-26"],
];

const roundYuan = (fen: bigint, step: bigint) => ((fen + step / 2n) / step) * step;

async function seedInventory(tx: Prisma.TransactionClient, projectId: number, permitId: number) {
  const tower = await tx.building.create({ data: { projectId, code: "T1", name: "公寓塔楼", nameEn: "Apartment tower", use: "apartment", presaleMilestoneId: permitId, sortOrder: 0 } });
  const podium = await tx.building.create({ data: { projectId, code: "P1", name: "商业裙楼", nameEn: "Commercial podium", use: "commercial", presaleMilestoneId: permitId, sortOrder: 1 } });
  const units: Prisma.UnitCreateManyInput[] = [];
  for (let floor = 3; floor <= 30; floor++) {
    TOWER_LAYOUT.forEach(([roomType, gross, net], i) => {
      const position = String(i + 1).padStart(2, "0");
      // 表价: 14,800元/m² on floor 3, +60元/m² a floor, +300元/m² for the end units; 底价 94 % of it.
      const perSqmFen = BigInt(14_800 + (floor - 3) * 60 + (i === 0 || i === 7 ? 300 : 0)) * 100n;
      const listPriceFen = roundYuan(perSqmFen * BigInt(gross), 10_000n);
      units.push({
        projectId,
        buildingId: tower.id,
        code: `T1-${floor}${position}`,
        floor,
        position,
        roomType,
        grossAreaCsqm: sqm(gross),
        netAreaCsqm: sqm(net),
        listPriceFen,
        floorPriceFen: roundYuan((listPriceFen * 94n) / 100n, 10_000n),
        status: floor <= 5 || floor >= 28 ? "unreleased" : "available",
      });
    });
  }
  SHOP_AREAS.forEach((gross, i) => {
    const position = String(i + 1).padStart(2, "0");
    const listPriceFen = roundYuan(BigInt(32_000 + (i < 10 ? 2_000 : 0)) * 100n * BigInt(gross), 10_000n);
    units.push({ projectId, buildingId: podium.id, code: `P1-1${position}`, floor: 1, position, roomType: "商铺", grossAreaCsqm: sqm(gross), netAreaCsqm: sqm(Math.round(gross * 0.82 * 100) / 100), listPriceFen, floorPriceFen: roundYuan((listPriceFen * 92n) / 100n, 10_000n) });
  });
  LEASE_AREAS.forEach((gross, i) => {
    const position = String(i + 1).padStart(2, "0");
    units.push({ projectId, buildingId: podium.id, code: `P1-2${position}`, floor: 2, position, roomType: "商业（租赁）", grossAreaCsqm: sqm(gross), netAreaCsqm: sqm(Math.round(gross * 0.8 * 100) / 100), listPriceFen: 0n, floorPriceFen: 0n, disposition: "lease" });
  });
  await tx.unit.createMany({ data: units });
  const unitOf = new Map((await tx.unit.findMany({ where: { projectId }, select: { id: true, code: true, grossAreaCsqm: true, listPriceFen: true } })).map((u) => [u.code, u]));
  for (const [code, buyerName, on] of SUBSCRIPTIONS) {
    const unit = unitOf.get(code)!;
    const amountFen = roundYuan((unit.listPriceFen * 95n) / 100n, 100n);
    const depositFen = wan(5);
    const sale = await tx.saleRecord.create({
      data: {
        projectId,
        unitId: unit.id,
        product: "internal_subscription",
        unitNo: code,
        areaCsqm: unit.grossAreaCsqm,
        unitPriceFen: (amountFen * 100n * 2n + BigInt(unit.grossAreaCsqm)) / (2n * BigInt(unit.grossAreaCsqm)),
        amountFen,
        listPriceFen: unit.listPriceFen,
        depositFen,
        reservedOn: d(on),
        buyerName,
        buyerType: "employee",
        status: "reserved",
      },
    });
    await tx.saleInstalment.create({ data: { saleId: sale.id, seq: 1, kind: "deposit", dueOn: d(on), amountFen: depositFen } });
    await tx.receipt.create({ data: { saleId: sale.id, receivedOn: d(on), amountFen: depositFen, kind: "deposit", note: "内部认购定金" } });
    await tx.unit.update({ where: { id: unit.id }, data: { status: "reserved" } });
  }
  for (const [code, tenant, rentYuan, depositYuan, on] of INTENTS) {
    const unit = unitOf.get(code)!;
    await tx.leaseIntent.create({ data: { projectId, unitId: unit.id, tenant, areaCsqm: unit.grossAreaCsqm, monthlyRentFen: BigInt(rentYuan) * 100n, depositFen: BigInt(depositYuan) * 100n, intentOn: d(on) } });
  }
  await tx.discountAuthority.createMany({ data: [{ projectId, role: "sales", maxDiscountBps: 300 }, { projectId, role: "exec", maxDiscountBps: 600 }] });
}

/** Loads the reference project into an empty database, in one transaction. */
export async function seedReferenceProject(prisma: PrismaClient): Promise<SeedResult> {
  const passwordHashes = await Promise.all(DEMO_USERS.map(() => hashPassword(DEMO_PASSWORD)));
  return prisma.$transaction(async (tx) => {
    const project = await tx.project.create({
      data: {
        code: "GW-2026-01",
        name: "城市综合体项目（桩基础 + 商业裙楼 + 公寓塔楼）",
        nameEn: "City mixed-use development (pile foundation, commercial podium, apartment tower)",
        city: "",
        totalBudgetFen: wan(46000),
        startupCapitalFen: wan(20000),
        startupCapitalYear: 2027,
        apartmentAreaCsqm: sqm(30000),
        subscriptionCapBps: 1200,
        meetingWeekday: 2,
        meetingTime: "09:00",
        scheduleStart: d("2026-11-01"),
        scheduleEnd: d("2027-12-31"),
      },
    });

    const departmentIds = new Map<string, number>();
    for (const [index, department] of DEPARTMENTS.entries()) {
      const row = await tx.department.create({ data: { projectId: project.id, sortOrder: index, planned: false, ...department } });
      departmentIds.set(department.code, row.id);
    }

    const personIds = new Map<string, number>();
    for (const person of PEOPLE) {
      const row = await tx.person.create({
        data: {
          projectId: project.id,
          departmentId: departmentIds.get(person.department)!,
          name: person.name,
          nameEn: person.nameEn,
          title: person.title,
          titleEn: person.titleEn,
          responsibilities: { create: person.areas.map((area) => ({ area })) },
        },
      });
      personIds.set(person.key, row.id);
    }

    const milestoneIds = new Map<string, { id: number; start: string; end: string }>();
    for (const [index, m] of REFERENCE_MILESTONES.entries()) {
      const row = await tx.milestone.create({
        data: {
          projectId: project.id,
          code: m.code,
          kind: m.kind,
          name: m.name,
          nameEn: m.nameEn,
          agency: m.agency?.[0] ?? "",
          agencyEn: m.agency?.[1] ?? "",
          departmentId: departmentIds.get(m.department)!,
          leaderId: personIds.get(m.leader)!,
          plannedStart: d(m.start),
          plannedEnd: d(m.end),
          actualStart: m.actual?.start ? d(m.actual.start) : null,
          actualEnd: m.actual?.end ? d(m.actual.end) : null,
          status: m.actual?.status ?? "not_started",
          percentComplete: m.actual?.percent ?? 0,
          note: m.actual?.note ?? "",
          isKey: m.isKey ?? false,
          certificate: m.certificate ?? null,
          expectedEnd: m.expected ? d(m.expected[0]) : null,
          expectedReason: m.expected?.[1] ?? "",
          sortOrder: index,
        },
      });
      milestoneIds.set(m.code, { id: row.id, start: m.start, end: m.end });
    }
    for (const m of REFERENCE_MILESTONES) {
      for (const predecessorCode of m.after ?? []) {
        const predecessor = milestoneIds.get(predecessorCode)!;
        // Lag = the overlap the plan allows (≤ 0); a positive planned gap is slack that absorbs slips.
        const gapDays = Math.round((d(m.start).getTime() - d(predecessor.end).getTime()) / 86_400_000) - 1;
        await tx.milestoneDependency.create({
          data: { predecessorId: predecessor.id, successorId: milestoneIds.get(m.code)!.id, lagDays: Math.min(0, gapDays) },
        });
      }
      for (const [predecessorCode, lagDays] of m.startAfterStart ?? []) {
        await tx.milestoneDependency.create({
          data: { predecessorId: milestoneIds.get(predecessorCode)!.id, successorId: milestoneIds.get(m.code)!.id, type: "SS", lagDays },
        });
      }
    }

    // The permits and drawings register (工程档案): the certificates and drawing sets issued so far.
    await seedDocuments(tx, project.id);

    // The critical path and total float run to topping-out at floor 6, where the plan ends; the plan as
    // approved for 2027 is kept as a baseline (variance = forecast − baseline).
    await tx.project.update({ where: { id: project.id }, data: { endMilestoneId: milestoneIds.get("M23")!.id } });
    await tx.baseline.create({
      data: {
        projectId: project.id,
        name: "2027年度计划（11月20日批准）",
        note: "总经理办公会批准的2027年度建设计划",
        createdAt: new Date("2026-11-20T08:00:00Z"),
        items: { create: [...milestoneIds.values()].map((m) => ({ milestoneId: m.id, start: d(m.start), end: d(m.end) })) },
      },
    });

    // Capital: the three lines of the plan. They add to 4.63亿 against a 4.6亿 project budget; the
    // difference is shown on the budget page, not hidden.
    const lines = [
      { code: "FND", name: "地下桩基础工程", nameEn: "Pile foundation", originalFen: wan(8000) },
      { code: "COM", name: "地上商业工程", nameEn: "Above-ground commercial podium", originalFen: wan(14000) },
      { code: "APT", name: "公寓工程", nameEn: "Apartment tower", originalFen: wan(24300) },
    ];
    const lineIds = new Map<string, number>();
    // Leaf account ids by code ("COM.01.01"), and each leaf's target and 待发生成本.
    const accountIds = new Map<string, number>();
    const leafSeeds: { accountId: number; lineId: number; target: number; toCome: number }[] = [];
    for (const [index, line] of lines.entries()) {
      const row = await tx.budgetLine.create({ data: { projectId: project.id, sortOrder: index, ...line } });
      lineIds.set(line.code, row.id);
      await tx.fundPlanEntry.createMany({
        data: PLAN_MONTHS.map((month, i) => ({ lineId: row.id, month, amountFen: wan(FUND_PLAN[line.code][i]) })),
      });
      for (const [firstIndex, [code, name, nameEn, leaves]] of REFERENCE_ACCOUNTS[line.code].entries()) {
        const first = await tx.costAccount.create({ data: { projectId: project.id, lineId: row.id, code: `${line.code}.${code}`, name, nameEn, sortOrder: firstIndex } });
        for (const [leafIndex, [leafCode, leafName, leafNameEn, target, toCome]] of leaves.entries()) {
          const leaf = await tx.costAccount.create({
            data: {
              projectId: project.id,
              lineId: row.id,
              parentId: first.id,
              code: `${first.code}.${leafCode}`,
              name: leafName,
              nameEn: leafNameEn,
              sortOrder: leafIndex,
              spendMilestoneId: milestoneIds.get(SPEND_MILESTONES[`${first.code}.${leafCode}`] ?? "")?.id ?? null,
            },
          });
          accountIds.set(leaf.code, leaf.id);
          leafSeeds.push({ accountId: leaf.id, lineId: row.id, target, toCome });
        }
      }
    }
    const account = (code: string) => accountIds.get(code)!;
    const designCommercial = await tx.contract.create({
      data: { lineId: lineIds.get("COM")!, accountId: account("COM.01.01"), code: "HT-2026-001", title: "商业裙楼方案及初步设计", titleEn: "Podium scheme and preliminary design", contractor: "市建筑设计研究院", amountFen: wan(300), signedOn: d("2026-10-28"), status: "signed", advanceFen: wan(90) },
    });
    const designApartment = await tx.contract.create({
      data: { lineId: lineIds.get("APT")!, accountId: account("APT.01.01"), code: "HT-2026-002", title: "公寓塔楼方案及初步设计", titleEn: "Tower scheme and preliminary design", contractor: "市建筑设计研究院", amountFen: wan(500), signedOn: d("2026-10-28"), status: "signed", advanceFen: wan(150) },
    });
    await tx.payment.createMany({
      data: [
        { lineId: lineIds.get("COM")!, accountId: account("COM.01.01"), contractId: designCommercial.id, paidOn: d("2026-11-06"), payee: "市建筑设计研究院", amountFen: wan(90), voucherNo: "记-2026-11-012", note: "设计费预付款 30%", kind: "advance" },
        { lineId: lineIds.get("APT")!, accountId: account("APT.01.01"), contractId: designApartment.id, paidOn: d("2026-11-06"), payee: "市建筑设计研究院", amountFen: wan(150), voucherNo: "记-2026-11-013", note: "设计费预付款 30%", kind: "advance" },
      ],
    });

    // Financing: ≈2亿 start-up capital in 2027 through seven kinds of channel.
    const channels = [
      { kind: "bank_trust", name: "银信融资", nameEn: "Bank-trust loans", target: 6000 },
      { kind: "vendor", name: "厂商融资", nameEn: "Vendor financing", target: 2000 },
      { kind: "social", name: "社会融资", nameEn: "Social financing", target: 2000 },
      { kind: "group", name: "集团融资", nameEn: "Group financing", target: 5000 },
      { kind: "presale", name: "产权预售", nameEn: "Property-rights pre-sale", target: 3000 },
      { kind: "rent_prepay", name: "租金预付", nameEn: "Rent prepayment", target: 1000 },
      { kind: "internal_subscription", name: "内部认购", nameEn: "Internal subscription", target: 1000 },
    ];
    const channelIds = new Map<string, number>();
    for (const [index, channel] of channels.entries()) {
      const row = await tx.financingChannel.create({
        data: { projectId: project.id, kind: channel.kind, name: channel.name, nameEn: channel.nameEn, targetFen: wan(channel.target), sortOrder: index },
      });
      channelIds.set(channel.kind, row.id);
    }
    const groupFacility = await tx.facility.create({
      data: { channelId: channelIds.get("group")!, counterparty: "集团财务公司", committedFen: wan(5000), rateBps: 450, termMonths: 36, conditions: "按工程进度分期提款", status: "drawing" },
    });
    await tx.drawdown.createMany({
      data: [
        { facilityId: groupFacility.id, plannedOn: d("2026-11-10"), plannedFen: wan(1000), actualOn: d("2026-11-12"), actualFen: wan(1000), note: "首笔集团借款" },
        { facilityId: groupFacility.id, plannedOn: d("2027-02-26"), plannedFen: wan(2000), note: "招标及前期工程" },
        { facilityId: groupFacility.id, plannedOn: d("2027-06-15"), plannedFen: wan(2000) },
      ],
    });
    const bankFacility = await tx.facility.create({
      data: { channelId: channelIds.get("bank_trust")!, counterparty: "城市商业银行·信托计划", committedFen: wan(6000), rateBps: 780, feesFen: wan(60), termMonths: 24, conditions: "取得主体施工许可证后放款", status: "negotiating" },
    });
    await tx.drawdown.createMany({
      data: [
        { facilityId: bankFacility.id, plannedOn: d("2027-06-01"), plannedFen: wan(3000), dependsOnMilestoneId: milestoneIds.get("M19")!.id },
        { facilityId: bankFacility.id, plannedOn: d("2027-10-08"), plannedFen: wan(3000), dependsOnMilestoneId: milestoneIds.get("M22")!.id },
      ],
    });
    const vendorFacility = await tx.facility.create({
      data: { channelId: channelIds.get("vendor")!, counterparty: "桩基及总包单位垫资", committedFen: wan(2000), rateBps: 0, termMonths: 12, conditions: "确定施工单位后签订垫资协议", status: "negotiating" },
    });
    await tx.drawdown.create({
      data: { facilityId: vendorFacility.id, plannedOn: d("2027-06-01"), plannedFen: wan(2000), dependsOnMilestoneId: milestoneIds.get("M20")!.id },
    });
    const socialFacility = await tx.facility.create({
      data: { channelId: channelIds.get("social")!, counterparty: "社会投资人（定向募集）", committedFen: wan(2000), rateBps: 1000, termMonths: 24, status: "negotiating" },
    });
    await tx.drawdown.create({ data: { facilityId: socialFacility.id, plannedOn: d("2027-04-15"), plannedFen: wan(2000) } });

    // 放款条件 of the development loan: 四证齐全, 资本金 ≥ 25 % (mixed use, 国发〔2015〕51号), the main-works
    // permit. With 6,000万 of equity paid in (13.0 % of 4.6亿) its drawdowns are flagged today.
    await tx.facilityCondition.createMany({
      data: [
        { facilityId: bankFacility.id, kind: "four_certificates", note: "土地证、用地规划许可证、工程规划许可证、施工许可证" },
        { facilityId: bankFacility.id, kind: "equity_ratio", equityBps: 2500, note: "资本金不低于总投资的 25%" },
        { facilityId: bankFacility.id, kind: "milestone", milestoneId: milestoneIds.get("M19")!.id, note: "取得主体施工许可证" },
      ],
    });
    await tx.equityContribution.create({ data: { projectId: project.id, receivedOn: d("2026-11-05"), amountFen: wan(6000), source: "集团公司", note: "项目资本金首期" } });
    // The expected scenario's probabilities (finance sets them on the cash-flow page).
    await tx.scenarioProbability.createMany({
      data: [
        { projectId: project.id, status: "negotiating", bps: 5000 },
        { projectId: project.id, status: "approved", bps: 9000 },
        { projectId: project.id, status: "signed", bps: 10000 },
        { projectId: project.id, status: "drawing", bps: 10000 },
        { projectId: project.id, status: "sales_forecast", bps: 7000 },
      ],
    });
    // 预售资金监管 (city settings): 3,000元/m² of every pre-sale is the key amount, released at the nodes.
    await tx.escrowSetting.create({ data: { projectId: project.id, city: "本市", keyFenPerSqm: 300_000n } });
    await tx.escrowNode.createMany({
      data: [
        { projectId: project.id, milestoneId: milestoneIds.get("M22")!.id, releaseBps: 3000, sortOrder: 0 },
        { projectId: project.id, milestoneId: milestoneIds.get("M25")!.id, releaseBps: 6000, sortOrder: 1 },
        { projectId: project.id, milestoneId: milestoneIds.get("M27")!.id, releaseBps: 9000, sortOrder: 2 },
        { projectId: project.id, milestoneId: milestoneIds.get("M28")!.id, releaseBps: 10000, sortOrder: 3 },
      ],
    });

    // Sales: the 2027 task by product, decomposed into quarters (weights in %) and months.
    const yearTasks: [string, number, [number, number, number, number]][] = [
      ["apartment_presale", 3000, [0, 0, 0, 100]],
      ["internal_subscription", 1000, [30, 40, 30, 0]],
      ["commercial_sale", 1000, [0, 0, 0, 100]],
      ["commercial_lease", 1000, [0, 20, 30, 50]],
    ];
    for (const [product, amount, weights] of yearTasks) {
      await tx.salesTarget.createMany({
        data: decomposeYear(2027, wan(amount), weights).map((row) => ({ projectId: project.id, product, period: row.period, amountFen: row.amountFen })),
      });
    }
    // The 2027 任务包干合同: the task equals the targets of the products the agency sells (apartment
    // pre-sale 3,000万 + commercial sale 1,000万); due signed in January, not signed yet.
    await tx.agencyContract.create({
      data: {
        projectId: project.id,
        agency: "策划公司（营销代理）",
        year: 2027,
        periodStart: d("2027-01-01"),
        periodEnd: d("2027-12-31"),
        taskFen: wan(4000),
        incentiveBps: 80,
        aboveTaskBps: 120,
        floorFen: wan(2000),
        belowFloorBps: 50,
        basis: "collections",
        incentiveTerms: "任务内按签约额0.8%计提，超额部分1.2%；完成不足2,000万元的按0.5%；佣金按回款结算",
        signDueOn: d("2027-01-31"),
      },
    });
    await seedInventory(tx, project.id, milestoneIds.get("M24")!.id);

    // 领导分工: the leader in charge of each area; a meeting on an area is chaired by its leader.
    const LEADERS: Record<string, string> = { engineering: "pm", technical: "chief", permits: "pm", cost: "gm", finance: "gm", marketing: "marketing_vp", leasing: "admin_vp", office: "admin_vp", hr: "gm" };
    for (const [area, key] of Object.entries(LEADERS)) {
      await tx.areaLeader.create({ data: { projectId: project.id, area, personId: personIds.get(key)! } });
    }

    // Weekly meeting: Tuesday 09:00, one theme each, chaired by the theme's leader; the rotation GM → PM →
    // chief engineer only proposes a chair for meetings without a theme yet.
    for (const [position, key] of ["gm", "pm", "chief"].entries()) {
      await tx.chairRosterEntry.create({ data: { projectId: project.id, position, personId: personIds.get(key)! } });
    }
    await seedMeetings(tx, { projectId: project.id, people: personIds, departments: departmentIds, milestones: milestoneIds, today: today() });

    for (const [index, user] of DEMO_USERS.entries()) {
      await tx.user.create({
        data: {
          username: user.username,
          displayName: user.displayName,
          passwordHash: passwordHashes[index],
          personId: user.person ? personIds.get(user.person)! : null,
          roles: { create: user.roles.map((role) => ({ role })) },
        },
      });
    }
    await tx.appSetting.create({ data: { key: "demo", value: "1" } });

    // The history behind the demo state, as the audit log would have recorded it (in time order).
    const userId = async (username: string) => (await tx.user.findUniqueOrThrow({ where: { username }, select: { id: true } })).id;
    const payments = await tx.payment.findMany({ orderBy: { id: "asc" }, select: { id: true, amountFen: true, payee: true, paidOn: true, voucherNo: true } });
    const firstDrawdown = await tx.drawdown.findFirstOrThrow({ where: { actualOn: { not: null } }, select: { id: true } });
    const history = [
      ...payments.map((p) => ({ at: "2026-11-06T03:00:00Z", user: "finance", area: "capital", entity: "Payment", entityId: p.id, action: "create", before: undefined, after: { payee: p.payee, amountFen: p.amountFen.toString(), paidOn: p.paidOn.toISOString().slice(0, 10), voucherNo: p.voucherNo } })),
      { at: "2026-11-09T09:30:00Z", user: "pm", area: "schedule", entity: "Milestone", entityId: milestoneIds.get("M00")!.id, before: { status: "in_progress", percentComplete: 80 }, after: { status: "done", percentComplete: 100, actualEnd: "2026-11-09" } },
      { at: "2026-11-12T06:00:00Z", user: "finance", area: "financing", entity: "Drawdown", entityId: firstDrawdown.id, before: { actualOn: null, actualFen: null }, after: { actualOn: "2026-11-12", actualFen: wan(1000).toString() } },
      { at: "2026-11-20T08:00:00Z", user: "pm", area: "schedule", entity: "Milestone", entityId: milestoneIds.get("M01")!.id, before: { percentComplete: 30 }, after: { percentComplete: 60, note: "已通过专家评审，待局务会。" } },
    ];
    for (const entry of history) {
      await tx.auditLog.create({
        data: {
          at: new Date(entry.at),
          userId: await userId(entry.user),
          area: entry.area,
          entity: entry.entity,
          entityId: entry.entityId,
          action: "action" in entry && entry.action ? entry.action : "update",
          before: entry.before ? JSON.stringify(entry.before) : null,
          after: JSON.stringify(entry.after),
        },
      });
    }

    // 进度款 (issue 13, point 5): the two design contracts are paid by certified progress (设计进度), entered
    // by finance and certified by the project manager; the advance is recovered in proportion
    // (domain/cost/progress.ts: all of it once 80 % of the contract is certified).
    const finance = await userId("finance");
    const certifier = await userId("pm");
    const claimsOf = [
      { contractId: designCommercial.id, claims: [["2026-10", 90, 90, 33.75, "2026-11-03T02:00:00Z"], ["2026-11", 165, 150, 22.5, "2026-11-25T07:00:00Z"]] },
      { contractId: designApartment.id, claims: [["2026-10", 150, 150, 56.25, "2026-11-03T02:30:00Z"], ["2026-11", 260, 250, 37.5, "2026-11-25T07:30:00Z"]] },
    ] as const;
    const claimIds = new Map<string, number>();
    for (const { contractId, claims } of claimsOf) {
      for (const [period, claimed, certified, recovery, at] of claims) {
        const claim = await tx.progressClaim.create({
          data: { contractId, period, claimedFen: wan(claimed), certifiedFen: wan(certified), advanceRecoveryFen: wan(recovery), status: "certified", createdById: finance, certifiedById: certifier, certifiedAt: new Date(at) },
        });
        claimIds.set(`${contractId}:${period}`, claim.id);
        await tx.auditLog.create({ data: { at: new Date(at), userId: certifier, area: "capital", entity: "ProgressClaim", entityId: claim.id, action: "approve", after: JSON.stringify({ period, claimedFen: wan(claimed).toString(), certifiedFen: wan(certified).toString(), advanceRecoveryFen: wan(recovery).toString() }) } });
      }
    }
    // October's certified 90万 × 80 % less 33.75万 recovered: 38.25万 paid; November's certification is still to pay.
    const progressPayment = await tx.payment.create({
      data: { lineId: lineIds.get("COM")!, accountId: account("COM.01.01"), contractId: designCommercial.id, paidOn: d("2026-11-10"), payee: "市建筑设计研究院", amountFen: wan(38.25), voucherNo: "记-2026-11-021", note: "设计费进度款（2026年10月）", kind: "payment", progressClaimId: claimIds.get(`${designCommercial.id}:2026-10`)!, createdById: finance },
    });
    await tx.auditLog.create({ data: { at: new Date("2026-11-10T03:00:00Z"), userId: finance, area: "capital", entity: "Payment", entityId: progressPayment.id, action: "create", after: JSON.stringify({ contract: "HT-2026-001", kind: "payment", amountFen: wan(38.25).toString(), paidOn: "2026-11-10" }) } });

    // Maker-checker (issue 13, point 6): finance has submitted a cut of the foundation line after the
    // scheme review; it waits for an approver (exec) and changes nothing until approved.
    const revisionBy = await userId("finance");
    const revisionReason = "桩基方案优化（初设评审意见），调减地下桩基础工程预算";
    const pendingRevision = await tx.approval.create({
      data: {
        projectId: project.id,
        kind: "budget_revision",
        subjectId: lineIds.get("FND")!,
        amountFen: -wan(100),
        payload: JSON.stringify({ lineId: lineIds.get("FND")!, amountFen: (-wan(100)).toString(), reason: revisionReason }),
        reason: revisionReason,
        submittedById: revisionBy,
        createdAt: new Date("2026-11-26T02:00:00Z"),
      },
    });
    await tx.auditLog.create({ data: { at: new Date("2026-11-26T02:00:00Z"), userId: revisionBy, area: "capital", entity: "Approval", entityId: pendingRevision.id, action: "submit", after: JSON.stringify({ kind: "budget_revision", amountFen: (-wan(100)).toString() }), reason: revisionReason } });

    // Changes and 动态成本 (issue 13, points 3 and 4). The podium's design contract took a supplementary
    // design (补充设计) for the roof garden, approved at 18万 (claimed 24万) by the general manager; the
    // tower's layout change is claimed at 40万 and estimated at 32万 by the cost team, still pending.
    // 待发生成本 per line, as the cost team estimates it: the tower is over its target (精装标准提高),
    // the foundation near it (deeper piles), the podium within it.
    const gm = await userId("exec");
    const approvedChange = await tx.contractChange.create({
      data: { contractId: designCommercial.id, kind: "design_change", code: "BG-001", title: "裙楼屋顶花园补充设计", claimedFen: wan(24), estimateFen: wan(20), approvedFen: wan(18), status: "approved", reason: "按设计收费标准核定，扣除重复计费部分", submittedById: finance, decidedById: gm, decidedAt: new Date("2026-11-18T08:00:00Z"), createdAt: new Date("2026-11-12T02:00:00Z") },
    });
    const pendingChange = await tx.contractChange.create({
      data: { contractId: designApartment.id, kind: "design_change", code: "BG-001", title: "公寓标准层户型调整（营销定位变化）", claimedFen: wan(40), estimateFen: wan(32), submittedById: finance, createdAt: new Date("2026-11-24T03:00:00Z") },
    });
    await tx.auditLog.createMany({
      data: [
        { at: new Date("2026-11-12T02:00:00Z"), userId: finance, area: "capital", entity: "ContractChange", entityId: approvedChange.id, action: "create", after: JSON.stringify({ contract: "HT-2026-001", code: "BG-001", claimedFen: wan(24).toString(), estimateFen: wan(20).toString() }) },
        { at: new Date("2026-11-18T08:00:00Z"), userId: gm, area: "capital", entity: "ContractChange", entityId: approvedChange.id, action: "update", before: JSON.stringify({ status: "pending", contractValueFen: wan(300).toString() }), after: JSON.stringify({ status: "approved", approvedFen: wan(18).toString(), contractValueFen: wan(318).toString() }), reason: "按设计收费标准核定，扣除重复计费部分" },
        { at: new Date("2026-11-24T03:00:00Z"), userId: finance, area: "capital", entity: "ContractChange", entityId: pendingChange.id, action: "create", after: JSON.stringify({ contract: "HT-2026-002", code: "BG-001", claimedFen: wan(40).toString(), estimateFen: wan(32).toString() }) },
      ],
    });
    // 目标成本 V1: submitted by finance, approved by the general manager (maker-checker, issue 13 point 2).
    const targetTotal = leafSeeds.reduce((sum, leaf) => sum + wan(leaf.target), 0n);
    const targetReason = "依据方案设计及市场询价编制目标成本（首版），控制在批准总投资 4.6 亿元以内";
    const target = await tx.targetCostVersion.create({
      data: { projectId: project.id, no: 1, status: "approved", reason: targetReason, totalFen: targetTotal, submittedById: finance, decidedById: gm, decidedAt: new Date("2026-11-20T08:00:00Z"), createdAt: new Date("2026-11-15T03:00:00Z") },
    });
    await tx.targetCostItem.createMany({ data: leafSeeds.map((leaf) => ({ versionId: target.id, accountId: leaf.accountId, amountFen: wan(leaf.target) })) });
    const targetApproval = await tx.approval.create({
      data: { projectId: project.id, kind: "target_cost", subjectId: target.id, amountFen: targetTotal, payload: JSON.stringify({ versionId: target.id }), reason: targetReason, status: "approved", submittedById: finance, decidedById: gm, decidedAt: new Date("2026-11-20T08:00:00Z"), createdAt: new Date("2026-11-15T03:00:00Z") },
    });
    await tx.auditLog.createMany({
      data: [
        { at: new Date("2026-11-15T03:00:00Z"), userId: finance, area: "capital", entity: "Approval", entityId: targetApproval.id, action: "submit", after: JSON.stringify({ kind: "target_cost", no: 1, totalFen: targetTotal.toString() }), reason: targetReason },
        { at: new Date("2026-11-20T08:00:00Z"), userId: gm, area: "capital", entity: "Approval", entityId: targetApproval.id, action: "approve", after: JSON.stringify({ kind: "target_cost", no: 1, status: "approved" }) },
      ],
    });

    // 待发生成本 per leaf account, as the cost team estimated it on 16 Nov; on 25 Nov the tower's finishes
    // were revised up (精装标准提高): the tower goes over its target, the foundation's piles over theirs.
    const estimates = leafSeeds.map((leaf) => ({ ...leaf, amount: leaf.toCome, reason: "按方案设计指标及市场询价估算", at: "2026-11-16T06:00:00Z" }));
    estimates.push({ ...leafSeeds.find((leaf) => leaf.accountId === account("APT.02.03"))!, amount: 4200, reason: "营销定位调整，公寓精装标准由 1,500 元/㎡ 提至 1,700 元/㎡，按最新询价", at: "2026-11-25T09:00:00Z" });
    for (const estimate of estimates) {
      const row = await tx.toComeEstimate.create({
        data: { lineId: estimate.lineId, accountId: estimate.accountId, amountFen: wan(estimate.amount), reason: estimate.reason, createdById: finance, createdAt: new Date(estimate.at) },
      });
      await tx.auditLog.create({
        data: { at: new Date(estimate.at), userId: finance, area: "capital", entity: "CostAccount", entityId: estimate.accountId, action: "update", after: JSON.stringify({ toComeFen: wan(estimate.amount).toString(), toComeEstimateId: row.id }), reason: estimate.reason },
      });
    }

    // A payment outside contracts entered wrongly (21万 for 12万: digits swapped), reversed (红冲) the next
    // day with a reason, and entered again: both rows stay in the ledger (issue 13 point 8).
    const permitFee = account("COM.01.02");
    const wrong = await tx.payment.create({
      data: { lineId: lineIds.get("COM")!, accountId: permitFee, paidOn: d("2026-11-19"), payee: "市住房和城乡建设局", amountFen: wan(21), voucherNo: "记-2026-11-030", note: "城市基础设施配套费（第一期）", createdById: finance, createdAt: new Date("2026-11-19T06:00:00Z") },
    });
    const reversalReason = "金额录入错误（凭证金额 12 万元，误录为 21 万元），红冲后按凭证重录";
    const reversal = await tx.payment.create({
      data: { lineId: lineIds.get("COM")!, accountId: permitFee, paidOn: d("2026-11-20"), payee: "市住房和城乡建设局", amountFen: -wan(21), voucherNo: "记-2026-11-030", note: "红冲 记-2026-11-030", kind: "reversal", reversalOfId: wrong.id, reason: reversalReason, createdById: finance, createdAt: new Date("2026-11-20T02:00:00Z") },
    });
    const corrected = await tx.payment.create({
      data: { lineId: lineIds.get("COM")!, accountId: permitFee, paidOn: d("2026-11-19"), payee: "市住房和城乡建设局", amountFen: wan(12), voucherNo: "记-2026-11-030", note: "城市基础设施配套费（第一期）", createdById: finance, createdAt: new Date("2026-11-20T02:05:00Z") },
    });
    await tx.auditLog.createMany({
      data: [
        { at: new Date("2026-11-19T06:00:00Z"), userId: finance, area: "capital", entity: "Payment", entityId: wrong.id, action: "create", after: JSON.stringify({ account: "COM.01.02", amountFen: wan(21).toString(), paidOn: "2026-11-19" }) },
        { at: new Date("2026-11-20T02:00:00Z"), userId: finance, area: "capital", entity: "Payment", entityId: reversal.id, action: "create", after: JSON.stringify({ reversalOf: wrong.id, amountFen: (-wan(21)).toString() }), reason: reversalReason },
        { at: new Date("2026-11-20T02:05:00Z"), userId: finance, area: "capital", entity: "Payment", entityId: corrected.id, action: "create", after: JSON.stringify({ account: "COM.01.02", amountFen: wan(12).toString(), paidOn: "2026-11-19" }) },
      ],
    });

    return { projectId: project.id };
  }, { timeout: 60_000 });
}

type MeetingSeedIds = { projectId: number; people: Map<string, number>; departments: Map<string, number>; milestones: Map<string, { id: number }>; today: string };

/**
 * The meetings up to the demo's today, as they were held: 11-17 (permits, chaired by the general manager),
 * 11-24 (engineering, the project manager) and 12-01 (funding, the general manager) — each with its frozen
 * agenda, minutes, outcomes and decisions, the reports given at it and the items it set. A meeting on or
 * after today is planned, with its theme set; so the tests' pinned 11-27 see 12-01 still to come.
 */
async function seedMeetings(tx: Prisma.TransactionClient, ids: MeetingSeedIds) {
  const person = (key: string) => ids.people.get(key)!;
  const department = (code: string) => ids.departments.get(code)!;
  const milestone = (code: string) => ids.milestones.get(code)!.id;
  const held = (date: string) => date < ids.today;
  const at = (date: string) => new Date(`${date}T01:00:00Z`); // 09:00 Shanghai
  type Item = { source: string; refType: string; refId: number | null; title: string; titleEn: string; detail: string; minutes?: string; decision?: string; outcome?: string };
  const meeting = async (date: string, theme: string, themeEn: string, themeArea: string, chair: string, items: Item[]) => {
    const isHeld = held(date);
    const row = await tx.meeting.create({
      data: { projectId: ids.projectId, startsAt: at(date), theme, themeEn, themeArea, chairId: isHeld ? person(chair) : null, chairBasis: isHeld ? "theme" : "", status: isHeld ? "closed" : "planned", agendaFrozenAt: isHeld ? at(date) : null },
    });
    const agenda = new Map<string, number>();
    if (isHeld) {
      for (const [index, item] of items.entries()) {
        const created = await tx.agendaItem.create({ data: { meetingId: row.id, sortOrder: index - 10_000, minutes: "", decision: "", outcome: "", ...item } });
        agenda.set(item.title, created.id);
      }
    }
    return { id: row.id, agenda, held: isHeld };
  };
  // The owner in both languages; no report before these meetings (lastReport= empty), as a frozen agenda records it.
  const owner = (dept: string, deptEn: string, who: string, whoEn: string) => `owner=${dept}/${who};ownerEn=${deptEn}/${whoEn};lastReport=`;

  const m1 = await meeting("2026-11-17", "规划方案报批推进", "Pushing the plan approval", "permits", "gm", [
    { source: "milestone", refType: "Milestone", refId: milestone("M01"), title: "M01 规划方案报自然资源和规划局审批", titleEn: "M01 Plan approval by the planning bureau", detail: "state=due_soon;plannedEnd=2026-11-27;forecastEnd=2026-11-27;slipDays=0", minutes: "方案已按规划条件修改完毕，拟11月18日报送；局里要求先过专家评审。", decision: "总经理牵头报送并跟进专家评审，工程部准备汇报材料。", outcome: "action" },
    { source: "milestone", refType: "Milestone", refId: milestone("M03"), title: "M03 环境保护意见表", titleEn: "M03 Environmental-protection opinion form", detail: "state=due_soon;plannedEnd=2026-11-30;forecastEnd=2026-11-30;slipDays=0", minutes: "办公室对接生态环境局，材料清单已取得。", outcome: "information" },
    { source: "manual", refType: "AgendaItem", refId: null, title: "前期报建工作分工", titleEn: "Division of the permit work", detail: "", minutes: "报建事项多、时间紧，需明确牵头人。", decision: "前期报建由总经理牵头，工程部具体办理，办公室负责环保类报批；每周例会通报进度。", outcome: "decision" },
  ]);
  const planning = await tx.actionItem.create({
    data: { meetingId: m1.id, title: "规划方案报自然资源和规划局并跟进专家评审", departmentId: department("GMO"), ownerId: person("gm"), dueOn: d("2026-11-24"), status: "done", doneOn: d("2026-11-24"), agendaItemId: m1.agenda.get("M01 规划方案报自然资源和规划局审批") ?? null },
  });

  const m2 = await meeting("2026-11-24", "前期设计与勘察招标准备", "Preliminary design and survey tender preparation", "engineering", "pm", [
    { source: "action_item", refType: "ActionItem", refId: planning.id, title: "规划方案报自然资源和规划局并跟进专家评审", titleEn: "规划方案报自然资源和规划局并跟进专家评审", detail: `state=due;due=2026-11-24;${owner("总经理室", "General Manager's Office", "王建国", "Wang Jianguo")}`, minutes: "11月20日通过专家评审，待规划局局务会。", outcome: "information" },
    { source: "milestone", refType: "Milestone", refId: milestone("M01"), title: "M01 规划方案报自然资源和规划局审批", titleEn: "M01 Plan approval by the planning bureau", detail: "state=due_soon;plannedEnd=2026-11-27;forecastEnd=2026-11-27;slipDays=0", minutes: "局务会排期未定，可能顺延至12月上旬。", outcome: "carry" },
    { source: "milestone", refType: "Milestone", refId: milestone("M03"), title: "M03 环境保护意见表", titleEn: "M03 Environmental-protection opinion form", detail: "state=due_soon;plannedEnd=2026-11-30;forecastEnd=2026-11-30;slipDays=0", minutes: "材料尚缺总平面图盖章版。", outcome: "action" },
    { source: "manual", refType: "AgendaItem", refId: null, title: "地质勘察及扩初设计准备", titleEn: "Preparing the geological survey and expanded preliminary design", detail: "", minutes: "勘察须在1月初进场，招标文件本月内完成；资金计划需按月编制以便融资测算。", decision: "工程部12月8日前完成地质勘察招标文件；财务部12月1日前编制2027年月度资金使用计划；招商部12月15日前起草招商政策框架。", outcome: "action" },
  ]);
  await tx.actionReport.create({ data: { actionItemId: planning.id, meetingId: m2.id, text: "已报送，11月20日通过专家评审。", reportedOn: d("2026-11-24"), markedDone: true } });
  const prep = m2.agenda.get("地质勘察及扩初设计准备") ?? null;
  const m2Items = {
    env: await tx.actionItem.create({ data: { meetingId: m2.id, title: "落实环境保护意见表材料", departmentId: department("OFF"), ownerId: person("admin_vp"), dueOn: d("2026-12-01"), agendaItemId: m2.agenda.get("M03 环境保护意见表") ?? null } }),
    survey: await tx.actionItem.create({ data: { meetingId: m2.id, title: "编制地质勘察招标文件", departmentId: department("ENG"), ownerId: person("chief"), dueOn: d("2026-12-08"), agendaItemId: prep } }),
    fundPlan: await tx.actionItem.create({ data: { meetingId: m2.id, title: "编制2027年月度资金使用计划", departmentId: department("FIN"), ownerId: person("finance_mgr"), dueOn: d("2026-12-01"), agendaItemId: prep } }),
    leasing: await tx.actionItem.create({ data: { meetingId: m2.id, title: "起草招商政策框架", departmentId: department("LEA"), ownerId: person("leasing_mgr"), dueOn: d("2026-12-15"), agendaItemId: prep } }),
  };

  const carriedOwner = {
    env: owner("办公室", "Administration Office", "刘芳", "Liu Fang"),
    survey: owner("工程部", "Engineering", "张伟", "Zhang Wei"),
    fundPlan: owner("财务部", "Finance", "赵丽", "Zhao Li"),
    leasing: owner("招商部", "Leasing", "孙强", "Sun Qiang"),
  };
  const m1Carried = m2.agenda.get("M01 规划方案报自然资源和规划局审批") ?? null;
  const m3 = await meeting("2026-12-01", "2027年资金使用计划与融资安排", "2027 fund-usage plan and financing", "finance", "gm", [
    { source: "action_item", refType: "ActionItem", refId: m2Items.env.id, title: "落实环境保护意见表材料", titleEn: "落实环境保护意见表材料", detail: `state=due;due=2026-12-01;${carriedOwner.env}`, minutes: "总平面图盖章版已取得，12月3日报送。", outcome: "information" },
    { source: "action_item", refType: "ActionItem", refId: m2Items.fundPlan.id, title: "编制2027年月度资金使用计划", titleEn: "编制2027年月度资金使用计划", detail: `state=due;due=2026-12-01;${carriedOwner.fundPlan}`, minutes: "计划已编制并提交本次会议审议。", outcome: "information" },
    { source: "action_item", refType: "ActionItem", refId: m2Items.survey.id, title: "编制地质勘察招标文件", titleEn: "编制地质勘察招标文件", detail: `state=due;due=2026-12-08;${carriedOwner.survey}`, minutes: "初稿完成，待总工审核。", outcome: "information" },
    { source: "action_item", refType: "ActionItem", refId: m2Items.leasing.id, title: "起草招商政策框架", titleEn: "起草招商政策框架", detail: `state=open;due=2026-12-15;${carriedOwner.leasing}`, minutes: "正在调研周边商业租金水平。", outcome: "information" },
    { source: "carried", refType: "AgendaItem", refId: m1Carried, title: "M01 规划方案报自然资源和规划局审批", titleEn: "M01 Plan approval by the planning bureau", detail: "from=2026-11-24", minutes: "局务会改期，预计12月11日审议，市长办公会相应顺延。", outcome: "information" },
    { source: "funding", refType: "FundingGap", refId: null, title: "2027年启动资金约2亿元的筹措", titleEn: "Raising the 2027 start-up capital of about 200 million", detail: "", minutes: "已落实资金不足以覆盖二季度桩基及主体招标后的支出，需尽早启动银信贷款。", decision: "财务部12月底前向合作银行提交项目授信申请；内部认购方案按公寓面积10–15%测算，下次会议审议。", outcome: "action" },
    { source: "manual", refType: "AgendaItem", refId: null, title: "审议2027年月度资金使用计划", titleEn: "Reviewing the 2027 monthly fund-usage plan", detail: "", minutes: "计划按里程碑排布支出，与两表对比口径一致。", decision: "原则通过2027年月度资金使用计划，按月滚动更新，不得超预算支付。", outcome: "decision" },
    { source: "sales", refType: "SalesTarget", refId: null, title: "内部认购方案", titleEn: "Internal subscription scheme", detail: "", minutes: "营销部提出初步方案，价格与比例需进一步测算。", outcome: "carry" },
  ]);
  if (m3.held) {
    await tx.actionReport.createMany({
      data: [
        { actionItemId: m2Items.env.id, meetingId: m3.id, text: "总平面图盖章版已取得，12月3日报送生态环境局。", reportedOn: d("2026-12-01") },
        { actionItemId: m2Items.fundPlan.id, meetingId: m3.id, text: "已完成编制，提交本次会议审议并原则通过。", reportedOn: d("2026-12-01"), markedDone: true },
        { actionItemId: m2Items.survey.id, meetingId: m3.id, text: "招标文件初稿完成，待总工审核。", reportedOn: d("2026-12-01") },
        { actionItemId: m2Items.leasing.id, meetingId: m3.id, text: "正在调研周边商业租金水平。", reportedOn: d("2026-12-01") },
      ],
    });
    await tx.actionItem.update({ where: { id: m2Items.fundPlan.id }, data: { status: "done", doneOn: d("2026-12-01") } });
    const funding = m3.agenda.get("2027年启动资金约2亿元的筹措") ?? null;
    await tx.actionItem.createMany({
      data: [
        { meetingId: m3.id, title: "向合作银行提交项目授信申请", departmentId: department("FIN"), ownerId: person("finance_mgr"), dueOn: d("2026-12-29"), agendaItemId: funding },
        { meetingId: m3.id, title: "测算内部认购方案（公寓面积10–15%）", departmentId: department("GMO"), ownerId: person("marketing_vp"), dueOn: d("2026-12-08"), agendaItemId: funding },
      ],
    });
  }
  // From 12-08 on: each Tuesday before the seeding day is held (its agenda the items still open, each
  // reported on; those due by then reported done); the first one not yet held is planned with its theme.
  const themes = [
    { theme: "地质勘察与施工图设计安排", themeEn: "Geological survey and construction drawing schedule", area: "technical" },
    { theme: "桩基及监理招标准备", themeEn: "Preparing the pile and supervision tenders", area: "engineering" },
    { theme: "银信贷款与内部认购进展", themeEn: "Bank-trust loan and internal subscription progress", area: "finance" },
    { theme: "前期报建进度", themeEn: "Permit progress", area: "permits" },
    { theme: "招商方案与招商手册", themeEn: "Leasing plan and handbook", area: "leasing" },
    { theme: "营销代理与销售任务分解", themeEn: "Marketing agency and sales targets", area: "marketing" },
  ];
  const leaderOf = new Map((await tx.areaLeader.findMany({ where: { projectId: ids.projectId }, select: { area: true, personId: true } })).map((l) => [l.area, l.personId]));
  for (let week = 0, date = "2026-12-08"; week < 60; week++, date = addDays(date, 7)) {
    const { theme, themeEn, area } = themes[week % themes.length];
    if (!held(date)) {
      await tx.meeting.create({ data: { projectId: ids.projectId, startsAt: at(date), theme, themeEn, themeArea: area } });
      break;
    }
    const row = await tx.meeting.create({ data: { projectId: ids.projectId, startsAt: at(date), theme, themeEn, themeArea: area, chairId: leaderOf.get(area) ?? null, chairBasis: "theme", status: "closed", agendaFrozenAt: at(date) } });
    const open = await tx.actionItem.findMany({
      where: { status: "open", meeting: { projectId: ids.projectId, startsAt: { lt: at(date) } } },
      orderBy: [{ dueOn: "asc" }, { id: "asc" }],
      select: { id: true, title: true, dueOn: true, department: { select: { name: true, nameEn: true } }, owner: { select: { name: true, nameEn: true } }, reports: { orderBy: { id: "desc" }, take: 1, select: { id: true } } },
    });
    for (const [index, item] of open.entries()) {
      const due = item.dueOn.toISOString().slice(0, 10);
      const done = due <= date;
      const state = due < date ? "overdue" : due <= addDays(date, 7) ? "due" : "open";
      const detail = `state=${state};due=${due};owner=${item.department?.name ?? ""}/${item.owner?.name ?? ""};ownerEn=${item.department?.nameEn ?? ""}/${item.owner?.nameEn ?? ""};lastReport=${item.reports[0]?.id ?? ""}`;
      await tx.agendaItem.create({ data: { meetingId: row.id, source: "action_item", refType: "ActionItem", refId: item.id, title: item.title, titleEn: item.title, detail, minutes: done ? "已完成，销项。" : "按计划推进。", outcome: "information", sortOrder: index - 10_000 } });
      await tx.actionReport.create({ data: { actionItemId: item.id, meetingId: row.id, text: done ? "已完成。" : "按计划推进中。", reportedOn: d(date), markedDone: done } });
      if (done) await tx.actionItem.update({ where: { id: item.id }, data: { status: "done", doneOn: d(date) } });
    }
    // The milestones due within 14 days of the meeting, on plan in the demo.
    const due = await tx.milestone.findMany({ where: { projectId: ids.projectId, retiredAt: null, plannedEnd: { gte: d(date), lte: d(addDays(date, 14)) } }, orderBy: { plannedEnd: "asc" }, select: { id: true, code: true, name: true, nameEn: true, plannedEnd: true } });
    for (const [index, m] of due.entries()) {
      const end = m.plannedEnd.toISOString().slice(0, 10);
      await tx.agendaItem.create({ data: { meetingId: row.id, source: "milestone", refType: "Milestone", refId: m.id, title: `${m.code} ${m.name}`, titleEn: `${m.code} ${m.nameEn}`, detail: `state=due_soon;plannedEnd=${end};forecastEnd=${end};slipDays=0`, minutes: "按计划推进。", outcome: "information", sortOrder: open.length + index - 10_000 } });
    }
  }
}
