import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { assertSameOrigin } from "~/security.server";
import { destroyUserSession } from "~/session.server";

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  return destroyUserSession(request);
}

export async function loader() {
  return redirect("/");
}
