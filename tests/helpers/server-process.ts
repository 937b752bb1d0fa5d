// How tests and the benchmark start the production server, exactly as `npm start` runs it.
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "../..");

/** node --import tsx app/server/main.ts build/index.js (cwd: the repository root). */
export function serverCommand(): { command: string; args: string[] } {
  return { command: process.execPath, args: ["--import", "tsx", path.join(root, "app/server/main.ts"), "build/index.js"] };
}

/**
 * A server of its own for a test file (fresh database with the reference project, free port), for
 * tests that must not share state with the other e2e files (sign-in limits, floods). `stop` kills it.
 */
export async function startOwnServer(name: string, extraEnv: Record<string, string> = {}) {
  const { execFileSync, spawn } = await import("node:child_process");
  const { mkdirSync, rmSync } = await import("node:fs");
  const { createServer } = await import("node:net");
  const dir = path.join(root, "tests/.tmp/e2e");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${process.pid}.db`);
  const removeDatabase = () => {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
  };
  removeDatabase();
  const env = { ...process.env, DATABASE_URL: `file:${file}`, GROUNDWORK_TODAY: "2026-11-27", NODE_ENV: "production" as const, CHECKPOINT_DISABLE: "1", ...extraEnv };
  execFileSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/setup.ts"], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
  const { command, args } = serverCommand();
  const child = spawn(command, args, { cwd: root, env: { ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const baseUrl = `http://localhost:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) break;
    } catch {
      /* starting */
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not start\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    baseUrl,
    output: () => output,
    stop: () => {
      child.kill("SIGKILL");
      removeDatabase();
    },
  };
}
