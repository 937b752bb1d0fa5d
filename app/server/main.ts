// The production server: the Remix build behind express (static files, gzip), as remix-serve runs it,
// plus what remix-serve has no place for (docs/decisions/008-server-edges.md):
// - every request passes the gate (gate.ts): method, Host, a write's origin and content type, and its
//   declared size, answered with a 4xx before the app reads anything;
// - bodies are read here, counted while they stream, and refused with 413 past the limit (nothing is
//   parsed until the whole body is in and within bounds); a body that trickles in is cut off (408).
//   They are read before a request takes one of the app's slots, by a bounded number of readers, so
//   slow or silent clients cannot hold the app; each address has at most MAX_REQUESTS_PER_ADDRESS in;
// - only origin-form targets, paths of at most 1 KB / 16 segments, a well-formed Host (normalised
//   before Remix compares it with the Origin);
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
import { DEFAULT_LIMITS, effectiveHost, limitFor, REFUSALS, refusalBody, refusalFor, type Limits, type Refusal } from "./gate";

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
  /** Bodies being received at once (each ≤ the form limit; uploads ≤ 4 of them). */
  maxBodyReads: number;
  /** Requests of one client address in the server at once (received, queued or running). */
  maxPerAddress: number;
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
    bodyTimeoutMs: number("BODY_TIMEOUT_MS", 10_000),
    maxBodyReads: number("MAX_BODY_READS", 64),
    maxPerAddress: number("MAX_REQUESTS_PER_ADDRESS", 256),
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
    let ended = false;
    const onEnd = () => {
      ended = true;
      finish(null);
    };
    const onError = (error: Error) => finish(error);
    // The client went away mid-body: stop waiting for the rest at once.
    req.once("close", () => {
      if (!ended) finish(new Error("client closed the connection"));
    });
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

function remixRequest(req: ExpressRequest, host: string, body: Buffer | null, trustProxy: boolean, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    // Without a proxy in front, forwarding headers come from the client and mean nothing; behind one,
    // the host they name (checked by the gate) becomes the request's Host.
    if (name.startsWith("x-forwarded-") && (!trustProxy || name === "x-forwarded-host")) continue;
    if (name === "host") continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  // The host as the gate normalised it: Remix's own CSRF check compares it with the Origin as spelt.
  headers.set("host", host);
  const protocol = trustProxy && req.get("x-forwarded-proto")?.split(",")[0].trim() === "https" ? "https" : "http";
  return new Request(`${protocol}://${host}${req.originalUrl}`, {
    method: req.method,
    headers,
    signal,
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

  const bodyReads = new ConcurrencyLimit(options.maxBodyReads, 0, 0);
  const uploadReads = new ConcurrencyLimit(4, 0, 0);
  const perAddress = new Map<string, number>();

  app.use(async (req, res) => {
    const method = req.method;
    const refusal = refusalFor({ method, target: req.originalUrl, path: req.path, headers: { get: (name) => req.get(name) ?? null } }, options.limits, options.trustProxy);
    if (refusal) return send(req, res, refusal, method === "POST");
    const host = effectiveHost({ get: (name) => req.get(name) ?? null }, options.trustProxy)!;

    // Captured on arrival: once the client has gone, the socket no longer knows its address.
    const address = req.socket.remoteAddress ?? "";
    // /healthz (a read) skips the per-address bound and the queue, so a supervisor sees the process alive under load.
    const probe = req.path === "/healthz" && (method === "GET" || method === "HEAD");
    const inFlight = (perAddress.get(address) ?? 0) + 1;
    if (inFlight > options.maxPerAddress && !probe) return send(req, res, REFUSALS.busy(2), method === "POST");
    perAddress.set(address, inFlight);
    // Aborts the app's work, and takes a queued request out of the queue, when the client goes away.
    const gone = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) gone.abort();
    });

    let release: (() => void) | null = null;
    try {
      // The body first, outside the app's slots: a client that sends slowly (or never) holds only a
      // body reader, of which there are a bounded number, for at most the body timeout.
      let body: Buffer | null = null;
      if (method === "POST") {
        const limit = limitFor(req.path, req.get("content-type") ?? null, options.limits);
        const readers = limit > options.limits.formBytes ? [bodyReads, uploadReads] : [bodyReads];
        const releases: (() => void)[] = [];
        try {
          for (const reader of readers) releases.push(await reader.acquire());
          body = await readBody(req, res, limit, options.bodyTimeoutMs);
        } finally {
          for (const done of releases) done();
        }
      }
      if (!probe) release = await inApp.acquire(gone.signal);
      if (gone.signal.aborted) return;
      const response = await handle(remixRequest(req, host, body, options.trustProxy, gone.signal), { clientAddress: address });
      await sendResponse(res, response);
    } catch (error) {
      if (gone.signal.aborted || res.destroyed) return; // the client went away
      if (error instanceof Busy) return send(req, res, REFUSALS.busy(error.retryAfterSeconds), method === "POST");
      // A 413 keeps the connection open while the rest of the body is drained (discardRest), so the
      // client reads the answer rather than a reset; a body that never came (408) closes it.
      if (error instanceof BodyRefused) return send(req, res, error.refusal, error.refusal.status !== 413);
      console.error(error);
      if (!res.headersSent) res.status(500).type("text/plain").end("Internal error");
      else res.end();
    } finally {
      // Only when the work is done (not when the client leaves): the slot bounds the work itself.
      release?.();
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left <= 0) perAddress.delete(address);
      else perAddress.set(address, left);
    }
  });
  return app;
}

async function main() {
  // Settings the app reads per request are checked now: a typo stops the start, not every sign-in.
  sessionLifetimes(process.env);
  const buildPath = path.resolve(process.argv[2] ?? "build/index.js");
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const options = optionsFromEnv();
  const app = createApp(build, options);
  const port = number("PORT", 3000);
  const onListen = () => console.log(`[groundwork] http://localhost:${port}`);
  const server = createServer(app);
  // Expect: 100-continue is answered by readBody, after the checks, not by Node before them.
  server.on("checkContinue", (req, res) => app(req, res));
  if (process.env.HOST) server.listen(port, process.env.HOST, onListen);
  else server.listen(port, onListen);
  // A request (headers and body) gets at most a minute; idle keep-alive sockets are closed after 5 s.
  server.requestTimeout = 60_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  // Sockets beyond this are refused by the kernel's backlog rather than each costing memory here.
  server.maxConnections = number("MAX_CONNECTIONS", 4_000);
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => server.close(() => process.exit(0)));
  // A promise nobody awaited that fails (a background cache refresh, a touch of a session while the
  // database is busy) is logged with its stack; it does not take every other request down with it.
  process.on("unhandledRejection", (reason) => {
    console.error("[groundwork] unhandled rejection:", reason instanceof Error ? (reason.stack ?? reason.message) : reason);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
