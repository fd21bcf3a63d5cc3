// One loader per language, so a page's server imports (and sends to the browser) only the
// dictionary of the language it renders. English needs only its plural forms: its keys are its text.
import type { Locale } from "./locales.ts";
import type { Messages } from "./messages.ts";

const LOADERS: Record<Locale, () => Promise<Messages>> = {
  en: () => import("./en.ts").then((m) => m.en),
  fa: () => import("./fa.ts").then((m) => m.fa),
  ar: () => import("./ar.ts").then((m) => m.ar),
  fr: () => import("./fr.ts").then((m) => m.fr),
  zh: () => import("./zh.ts").then((m) => m.zh),
  vi: () => import("./vi.ts").then((m) => m.vi),
};

export const loadMessages = (locale: Locale): Promise<Messages> => LOADERS[locale]();
