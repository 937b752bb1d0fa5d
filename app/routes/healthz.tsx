// A trivial route: liveness for a process supervisor, and the benchmark's baseline for requests per second.
export function loader() {
  return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}
