// Kill the production server (SIGKILL) while payments are being written, restart it, and check the
// database: intact, every payment with its audit record, no line paid over its budget.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { serverCommand } from "../helpers/server-process";

const root = path.resolve(import.meta.dirname, "../..");
const file = path.join(root, "tests/.tmp/e2e", `crash-${process.pid}.db`);
const port = 3700 + (process.pid % 200);
const base = `http://localhost:${port}`;
const env = { ...process.env, DATABASE_URL: `file:${file}`, GROUNDWORK_TODAY: "2026-11-27", NODE_ENV: "production" as const, CHECKPOINT_DISABLE: "1", PORT: String(port) };
let server: ChildProcess | undefined;

async function start() {
  server = spawn(serverCommand().command, serverCommand().args, { cwd: root, env, stdio: "ignore" });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("server did not start");
}

afterAll(() => {
  server?.kill("SIGKILL");
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
});

describe("a crash in the middle of writes", () => {
  it("leaves a consistent database that the restarted server serves", async () => {
    mkdirSync(path.dirname(file), { recursive: true });
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
    execFileSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/setup.ts"], { cwd: root, env, stdio: "ignore" });
    await start();
    const login = await fetch(`${base}/login`, { method: "POST", body: new URLSearchParams({ username: "finance", password: "groundwork", redirectTo: "/" }), headers: { Origin: base }, redirect: "manual" });
    const cookie = login.headers.get("set-cookie")!.split(";")[0];
    const db0 = new Database(file, { readonly: true });
    // A leaf cost account of COM with room (主体结构): a payment outside contracts names its account.
    const accountId = (db0.prepare("SELECT id FROM CostAccount WHERE code = 'COM.02.01'").get() as { id: number }).id;
    db0.close();

    const posts = Array.from({ length: 300 }, (_, i) =>
      fetch(`${base}/budget`, {
        method: "POST",
        body: new URLSearchParams({ intent: "payment", accountId: String(accountId), amount: "1000", payee: `崩溃测试${i}`, paidOn: "2026-11-27", idempotencyKey: randomUUID() }),
        headers: { Origin: base, Cookie: cookie },
        redirect: "manual",
      }).then((r) => r.status, () => "dropped" as const),
    );
    await new Promise((r) => setTimeout(r, 150));
    server!.kill("SIGKILL");
    const statuses = await Promise.all(posts);
    const accepted = statuses.filter((s) => s === 302).length;
    expect(statuses.filter((s) => s === "dropped").length).toBeGreaterThan(0); // the kill really interrupted writes

    // Restart: the server comes back and serves the budget page.
    await start();
    expect((await fetch(`${base}/budget`, { headers: { Cookie: cookie } })).status).toBe(200);

    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      const written = (db.prepare("SELECT COUNT(*) AS n FROM Payment WHERE payee LIKE '崩溃测试%'").get() as { n: number }).n;
      const audited = (db.prepare("SELECT COUNT(*) AS n FROM AuditLog WHERE entity = 'Payment' AND after LIKE '%崩溃测试%'").get() as { n: number }).n;
      // Every payment the client saw accepted is there; any write either landed with its audit record or not at all.
      expect(written).toBeGreaterThanOrEqual(accepted);
      expect(audited).toBe(written);
      const overBudget = db
        .prepare(
          `SELECT l.id FROM BudgetLine l
           WHERE (SELECT COALESCE(SUM(amountFen), 0) FROM Payment p WHERE p.lineId = l.id)
               > l.originalFen + (SELECT COALESCE(SUM(amountFen), 0) FROM BudgetRevision r WHERE r.lineId = l.id)`,
        )
        .all();
      expect(overBudget).toEqual([]);
    } finally {
      db.close();
    }
  }, 60_000);
});
