// The language of the request being rendered on the server: the `lang` cookie, or on a first
// visit the browser's Accept-Language.
import { cookies, headers } from "next/headers";
import { loadMessages } from "./dictionaries.ts";
import { chooseLocale, LOCALE_COOKIE, type Locale } from "./locales.ts";
import { translate, type Vars } from "./messages.ts";

export async function requestLocale(): Promise<Locale> {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  return chooseLocale(cookieStore.get(LOCALE_COOKIE)?.value, headerList.get("accept-language"));
}

/** t() for server components, in the request's language. */
export async function serverTranslator() {
  const locale = await requestLocale();
  const messages = await loadMessages(locale);
  return { locale, messages, t: (text: string, vars?: Vars) => translate(locale, messages, text, vars) };
}
