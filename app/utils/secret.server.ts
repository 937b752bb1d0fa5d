import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { databaseFile } from "./env.server";

/**
 * The session secret: SESSION_SECRET when set; otherwise, for the embedded default, a random secret
 * generated once into data/session-secret (beside the SQLite file, mode 600) at first setup.
 */
export function ensureSessionSecret(): string {
  if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET;
  const file = path.join(path.dirname(databaseFile()), "session-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error; // another process won the race
    }
  }
  return readFileSync(file, "utf8").trim();
}
