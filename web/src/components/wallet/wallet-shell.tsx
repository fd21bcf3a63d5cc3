"use client";
// WagmiProvider > RainbowKitProvider (QueryClientProvider sits above, in the root providers),
// created once per tab from the runtime settings.
import "@rainbow-me/rainbowkit/styles.css";
import { RainbowKitProvider } from "@rainbow-me/rainbowkit";
import { type ReactNode, useEffect, useState } from "react";
import { useAccount, WagmiProvider } from "wagmi";
import { SiteHeader } from "@/components/layout/site-header.tsx";
import { useRuntimeConfig } from "@/config/runtime-context.tsx";
import { useLocale } from "@/i18n/i18n.tsx";
import { RAINBOWKIT_LOCALE } from "@/i18n/rainbowkit.ts";
import { RealtimeProvider } from "@/lib/realtime/use-realtime.tsx";
import { makeWagmiConfig } from "@/lib/wallet/wagmi-config.ts";
import { useSessionStore } from "@/stores/session.ts";
import { NetworkGuard } from "./network-guard.tsx";
import { WalletControls } from "./wallet-controls.tsx";

function ActiveAccountSync() {
  const { address } = useAccount();
  const setActive = useSessionStore((s) => s.setActive);
  useEffect(() => {
    if (address) setActive(address);
  }, [address, setActive]);
  return null;
}

export function WalletShell({ children }: { children: ReactNode }) {
  const runtime = useRuntimeConfig();
  const locale = useLocale();
  const [config] = useState(() => makeWagmiConfig(runtime));
  return (
    <WagmiProvider config={config}>
      <RainbowKitProvider locale={RAINBOWKIT_LOCALE[locale]} modalSize="compact">
        <ActiveAccountSync />
        <RealtimeProvider>
          <SiteHeader wallet={<WalletControls />} />
          <NetworkGuard />
          <main id="main" className="page">
            {children}
          </main>
        </RealtimeProvider>
      </RainbowKitProvider>
    </WagmiProvider>
  );
}
