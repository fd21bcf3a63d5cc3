"use client";
// Translations in React: the server picks the dictionary (dictionaries.ts) and sends only that
// one to the browser; components call t(text, vars) with the English text.
import { createContext, type ReactNode, useCallback, useContext } from "react";
import type { Locale } from "./locales.ts";
import { type Messages, translate, type Vars } from "./messages.ts";

export type { Messages, Vars } from "./messages.ts";

const I18nContext = createContext<{ locale: Locale; messages: Messages }>({ locale: "en", messages: {} });

export function I18nProvider({ locale, messages, children }: { locale: Locale; messages: Messages; children: ReactNode }) {
  return <I18nContext.Provider value={{ locale, messages }}>{children}</I18nContext.Provider>;
}

/** t(text, vars); a sentence with a {count}, such as "from {count} reviews", picks the language's plural form. */
export function useT() {
  const { locale, messages } = useContext(I18nContext);
  return useCallback((text: string, vars?: Vars) => translate(locale, messages, text, vars), [locale, messages]);
}

export const useLocale = () => useContext(I18nContext).locale;

export { format } from "./messages.ts";
