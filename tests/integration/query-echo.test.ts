// Banners show what the server recorded, never text from the query (issue 12: `/budget?recorded=1&line=ANY
// TEXT` printed ANY TEXT as the line of a recorded payment).
import { beforeAll, describe, expect, it } from "vitest";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { prisma } from "~/db.server";
import { loader as overviewLoader } from "~/routes/_index";
import { loader as auditLoader } from "~/routes/audit";
import { loader as budgetLoader } from "~/routes/budget._index";
import { loader as lineLoader } from "~/routes/budget.lines.$id";
import { loader as ledgerLoader } from "~/routes/budget.payments";
import { loader as planLoader } from "~/routes/budget.plan";
import { loader as financingLoader } from "~/routes/financing._index";
import { loader as facilityLoader } from "~/routes/financing.facilities.$id";
import { loader as meetingLoader } from "~/routes/meetings.$date";
import { loader as printLoader } from "~/routes/meetings.$date_.print";
import { loader as meetingsLoader } from "~/routes/meetings._index";
import { loader as milestoneLoader } from "~/routes/milestones.$id";
import { loader as milestonesLoader } from "~/routes/milestones._index";
import { loader as salesLoader } from "~/routes/sales._index";
import { seedReferenceProject } from "../../prisma/seed";
import { callLoader } from "../helpers/requests";
import { leafOf } from "../helpers/factories";

const ANY_TEXT = "ANY-TEXT-7f3a<script>alert('任意文本')</script>";
/** Every parameter a banner or flash has read, or might: each set to text the server never recorded. */
const HOSTILE_QUERY = new URLSearchParams(
  ["recorded", "line", "used", "warn", "payee", "amount", "saved", "done", "code", "message", "error", "notice", "flash"].map((name) => [name, ANY_TEXT]),
).toString();

const serialized = (data: unknown) => JSON.stringify(data, (_k, v) => (typeof v === "bigint" ? v.toString() : v));

let ids: { line: number; milestone: number; facility: number };

beforeAll(async () => {
  await seedReferenceProject(prisma);
  ids = {
    line: (await prisma.budgetLine.findFirstOrThrow({ where: { code: "APT" } })).id,
    milestone: (await prisma.milestone.findFirstOrThrow({ where: { code: "M03" } })).id,
    facility: (await prisma.facility.findFirstOrThrow({ where: { counterparty: "集团财务公司" } })).id,
  };
});

type Banner = { recorded: { id: number; payee: string; amountFen: string; usedBps: number; warn: boolean; line: { code: string; name: string } } | null };

describe("the payment banner", () => {
  it("names the payment the server recorded under the id, whatever else the query says", async () => {
    const payment = await prisma.payment.create({ data: { lineId: ids.line, accountId: await leafOf(ids.line), paidOn: new Date("2026-11-20T00:00:00Z"), payee: "某设计院", amountFen: 12_345_600n } });
    const page = (await callLoader(budgetLoader, `/budget?${HOSTILE_QUERY}&recorded=${payment.id}`, { as: "finance" })) as Banner;
    // URLSearchParams.get reads the first `recorded`: put the real id first, as the redirect does.
    const real = (await callLoader(budgetLoader, `/budget?recorded=${payment.id}&${HOSTILE_QUERY}`, { as: "finance" })) as Banner;
    expect(real.recorded).toMatchObject({ id: payment.id, payee: "某设计院", amountFen: "12345600", line: { code: "APT", name: "公寓工程" }, warn: false });
    expect(real.recorded!.usedBps).toBeGreaterThanOrEqual(0);
    expect(serialized(real)).not.toContain("ANY-TEXT");
    expect(page.recorded).toBeNull(); // its first `recorded` is not an id
    expect(serialized(page)).not.toContain("ANY-TEXT");
  });

  it("shows no banner for an unknown or malformed id", async () => {
    for (const recorded of ["99999999", "0", "-1", "1e3", "abc", "99999999999999999999"]) {
      const page = (await callLoader(budgetLoader, `/budget?recorded=${recorded}&line=${encodeURIComponent(ANY_TEXT)}`, { as: "finance" })) as Banner;
      expect(page.recorded).toBeNull();
    }
  });
});

describe("the milestone saved banner", () => {
  it("names a milestone of this project only", async () => {
    const named = (await callLoader(milestonesLoader, "/milestones?saved=M03", { as: "pm" })) as { saved: string | null };
    expect(named.saved).toBe("M03");
    const hostile = (await callLoader(milestonesLoader, `/milestones?saved=${encodeURIComponent(ANY_TEXT)}`, { as: "pm" })) as { saved: string | null };
    expect(hostile.saved).toBeNull();
  });
});

describe("every page", () => {
  it("hands the browser no text from banner or flash parameters of the query", async () => {
    const pages: [string, (args: LoaderFunctionArgs) => Promise<unknown>, Record<string, string>?][] = [
      ["/", overviewLoader],
      ["/milestones", milestonesLoader],
      [`/milestones/${ids.milestone}`, milestoneLoader, { id: String(ids.milestone) }],
      ["/budget", budgetLoader],
      [`/budget/lines/${ids.line}`, lineLoader, { id: String(ids.line) }],
      ["/budget/plan", planLoader],
      ["/budget/payments", ledgerLoader],
      ["/financing", financingLoader],
      [`/financing/facilities/${ids.facility}`, facilityLoader, { id: String(ids.facility) }],
      ["/sales", salesLoader],
      ["/meetings", meetingsLoader],
      ["/meetings/2026-12-01", meetingLoader, { date: "2026-12-01" }],
      ["/meetings/2026-12-01/print", printLoader, { date: "2026-12-01" }],
      ["/audit", auditLoader],
    ];
    for (const [path, loader, params] of pages) {
      const data = await callLoader(loader, `${path}?${HOSTILE_QUERY}`, { as: "exec", params });
      expect(data, path).not.toBeInstanceOf(Response);
      expect(serialized(data), path).not.toContain("ANY-TEXT");
    }
  });
});
