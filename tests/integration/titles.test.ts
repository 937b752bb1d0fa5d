// Tab titles (<title>) follow the page's language (issue 18): every route module with a meta export,
// called with the root loader's lang, gives an English title in English and a Chinese one in Chinese.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { meta as rootMeta } from "~/root";
import { metaLang, pageTitle } from "~/utils/meta";

const ROUTES = path.resolve(import.meta.dirname, "../../app/routes");
const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

type MetaFn = (args: unknown) => { title?: string }[] | undefined;

const withMeta = readdirSync(ROUTES)
  .filter((file) => /\.tsx?$/.test(file) && /^export const meta\b|^export (async )?function meta\b/m.test(readFileSync(path.join(ROUTES, file), "utf8")))
  .sort();

// Parameters and loader data any of the routes may read; the titles must also do without data (an error page).
const params = { id: "1", code: "A1-0101", date: "2026-12-03", month: "2026-11" };
const data = { unit: { code: "A1-0101" }, milestone: { code: "M-07" } };

async function titleOf(file: string, lang: "zh" | "en", extra: { params?: Record<string, string>; data?: unknown } = {}): Promise<string> {
  const mod = (await import(path.join(ROUTES, file))) as { meta?: MetaFn };
  expect(mod.meta, `${file} exports meta`).toBeTypeOf("function");
  const matches = [
    { id: "root", pathname: "/", params: {}, data: { lang, today: "2026-11-27", user: null }, meta: [] },
    { id: `routes/${file.replace(/\.tsx?$/, "")}`, pathname: "/x", params: extra.params ?? params, data: extra.data, meta: [] },
  ];
  const descriptors = mod.meta!({ matches, params: extra.params ?? params, data: extra.data, location: { pathname: "/x", search: "", hash: "", state: null, key: "default" }, error: undefined });
  const title = descriptors?.find((d) => "title" in d)?.title;
  expect(title, `${file} gives a title`).toBeTypeOf("string");
  return title!;
}

describe("tab titles follow the page's language", () => {
  it("finds the route modules with a meta export", () => {
    expect(withMeta.length).toBeGreaterThanOrEqual(33);
  });

  it.each(withMeta)("%s: English without CJK, Chinese with it", async (file) => {
    for (const extra of [{ data }, { data: undefined }]) {
      const en = await titleOf(file, "en", extra);
      const zh = await titleOf(file, "zh", extra);
      expect(en, `${file} en`).not.toMatch(CJK);
      expect(en).toMatch(/Groundwork$/);
      if (zh !== "Groundwork") expect(zh, `${file} zh`).toMatch(CJK);
    }
  });

  it("keeps the parameter, formatted for the language", async () => {
    expect(await titleOf("reports.$month.tsx", "en")).toBe("Monthly executive pack — Nov 2026 · Groundwork");
    expect(await titleOf("reports.$month.tsx", "zh")).toBe("2026年11月月度经营报告 · Groundwork");
    expect(await titleOf("meetings.$date.tsx", "en")).toBe("Meeting of 2026-12-03 · Groundwork");
    expect(await titleOf("meetings.$date.tsx", "zh")).toBe("2026年12月3日 例会 · Groundwork");
    expect(await titleOf("sales.units.$code.tsx", "en", { data })).toBe("A1-0101 · Sales control chart · Groundwork");
    expect(await titleOf("milestones.$id.tsx", "zh", { data })).toBe("M-07 · 里程碑 · Groundwork");
  });

  it("a bad parameter (the 404 page) still gives a plain title, no exception", async () => {
    expect(await titleOf("reports.$month.tsx", "en", { params: { month: "2026-13x" } })).toBe("Monthly executive pack · Groundwork");
    expect(await titleOf("meetings.$date.tsx", "en", { params: { date: "nonsense" } })).toBe("Weekly meeting · Groundwork");
    expect(await titleOf("meetings.$date_.print.tsx", "zh", { params: {} })).toBe("例会议程与纪要 · Groundwork");
  });

  it("the helper falls back to Chinese without root data, and the root title follows the language too", () => {
    expect(metaLang(undefined)).toBe("zh");
    expect(metaLang([{ id: "root", data: { lang: "xx" } }])).toBe("zh");
    expect(pageTitle([{ id: "root", data: { lang: "en" } }], "nav.overview")).toEqual([{ title: "Overview · Groundwork" }]);
    const root = rootMeta as unknown as MetaFn;
    expect(root({ data: { lang: "en" }, matches: [], params: {} })?.[0]?.title).toBe("Groundwork · Construction & financing tracker");
    expect(root({ data: { lang: "zh" }, matches: [], params: {} })?.[0]?.title).toMatch(CJK);
    expect(root({ data: undefined, matches: [], params: {} })?.[0]?.title).toMatch(CJK);
  });
});
