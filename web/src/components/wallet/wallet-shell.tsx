"use client";
// WagmiProvider > RainbowKitProvider (QueryClientProvider sits above, in the root providers),
// created once per tab from the runtime settings.
import "@rainbow-me/rainbowkit/styles.css";
import { lightTheme, RainbowKitProvider } from "@rainbow-me/rainbowkit";
import { type ReactNode, useEffect, useState } from "react";
import { useAccount, useAccountEffect, WagmiProvider } from "wagmi";
import { SiteHeader } from "@/components/layout/site-header.tsx";
import { useRuntimeConfig } from "@/config/runtime-context.tsx";
import { useLocale } from "@/i18n/i18n.tsx";
import { RAINBOWKIT_LOCALE } from "@/i18n/rainbowkit.ts";
import { RealtimeProvider } from "@/lib/realtime/use-realtime.tsx";
import { walletConnected, walletSignedOut } from "@/lib/wallet/account-lifecycle.ts";
import { makeWagmiConfig } from "@/lib/wallet/wagmi-config.ts";
import { DevWalletPrompt } from "./dev-wallet-prompt.tsx";
import { NetworkGuard } from "./network-guard.tsx";
import { WalletControls } from "./wallet-controls.tsx";

/** Keeps the device's sign-ins in step with the wallet: a switch or a sign-out clears the last wallet's. */
function ActiveAccountSync() {
  const { address } = useAccount();
  useAccountEffect({ onDisconnect: walletSignedOut });
  useEffect(() => {
    if (address) walletConnected(address);
  }, [address]);
  return null;
}

export function WalletShell({ children }: { children: ReactNode }) {
  const runtime = useRuntimeConfig();
  const locale = useLocale();
  const [config] = useState(() => makeWagmiConfig(runtime));
  return (
    <WagmiProvider config={config}>
      <RainbowKitProvider
        locale={RAINBOWKIT_LOCALE[locale]}
        modalSize="compact"
        // RainbowKit's own blue under white text is 4.17:1 (axe: serious); the app's accent meets AA.
        theme={lightTheme({ accentColor: "var(--color-accent)", accentColorForeground: "var(--color-accent-fg)" })}
      >
        <ActiveAccountSync />
        <RealtimeProvider>
          <SiteHeader wallet={<WalletControls />} />
          <NetworkGuard />
          <DevWalletPrompt />
          <main id="main" className="page">
            {children}
          </main>
        </RealtimeProvider>
      </RainbowKitProvider>
    </WagmiProvider>
  );
}
