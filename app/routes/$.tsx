// Catch-all: unknown paths get the shared 404 page rather than Remix's default.
export async function loader() {
  throw new Response(null, { status: 404, statusText: "Not Found" });
}

export default function NotFound() {
  return null;
}
