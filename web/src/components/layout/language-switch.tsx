"use client";
// The language menu: a native <select>, so keyboards, screen readers and phones handle it as they
// handle every other one. Each language is named in itself (and marked with its `lang`), so a
// reader who cannot read the current language still finds their own.
import { useRouter } from "next/navigation";
import { useLocale, useT } from "@/i18n/i18n.tsx";
import { isLocale, LOCALE_COOKIE, LOCALE_NAMES, LOCALES } from "@/i18n/locales.ts";

export function LanguageSwitch() {
  const locale = useLocale();
  const router = useRouter();
  const t = useT();
  return (
    <select
      className="language-switch"
      aria-label={t("Language")}
      data-testid="language-switch"
      value={locale}
      onChange={(event) => {
        const next = event.target.value;
        if (!isLocale(next)) return;
        // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not in every browser
        document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
        router.refresh();
      }}
    >
      {LOCALES.map((code) => (
        <option key={code} value={code} lang={code}>
          {LOCALE_NAMES[code]}
        </option>
      ))}
    </select>
  );
}
