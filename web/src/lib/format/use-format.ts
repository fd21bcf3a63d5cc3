"use client";
// The format helpers bound to the reader's locale, for components.
import type { Stablecoin } from "@p2p-escrow/contracts/deployed";
import { useMemo } from "react";
import { useLocale } from "@/i18n/i18n.tsx";
import { formatAmount, formatDate, formatDuration, formatInstant, formatPrice, formatTokenAmount } from "./format.ts";
import { amountExample, canonicalAmount, formatId, formatNumber, parseAmount } from "./number.ts";

export function useFormat() {
  const locale = useLocale();
  return useMemo(
    () => ({
      locale,
      formatAmount: (chainId: number, token: string, units: string | bigint) => formatAmount(chainId, token, units, locale),
      formatTokenAmount: (info: Stablecoin | undefined, units: string | bigint) => formatTokenAmount(info, units, locale),
      formatDate: (unixSeconds: string | number) => formatDate(unixSeconds, locale),
      formatInstant: (instant: Date) => formatInstant(instant, locale),
      formatDuration: (seconds: number) => formatDuration(seconds, locale),
      formatPrice: (price: string) => formatPrice(price, locale),
      formatNumber: (value: number | bigint, options?: Intl.NumberFormatOptions) => formatNumber(value, locale, options),
      formatId: (id: string | number | bigint) => formatId(id, locale),
      parseAmount: (input: string, decimals: number) => parseAmount(input, locale, decimals),
      /** A typed amount as a plain decimal string ("1234.5"), or undefined. */
      canonicalAmount: (input: string) => canonicalAmount(input, locale),
      /** How an amount is written in this language, for an amount field's placeholder. */
      amountHint: amountExample(locale),
    }),
    [locale],
  );
}
