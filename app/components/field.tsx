// A labelled form field whose error (an i18n key under errors.*) sits right beside it.
import type { ReactNode } from "react";
import { useT, type MessageKey } from "~/i18n";

export function Field({
  name,
  label,
  error,
  hint,
  children,
}: {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  children: (props: { id: string; name: string; "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode;
}) {
  const t = useT();
  const id = `field-${name}`;
  const errorId = `${id}-error`;
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, name, ...(error ? { "aria-invalid": true as const, "aria-describedby": errorId } : {}) })}
      {hint && !error ? <small className="hint">{hint}</small> : null}
      {error ? (
        <small className="field-error" id={errorId} role="alert">
          {t(`errors.${error}` as MessageKey) ?? error}
        </small>
      ) : null}
    </div>
  );
}
