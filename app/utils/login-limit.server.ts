// Failed sign-ins are limited per client address, and per user *at* an address: guessing from one
// address stops after a few tries, while the real user signing in from anywhere else is not locked
// out by it (a limit per username alone would let anyone lock any user out). The address is the
// socket's, or X-Forwarded-For's last entry behind a proxy (TRUST_PROXY=1): utils/client-address.server.ts.
// In memory: one server process (the embedded default); a restart forgets the counts.
import { FailureLimiter } from "./rate-limit.server";

const WINDOW_MS = 15 * 60 * 1000;
export const LOGIN_LIMITS = { perUserAtAddress: 5, perAddress: 20, windowMinutes: WINDOW_MS / 60_000 };

const perUserAtAddress = new FailureLimiter(LOGIN_LIMITS.perUserAtAddress, WINDOW_MS);
const perAddress = new FailureLimiter(LOGIN_LIMITS.perAddress, WINDOW_MS);

type Keys = { userAtAddress: string; address: string };

export const loginLimiter = {
  keys(address: string, username: string): Keys {
    return { userAtAddress: `${username.toLowerCase()}\u0000${address}`, address };
  },
  /**
   * Milliseconds until this user may try again from this address, or 0 — and then the attempt is
   * counted as a failure at once, before the password is checked, so that parallel attempts cannot
   * all pass the check before any has failed. `succeed` or `abandon` takes it back.
   */
  attempt(keys: Keys): number {
    const wait = Math.max(perUserAtAddress.retryAfter(keys.userAtAddress), perAddress.retryAfter(keys.address));
    if (wait === 0) {
      perUserAtAddress.fail(keys.userAtAddress);
      perAddress.fail(keys.address);
    }
    return wait;
  },
  /** The password was right: the user's count at this address starts again, the address's loses this attempt. */
  succeed(keys: Keys): void {
    perUserAtAddress.reset(keys.userAtAddress);
    perAddress.forgive(keys.address);
  },
  /** The attempt was never judged (the server was too busy to check the password). */
  abandon(keys: Keys): void {
    perUserAtAddress.forgive(keys.userAtAddress);
    perAddress.forgive(keys.address);
  },
};
