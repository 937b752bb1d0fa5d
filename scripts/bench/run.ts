// The benchmark: figures, not pass/fail. Run with `npm run bench` (builds first).
//   server-side render time (p50/p95) of the main pages on the seed, large and 10× data;
//   requests/s of / against the trivial /healthz on the same server (autocannon, loopback);
//   payment POST p95 (check + insert + audit); JS shipped per page (gzip); LCP of / in Chromium.
// Options: --no-10x (skip the 10× data), --regenerate (rebuild the data files).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import { cpus } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { chromium } from "playwright-core";
import { launchOptions } from "../../tests/e2e/browser";
import { generate } from "./generate";
import { serverCommand } from "../../tests/helpers/server-process";

const root = path.resolve(import.meta.dirname, "../..");
const args = new Set(process.argv.slice(2));
// /healthz first: the same request through the same client and server with no page to build, the floor
// every other figure stands on.
const PAGES = ["/healthz", "/", "/budget", "/financing", "/financing/cashflow", "/sales", "/sales/units", "/meetings", "/meetings/scorecard", "/reports/2026-11", "/milestones"];
const SAMPLES = 50;
const WARM_UP = 20;
const STALE_SAMPLES = 12;

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function startServer(file: string, port: number): Promise<ChildProcess> {
  const server = spawn(serverCommand().command, serverCommand().args, {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `file:${file}`, PORT: String(port), NODE_ENV: "production", GROUNDWORK_TODAY: "2026-11-27", CHECKPOINT_DISABLE: "1" },
    stdio: "ignore",
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://localhost:${port}/healthz`)).ok) return server;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill();
  throw new Error("server did not start");
}

async function signIn(base: string, username: string) {
  const response = await fetch(`${base}/login`, { method: "POST", body: new URLSearchParams({ username, password: "groundwork", redirectTo: "/" }), headers: { Origin: base }, redirect: "manual" });
  const cookie = response.headers.get("set-cookie");
  if (!cookie) throw new Error(`sign-in as ${username} failed (${response.status})`);
  return cookie.split(";")[0];
}

// Sequential timings go through node:http on one kept-alive socket: a lighter client than fetch
// (undici), so the figures say more about the server.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function get(base: string, cookie: string, page: string): Promise<number> {
  const url = new URL(page, base);
  return new Promise((resolve, reject) => {
    http
      .get({ host: url.hostname, port: url.port, path: url.pathname + url.search, agent, headers: { Cookie: cookie } }, (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      })
      .on("error", reject);
  });
}

async function timePage(base: string, cookie: string, page: string) {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES + WARM_UP; i++) {
    const started = performance.now();
    const status = await get(base, cookie, page);
    if (status !== 200) throw new Error(`${page} answered ${status}`);
    if (i >= WARM_UP) times.push(performance.now() - started);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

/**
 * The dashboard when its cached read models are stale: after a payment (capital views recomputed),
 * and cold (every area's counter bumped from another connection, as another process's write would:
 * everything recomputed, the uncached cost).
 */
async function timeAfterWrites(base: string, cookie: string, file: string, page: string) {
  const db = new Database(file);
  const target = await paymentTarget(base, cookie);
  const afterPayment: number[] = [];
  const cold: number[] = [];
  try {
    for (let i = 0; i < STALE_SAMPLES; i++) {
      await postPayment(base, cookie, target);
      afterPayment.push(await timeOne(base, cookie, page));
      db.prepare("UPDATE DataVersion SET n = n + 1").run();
      cold.push(await timeOne(base, cookie, page));
    }
  } finally {
    db.close();
  }
  return { afterPayment: { p50: percentile(afterPayment, 50), p95: percentile(afterPayment, 95) }, cold: { p50: percentile(cold, 50), p95: percentile(cold, 95) } };
}

/**
 * The dashboard after a milestone change, posted through the milestone page as a project manager
 * would (issue 16): a progress report (percent and note: moves no forecast), and an expected finish
 * that moves the milestone and its successors (alternately later and back, so the data stays put).
 * The first request after each change is timed.
 */
async function timeAfterMilestoneChanges(base: string, pmCookie: string, file: string, page: string) {
  const db = new Database(file, { readonly: true });
  const read = (code: string) =>
    db.prepare(`SELECT id, version, status, percentComplete, substr(actualStart,1,10) AS actualStart, substr(actualEnd,1,10) AS actualEnd, substr(plannedStart,1,10) AS plannedStart, substr(plannedEnd,1,10) AS plannedEnd FROM Milestone WHERE code = ?`).get(code) as {
      id: number; version: number; status: string; percentComplete: number; actualStart: string | null; actualEnd: string | null; plannedStart: string; plannedEnd: string;
    };
  // An unfinished milestone with successors, in the middle of the plan.
  const withSuccessors = db.prepare(`SELECT m.code AS code FROM Milestone m WHERE m.status = 'not_started' AND EXISTS (SELECT 1 FROM MilestoneDependency d WHERE d.predecessorId = m.id) ORDER BY m.id LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM Milestone WHERE status = 'not_started')`).get() as { code: string };
  const inProgress = db.prepare(`SELECT code FROM Milestone WHERE status = 'in_progress' ORDER BY id LIMIT 1`).get() as { code: string } | undefined;
  const progressCode = inProgress?.code ?? withSuccessors.code;
  const progress: number[] = [];
  const moved: number[] = [];
  const post = async (id: number, fields: Record<string, string>) => {
    const response = await fetch(`${base}/milestones/${id}`, { method: "POST", body: new URLSearchParams(fields), headers: { Cookie: pmCookie, Origin: base }, redirect: "manual" });
    if (response.status !== 302) throw new Error(`milestone post answered ${response.status}`);
  };
  try {
    // The measurements before this one leave every view stale (their "cold" step): recompute them first,
    // untimed, so that what follows is the cost of the milestone change alone.
    await timeOne(base, pmCookie, page);
    for (let i = 0; i < STALE_SAMPLES; i++) {
      const m = read(progressCode);
      const percent = m.status === "in_progress" ? (m.percentComplete >= 98 ? 50 : m.percentComplete + 1) : 0;
      await post(m.id, {
        version: String(m.version), status: m.status, percentComplete: String(percent), actualStart: m.actualStart ?? "", actualEnd: m.actualEnd ?? "",
        plannedStart: m.plannedStart, plannedEnd: m.plannedEnd, note: `基准测试 ${i}`, reason: "",
      });
      progress.push(await timeOne(base, pmCookie, page));
      const s = read(withSuccessors.code);
      await post(s.id, { intent: "setExpected", version: String(s.version), expectedEnd: addDaysCivil(s.plannedEnd, i % 2 === 0 ? 30 : 15), reason: "基准测试：已知延误" });
      moved.push(await timeOne(base, pmCookie, page));
    }
  } finally {
    db.close();
  }
  return { progress: { p50: percentile(progress, 50), p95: percentile(progress, 95) }, moved: { p50: percentile(moved, 50), p95: percentile(moved, 95) } };
}

function addDaysCivil(civil: string, days: number) {
  return new Date(Date.parse(`${civil}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

async function timeOne(base: string, cookie: string, page: string) {
  const started = performance.now();
  const status = await get(base, cookie, page);
  if (status !== 200) throw new Error(`${page} answered ${status}`);
  return performance.now() - started;
}

/**
 * What the payment form on /budget posts to charge a payment outside contracts: its first leaf cost
 * account (the line follows from the account), or its first line on a form without accounts.
 */
async function paymentTarget(base: string, cookie: string): Promise<Record<string, string>> {
  const html = await (await fetch(`${base}/budget`, { headers: { Cookie: cookie } })).text();
  const start = html.indexOf('data-testid="payment-form"');
  const form = start >= 0 ? html.slice(start) : html;
  const first = (name: string) => new RegExp(`name="${name}"[^>]*>[\\s\\S]*?<option value="(\\d+)"`).exec(form)?.[1];
  const accountId = first("accountId");
  if (accountId) return { accountId };
  const lineId = first("lineId");
  if (lineId) return { lineId };
  throw new Error("no cost account or budget line in the payment form on /budget");
}

async function postPayment(base: string, cookie: string, target: Record<string, string>) {
  const response = await fetch(`${base}/budget`, {
    method: "POST",
    body: new URLSearchParams({ intent: "payment", ...target, amount: "100", payee: "基准测试", paidOn: "2026-11-27", idempotencyKey: randomUUID() }),
    headers: { Cookie: cookie, Origin: base },
    redirect: "manual",
  });
  if (response.status !== 302) throw new Error(`payment answered ${response.status}`);
}

async function requestsPerSecond(url: string, cookie: string, expectedStatus = 200, duration = 5) {
  const result = await autocannon({ url, connections: 10, duration, timeout: 30, headers: { Cookie: cookie } });
  const unexpected = Object.entries(result.statusCodeStats ?? {}).filter(([code]) => Number(code) !== expectedStatus);
  if (result.errors > 0 || unexpected.length > 0) throw new Error(`${url}: ${result.errors} errors, unexpected statuses ${JSON.stringify(unexpected)}`);
  return result.requests.average;
}

async function paymentPosts(base: string, cookie: string) {
  const target = await paymentTarget(base, cookie);
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const started = performance.now();
    await postPayment(base, cookie, target);
    times.push(performance.now() - started);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

/**
 * gzip bytes of the JS a page loads: at first (entry + root + the route's module and their imports,
 * all modulepreloaded) and after hydration (chunks those files import dynamically: the charts).
 */
function jsPerPage() {
  const dir = path.join(root, "public/build");
  const manifestFile = readdirSync(dir).find((f) => /^manifest-.*\.js$/.test(f))!;
  const manifest = JSON.parse(readFileSync(path.join(dir, manifestFile), "utf8").replace(/^window.__remixManifest=/, "").replace(/;$/, ""));
  const size = (url: string) => gzipSync(readFileSync(path.join(root, "public", url))).length;
  const dynamicImports = (url: string) => [...readFileSync(path.join(root, "public", url), "utf8").matchAll(/import\(\s*"(\/build\/[^"]+\.js)"\s*\)/g)].map((m) => m[1]);
  const staticImports = (url: string) => [...readFileSync(path.join(root, "public", url), "utf8").matchAll(/(?:from|import)\s*"(\/build\/[^"]+\.js)"/g)].map((m) => m[1]);
  const pages: Record<string, string> = { "/": "routes/_index", "/budget": "routes/budget._index", "/financing": "routes/financing._index", "/financing/cashflow": "routes/financing.cashflow", "/sales": "routes/sales._index", "/sales/units": "routes/sales.units._index", "/meetings": "routes/meetings._index", "/milestones": "routes/milestones._index" };
  const result: Record<string, { initial: number; deferred: number }> = {};
  for (const [page, id] of Object.entries(pages)) {
    const files = new Set<string>([manifest.entry.module, ...manifest.entry.imports, `/build/${manifestFile}`]);
    for (const r of [manifest.routes.root, manifest.routes[id]]) {
      files.add(r.module);
      for (const i of r.imports ?? []) files.add(i);
    }
    const deferred = new Set<string>();
    const visit = (f: string) => {
      if (files.has(f) || deferred.has(f)) return;
      deferred.add(f);
      staticImports(f).forEach(visit);
    };
    [...files].flatMap(dynamicImports).forEach(visit);
    result[page] = { initial: [...files].reduce((sum, f) => sum + size(f), 0), deferred: [...deferred].reduce((sum, f) => sum + size(f), 0) };
  }
  return result;
}

async function largestContentfulPaint(base: string) {
  const browser = await chromium.launch(launchOptions());
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.locator('[name="username"]').fill("exec");
    await page.locator('[name="password"]').fill("groundwork");
    await page.locator('[data-testid="login-form"] button[type="submit"]').click();
    await page.waitForURL(`${base}/`);
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      await page.goto(`${base}/`, { waitUntil: "load" });
      samples.push(
        await page.evaluate(
          () =>
            new Promise<number>((resolve) => {
              new PerformanceObserver((list) => {
                const entries = list.getEntries();
                resolve(entries[entries.length - 1].startTime);
              }).observe({ type: "largest-contentful-paint", buffered: true });
            }),
        ),
      );
    }
    return percentile(samples, 50);
  } finally {
    await browser.close();
  }
}

const datasets: { name: string; file: string; scale: number }[] = [
  { name: "seed", file: path.join(root, "data/bench-seed.db"), scale: 0 },
  { name: "large", file: path.join(root, "data/bench-large.db"), scale: 1 },
];
if (!args.has("--no-10x")) datasets.push({ name: "10×", file: path.join(root, "data/bench-10x.db"), scale: 10 });

console.log(`Groundwork benchmark · ${new Date().toISOString()} · ${cpus()[0]?.model ?? "cpu"} × ${cpus().length} · Node ${process.version}`);
const renders: Record<string, Record<string, { p50: number; p95: number }>> = {};
const stale: Record<string, Awaited<ReturnType<typeof timeAfterWrites>>> = {};
// The cash flow to completion after a change (issue 14): the first request after a payment, and cold.
const staleCashflow: Record<string, Awaited<ReturnType<typeof timeAfterWrites>>> = {};
// The dashboard after a milestone change (issue 16).
const afterMilestone: Record<string, Awaited<ReturnType<typeof timeAfterMilestoneChanges>>> = {};
let port = 3900;
for (const dataset of datasets) {
  if (args.has("--regenerate") || !existsSync(dataset.file)) {
    const started = Date.now();
    if (dataset.scale === 0) {
      execFileSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/setup.ts", "--reset"], { cwd: root, env: { ...process.env, DATABASE_URL: `file:${dataset.file}` }, stdio: "ignore" });
    } else {
      await generate(dataset.file, dataset.scale);
    }
    console.log(`  generated ${dataset.name} data in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } else {
    // Data generated at an earlier migration: bring it to the current schema (and its totals tables).
    execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], { cwd: root, env: { ...process.env, DATABASE_URL: `file:${dataset.file}`, CHECKPOINT_DISABLE: "1" }, stdio: "ignore" });
  }
  const server = await startServer(dataset.file, (port += 1));
  const base = `http://localhost:${port}`;
  try {
    const cookie = await signIn(base, "finance");
    renders[dataset.name] = {};
    for (const page of PAGES) renders[dataset.name][page] = await timePage(base, cookie, page);
    stale[dataset.name] = await timeAfterWrites(base, cookie, dataset.file, "/");
    staleCashflow[dataset.name] = await timeAfterWrites(base, cookie, dataset.file, "/financing/cashflow");
    afterMilestone[dataset.name] = await timeAfterMilestoneChanges(base, await signIn(base, "pm"), dataset.file, "/");
    if (dataset.name === "large") {
      // The trivial route, the dashboard, and the framework's floor for a page: a full document with
      // no data of its own (the signed-in 404 page). Each is warmed up first (2 s), then the three are
      // measured in turn twice (5 s each) and averaged, so that none gains from running later.
      const targets = { trivial: [`${base}/healthz`, 200], dashboard: [`${base}/`, 200], emptyDocument: [`${base}/no-such-page`, 404] } as const;
      for (const [url, status] of Object.values(targets)) await requestsPerSecond(url, cookie, status, 2);
      const rates = { trivial: 0, dashboard: 0, emptyDocument: 0 };
      for (let round = 0; round < 2; round++) {
        for (const [name, [url, status]] of Object.entries(targets) as [keyof typeof targets, readonly [string, number]][]) {
          await new Promise((r) => setTimeout(r, 500));
          rates[name] += (await requestsPerSecond(url, cookie, status)) / 2;
        }
      }
      const { trivial, dashboard, emptyDocument } = rates;
      const payments = await paymentPosts(base, cookie);
      const lcp = await largestContentfulPaint(base);
      console.log(`\nOn large data:\n  req/s  /: ${dashboard.toFixed(0)}   /healthz: ${trivial.toFixed(0)}   ratio: ${(dashboard / trivial).toFixed(2)} (goal ≥ 0.30)`);
      console.log(`  req/s of an empty document (404 page): ${emptyDocument.toFixed(0)}, ratio to /healthz ${(emptyDocument / trivial).toFixed(2)}; / is ${(dashboard / emptyDocument).toFixed(2)} of it`);
      console.log(`  payment POST (check + insert + audit): p50 ${ms(payments.p50)}, p95 ${ms(payments.p95)}`);
      console.log(`  LCP of /: ${ms(lcp)}`);
    }
  } finally {
    server.kill();
  }
}

console.log(`\nResponse time of each page (p50 / p95 of ${SAMPLES} sequential requests after ${WARM_UP} to warm up; /healthz is the floor: client, HTTP and framework with no page):`);
console.log(["page".padEnd(20), ...datasets.map((d) => d.name.padEnd(22))].join(""));
for (const page of PAGES) {
  console.log([page.padEnd(20), ...datasets.map((d) => `${ms(renders[d.name][page].p50)} / ${ms(renders[d.name][page].p95)}`.padEnd(22))].join(""));
}
console.log(`\nThe dashboard / when its cached read models are stale (p50 / p95, ${STALE_SAMPLES} requests each):`);
console.log(["".padEnd(28), ...datasets.map((d) => d.name.padEnd(22))].join(""));
console.log(["after a payment".padEnd(28), ...datasets.map((d) => `${ms(stale[d.name].afterPayment.p50)} / ${ms(stale[d.name].afterPayment.p95)}`.padEnd(22))].join(""));
console.log(["cold (every area changed)".padEnd(28), ...datasets.map((d) => `${ms(stale[d.name].cold.p50)} / ${ms(stale[d.name].cold.p95)}`.padEnd(22))].join(""));
console.log(`\nThe cash flow /financing/cashflow after a change (p50 / p95, ${STALE_SAMPLES} requests each, the first request after the change):`);
console.log(["after a payment".padEnd(28), ...datasets.map((d) => `${ms(staleCashflow[d.name].afterPayment.p50)} / ${ms(staleCashflow[d.name].afterPayment.p95)}`.padEnd(22))].join(""));
console.log(["cold (every area changed)".padEnd(28), ...datasets.map((d) => `${ms(staleCashflow[d.name].cold.p50)} / ${ms(staleCashflow[d.name].cold.p95)}`.padEnd(22))].join(""));
console.log(`\nThe dashboard / after a milestone change posted on the milestone page (p50 / p95, ${STALE_SAMPLES} requests each, the first request after the change):`);
console.log(["progress report (no forecast moves)".padEnd(36), ...datasets.map((d) => `${ms(afterMilestone[d.name].progress.p50)} / ${ms(afterMilestone[d.name].progress.p95)}`.padEnd(22))].join(""));
console.log(["expected finish (successors move)".padEnd(36), ...datasets.map((d) => `${ms(afterMilestone[d.name].moved.p50)} / ${ms(afterMilestone[d.name].moved.p95)}`.padEnd(22))].join(""));
if (afterMilestone["10×"]) {
  const r = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  console.log(`After a milestone change, 10× vs large (goal ≤ 2×, large p95 ≤ 50 ms): progress ${r(afterMilestone["10×"].progress.p95, afterMilestone.large.progress.p95)}, expected finish ${r(afterMilestone["10×"].moved.p95, afterMilestone.large.moved.p95)}`);
}
console.log(`\nDashboard p95 on large data: ${ms(renders.large["/"].p95)} (goal ≤ 50 ms)`);
if (renders["10×"]) {
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  console.log(`Dashboard p95, 10× vs large: ${ratio(renders["10×"]["/"].p95, renders.large["/"].p95)} (goal ≤ 2×); after a payment ${ratio(stale["10×"].afterPayment.p95, stale.large.afterPayment.p95)}; cold ${ratio(stale["10×"].cold.p95, stale.large.cold.p95)}`);
}
console.log("\nJS per page (gzip):");
for (const [page, { initial, deferred }] of Object.entries(jsPerPage())) {
  console.log(`  ${page.padEnd(12)} ${(initial / 1024).toFixed(1)} KB at first (goal ≤ 200 KB)${deferred ? `, + ${(deferred / 1024).toFixed(1)} KB of charts after hydration` : ""}`);
}
agent.destroy();
