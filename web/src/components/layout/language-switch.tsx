"use client";
import { useRouter } from "next/navigation";
import { useLocale, useT } from "@/i18n/i18n.tsx";
import { LOCALE_COOKIE, type Locale } from "@/i18n/locales.ts";

const NAMES: Record<Locale, string> = { en: "English", fa: "فارسی" };

export function LanguageSwitch() {
  const locale = useLocale();
  const router = useRouter();
  const t = useT();
  const next: Locale = locale === "fa" ? "en" : "fa";
  return (
    <button
      type="button"
      className="button secondary"
      lang={next}
      aria-label={t("Switch language to {name}", { name: NAMES[next] })}
      onClick={() => {
        // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not in every browser
        document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
        router.refresh();
      }}
    >
      {NAMES[next]}
    </button>
  );
}
