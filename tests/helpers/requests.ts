// Calling loaders and actions the way Remix does, with real Requests, as a given user.
import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { prisma } from "~/db.server";
import { sessionCookieFor } from "~/session.server";

export const ORIGIN = "http://localhost";

export async function cookieFor(username: string): Promise<string> {
  const user = await prisma.user.findUniqueOrThrow({ where: { username }, select: { id: true, sessionVersion: true } });
  return sessionCookieFor(user);
}

type Options = {
  as?: string | null;
  params?: Record<string, string>;
  headers?: Record<string, string>;
  /** false: post exactly the fields given, without the fresh idempotency key a rendered form carries. */
  freshKey?: boolean;
};

async function headersFor(options: Options, extra: Record<string, string> = {}) {
  const headers = new Headers({ ...extra, ...options.headers });
  if (options.as) headers.set("Cookie", await cookieFor(options.as));
  return headers;
}

/** A loader's result, or the Response it threw (redirects, 403, 404). */
export async function callLoader<T>(loader: (args: LoaderFunctionArgs) => Promise<T>, path: string, options: Options = {}) {
  const request = new Request(ORIGIN + path, { headers: await headersFor(options) });
  try {
    return await loader({ request, params: options.params ?? {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/**
 * A same-origin form POST to an action; returns what the action returned or threw. Like a form on a
 * freshly loaded page, it carries a new idempotency key (models/idempotency.server.ts) unless the
 * fields name one or `freshKey` is false; actions without money forms ignore it.
 */
export async function callAction<T>(
  action: (args: ActionFunctionArgs) => Promise<T>,
  path: string,
  fields: Record<string, string>,
  options: Options = {},
) {
  const headers = await headersFor(options, { Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded" });
  const body = "idempotencyKey" in fields || options.freshKey === false ? fields : { idempotencyKey: randomUUID(), ...fields };
  const request = new Request(ORIGIN + path, { method: "POST", body: new URLSearchParams(body), headers });
  try {
    return await action({ request, params: options.params ?? {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/**
 * The `data()` payload and status of an action result (a DataWithResponseInit). A resource route that
 * answers with a JSON Response (budget.import) is read too, asynchronously: await the result.
 */
export function payload<T = Record<string, unknown>>(result: Response): Promise<{ status: number; data: T }>;
export function payload<T = Record<string, unknown>>(result: unknown): { status: number; data: T };
export function payload<T>(result: unknown): { status: number; data: T } | Promise<{ status: number; data: T }> {
  if (result instanceof Response && (result.headers.get("Content-Type") ?? "").startsWith("application/json")) {
    return result.json().then((data: T) => ({ status: result.status, data }));
  }
  const value = result as { type?: string; data: T; init: ResponseInit | null };
  if (value && value.type === "DataWithResponseInit") return { status: value.init?.status ?? 200, data: value.data };
  throw new Error(`not a data() result: ${result instanceof Response ? `Response ${result.status}` : JSON.stringify(result)}`);
}
