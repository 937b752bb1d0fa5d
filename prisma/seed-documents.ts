// The reference project's permits and drawings register (工程档案) as of late November 2026: the land
// certificates held since the land transfer, the scheme design handed to the planning bureau, the expert
// review of the plan. Register rows only: a seed holds no files, so the certificates show in the
// archive's "missing evidence" as lacking their scans until someone uploads them. Authorities by their
// 2026 names (DOMAIN.md).
import type { Prisma } from "@prisma/client";
import { civilToDate as d } from "../app/utils/dates";

type DocumentSeed = {
  milestone: string;
  category: "permit" | "drawing" | "report" | "other";
  title: string;
  number: string;
  authority: string;
  issuedOn: string;
  note?: string;
};

export const REFERENCE_DOCUMENTS: DocumentSeed[] = [
  { milestone: "C01", category: "permit", title: "不动产权证书（国有建设用地使用权）", number: "（2026）不动产权第0031582号", authority: "自然资源和规划局", issuedOn: "2026-11-05" },
  { milestone: "C02", category: "permit", title: "建设用地规划许可证", number: "地字第2026-0158号", authority: "自然资源和规划局", issuedOn: "2026-11-12" },
  { milestone: "M00", category: "drawing", title: "方案图（规划方案设计文本，定稿）", number: "FA-2026-01", authority: "设计院", issuedOn: "2026-11-09", note: "报规划局审批的定稿版本。" },
  {
    milestone: "M01",
    category: "report",
    title: "规划方案专家评审意见",
    number: "规审〔2026〕158号",
    authority: "自然资源和规划局",
    issuedOn: "2026-11-20",
    note: "专家评审通过，待局务会审议。",
  },
];

/** Creates the register rows (no files) for the reference plan's milestones; `tx` is the seed's transaction. */
export async function seedDocuments(tx: Prisma.TransactionClient, projectId: number): Promise<void> {
  const milestones = await tx.milestone.findMany({ where: { projectId, code: { in: REFERENCE_DOCUMENTS.map((doc) => doc.milestone) } }, select: { id: true, code: true } });
  const idOf = new Map(milestones.map((m) => [m.code, m.id]));
  for (const doc of REFERENCE_DOCUMENTS) {
    const milestoneId = idOf.get(doc.milestone);
    if (milestoneId === undefined) continue; // a plan without that milestone
    await tx.projectDocument.create({
      data: {
        projectId,
        milestoneId,
        category: doc.category,
        title: doc.title,
        number: doc.number,
        authority: doc.authority,
        issuedOn: d(doc.issuedOn),
        note: doc.note ?? "",
        createdAt: d(doc.issuedOn),
      },
    });
  }
}
