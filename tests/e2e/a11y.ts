// Accessibility walk (issue 18): axe-core's WCAG 2 A/AA rules on a page, keeping only what axe calls
// "serious" or "critical", so a test can list page, rule and the offending elements.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { walkPages } from "./walk";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

interface AxeNode {
  target: unknown[];
}
interface AxeResult {
  id: string;
  impact: string | null;
  nodes: AxeNode[];
}

/** Serious and critical WCAG 2 A/AA violations on the page as it stands: "rule: selector, selector". */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Injected through the DevTools protocol (page.evaluate), which the app's nonce-based CSP does not
  // govern: an addScriptTag without the nonce would be refused, and the CSP itself stays under test.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeResult[] }> } }).axe;
    const results = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return results.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(" ")) }));
  }, WCAG_TAGS);
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}, ${v.targets.length}): ${v.targets.slice(0, 8).join(" | ")}${v.targets.length > 8 ? " | …" : ""}`);
}

/** Each path in zh and en at the given width, signed in as `username`: "lang path → violation" lines. */
export function violationsOn(browser: Browser, baseUrl: string, username: string, paths: string[], width = 1280) {
  return walkPages(browser, baseUrl, { username, paths, langs: ["zh", "en"], width, settle: true }, async (page, lang, path) =>
    (await seriousViolations(page)).map((violation) => `${lang} ${width}px ${path} → ${violation}`),
  );
}
