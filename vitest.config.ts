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
    env: { GROUNDWORK_TODAY: "2026-11-27", TZ: "UTC" },
  },
});
