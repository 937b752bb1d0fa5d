import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { Field } from "~/components/field";
import { loginSchema } from "~/domain/auth-forms.server";
import { useT } from "~/i18n";
import { DEMO_PASSWORD, listDemoUsers, verifyLogin } from "~/models/users.server";
import { assertSameOrigin } from "~/security.server";
import { createUserSession, getUser } from "~/session.server";
import { parseForm, type FieldErrors, type FormValues, readFormData } from "~/utils/forms";
import { clientAddress } from "~/utils/client-address.server";
import { Busy } from "~/utils/concurrency";
import { loginLimiter } from "~/utils/login-limit.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth.title");

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) return redirect("/");
  // Hints only for demo accounts that still have the demo password (none: no hints, no password shown).
  const demoUsers = await listDemoUsers();
  return { demoUsers, demoPassword: demoUsers.length ? DEMO_PASSWORD : null };
}

type ActionResult = { errors: FieldErrors; values: FormValues; retryAfterSeconds?: number };

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const parsed = parseForm(loginSchema, await readFormData(request));
  const values = { ...parsed.values, password: "" }; // never echo a password back
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, values }, { status: 400 });

  const { username, password, redirectTo } = parsed.data;
  const keys = loginLimiter.keys(clientAddress(request, context), username);
  const wait = loginLimiter.attempt(keys);
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    return data<ActionResult>({ errors: { form: "too_many_attempts" }, values, retryAfterSeconds: seconds }, { status: 429, headers: { "Retry-After": String(seconds) } });
  }
  let user: Awaited<ReturnType<typeof verifyLogin>>;
  try {
    user = await verifyLogin(username, password);
  } catch (error) {
    loginLimiter.abandon(keys);
    if (!(error instanceof Busy)) throw error;
    // Too many sign-ins hashing at once: refuse this one now rather than queue without bound.
    const seconds = error.retryAfterSeconds;
    return data<ActionResult>({ errors: { form: "busy" }, values, retryAfterSeconds: seconds }, { status: 503, headers: { "Retry-After": String(seconds) } });
  }
  if (!user) {
    return data<ActionResult>({ errors: { form: "bad_credentials" }, values }, { status: 401 });
  }
  loginLimiter.succeed(keys);
  return createUserSession(request, context, user, redirectTo);
}

export default function LoginPage() {
  const { demoUsers, demoPassword } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const t = useT();
  const errors = actionData?.errors ?? {};
  const passwordRef = useRef<HTMLInputElement>(null);
  // How long to wait, in words: "15 分钟" rather than "899 秒" (the limiter's window is minutes long).
  const seconds = actionData?.retryAfterSeconds ?? 0;
  const wait = seconds >= 60 ? t("duration.minutes", { n: Math.ceil(seconds / 60) }) : t("duration.seconds", { n: Math.max(seconds, 1) });
  // A refused attempt empties the password field (the server never sends it back either).
  useEffect(() => {
    if (actionData && passwordRef.current) passwordRef.current.value = "";
  }, [actionData]);
  return (
    <div className="login-wrap">
      <Form method="post" className="card login-card" data-testid="login-form">
        <h1>{t("auth.title")}</h1>
        {errors.form ? (
          <p className="banner banner-warn" role="alert">
            {errors.form === "too_many_attempts"
              ? t("auth.tooMany", { wait })
              : errors.form === "busy"
                ? t("auth.busy", { wait })
                : t("auth.badCredentials")}
          </p>
        ) : null}
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <Field name="username" label={t("auth.username")} error={errors.username}>
          {(props) => <input {...props} autoComplete="username" autoFocus defaultValue={actionData?.values?.username ?? ""} />}
        </Field>
        <Field name="password" label={t("auth.password")} error={errors.password}>
          {(props) => <input {...props} ref={passwordRef} type="password" autoComplete="current-password" />}
        </Field>
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("auth.signIn")}
        </button>
      </Form>
      {demoPassword ? (
        <aside className="card login-card" data-testid="demo-users">
          <h2>{t("auth.demoTitle")}</h2>
          <p className="muted">{t("auth.demoHint", { password: demoPassword })}</p>
          <table className="data-table compact">
            <tbody>
              {demoUsers.map((user) => (
                <tr key={user.username}>
                  <td className="code">{user.username}</td>
                  <td>{user.displayName}</td>
                  <td className="muted">{user.roles.map((role) => t(`role.${role}` as never)).join(t("common.listSeparator"))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </aside>
      ) : null}
    </div>
  );
}
