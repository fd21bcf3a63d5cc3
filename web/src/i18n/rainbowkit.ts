// RainbowKit's wallet dialog has its own strings and its own list of languages (2.2: ar, de, en,
// es, fr, hi, id, ja, ko, ms, pt, ru, th, tr, uk, vi, zh, see @rainbow-me/rainbowkit's
// locales/index.d.ts). Persian is not among them, and it offers no way to hand it our own
// strings, so Persian readers get the dialog in English: Arabic, which it picked before, is a
// language they may not read.
import type { RainbowKitProvider } from "@rainbow-me/rainbowkit";
import type { ComponentProps } from "react";
import type { Locale } from "./locales.ts";

export type RainbowKitLocale = NonNullable<ComponentProps<typeof RainbowKitProvider>["locale"]>;

export const RAINBOWKIT_LOCALE: Record<Locale, RainbowKitLocale> = {
  en: "en-US",
  fa: "en-US",
  ar: "ar-AR",
  fr: "fr-FR",
  zh: "zh-CN",
  vi: "vi-VN",
};
