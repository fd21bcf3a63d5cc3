"use client";
// Translations: English strings are the keys; a locale's dictionary maps them to its text. The
// server picks the dictionary from the `lang` cookie and sends only that one to the browser.
import { createContext, type ReactNode, useCallback, useContext } from "react";
import type { Locale } from "./locales.ts";

export type Messages = Readonly<Record<string, string>>;

const I18nContext = createContext<{ locale: Locale; messages: Messages }>({ locale: "en", messages: {} });

export function I18nProvider({ locale, messages, children }: { locale: Locale; messages: Messages; children: ReactNode }) {
  return <I18nContext.Provider value={{ locale, messages }}>{children}</I18nContext.Provider>;
}

/** Fills `{name}` placeholders. */
export const format = (text: string, vars: Record<string, string | number | bigint> = {}) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));

export function translate(messages: Messages, text: string, vars?: Record<string, string | number | bigint>) {
  return format(messages[text] ?? text, vars);
}

export function useT() {
  const { messages } = useContext(I18nContext);
  return useCallback((text: string, vars?: Record<string, string | number | bigint>) => translate(messages, text, vars), [messages]);
}

export const useLocale = () => useContext(I18nContext).locale;
