// The wagmi config: the supported chains from the one chain config, an HTTP transport per chain
// from the runtime settings, and RainbowKit's wallet list (injected, WalletConnect when a project
// id is configured, and the dev accounts on the local chain).
import { connectorsForWallets, type Wallet, type WalletList } from "@rainbow-me/rainbowkit";
import { injectedWallet, walletConnectWallet } from "@rainbow-me/rainbowkit/wallets";
import type { Chain } from "viem";
import { createConfig, createConnector, http, type Transport } from "wagmi";
import { supportedChains } from "@/config/chains.ts";
import type { RuntimeConfig } from "@/config/runtime.ts";
import { DEV_WALLETS } from "./dev-accounts.ts";
import { devAccountConnector } from "./dev-connector.ts";

const DEV_ICON =
  "data:image/svg+xml;utf8," +
  encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 28 28"><rect width="28" height="28" rx="6" fill="#0f766e"/><text x="14" y="19" font-size="13" text-anchor="middle" fill="#fff" font-family="sans-serif">dev</text></svg>');

function devWallet(index: number, role: string, chain: Chain, rpcUrl: string): () => Wallet {
  return () => ({
    id: `dev-${index}`,
    name: `Dev: ${role}`,
    iconUrl: DEV_ICON,
    iconBackground: "#0f766e",
    installed: true,
    createConnector: (details) => createConnector((config) => ({ ...devAccountConnector({ index, role, rpcUrl, chain })(config), ...details })),
  });
}

export function makeWagmiConfig(runtime: RuntimeConfig) {
  const chains = supportedChains.map((c) => c.chain) as [Chain, ...Chain[]];
  const transports: Record<number, Transport> = {};
  for (const c of supportedChains) transports[c.id] = http(runtime.rpcUrls[c.id]);

  const groups: WalletList = [];
  const real: WalletList[number]["wallets"] = [injectedWallet];
  if (runtime.walletConnectProjectId) real.push(walletConnectWallet);
  groups.push({ groupName: "Wallets", wallets: real });
  const local = supportedChains.find((c) => c.kind === "local");
  if (local && runtime.rpcUrls[local.id]) {
    groups.push({ groupName: "Dev accounts (local chain)", wallets: DEV_WALLETS.map((w) => devWallet(w.index, w.role, local.chain, runtime.rpcUrls[local.id]!)) });
  }
  const connectors = connectorsForWallets(groups, {
    appName: "P2P Escrow",
    // RainbowKit requires a string; WalletConnect is only offered when a real id is configured.
    projectId: runtime.walletConnectProjectId ?? "unset",
  });
  return createConfig({ chains, transports, connectors, ssr: true, multiInjectedProviderDiscovery: true });
}

declare module "wagmi" {
  interface Register {
    config: ReturnType<typeof makeWagmiConfig>;
  }
}
