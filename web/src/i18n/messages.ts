// The translation core, shared by the server and the browser: English strings are the keys; a
// locale's dictionary maps them to its text, or, for a sentence with a {count}, to one text per
// plural category of that language (Intl.PluralRules decides which: Arabic has six, Chinese one).
import { INTL_TAG, type Locale } from "./locales.ts";

/** One text per CLDR plural category the language uses; `other` is always there. */
export type PluralForms = Readonly<Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }>;
export type Message = string | PluralForms;
export type Messages = Readonly<Record<string, Message>>;
export type Vars = Record<string, string | number | bigint>;

/** One Intl object per locale and purpose, made on first use. */
function memo<T>(make: (locale: Locale) => T): (locale: Locale) => T {
  const made = new Map<Locale, T>();
  return (locale) => {
    const known = made.get(locale);
    if (known) return known;
    const fresh = make(locale);
    made.set(locale, fresh);
    return fresh;
  };
}

const pluralRules = memo((locale) => new Intl.PluralRules(INTL_TAG[locale]));

/**
 * A number or bigint placed into a sentence is written in the language's digits. No grouping:
 * what arrives here is mostly an identifier or a small count ("order #1204", "block 88231");
 * amounts come already formatted by lib/format.
 */
const sentenceNumber = memo((locale) => new Intl.NumberFormat(INTL_TAG[locale], { useGrouping: false, maximumFractionDigits: 2 }));
const numberText = (locale: Locale, value: number | bigint) => sentenceNumber(locale).format(value);

/** Fills `{name}` placeholders; numbers are written in the locale's digits. */
export function format(text: string, vars: Vars = {}, locale: Locale = "en") {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return typeof value === "string" ? value : numberText(locale, value);
  });
}

/** The form of a plural message for `count`, `other` when the language has no text for its category. */
export function pluralForm(locale: Locale, forms: PluralForms, count: number | bigint | string | undefined) {
  const n = Number(count);
  if (!Number.isFinite(n)) return forms.other;
  return forms[pluralRules(locale).select(n)] ?? forms.other;
}

/**
 * The text for `key` in `messages`, placeholders filled. A key missing from the dictionary falls
 * back to the key itself, the English text (the unit tests keep every dictionary complete).
 */
export function translate(locale: Locale, messages: Messages, key: string, vars?: Vars) {
  const message = messages[key] ?? key;
  const text = typeof message === "string" ? message : pluralForm(locale, message, vars?.count);
  return format(text, vars, locale);
}
