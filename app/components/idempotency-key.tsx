// The hidden key that makes a money form record once (models/idempotency.server.ts). `pageKey` comes
// from the loader (fresh for every load, so a form shown again after a write gets a new one); `form`
// tells apart the forms of one page, which share it. A refused key (missing, malformed or used for
// another form) is said here, at the top of the form.
import { errorText } from "~/components/field";
import { useLang, useT } from "~/i18n";
import type { FieldError } from "~/utils/forms";

export function IdempotencyKey({ pageKey, form, error }: { pageKey: string; form: string; error?: FieldError }) {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <input type="hidden" name="idempotencyKey" value={`${pageKey}.${form}`} />
      {error ? (
        <p className="field-error" role="alert">
          {errorText(t, lang, error)}
        </p>
      ) : null}
    </>
  );
}
