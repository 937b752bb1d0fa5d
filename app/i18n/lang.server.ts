import { createCookie } from "@remix-run/node";
import { DEFAULT_LANG, isLang, type Lang } from "./index";

// The chosen language, remembered for a year. Not sensitive, so it need not be Secure (the app may
// be reached over plain HTTP on a LAN); only the server reads it.
export const langCookie = createCookie("gw_lang", {
  path: "/",
  httpOnly: true,
  sameSite: "lax",
  maxAge: 60 * 60 * 24 * 365,
});

export async function getLang(request: Request): Promise<Lang> {
  const value = await langCookie.parse(request.headers.get("Cookie"));
  if (isLang(value)) return value;
  const accept = request.headers.get("Accept-Language") ?? "";
  return /^en\b/i.test(accept.trim()) ? "en" : DEFAULT_LANG;
}
