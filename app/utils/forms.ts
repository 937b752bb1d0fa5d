// Server-side form parsing with zod: on failure, one message key per field (shown beside the field)
// and the values exactly as submitted (so the form keeps what the user typed).
import type { z } from "zod";

/** An i18n key under errors.*, or one with values to fill in (vars ending in "Fen" are amounts of 分). */
export type FieldError = string | { message: string; vars?: Record<string, string> };
export type FieldErrors = Record<string, FieldError>;
export type FormValues = Record<string, string>;

export type ParsedForm<T> =
  | { ok: true; data: T; values: FormValues }
  | { ok: false; errors: FieldErrors; values: FormValues };

/**
 * The posted form, or a thrown 415/400 (never a 500) when the body is not a form or is malformed.
 * The server's gate (app/server/gate.ts) refuses such posts before they get here; this holds when
 * an action is reached some other way (the development server, tests).
 */
export async function readFormData(request: Request): Promise<FormData> {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded" && type !== "multipart/form-data") {
    throw new Response("表单只接受 application/x-www-form-urlencoded 或 multipart/form-data。\nForms accept only application/x-www-form-urlencoded or multipart/form-data.", {
      status: 415,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  try {
    return await request.formData();
  } catch {
    throw new Response("无法读取表单。\nThe form could not be read.", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}

export function formValues(formData: FormData): FormValues {
  const values: FormValues = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && !(key in values)) values[key] = value;
  }
  return values;
}

const KNOWN_MESSAGES = /^[a-z0-9_]+$/;

export function parseForm<Schema extends z.ZodType>(schema: Schema, formData: FormData): ParsedForm<z.output<Schema>> {
  const values = formValues(formData);
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data, values };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : "form";
    // Our schemas give i18n keys; anything else (zod's own English text) becomes a generic "invalid".
    errors[field] ??= KNOWN_MESSAGES.test(issue.message) ? issue.message : "invalid";
  }
  return { ok: false, errors, values };
}

/**
 * A form that holds several writes, told apart by its `intent` field: parsed by the schema that intent
 * names. An intent with no schema (including inherited names such as "constructor") is a form error.
 */
export function parseIntent(schemas: Record<string, z.ZodType>, formData: FormData): ParsedForm<unknown> {
  const intent = String(formData.get("intent"));
  if (!Object.hasOwn(schemas, intent)) return { ok: false, errors: { form: "invalid" }, values: {} };
  return parseForm(schemas[intent], formData);
}

/**
 * A query-string filter's fields as the filter form shows them: the valid ones as given, the invalid
 * ones blank (their errors say what was wrong). Nothing else from the query is handed back to the page.
 */
export function filterValues(parsed: ParsedForm<unknown>, fields: readonly string[]): FormValues {
  const errors: FieldErrors = parsed.ok ? {} : parsed.errors;
  return Object.fromEntries(fields.map((field) => [field, field in errors ? "" : (parsed.values[field] ?? "")]));
}

/** A positive integer id from a route param, or null. */
export function parseId(param: string | undefined): number | null {
  if (!param || !/^\d{1,9}$/.test(param)) return null;
  const id = Number(param);
  return id > 0 ? id : null;
}

/** A refusal from a model write as a field error: the bare key when there is nothing to fill in. */
/**
 * Errors on hidden fields (a version, an id) have no place beside a field on the page: they become the
 * form's error (the first of them), so a tampered or outdated form still says why it was refused.
 */
export function withFormError(errors: FieldErrors, hiddenFields: readonly string[]): FieldErrors {
  const hidden = hiddenFields.find((field) => field in errors);
  if (!hidden) return errors;
  const rest = Object.fromEntries(Object.entries(errors).filter(([field]) => !hiddenFields.includes(field)));
  return { form: errors[hidden], ...rest };
}

export function refusalError(refusal: { message: string; vars?: Record<string, string> }): FieldError {
  return refusal.vars ? { message: refusal.message, vars: refusal.vars } : refusal.message;
}

/** A path on this site to go back to after sign-in or a language switch; anything else becomes "/". */
export function safeRedirect(target: unknown): string {
  if (typeof target !== "string" || !target.startsWith("/") || /[\s\\]/.test(target)) return "/";
  try {
    const url = new URL(target, "http://groundwork.invalid");
    // After normalisation "/.//evil.example" is "//evil.example": a browser reads that as another host.
    if (url.origin !== "http://groundwork.invalid" || url.pathname.startsWith("//")) return "/";
    return url.pathname + url.search + url.hash;
  } catch {
    return "/";
  }
}
