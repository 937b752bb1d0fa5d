import { describe, expect, it } from "vitest";
import { describeUserAgent, durationParts, isSessionActive, newSessionExpiries, sessionEnd, sessionLifetimes, touchDue } from "./sessions";

const HOUR = 3_600_000;
const t0 = new Date("2026-11-27T01:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

describe("session lifetimes", () => {
  it("default to 12 hours idle and 7 days in all, and read SESSION_IDLE_MINUTES and SESSION_MAX_HOURS", () => {
    expect(sessionLifetimes({})).toEqual({ idleMs: 12 * HOUR, maxMs: 7 * 24 * HOUR });
    expect(sessionLifetimes({ SESSION_IDLE_MINUTES: "30", SESSION_MAX_HOURS: "8" })).toEqual({ idleMs: 30 * 60_000, maxMs: 8 * HOUR });
    expect(sessionLifetimes({ SESSION_IDLE_MINUTES: " ", SESSION_MAX_HOURS: "" })).toEqual(sessionLifetimes({}));
  });

  it("refuse a setting that is not a positive whole number", () => {
    for (const bad of ["0", "-5", "1.5", "twelve", "1e3"]) {
      expect(() => sessionLifetimes({ SESSION_IDLE_MINUTES: bad })).toThrow(/SESSION_IDLE_MINUTES/);
      expect(() => sessionLifetimes({ SESSION_MAX_HOURS: bad })).toThrow(/SESSION_MAX_HOURS/);
    }
  });

  it("never put the idle expiry past the absolute one", () => {
    expect(newSessionExpiries(t0, { idleMs: 12 * HOUR, maxMs: 7 * 24 * HOUR })).toEqual({ idleExpiresAt: at(12 * HOUR), expiresAt: at(7 * 24 * HOUR) });
    expect(newSessionExpiries(t0, { idleMs: 12 * HOUR, maxMs: 2 * HOUR })).toEqual({ idleExpiresAt: at(2 * HOUR), expiresAt: at(2 * HOUR) });
    expect(touchDue({ lastSeenAt: t0, expiresAt: at(20 * HOUR) }, at(10 * HOUR), { idleMs: 12 * HOUR, maxMs: 0 })).toEqual({ lastSeenAt: at(10 * HOUR), idleExpiresAt: at(20 * HOUR) });
  });

  it("states a lifetime in its largest exact unit", () => {
    expect(durationParts(12 * HOUR)).toEqual({ unit: "hours", n: 12 });
    expect(durationParts(7 * 24 * HOUR)).toEqual({ unit: "days", n: 7 });
    expect(durationParts(90 * 60_000)).toEqual({ unit: "minutes", n: 90 });
  });
});

describe("a session's state", () => {
  const session = { revokedAt: null, revokedReason: "", idleExpiresAt: at(HOUR), expiresAt: at(2 * HOUR) };

  it("is active until revoked, idle or past its absolute expiry", () => {
    expect(isSessionActive(session, t0)).toBe(true);
    expect(sessionEnd(session, t0)).toBeNull();
    expect(isSessionActive(session, at(HOUR))).toBe(false);
    expect(sessionEnd(session, at(HOUR))).toBe("idle");
    expect(sessionEnd({ ...session, idleExpiresAt: at(3 * HOUR) }, at(2 * HOUR))).toBe("expired");
    expect(isSessionActive({ ...session, revokedAt: t0 }, t0)).toBe(false);
    expect(sessionEnd({ ...session, revokedAt: t0, revokedReason: "sign_out" }, t0)).toBe("sign_out");
  });

  it("is touched at most once a minute", () => {
    const lifetimes = { idleMs: HOUR, maxMs: 2 * HOUR };
    expect(touchDue({ lastSeenAt: t0, expiresAt: at(2 * HOUR) }, at(59_999), lifetimes)).toBeNull();
    expect(touchDue({ lastSeenAt: t0, expiresAt: at(2 * HOUR) }, at(60_000), lifetimes)).toEqual({ lastSeenAt: at(60_000), idleExpiresAt: at(HOUR + 60_000) });
  });
});

describe("describeUserAgent", () => {
  it("names the browser and the system", () => {
    const cases: [string, string][] = [
      ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome · Windows"],
      ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge · Windows"],
      ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Safari · iPhone"],
      ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:132.0) Gecko/20100101 Firefox/132.0", "Firefox · macOS"],
      ["Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome · Android"],
      ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800322c) NetType/WIFI Language/zh_CN", "WeChat · iPhone"],
      ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36", "Chrome · Linux"],
      ["curl/8.5.0", "curl"],
    ];
    for (const [userAgent, expected] of cases) expect(describeUserAgent(userAgent)).toBe(expected);
  });

  it("shortens what it does not know, and leaves an empty one empty", () => {
    expect(describeUserAgent("")).toBe("");
    expect(describeUserAgent("x".repeat(100))).toBe(`${"x".repeat(39)}…`);
  });
});
