// Issue 18: English is complete. Every page, seen in English, shows Chinese only where it is user-entered data:
// each run of Chinese characters on the page must occur in a value stored in the database, or be one of the
// few deliberate Chinese terms of the English messages. Values that have an English twin (name/nameEn,
// title/titleEn, …) are not user data for an English page: the page must show the twin instead.
import Database from "better-sqlite3";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { en } from "~/i18n/messages";
import { EN_KEYS_WITH_CHINESE_TERMS } from "~/i18n/messages/english-complete";
import { launchOptions } from "./browser";
import { PAGES } from "./pages";
import { walkPages } from "./walk";

const baseUrl = inject("baseUrl");
const databaseFile = inject("databaseFile");

// Han characters and CJK / full-width punctuation (，。：（）、《》 …), in runs.
const CHINESE_RUN = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]+/gu;
const HAS_CHINESE = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

// Detail pages behind links that PAGES (one of each kind) does not reach.
const MORE_PAGES: Record<string, string[]> = {
  exec: ["/meetings/2026-12-01", "/meetings/2026-11-17", "/meetings/2026-11-17/print", "/meetings/2026-12-08/print"],
  pm: ["/milestones/1", "/milestones/9", "/milestones/32", "/milestones/1/documents"],
  finance: ["/budget/lines/2", "/budget/lines/3", "/budget/contracts/2", "/financing/facilities/1", "/financing/facilities/3", "/financing/facilities/4"],
  sales: ["/sales/units/T1-1203", "/sales/units/T1-2608"],
  admin: ["/admin/users/2"],
};


type Allowed = { values: string[]; runs: Set<string>; whole: Set<string>; twins: Set<string> };

/**
 * The user data a page may show in Chinese: every text value in the demo database, except a value whose column
 * has an English twin holding a translation (`x` beside a non-empty `xEn`). Values that are structured text
 * (JSON, or `key=…;keyEn=…`) are taken apart so that a twin inside them does not slip through.
 * A user's display name counts as a twin of the person it belongs to (the page shows the person's English name).
 */
function allowedFromDatabase(file: string): Allowed {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const values: string[] = [];
  const twins = new Set<string>();
  const addObject = (record: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(record)) {
      if (typeof value !== "string" || !HAS_CHINESE.test(value)) {
        if (value && typeof value === "object") addObject(value as Record<string, unknown>);
        continue;
      }
      // A twin that only repeats the Chinese (an action's title copied to an agenda item) translates nothing.
      const twin = record[`${key}En`];
      if (typeof twin === "string" && twin.trim() !== "" && twin.trim() !== value.trim()) {
        twins.add(value);
        continue;
      }
      addValue(value);
    }
  };
  const addValue = (value: string) => {
    const trimmed = value.trim();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      try {
        addObject(JSON.parse(trimmed));
        return;
      } catch {
        // not JSON: plain text
      }
    }
    if (/^\w+=[^;]*(;\w+=[^;]*)+$/.test(trimmed)) {
      addObject(Object.fromEntries(trimmed.split(";").map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)])));
      return;
    }
    values.push(value);
  };
  try {
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%'").all() as { name: string }[]
    ).map((t) => t.name);
    for (const table of tables) {
      const rows = db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
      for (let row of rows) {
        if (table === "User" && row.personId != null) {
          if (typeof row.displayName === "string") twins.add(row.displayName);
          row = { ...row, displayName: null };
        }
        addObject(row);
      }
    }
  } finally {
    db.close();
  }
  const runsOf = (texts: Iterable<string>) => new Set([...texts].flatMap((text) => text.match(CHINESE_RUN) ?? []));
  return { values, runs: runsOf(values), whole: new Set(values.map((value) => value.trim())), twins: runsOf(twins) };
}

/** The deliberate Chinese terms of the English messages (see EN_KEYS_WITH_CHINESE_TERMS). */
const deliberateTerms = new Set(Object.keys(EN_KEYS_WITH_CHINESE_TERMS).flatMap((key) => en[key as keyof typeof en].match(CHINESE_RUN) ?? []));

/** All the text a reader meets on the page: visible text, tooltips, placeholders, labels, options, the title. */
async function textsOf(page: Page): Promise<{ where: string; text: string }[]> {
  return page.evaluate(() => {
    for (const details of document.querySelectorAll("details")) details.open = true;
    // Text the page marks as Chinese on purpose (lang="zh-CN": the Chinese name beside the English one on an
    // editing screen, the language switch) is not a leak: it is set aside while the body is read.
    const marked = [...document.body.querySelectorAll<HTMLElement>('[lang^="zh"]')];
    const displays = marked.map((element) => element.style.display);
    for (const element of marked) element.style.display = "none";
    const bodyText = document.body.innerText;
    marked.forEach((element, i) => (element.style.display = displays[i]));
    const texts = [
      { where: "document.title", text: document.title },
      { where: "body", text: bodyText },
    ];
    for (const attribute of ["title", "placeholder", "aria-label", "alt"]) {
      for (const element of document.querySelectorAll(`[${attribute}]`))
        texts.push({
          where: `[${attribute}]`,
          text: element.getAttribute(attribute) ?? "",
        });
    }
    for (const option of document.querySelectorAll("option")) texts.push({ where: "<option>", text: option.textContent ?? "" });
    for (const svgText of document.querySelectorAll("svg text")) texts.push({ where: "chart", text: svgText.textContent ?? "" });
    return texts;
  });
}

/** The Chinese runs of the texts that are neither user data nor a deliberate term, with some context. */
function leaksIn(texts: { where: string; text: string }[], allowed: Allowed): string[] {
  const leaks = new Set<string>();
  for (const { where, text } of texts) {
    for (const match of text.matchAll(CHINESE_RUN)) {
      const run = match[0];
      if (deliberateTerms.has(run)) continue;
      if (allowed.twins.has(run)) {
        // A twin's Chinese is refused on its own. It is user data only where the same words were entered
        // without a translation elsewhere (a document's issuing authority), or inside free text that names it
        // (minutes: "工程部12月8日前完成…"): the text around the run, up to the spaces, is then in the database.
        const before = text.slice(0, match.index).match(/\S*$/)![0];
        const after = text.slice(match.index + run.length).match(/^\S*/)![0];
        const word = before + run + after;
        if (allowed.whole.has(run)) continue;
        if (word !== run && allowed.values.some((value) => value.includes(word))) continue;
      } else if (run.length >= 4) {
        // A run of a stored text (or part of one, cut short on the page).
        if (allowed.values.some((value) => value.includes(run))) continue;
      } else {
        // A run of one to three characters ("元", "状态") occurs somewhere in the database whatever it is: it passes
        // only as a whole stored value, or with what stands next to it on the page as it stands in a stored text
        // ("12月10日", "红冲 记-2026-11-030"), never alone ("1,200.00 元").
        const before = text.slice(0, match.index);
        const after = text.slice(match.index + run.length);
        const left = before.match(/\S*$/)![0];
        const right = after.match(/^\S*/)![0];
        const previous = before.slice(0, before.length - left.length).match(/\S+[^\S\n]+$/)?.[0] ?? "";
        const next = after.slice(right.length).match(/^[^\S\n]+\S+/)?.[0] ?? "";
        // Up to three characters on either side (a closing bracket of the page may follow the text).
        const near = [1, 2, 3].flatMap((n) => [left.slice(-n) + run, run + right.slice(0, n)]);
        const candidates = [...near, previous && previous + left + run + right, next && left + run + right + next].filter((c) => c && c !== run);
        if (allowed.whole.has(run) || allowed.whole.has(left + run + right)) continue;
        if (candidates.some((candidate) => allowed.values.some((value) => value.includes(candidate)))) continue;
      }
      const start = Math.max(0, match.index - 30);
      const context = text.slice(start, match.index + run.length + 30).replace(/\s+/g, " ");
      leaks.add(`${where}: «${run}» in …${context}…`);
    }
  }
  return [...leaks];
}

let browser: Browser;
let allowed: Allowed;
beforeAll(async () => {
  browser = await chromium.launch(launchOptions());
  allowed = allowedFromDatabase(databaseFile);
});
afterAll(async () => {
  await browser?.close();
});

describe("English pages", () => {
  it("the check sees a leak: a twin value or a message in Chinese is refused, user data is not", () => {
    expect(allowed.twins.has("王建国")).toBe(true); // Person.name beside nameEn
    expect(leaksIn([{ where: "t", text: "Chair: 王建国" }], allowed)).toHaveLength(1);
    expect(leaksIn([{ where: "t", text: "Status: 已完成" }], allowed)).toHaveLength(1);
    expect(leaksIn([{ where: "[title]", text: "1,200.00 元" }], allowed)).toHaveLength(1); // 元 is inside "4.6 亿元以内"
    expect(leaksIn([{ where: "t", text: "Payee: 市建筑设计研究院" }], allowed)).toEqual([]);
    expect(leaksIn([{ where: "t", text: "Switch to 中文" }], allowed)).toEqual([]);
    // A department's Chinese name alone is refused; inside minutes that name it, it is the minutes' text.
    expect(leaksIn([{ where: "t", text: "Owner: 工程部" }], allowed)).toHaveLength(1);
    expect(leaksIn([{ where: "t", text: "Decision: 工程部12月8日前完成地质勘察招标文件；" }], allowed)).toEqual([]);
  });

  const users = [...new Set([...Object.keys(PAGES), ...Object.keys(MORE_PAGES)])];
  for (const username of users) {
    const all = [...(PAGES[username] ?? []), ...(MORE_PAGES[username] ?? [])];
    const paths = all;
    it(`show no Chinese but user data for ${username}: ${paths.join(" ")}`, () => checkPages(username, paths), 240_000);
  }
});

/** Signed in as `username`, in English: each path's leaks. */
async function checkPages(username: string, paths: string[]) {
  const leaks = await walkPages(browser, baseUrl, { username, paths, langs: ["en"], width: 1400, height: 1000, settle: true }, async (page, _lang, path) =>
    leaksIn(await textsOf(page), allowed).map((leak) => `${path} ${leak}`),
  );
  expect(leaks).toEqual([]);
}
