// Screenshots of every page in both languages, for a human to look at (not a test).
//   tsx scripts/screenshots.ts [baseUrl] [outDir] [username]   (demo data: password "groundwork")
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";
import { launchOptions } from "../tests/e2e/browser";
import { signIn } from "../tests/e2e/sign-in";

const base = process.argv[2] ?? "http://localhost:3000";
const out = process.argv[3] ?? "tests/.tmp/screenshots";
mkdirSync(out, { recursive: true });
const username = process.argv[4] ?? "exec";
// WIDTH=375 for a phone; the page is also checked for sideways scrolling, which is reported.
const width = Number(process.env.WIDTH ?? 1400);
const pages = (process.env.PAGES ?? "/,/milestones,/milestones/2,/budget,/financing,/sales,/meetings,/audit").split(",");

const browser = await chromium.launch(launchOptions());
try {
  for (const lang of ["zh", "en"] as const) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    await context.addCookies([{ name: "gw_lang", value: Buffer.from(JSON.stringify(lang)).toString("base64"), url: base }]);
    const page = await context.newPage();
    await signIn(page, base, username);
    for (const path of pages) {
      await page.goto(base + path);
      // Charts load after hydration (components/charts.tsx): wait until none is still a placeholder.
      await page
        .waitForFunction(() => !document.querySelector('.chart-placeholder[aria-busy="true"]'), null, { timeout: 15_000 })
        .catch(() => console.warn(`${path}: a chart was still loading`));
      const file = `${out}/${lang}-${width}${path === "/" ? "-overview" : path.replace(/[^a-zA-Z0-9]+/g, "-")}.png`;
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 0) console.warn(`${lang} ${path} at ${width} px scrolls sideways by ${overflow} px`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
    }
    await context.close();
  }
} finally {
  await browser.close();
}
