// The production server: the Remix build behind express (static files, gzip), as remix-serve runs it,
// plus what remix-serve has no place for (docs/decisions/008-server-edges.md):
// - every request passes the gate (gate.ts): method, Host, a write's origin and content type, and its
//   declared size, answered with a 4xx before the app reads anything;
// - bodies are read here, counted while they stream, and refused with 413 past the limit (nothing is
//   parsed until the whole body is in and within bounds); a body that trickles in is cut off (408);
// - at most MAX_ACTIVE requests (4) are in the app at once (React renders in slices on the event loop:
//   more at once only lengthens each turn of the loop, and every other request waits for it), at most MAX_QUEUED wait (each at most
//   MAX_WAIT_MS); past that the answer is 503 with Retry-After, never a broken page;
// - /healthz skips the queue, so a supervisor still sees the process alive under load;
// - the socket's address reaches loaders and actions as `context.clientAddress` (sign-in limits);
// - signed-in answers are never cached by browsers or proxies (Cache-Control: private, no-store).
//   Run with `node --import tsx app/server/main.ts` (npm start).
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { writeReadableStreamToWritable } from "@remix-run/node";
import compression from "compression";
import express, { type Request as ExpressRequest, type Response as ExpressResponse } from "express";
import { createServer } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { sessionLifetimes } from "../domain/sessions";
import { Busy, ConcurrencyLimit } from "../utils/concurrency";
import { DEFAULT_LIMITS, limitFor, REFUSALS, refusalBody, refusalFor, type Limits, type Refusal } from "./gate";

const number = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

export type ServerOptions = {
  limits: Limits;
  maxActive: number;
  maxQueued: number;
  maxWaitMs: number;
  bodyTimeoutMs: number;
  trustProxy: boolean;
};

export function optionsFromEnv(): ServerOptions {
  return {
    limits: {
      formBytes: number("FORM_MAX_BYTES", DEFAULT_LIMITS.formBytes),
      uploadBytes: number("UPLOAD_MAX_BYTES", DEFAULT_LIMITS.uploadBytes),
    },
    maxActive: number("MAX_ACTIVE_REQUESTS", 4),
    maxQueued: number("MAX_QUEUED_REQUESTS", 1000),
    maxWaitMs: number("MAX_QUEUE_WAIT_MS", 15_000),
    bodyTimeoutMs: number("BODY_TIMEOUT_MS", 30_000),
    trustProxy: process.env.TRUST_PROXY === "1",
  };
}

class BodyRefused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.en);
  }
}

/** The whole body, counted as it streams: refused past `limit` bytes or after `timeoutMs`. */
function readBody(req: ExpressRequest, res: ExpressResponse, limit: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // A client that asked to be told before sending (Expect: 100-continue) is told only now, once the
    // gate and the queue have let the request through.
    if (/100-continue/i.test(req.get("expect") ?? "")) res.writeContinue();
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error: Error | null) => {
      clearTimeout(timer);
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      if (error) {
        chunks.length = 0;
        if (error instanceof BodyRefused) discardRest(req, limit);
        reject(error);
      } else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish(new BodyRefused(REFUSALS.tooLarge(limit)));
      else chunks.push(chunk);
    };
    const onEnd = () => finish(null);
    const onError = (error: Error) => finish(error);
    const timer = setTimeout(() => finish(new BodyRefused(REFUSALS.slowBody())), timeoutMs);
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

/**
 * Reads and drops what is left of a refused body, so that the client (still sending) gets to read the
 * refusal instead of a reset connection; past twice the limit, or after 10 s, the socket is closed.
 */
function discardRest(req: ExpressRequest, limit: number) {
  let dropped = 0;
  const close = () => req.socket.destroy();
  const timer = setTimeout(close, 10_000);
  timer.unref();
  req.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > 2 * limit + 10_000_000) close();
  });
  req.on("end", () => clearTimeout(timer));
  req.on("close", () => clearTimeout(timer));
  req.resume();
}

function send(req: ExpressRequest, res: ExpressResponse, refusal: Refusal, closeConnection = false) {
  if (res.headersSent) return void res.end();
  const { contentType, body } = refusalBody(refusal, req.get("accept") ?? null);
  res.status(refusal.status);
  for (const [name, value] of Object.entries(refusal.headers ?? {})) res.setHeader(name, value);
  res.setHeader("Content-Type", contentType);
  res.setHeader("Cache-Control", "no-store");
  if (closeConnection) res.setHeader("Connection", "close");
  res.end(req.method === "HEAD" ? undefined : body);
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection"]);

function remixRequest(req: ExpressRequest, res: ExpressResponse, body: Buffer | null, trustProxy: boolean): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    // Without a proxy in front, forwarding headers come from the client and mean nothing.
    if (!trustProxy && name.startsWith("x-forwarded-")) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  const host = (trustProxy ? req.get("x-forwarded-host")?.split(",")[0].trim() : null) || req.get("host");
  const protocol = trustProxy && req.get("x-forwarded-proto") === "https" ? "https" : "http";
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  return new Request(`${protocol}://${host}${req.originalUrl}`, {
    method: req.method,
    headers,
    signal: controller.signal,
    ...(body ? { body, duplex: "half" } : {}),
  } as RequestInit);
}

async function sendResponse(res: ExpressResponse, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  // Pages and data carry a signed-in user's figures: never kept by a browser's or proxy's cache.
  if (!response.headers.has("Cache-Control")) res.setHeader("Cache-Control", "private, no-store");
  res.append("Vary", "Cookie");
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

export function createApp(build: ServerBuild, options: ServerOptions) {
  const handle = createRequestHandler(build, process.env.NODE_ENV);
  const inApp = new ConcurrencyLimit(options.maxActive, options.maxQueued, options.maxWaitMs);

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy);
  app.use(compression());
  app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.resolve("public"), { maxAge: "1h" }));

  app.use(async (req, res) => {
    const refusal = refusalFor({ method: req.method, path: req.path, headers: { get: (name) => req.get(name) ?? null } }, options.limits, options.trustProxy);
    if (refusal) return send(req, res, refusal, req.method === "POST");

    let release: (() => void) | null = null;
    try {
      if (req.path !== "/healthz") release = await inApp.acquire();
      res.on("close", () => release?.());
      const body = req.method === "POST" ? await readBody(req, res, limitFor(req.path, req.get("content-type") ?? null, options.limits), options.bodyTimeoutMs) : null;
      const response = await handle(remixRequest(req, res, body, options.trustProxy), { clientAddress: req.socket.remoteAddress ?? "" });
      await sendResponse(res, response);
    } catch (error) {
      if (error instanceof Busy) return send(req, res, REFUSALS.busy(error.retryAfterSeconds), req.method === "POST");
      if (error instanceof BodyRefused) return send(req, res, error.refusal, true);
      if (res.destroyed) return; // the client went away
      console.error(error);
      if (!res.headersSent) res.status(500).type("text/plain").end("Internal error");
      else res.end();
    } finally {
      release?.();
    }
  });
  return { app, inApp };
}

async function main() {
  // Settings the app reads per request are checked now: a typo stops the start, not every sign-in.
  sessionLifetimes(process.env);
  const buildPath = path.resolve(process.argv[2] ?? "build/index.js");
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const options = optionsFromEnv();
  const { app } = createApp(build, options);
  const port = number("PORT", 3000);
  const onListen = () => console.log(`[groundwork] http://localhost:${port}`);
  const server = createServer(app);
  // Expect: 100-continue is answered by readBody, after the checks, not by Node before them.
  server.on("checkContinue", (req, res) => app(req, res));
  if (process.env.HOST) server.listen(port, process.env.HOST, onListen);
  else server.listen(port, onListen);
  // A request (headers and body) gets at most a minute; idle keep-alive sockets are closed after 5 s.
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  server.keepAliveTimeout = 5_000;
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => server.close(() => process.exit(0)));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
