// Failed sign-ins are limited per username and per client address. remix-serve does not expose the
// socket address, so the address comes from X-Forwarded-For only when TRUST_PROXY=1 (the app behind
// a reverse proxy that sets it); otherwise the per-username limit applies alone.
import { FailureLimiter } from "./rate-limit.server";

const WINDOW_MS = 15 * 60 * 1000;
const perUser = new FailureLimiter(5, WINDOW_MS);
const perClient = new FailureLimiter(20, WINDOW_MS);

type Keys = { user: string; client: string | null };

function clientAddress(request: Request): string | null {
  if (process.env.TRUST_PROXY !== "1") return null;
  const forwarded = request.headers.get("X-Forwarded-For");
  // The proxy appends the address it saw: the last entry is the one we can trust.
  return forwarded ? (forwarded.split(",").pop()?.trim() ?? null) : null;
}

export const loginLimiter = {
  keys(request: Request, username: string): Keys {
    return { user: username.toLowerCase(), client: clientAddress(request) };
  },
  retryAfter(keys: Keys): number {
    return Math.max(perUser.retryAfter(keys.user), keys.client ? perClient.retryAfter(keys.client) : 0);
  },
  fail(keys: Keys): void {
    perUser.fail(keys.user);
    if (keys.client) perClient.fail(keys.client);
  },
  succeed(keys: Keys): void {
    perUser.reset(keys.user);
  },
};
