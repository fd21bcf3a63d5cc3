// Numbers and token amounts in the reader's language (digits, decimal mark and grouping from
// INTL_TAG), and amounts typed by the reader read back exactly. Token amounts are bigints of the
// token's smallest unit: they never pass through a floating-point number on the way to the screen.
import { parseUnits } from "viem";
// Relative, not "@/": the browser tests read ids the way the app writes them with this module.
import { INTL_TAG, type Locale } from "../../i18n/locales.ts";

interface Symbols {
  grouped: Intl.NumberFormat;
  digits: readonly string[];
  decimal: string;
  group: string;
  minus: string;
}

const cache = new Map<Locale, Symbols>();

/** The locale's digits and marks, read from Intl once per locale. */
export function numberSymbols(locale: Locale): Symbols {
  let symbols = cache.get(locale);
  if (!symbols) {
    const grouped = new Intl.NumberFormat(INTL_TAG[locale]);
    const parts = grouped.formatToParts(-12345.6);
    const part = (type: Intl.NumberFormatPartTypes, fallback: string) => parts.find((p) => p.type === type)?.value ?? fallback;
    symbols = {
      grouped,
      digits: Array.from({ length: 10 }, (_, i) => grouped.format(i)),
      decimal: part("decimal", "."),
      group: part("group", ","),
      minus: part("minusSign", "-"),
    };
    cache.set(locale, symbols);
  }
  return symbols;
}

/** A count or other plain number, grouped, in the locale's digits ("1 234" in French, "۱٬۲۳۴" in Persian). */
export const formatNumber = (value: number | bigint, locale: Locale, options?: Intl.NumberFormatOptions) =>
  options ? new Intl.NumberFormat(INTL_TAG[locale], options).format(value) : numberSymbols(locale).grouped.format(value);

/** An identifier such as an order id: the locale's digits, never grouped ("#۱۲" in Persian). */
export const formatId = (id: string | number | bigint, locale: Locale) =>
  new Intl.NumberFormat(INTL_TAG[locale], { useGrouping: false }).format(BigInt(id));

/**
 * `units` of a token with `decimals` decimals as the locale writes the number: the whole part
 * grouped by Intl (exact for a bigint), the fraction in the locale's digits, trailing zeros dropped.
 */
export function formatUnitsLocal(units: bigint, decimals: number, locale: Locale): string {
  const { grouped, digits, decimal, minus } = numberSymbols(locale);
  const negative = units < 0n;
  const magnitude = negative ? -units : units;
  const base = 10n ** BigInt(decimals);
  const fraction = (magnitude % base).toString().padStart(decimals, "0").replace(/0+$/, "");
  const whole = grouped.format(magnitude / base);
  const localFraction = [...fraction].map((d) => digits[Number(d)]).join("");
  return `${negative ? minus : ""}${whole}${fraction ? decimal + localFraction : ""}`;
}

const PERSIAN_ZERO = 0x06f0;
const ARABIC_INDIC_ZERO = 0x0660;

/**
 * An amount typed by the reader as a plain decimal string ("1234.5"), or undefined when it is not
 * one. Accepted whatever the language: Latin, Persian and Arabic-Indic digits; the Arabic decimal
 * mark ٫ and thousands mark ٬; spaces (also no-break ones) between groups. The locale decides the
 * comma and the dot: where the comma is the decimal mark (fr, vi), "1 234,5" and "1.234,5" are
 * 1234.5; elsewhere "1,234.5" is. A lone dot in French or Vietnamese is read as a decimal mark,
 * unless it groups thousands the Vietnamese way ("1.500" is 1500 there).
 */
export function canonicalAmount(input: string, locale: Locale): string | undefined {
  let text = input
    .trim()
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - PERSIAN_ZERO))
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - ARABIC_INDIC_ZERO))
    .replace(/[\s\u00a0\u202f\u2009\u066c']/g, "")
    .replace(/\u066b/g, ".");
  const { decimal, group } = numberSymbols(locale);
  if (decimal === ",") {
    if (text.includes(",")) text = text.replace(/\./g, "").replace(",", ".");
    else if (group === "." && /^\d{1,3}(\.\d{3})+$/.test(text)) text = text.replace(/\./g, "");
  } else if (/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(text)) text = text.replace(/,/g, "");
  else if (!text.includes(".") && /^\d+,\d+$/.test(text)) text = text.replace(",", ".");
  if (!/^(\d+\.?\d*|\.\d+)$/.test(text)) return undefined;
  const [whole = "", fraction = ""] = text.split(".");
  return `${whole.replace(/^0+(?=\d)/, "") || "0"}${fraction ? `.${fraction}` : ""}`;
}

/** The typed amount in the token's smallest unit, or undefined when it is not an amount or has more decimals than the token. */
export function parseAmount(input: string, locale: Locale, decimals: number): bigint | undefined {
  const canonical = canonicalAmount(input, locale);
  if (canonical === undefined) return undefined;
  const fraction = canonical.split(".")[1] ?? "";
  if (fraction.length > decimals) return undefined;
  return parseUnits(canonical, decimals);
}

/** How the reader may write an amount, e.g. "1,234.5" or "1 234,5", for a field's hint. */
export const amountExample = (locale: Locale) => formatUnitsLocal(12_345n, 1, locale);
