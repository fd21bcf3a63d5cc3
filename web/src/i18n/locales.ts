// The languages the app speaks, and everything that is a fact about one of them: its own name,
// its writing direction, the Intl tag its numbers and dates are written with, and how a first
// visit without the `lang` cookie picks one from the browser's Accept-Language header.
export const LOCALES = ["en", "fa", "ar", "fr", "zh", "vi"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";
export const LOCALE_COOKIE = "lang";

/** Each language's name in that language: the switcher shows these, so a reader finds their own. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: "English",
  fa: "فارسی",
  ar: "العربية",
  fr: "Français",
  zh: "简体中文",
  vi: "Tiếng Việt",
};

/** The `lang` attribute: Chinese says its script, so the browser picks Simplified glyphs. */
export const htmlLang = (locale: Locale) => (locale === "zh" ? "zh-Hans" : locale);

const RTL: ReadonlySet<Locale> = new Set(["fa", "ar"]);
export const isRtl = (locale: Locale) => RTL.has(locale);

/**
 * The Intl tag numbers, amounts, dates and durations are written with: one digit system per
 * language, chosen here and nowhere else.
 * - fa: Persian digits (۰–۹, arabext) with ٫ decimals and ٬ groups, and the Solar Hijri calendar
 *   Iranian readers date things by.
 * - ar: Latin digits (0–9). Arabic-Indic digits (٠–٩) are at home in the Mashriq but the Maghreb
 *   writes Latin ones, and the Arabic versions of the P2P and exchange apps our users already know
 *   show prices in Latin digits; amounts here also sit beside Latin-digit order ids, block numbers
 *   and addresses, and one system across the page beats two. Written explicitly (`nu-latn`)
 *   because engines disagree on the default for plain "ar". Gregorian calendar.
 * - fr: narrow no-break space groups and comma decimals (1 234,5); zh: 1,234.5; vi: 1.234,5.
 * - en: en-GB, so dates read day-month-year.
 */
export const INTL_TAG: Record<Locale, string> = {
  en: "en-GB",
  fa: "fa-IR-u-nu-arabext",
  ar: "ar-u-nu-latn",
  fr: "fr-FR",
  zh: "zh-CN",
  vi: "vi-VN",
};

export const isLocale = (value: unknown): value is Locale => (LOCALES as readonly unknown[]).includes(value);

export const parseLocale = (value: string | undefined | null): Locale => (isLocale(value) ? value : DEFAULT_LOCALE);

/**
 * The best of our languages for an Accept-Language header ("fa-IR,fa;q=0.9,en;q=0.8"), matched on
 * the primary subtag in the order of the listed weights; English when none matches.
 */
export function negotiateLocale(acceptLanguage: string | undefined | null): Locale {
  const ranges = (acceptLanguage ?? "")
    .split(",")
    .map((part, index) => {
      const [range = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: range.trim().toLowerCase(), weight: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((r) => r.tag && r.tag !== "*" && Number.isFinite(r.weight) && r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranges) {
    const primary = tag.split("-")[0];
    if (isLocale(primary)) return primary;
  }
  return DEFAULT_LOCALE;
}

/** The cookie wins (the reader chose it); otherwise the browser's languages decide. */
export const chooseLocale = (cookie: string | undefined, acceptLanguage: string | undefined | null): Locale =>
  isLocale(cookie) ? cookie : negotiateLocale(acceptLanguage);
