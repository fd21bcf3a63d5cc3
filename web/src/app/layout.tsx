import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { readRuntimeConfig } from "@/config/runtime.ts";
import { htmlLang, isRtl } from "@/i18n/locales.ts";
import { serverTranslator } from "@/i18n/request-locale.ts";
import { AppProviders } from "./app-providers.tsx";
import "./globals.css";

// Settings come from the server's environment per request, so one build serves any stack.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "P2P Escrow", template: "%s · P2P Escrow" },
  description: "Buy and sell for stablecoins with the payment held in escrow on chain",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { locale, messages, t } = await serverTranslator();
  return (
    <html lang={htmlLang(locale)} dir={isRtl(locale) ? "rtl" : "ltr"}>
      <body>
        <a className="skip-link" href="#main">
          {t("Skip to content")}
        </a>
        <AppProviders config={readRuntimeConfig()} locale={locale} messages={messages}>
          {children}
        </AppProviders>
      </body>
    </html>
  );
}
