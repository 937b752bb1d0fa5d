// Another process holding SQLite's write lock (a backup, `npm run user`, a second server): a write waits
// for it without blocking the process, up to the busy timeout, then answers 503 with nothing saved.
import Database from "better-sqlite3";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { databaseFile } from "~/utils/env.server";
import { prisma, writeTransaction } from "~/db.server";
import { action as milestoneAction } from "~/routes/milestones.$id";
import { seedReferenceProject } from "../../prisma/seed";
import { milestoneForm } from "../helpers/factories";
import { callAction, cookieFor } from "../helpers/requests";

let other: Database.Database | undefined;

/** A second connection, as another process would hold it, with the write lock taken. */
function holdWriteLock() {
  other = new Database(databaseFile());
  other.exec("BEGIN IMMEDIATE");
  return () => {
    other?.exec("ROLLBACK");
    other?.close();
    other = undefined;
  };
}

beforeAll(async () => {
  await seedReferenceProject(prisma);
});

afterEach(() => {
  if (other?.inTransaction) other.exec("ROLLBACK");
  other?.close();
  other = undefined;
  delete process.env.DB_BUSY_TIMEOUT_MS;
});

const setNote = (note: string, key = "busy-test") =>
  writeTransaction(async (tx) => {
    const project = await tx.project.findFirstOrThrow({ select: { id: true } });
    await tx.appSetting.upsert({ where: { key }, create: { key, value: note }, update: { value: note } });
    return project.id;
  });

describe("a write while another process holds the write lock", () => {
  it("waits for the lock to be released and then commits", async () => {
    process.env.DB_BUSY_TIMEOUT_MS = "10000";
    const release = holdWriteLock();
    const started = Date.now();
    setTimeout(release, 600);
    await setNote("after wait");
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    expect((await prisma.appSetting.findUnique({ where: { key: "busy-test" } }))?.value).toBe("after wait");
  });

  it("does not block the process while it waits (timers and reads carry on)", async () => {
    process.env.DB_BUSY_TIMEOUT_MS = "10000";
    const release = holdWriteLock();
    const write = setNote("unblocked");
    const before = Date.now();
    await new Promise((r) => setTimeout(r, 50));
    // A blocked event loop would deliver this timer only after SQLite's own wait.
    expect(Date.now() - before).toBeLessThan(1_000);
    expect(await prisma.project.count()).toBe(1);
    release();
    await write;
  });

  it("answers 503 with Retry-After after the busy timeout, and saves nothing", async () => {
    process.env.DB_BUSY_TIMEOUT_MS = "400";
    holdWriteLock();
    const started = Date.now();
    const thrown = await setNote("never", "busy-never").catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(Response);
    const response = thrown as Response;
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBeTruthy();
    expect(await response.text()).toContain("数据库繁忙，请稍后重试");
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    other!.exec("ROLLBACK");
    expect(await prisma.appSetting.findUnique({ where: { key: "busy-never" } })).toBeNull();
  });

  it("gives a form post 503, not 500, and leaves the milestone as it was", async () => {
    process.env.DB_BUSY_TIMEOUT_MS = "300";
    const milestone = await prisma.milestone.findFirstOrThrow({ orderBy: { id: "asc" } });
    const form = { ...(await milestoneForm(milestone.id)), note: "written while locked" };
    const cookie = await cookieFor("pm"); // signing in writes too: before the lock is taken
    holdWriteLock();
    const result = await callAction(milestoneAction, `/milestones/${milestone.id}`, form, { headers: { Cookie: cookie }, params: { id: String(milestone.id) } });
    expect((result as Response).status).toBe(503);
    other!.exec("ROLLBACK");
    expect((await prisma.milestone.findUniqueOrThrow({ where: { id: milestone.id } })).note).toBe(milestone.note);
  });
});

describe("many writes while another process holds the lock", () => {
  it("lets one wait and answers the others 503 at once, so they do not hold the server's slots", async () => {
    process.env.DB_BUSY_TIMEOUT_MS = "1500";
    const release = holdWriteLock();
    const started = Date.now();
    const first = setNote("first", "busy-first").then(() => "saved", (e: unknown) => (e instanceof Response ? e.status : e));
    await new Promise((r) => setTimeout(r, 100)); // the first is waiting now
    const others = await Promise.all(Array.from({ length: 5 }, (_, i) => setNote(`other ${i}`, `busy-other-${i}`).then(() => "saved", (e: unknown) => (e instanceof Response ? e.status : e))));
    expect(others).toEqual([503, 503, 503, 503, 503]);
    expect(Date.now() - started).toBeLessThan(1_000);
    release();
    expect(await first).toBe("saved");
    // Once the lock is free, writes go through again.
    await setNote("after", "busy-after");
  });
});
