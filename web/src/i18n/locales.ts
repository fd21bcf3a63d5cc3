export const LOCALES = ["en", "fa"] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_COOKIE = "lang";
export const isRtl = (locale: Locale) => locale === "fa";
export const parseLocale = (value: string | undefined): Locale => (value === "fa" ? "fa" : "en");
