// /account/password — the signed-in user chooses a new password, proving the current one. An account
// whose password an administrator set (new, or reset) is sent here from every page until it is done.
// The user's other sessions end; this one stays.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { errorText, Field } from "~/components/field";
import { changePasswordSchema } from "~/domain/admin/forms.server";
import { PASSWORD_MIN } from "~/domain/admin/rules";
import { useLang, useT } from "~/i18n";
import { changeOwnPassword } from "~/models/admin/users.server";
import { requireUser, requireUserWrite } from "~/session.server";
import { parseForm, readFormData, refusalError, type FieldErrors } from "~/utils/forms";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account.changePassword");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { forced: user.mustChangePassword, username: user.username };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWrite(request);
  const parsed = parseForm(changePasswordSchema, await readFormData(request));
  // Passwords are never sent back: the form is empty again, each error beside its field.
  if (!parsed.ok) return data<{ errors: FieldErrors }>({ errors: parsed.errors }, { status: 400 });
  const result = await changeOwnPassword({ userId: user.id, sessionId: user.sessionId, current: parsed.data.current, password: parsed.data.password });
  if (!result.ok) return data<{ errors: FieldErrors }>({ errors: { [result.field]: refusalError(result) } }, { status: 400 });
  return redirect("/account?password=1");
}

export default function ChangePasswordPage() {
  const { forced, username } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const errors = result?.errors ?? {};
  return (
    <>
      <div className="page-head">
        <h1>{t("account.changePassword")}</h1>
        {forced ? (
          <p className="banner banner-warn" role="status" data-testid="forced-change">
            {t("account.forcedChange")}
          </p>
        ) : (
          <p>
            <Link to="/account">← {t("account.title")}</Link>
          </p>
        )}
      </div>
      <section className="card narrow">
        {errors.form ? <p className="banner banner-error" role="alert">{errorText(t, lang, errors.form)}</p> : null}
        <Form method="post" className="form-grid single" noValidate data-testid="password-form" key={JSON.stringify(errors)}>
          {/* For password managers: which account this is. */}
          <input type="text" name="username" value={username} autoComplete="username" readOnly hidden />
          <Field name="current" label={t("account.currentPassword")} error={errors.current}>
            {(p) => <input {...p} type="password" autoComplete="current-password" />}
          </Field>
          <Field name="password" label={t("account.newPassword")} error={errors.password} hint={t("account.passwordRule", { min: PASSWORD_MIN })}>
            {(p) => <input {...p} type="password" autoComplete="new-password" minLength={PASSWORD_MIN} />}
          </Field>
          <Field name="confirm" label={t("account.confirmPassword")} error={errors.confirm}>
            {(p) => <input {...p} type="password" autoComplete="new-password" />}
          </Field>
          <p className="muted small">{t("account.passwordEffect")}</p>
          <div className="form-actions">
            <button type="submit" className="button primary">{t("account.changePassword")}</button>
          </div>
        </Form>
      </section>
    </>
  );
}
