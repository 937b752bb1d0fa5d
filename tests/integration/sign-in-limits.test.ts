// Sign-in under attack: failures limited per address and per user at an address (so a stranger cannot
// lock a real user out), and password hashing bounded (so a flood of sign-ins cannot exhaust memory).
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { action as loginAction } from "~/routes/login";
import { hashing } from "~/utils/password.server";
import { seedReferenceProject } from "../../prisma/seed";
import { ORIGIN, payload } from "../helpers/requests";

beforeAll(async () => {
  await seedReferenceProject(prisma);
});

async function signIn(username: string, password: string, address: string) {
  const request = new Request(`${ORIGIN}/login`, {
    method: "POST",
    body: new URLSearchParams({ username, password, redirectTo: "/" }),
    headers: { Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded" },
  });
  const result = await loginAction({ request, params: {}, context: { clientAddress: address } }).catch((thrown: unknown) => thrown);
  return result instanceof Response ? result.status : payload(result).status;
}

describe("failed sign-ins", () => {
  it("five wrong passwords from one address stop that address, not the user elsewhere", async () => {
    for (let i = 0; i < 5; i += 1) expect(await signIn("sales", `wrong-${i}`, "198.51.100.1")).toBe(401);
    expect(await signIn("sales", "groundwork", "198.51.100.1")).toBe(429);
    expect(await signIn("sales", "groundwork", "198.51.100.2")).toBe(302);
  });

  it("an address guessing many usernames is stopped for all of them; other addresses are not", async () => {
    for (let i = 0; i < 20; i += 1) expect(await signIn(`guess-${i}`, "x", "198.51.100.3")).toBe(401);
    expect(await signIn("member", "groundwork", "198.51.100.3")).toBe(429);
    expect(await signIn("member", "groundwork", "198.51.100.4")).toBe(302);
  });

  it("the address of a request comes from the socket, not from headers a client could forge", async () => {
    const forged = async (address: string) => {
      const request = new Request(`${ORIGIN}/login`, {
        method: "POST",
        body: new URLSearchParams({ username: "pm", password: "bad", redirectTo: "/" }),
        headers: { Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": `10.0.0.${Math.floor(Math.random() * 250)}` },
      });
      return payload(await loginAction({ request, params: {}, context: { clientAddress: address } })).status;
    };
    for (let i = 0; i < 5; i += 1) expect(await forged("198.51.100.5")).toBe(401);
    // A new X-Forwarded-For each time did not make it a new client.
    expect(await forged("198.51.100.5")).toBe(429);
  });
});

describe("password hashing under a flood of sign-ins", () => {
  it("runs at most two hashes at once and turns the excess away with 503, never 500", async () => {
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, hashing.running)), 1);
    const statuses = await Promise.all(Array.from({ length: 120 }, (_, i) => signIn("finance", `flood-${i}`, `203.0.113.${i}`)));
    clearInterval(sampler);
    expect(peak).toBeLessThanOrEqual(2);
    expect(new Set(statuses)).toEqual(new Set([401, 503]));
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(34); // 2 running + 32 queued
    // Once the flood has passed, the user signs in as usual.
    expect(await signIn("finance", "groundwork", "203.0.113.250")).toBe(302);
  }, 60_000);
});

describe("parallel guesses", () => {
  it("cannot all pass the limit before any has failed", async () => {
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) => signIn("exec", `parallel-${i}`, "198.51.100.9")));
    expect(statuses.filter((s) => s === 401).length).toBe(5);
    expect(statuses.filter((s) => s === 429).length).toBe(25);
  }, 60_000);

  it("successful sign-ins from one office address do not use up its failure allowance", async () => {
    for (let i = 0; i < 25; i += 1) expect(await signIn("pm", "groundwork", "198.51.100.10")).toBe(302);
    expect(await signIn("pm", "wrong", "198.51.100.10")).toBe(401);
  }, 60_000);
});
