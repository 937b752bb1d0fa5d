// Page titles (<title>) in the page's language. A route's meta function runs on the server and in the
// browser, so this reads the language from the root loader's data among `matches` (never from a
// .server module) and translates with the shared messages.
import type { MetaDescriptor } from "@remix-run/node";
import { DEFAULT_LANG, isLang, translator, type Lang, type MessageKey, type Translate } from "~/i18n";

type MetaMatchLike = { id: string; data?: unknown };

/** The language the root loader chose, as seen from a meta function's `matches`. */
export function metaLang(matches: readonly MetaMatchLike[] | undefined): Lang {
  const root = matches?.find((match) => match.id === "root")?.data as { lang?: unknown } | undefined;
  return isLang(root?.lang) ? root.lang : DEFAULT_LANG;
}

/**
 * `[{ title: "<text> · Groundwork" }]` with the text translated into the page's language: a message key
 * (with optional variables), or a function of the translator and the language for titles that carry a
 * parameter (a month, a date, a code) formatted for the language.
 */
export function pageTitle(
  matches: readonly MetaMatchLike[] | undefined,
  title: MessageKey | ((t: Translate, lang: Lang) => string),
  vars?: Record<string, string | number>,
): MetaDescriptor[] {
  const lang = metaLang(matches);
  const t = translator(lang);
  const text = typeof title === "function" ? title(t, lang) : t(title, vars);
  return [{ title: text ? `${text} · Groundwork` : "Groundwork" }];
}
