"use client";
// Providers every route shares: runtime settings, translations and TanStack Query. The wallet
// stack (wagmi, RainbowKit) is mounted only by the routes that need it: see (wallet)/layout.tsx.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import type { RuntimeConfig } from "@/config/runtime.ts";
import { RuntimeConfigProvider } from "@/config/runtime-context.tsx";
import { I18nProvider, type Messages } from "@/i18n/i18n.tsx";
import type { Locale } from "@/i18n/locales.ts";

export function AppProviders({
  config,
  locale,
  messages,
  children,
}: {
  config: RuntimeConfig;
  locale: Locale;
  messages: Messages;
  children: ReactNode;
}) {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, retry: 1 } } }));
  return (
    <RuntimeConfigProvider value={config}>
      <I18nProvider locale={locale} messages={messages}>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </I18nProvider>
    </RuntimeConfigProvider>
  );
}
