import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { safeRedirect, readFormData } from "~/utils/forms";
import { langCookie } from "~/i18n/lang.server";
import { assertSameOrigin } from "~/security.server";

const schema = z.object({
  lang: z.enum(["zh", "en"]),
  // Only same-site paths: never an open redirect.
  redirectTo: z.string().optional().catch(undefined).transform(safeRedirect),
});

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const parsed = schema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) return new Response("Unknown language", { status: 400 });
  return redirect(parsed.data.redirectTo, { headers: { "Set-Cookie": await langCookie.serialize(parsed.data.lang) } });
}

export async function loader() {
  return redirect("/");
}
