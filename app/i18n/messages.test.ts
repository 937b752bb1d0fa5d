import { translator } from "~/i18n";
import { describe, expect, it } from "vitest";
import { MILESTONE_KINDS, MILESTONE_STATUSES, type Health } from "~/domain/schedule";
import { en, zh } from "./messages";
import { EN_KEYS_WITH_CHINESE_TERMS } from "./messages/english-complete";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
const zhKeys = Object.keys(zh).sort();
const enKeys = Object.keys(en).sort();

describe("messages", () => {
  it("en has exactly the keys of zh", () => {
    expect(enKeys.filter((key) => !(key in zh))).toEqual([]); // nothing extra
    expect(zhKeys.filter((key) => !(key in en))).toEqual([]); // nothing missing
    expect(enKeys).toEqual(zhKeys);
  });

  it("has no empty messages in either language", () => {
    const empty = (messages: Record<string, string>) => Object.entries(messages).filter(([, text]) => text.trim() === "").map(([key]) => key);
    expect(empty(zh)).toEqual([]);
    expect(empty(en)).toEqual([]);
  });

  it("has no Chinese in English messages but the few deliberate terms", () => {
    // Han characters and CJK/full-width punctuation (，。：（）、 …).
    const chinese = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;
    const leaking = Object.entries(en).filter(([key, text]) => chinese.test(text) && !(key in EN_KEYS_WITH_CHINESE_TERMS));
    expect(leaking.map(([key, text]) => `${key}: ${text}`)).toEqual([]);
    // Each exception still exists and still needs to be one (a stale exception would hide a future leak).
    expect(Object.keys(EN_KEYS_WITH_CHINESE_TERMS).filter((key) => !chinese.test(en[key as keyof typeof en] ?? ""))).toEqual([]);
    expect(Object.keys(EN_KEYS_WITH_CHINESE_TERMS).length).toBeLessThanOrEqual(10);
  });

  it("uses the same {placeholders} in en as in zh", () => {
    const mismatched = zhKeys.filter(
      (key) => placeholders(zh[key as keyof typeof zh]).join(",") !== placeholders(en[key as keyof typeof en]).join(","),
    );
    expect(mismatched).toEqual([]);
  });

  it("the placeholder check sees the placeholders that exist", () => {
    // Guards the check above against a regex that finds nothing anywhere.
    expect(placeholders(zh["errors.stale"])).toEqual(["version"]);
    expect(placeholders(en["ms.counts"])).toEqual(["done", "due_soon", "overdue", "slipping", "total"]);
  });

  it("has no unbalanced braces", () => {
    const broken = (messages: Record<string, string>) =>
      Object.entries(messages)
        .filter(([, text]) => text.replace(/\{\w+\}/g, "").replace(/\{\w+\|[^|{}]*\|[^|{}]*\}/g, "").match(/[{}]/))
        .map(([key]) => key);
    expect(broken(zh)).toEqual([]);
    expect(broken(en)).toEqual([]);
  });

  it("chooses an English singular or plural by the number, and every plural names a placeholder of the message", () => {
    const t = translator("en");
    expect(t("bl.late", { days: 1 })).toBe("1 day late");
    expect(t("bl.late", { days: 12 })).toBe("12 days late");
    const orphans = Object.entries(en).filter(([, text]) =>
      [...text.matchAll(/\{(\w+)\|[^|{}]*\|[^|{}]*\}/g)].some((m) => !placeholders(text).includes(m[1])),
    );
    expect(orphans.map(([key]) => key)).toEqual([]);
  });

  it("has a label for every milestone kind, status and health flag", () => {
    const health: Health[] = ["done", "overdue", "slipping", "due_soon", "in_progress", "upcoming"];
    const needed = [...MILESTONE_KINDS.map((k) => `kind.${k}`), ...MILESTONE_STATUSES.map((s) => `status.${s}`), ...health.map((h) => `health.${h}`)];
    expect(needed.filter((key) => !(key in zh))).toEqual([]);
  });

  it("has an errors.* text for every message key the milestone form can produce", () => {
    const keys = [
      "required", "invalid_date", "date_out_of_range", "invalid_choice", "percent_range", "too_long", "end_before_start",
      "not_in_future", "not_started_no_actual", "not_started_zero", "started_needs_start", "only_done_has_end",
      "unfinished_below_100", "done_needs_end", "done_is_100", "invalid",
    ];
    expect(keys.map((k) => `errors.${k}`).filter((key) => !(key in zh))).toEqual([]);
  });
});
