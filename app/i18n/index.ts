import { useRouteLoaderData } from "@remix-run/react";
import type { Lang } from "~/utils/money";
import { en, zh, type MessageKey } from "./messages";

export type { Lang, MessageKey };
export const LANGS: Lang[] = ["zh", "en"];
export const DEFAULT_LANG: Lang = "zh";

export function isLang(value: unknown): value is Lang {
  return value === "zh" || value === "en";
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  const messages = lang === "en" ? en : zh;
  return (key, vars) => {
    const text: string = messages[key] ?? key;
    if (!vars) return text;
    // "{days|day|days}": the singular when the variable is 1, else the plural (English).
    return text
      .replace(/\{(\w+)\|([^|{}]*)\|([^|{}]*)\}/g, (_, name: string, one: string, other: string) => (Number(vars[name]) === 1 ? one : other))
      .replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
  };
}

/** Language chosen in the shell (root loader), for any component. */
export function useLang(): Lang {
  const data = useRouteLoaderData("root") as { lang?: Lang } | undefined;
  return isLang(data?.lang) ? data.lang : DEFAULT_LANG;
}

export function useT(): Translate {
  return translator(useLang());
}

/** Pick the name in the current language from a record with name/nameEn. */
export function localName(lang: Lang, record: { name: string; nameEn: string }): string {
  return lang === "en" && record.nameEn ? record.nameEn : record.name;
}

/** A value stored in both languages as two fields (x / xEn): the one for the page, zh when there is no English. */
export function inLang(lang: Lang, zhText: string, enText: string | null | undefined): string {
  return lang === "en" && enText ? enText : zhText;
}
