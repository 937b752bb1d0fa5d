// The demo's monthly executive pack for the month before the seeding day: each area's leader writes the
// commentary and the general manager issues it, through the same model functions as the pages, so the
// archive at /reports shows an issued pack from the first start. Run by scripts/setup.ts after the seed
// (not by the tests, which build their own packs).
import { prisma } from "../app/db.server";
import type { PackArea } from "../app/domain/reports/pack";
import { issuePack, savePackCommentary } from "../app/models/reports/pack.server";
import type { CivilDate } from "../app/utils/dates";

const NOVEMBER: Record<PackArea, { user: string; text: string }> = {
  schedule: { user: "pm", text: "11月完成规划方案设计并通过专家评审；规划局局务会改期至12月10日，规划批复预计12月11日取得，市长办公会审议相应顺延。下月重点：环境保护意见表报送、地质勘察招标文件定稿。" },
  cost: { user: "exec", text: "本月付款均在预算及目标成本内，无超预算支付。公寓工程动态成本高于目标成本（装修、主体结构、设计费），须在扩初阶段优化后再行招标。" },
  cash: { user: "exec", text: "仅计已落实资金，资金缺口自2027年10月起出现；银信贷款授信申请12月底前提交，内部认购方案（公寓面积10–15%）提交下次例会审议，未落实前不计入可用资金。" },
  sales: { user: "sales", text: "内部认购已签约部分房源；公寓预售须待预售许可，营销代理年度合同1月底前签订，销售任务按期分解。" },
  meetings: { user: "exec", text: "11月召开例会2次，督办事项均按期汇报；环境保护意见表材料已逾期，要求12月3日前报送生态环境局。" },
};

/** Writes November's commentaries and issues the pack, when the seeding day is after November 2026. */
export async function issueDemoPacks(today: CivilDate) {
  const month = "2026-11";
  if (today <= "2026-11-30") return false;
  const project = await prisma.project.findFirstOrThrow({ select: { id: true, name: true, nameEn: true, totalBudgetFen: true, scheduleStart: true, scheduleEnd: true } });
  for (const [area, { user: username, text }] of Object.entries(NOVEMBER) as [PackArea, { user: string; text: string }][]) {
    const user = await prisma.user.findUniqueOrThrow({ where: { username }, select: { id: true, personId: true } });
    const saved = await savePackCommentary(project, { month, area, text, version: 0 }, user);
    if (!saved.ok) throw new Error(`demo pack: ${area} commentary refused (${saved.message})`);
  }
  const exec = await prisma.user.findUniqueOrThrow({ where: { username: "exec" }, select: { id: true } });
  const pack = await prisma.monthlyPack.findFirstOrThrow({ where: { projectId: project.id, month }, select: { version: true } });
  const issued = await issuePack(project, { month, version: pack.version }, { userId: exec.id }, today);
  if (!issued.ok) throw new Error(`demo pack: issue refused (${issued.message})`);
  return true;
}
