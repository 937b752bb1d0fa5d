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

/** The language the user chose with the switch; Chinese until they choose (the team works in zh-CN). */
export async function getLang(request: Request): Promise<Lang> {
  const value = await langCookie.parse(request.headers.get("Cookie"));
  return isLang(value) ? value : DEFAULT_LANG;
}
