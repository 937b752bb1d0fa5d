import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    include: ["app/**/*.test.{ts,tsx}", "tests/integration/**/*.test.{ts,tsx}"],
    globalSetup: ["tests/setup/global-setup.ts"],
    setupFiles: ["tests/setup/db-setup.ts"],
    // Each test file gets its own SQLite file (db-setup.ts), so files may run in parallel safely.
    pool: "forks",
    // Races (100 parallel subscriptions, 200 payments) and floods must pass on a busy 2-core machine
    // (another test run, a build): give every test the time a loaded machine needs, not 5 s.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { GROUNDWORK_TODAY: "2026-11-27", TZ: "UTC" },
  },
});
