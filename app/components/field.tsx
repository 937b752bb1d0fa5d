// A labelled form field whose error sits right beside it. An error is an i18n key under errors.*,
// or { message, vars } where vars ending in "Fen" are amounts of 分, shown exactly in 元 (a limit must
// not be rounded up in the message that states it).
import { createContext, useContext, type ReactNode } from "react";
import { useLang, useT, type MessageKey, type Translate } from "~/i18n";
import type { FieldError } from "~/utils/forms";
import { formatMoney, type Lang } from "~/utils/money";

export function errorText(t: Translate, lang: Lang, error: FieldError): string {
  const { message, vars } = typeof error === "string" ? { message: error, vars: undefined } : error;
  const formatted = Object.fromEntries(
    Object.entries(vars ?? {}).map(([name, value]) => [name, name.endsWith("Fen") && /^-?\d+$/.test(value) ? formatMoney(value, lang, "yuan") : value]),
  );
  return t(`errors.${message}` as MessageKey, formatted);
}

/** Several forms on one page: each wraps its fields in a scope so element ids stay unique. */
const FieldScopeContext = createContext("");
export function FieldScope({ name, children }: { name: string; children: ReactNode }) {
  return <FieldScopeContext.Provider value={name}>{children}</FieldScopeContext.Provider>;
}

export function Field({
  name,
  label,
  error,
  hint,
  children,
}: {
  name: string;
  label: string;
  error?: FieldError;
  hint?: string;
  children: (props: { id: string; name: string; "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode;
}) {
  const t = useT();
  const lang = useLang();
  const scope = useContext(FieldScopeContext);
  const id = scope ? `field-${scope}-${name}` : `field-${name}`;
  const errorId = `${id}-error`;
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, name, ...(error ? { "aria-invalid": true as const, "aria-describedby": errorId } : {}) })}
      {hint && !error ? <small className="hint">{hint}</small> : null}
      {error ? (
        <small className="field-error" id={errorId} role="alert">
          {errorText(t, lang, error)}
        </small>
      ) : null}
    </div>
  );
}
