// Sign-in sessions: how long they last, when one is still valid, and how a device is named on the
// account and admin pages. Pure: the server-side store is app/models/sessions.server.ts, the cookie
// app/session.server.ts.

export const DEFAULT_IDLE_MINUTES = 12 * 60; // signed out after 12 hours without a request
export const DEFAULT_MAX_HOURS = 7 * 24; // and 7 days after signing in, however active
/** lastSeenAt and the idle expiry move forward at most this often (a write per request would queue on SQLite's lock). */
export const TOUCH_INTERVAL_MS = 60_000;

export type SessionLifetimes = { idleMs: number; maxMs: number };

function positiveInteger(name: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined || text.trim() === "") return fallback;
  if (!/^\d{1,9}$/.test(text.trim()) || Number(text) < 1 || Number(text) > max) {
    throw new Error(`${name} must be a whole number from 1 to ${max}, got "${text}"`);
  }
  return Number(text);
}

/** From SESSION_IDLE_MINUTES (default 720) and SESSION_MAX_HOURS (default 168). */
export function sessionLifetimes(env: Record<string, string | undefined>): SessionLifetimes {
  const maxHours = positiveInteger("SESSION_MAX_HOURS", env.SESSION_MAX_HOURS, DEFAULT_MAX_HOURS, 24 * 366);
  const idleMinutes = positiveInteger("SESSION_IDLE_MINUTES", env.SESSION_IDLE_MINUTES, DEFAULT_IDLE_MINUTES, 60 * 24 * 366);
  return { idleMs: idleMinutes * 60_000, maxMs: maxHours * 3_600_000 };
}

/** The expiries of a session that starts at `now`. */
export function newSessionExpiries(now: Date, lifetimes: SessionLifetimes) {
  const expiresAt = new Date(now.getTime() + lifetimes.maxMs);
  return { idleExpiresAt: earlier(new Date(now.getTime() + lifetimes.idleMs), expiresAt), expiresAt };
}

type SessionTimes = { revokedAt: Date | null; idleExpiresAt: Date; expiresAt: Date };

export function isSessionActive(session: SessionTimes, now: Date): boolean {
  return session.revokedAt === null && now < session.idleExpiresAt && now < session.expiresAt;
}

/** Why a session no longer opens the app, or null while it does. */
export function sessionEnd(session: SessionTimes & { revokedReason: string }, now: Date): string | null {
  if (session.revokedAt) return session.revokedReason || "revoked";
  if (now >= session.expiresAt) return "expired";
  if (now >= session.idleExpiresAt) return "idle";
  return null;
}

/** The new lastSeenAt and idle expiry when the last touch is over a minute old; null otherwise. */
export function touchDue(session: { lastSeenAt: Date; expiresAt: Date }, now: Date, lifetimes: SessionLifetimes) {
  if (now.getTime() - session.lastSeenAt.getTime() < TOUCH_INTERVAL_MS) return null;
  return { lastSeenAt: now, idleExpiresAt: earlier(new Date(now.getTime() + lifetimes.idleMs), session.expiresAt) };
}

function earlier(a: Date, b: Date): Date {
  return a < b ? a : b;
}

const BROWSERS: [RegExp, string][] = [
  [/MicroMessenger\//, "WeChat"],
  [/DingTalk\//, "DingTalk"],
  [/Edg(e|A|iOS)?\//, "Edge"],
  [/OPR\//, "Opera"],
  [/Firefox\/|FxiOS\//, "Firefox"],
  [/Chrome\/|CriOS\//, "Chrome"],
  [/Version\/[\d.]+.*Safari\//, "Safari"],
  [/curl\//, "curl"],
];
const SYSTEMS: [RegExp, string][] = [
  [/iPhone/, "iPhone"],
  [/iPad/, "iPad"],
  [/HarmonyOS|OpenHarmony/, "HarmonyOS"],
  [/Android/, "Android"],
  [/Windows/, "Windows"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/CrOS/, "ChromeOS"],
  [/Linux/, "Linux"],
];

/** A user agent as a person reads it: "Chrome · Windows"; unknown ones cut to 40 characters. */
export function describeUserAgent(userAgent: string): string {
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser || system) return [browser, system].filter(Boolean).join(" · ");
  const text = userAgent.trim();
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** A lifetime in the largest whole unit that states it exactly: 720 minutes → 12 hours, 168 hours → 7 days. */
export function durationParts(ms: number): { unit: "minutes" | "hours" | "days"; n: number } {
  const minutes = Math.round(ms / 60_000);
  if (minutes % (24 * 60) === 0) return { unit: "days", n: minutes / (24 * 60) };
  if (minutes % 60 === 0) return { unit: "hours", n: minutes / 60 };
  return { unit: "minutes", n: minutes };
}
