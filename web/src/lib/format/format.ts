// Display helpers shared by the views. Everything a reader sees as a number, an amount, a date or
// a countdown goes through Intl with the reader's locale (INTL_TAG decides digits and marks).
import type { Stablecoin } from "@p2p-escrow/contracts/deployed";
import { tokenInfo } from "@/config/chains.ts";
import { INTL_TAG, type Locale } from "@/i18n/locales.ts";
import { formatNumber, formatUnitsLocal } from "./number.ts";

export const shortAddress = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

/**
 * A listing's price (a decimal string of US dollars) as the locale writes money: "$12.50",
 * "$۱۲٫۵۰", "12,50 $". Intl reads the decimal string exactly, never through a float.
 */
export const formatPrice = (price: string, locale: Locale) =>
  new Intl.NumberFormat(INTL_TAG[locale], {
    style: "currency",
    currency: "USD",
    currencyDisplay: "narrowSymbol",
    maximumFractionDigits: 6,
  }).format(price as Intl.StringNumericLiteral);

/** Token units as whole tokens with the token's symbol, e.g. "120.5 USDC", "۱۲۰٫۵ USDC", "120,5 USDC". */
export function formatAmount(chainId: number, token: string, units: string | bigint, locale: Locale): string {
  return formatTokenAmount(tokenInfo(chainId, token), units, locale);
}

/** `formatAmount` for a token already looked up with `tokenInfo`; undefined for one the app does not know. */
export function formatTokenAmount(info: Stablecoin | undefined, units: string | bigint, locale: Locale): string {
  if (!info) return `${formatNumber(BigInt(units), locale, { useGrouping: false })} units`;
  return `${formatUnitsLocal(BigInt(units), info.decimals, locale)} ${info.symbol}`;
}

/**
 * How long each language writes its duration units: Persian, Arabic and Vietnamese spell them
 * (the narrow forms are Latin letters or single letters there), the others abbreviate.
 */
const UNIT_DISPLAY: Record<Locale, "narrow" | "short" | "long"> = {
  en: "narrow",
  fr: "narrow",
  zh: "narrow",
  fa: "short",
  vi: "short",
  ar: "long",
};

const unit = (locale: Locale, name: "day" | "hour" | "minute" | "second", value: number, pad = false) =>
  new Intl.NumberFormat(INTL_TAG[locale], {
    style: "unit",
    unit: name,
    unitDisplay: UNIT_DISPLAY[locale],
    minimumIntegerDigits: pad ? 2 : 1,
  }).format(value);

/** "2h 05m", "3d 4h", or "0s" once passed, in the locale's words and digits; the seconds matter only in the last minute. */
export function formatDuration(seconds: number, locale: Locale): string {
  const list = (parts: string[]) => new Intl.ListFormat(INTL_TAG[locale], { style: "narrow", type: "unit" }).format(parts);
  if (seconds <= 0) return unit(locale, "second", 0);
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3_600);
  const m = Math.floor((seconds % 3_600) / 60);
  const s = Math.floor(seconds % 60);
  if (d > 0) return list([unit(locale, "day", d), unit(locale, "hour", h)]);
  if (h > 0) return list([unit(locale, "hour", h), unit(locale, "minute", m, true)]);
  if (m > 0) return list([unit(locale, "minute", m), unit(locale, "second", s, true)]);
  return unit(locale, "second", s);
}

/** A moment as date and time, e.g. "2 Dec 2026, 07:12"; Persian in the Solar Hijri calendar. */
export const formatDate = (unixSeconds: string | number, locale: Locale) => formatInstant(new Date(Number(unixSeconds) * 1000), locale);

export const formatInstant = (instant: Date, locale: Locale) =>
  instant.toLocaleString(INTL_TAG[locale], { dateStyle: "medium", timeStyle: "short" });
