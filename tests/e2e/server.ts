// Starts the production server (app/server/main.ts over build/index.js) on a free port against a fresh SQLite
// file loaded with the reference project, exactly as `npm start` would, and stops it afterwards.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { serverCommand } from "../helpers/server-process";

const root = path.resolve(import.meta.dirname, "../..");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitFor(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not answer at ${url} within ${timeoutMs} ms`);
}

export default async function setup(project: TestProject) {
  const dir = path.join(root, "tests/.tmp/e2e");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `e2e-${process.pid}.db`);
  const removeDatabase = () => {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
  };
  removeDatabase();
  const env = { ...process.env, DATABASE_URL: `file:${file}`, GROUNDWORK_TODAY: "2026-11-27", NODE_ENV: "production" as const, CHECKPOINT_DISABLE: "1" };
  execFileSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/setup.ts"], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });

  const port = await freePort();
  const server = spawn(serverCommand().command, serverCommand().args, {
    cwd: root,
    env: { ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let stopping = false;
  // Keep the last 20 kB of the server's output; should it exit during the run, say why (every later
  // test fails with "connection refused", which alone tells nothing).
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  server.stdout.on("data", keep);
  server.stderr.on("data", keep);
  server.on("exit", (code, signal) => {
    if (!stopping) console.error(`[e2e] the server exited during the run (code ${code}, signal ${signal}); its last output:\n${output}`);
  });
  // localhost (not 127.0.0.1): browsers accept the production build's Secure cookies from it over HTTP.
  const baseUrl = `http://localhost:${port}`;
  try {
    await waitFor(`${baseUrl}/milestones`, 20_000);
  } catch (error) {
    server.kill();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  project.provide("baseUrl", baseUrl);
  project.provide("databaseFile", file);
  return async () => {
    stopping = true;
    server.kill();
    removeDatabase();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseFile: string;
  }
}
