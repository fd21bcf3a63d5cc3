// The wagmi config: the chains this server offers (the local chain only when the runtime config
// says so), an HTTP transport per chain from the runtime settings, and RainbowKit's wallet list
// (injected, WalletConnect when a project id is configured, and the dev accounts with the local chain).
import { connectorsForWallets, type WalletList } from "@rainbow-me/rainbowkit";
import { injectedWallet, walletConnectWallet } from "@rainbow-me/rainbowkit/wallets";
import type { Chain } from "viem";
import { createConfig, http, type Transport } from "wagmi";
import { requireOfferedChains } from "@/config/offered-chains.ts";
import type { RuntimeConfig } from "@/config/runtime.ts";
import { devWalletGroup } from "./dev-wallets.ts";

export function makeWagmiConfig(runtime: RuntimeConfig) {
  const offered = requireOfferedChains(runtime);
  const chains = offered.map((c) => c.chain) as [Chain, ...Chain[]];
  const transports: Record<number, Transport> = {};
  for (const c of offered) transports[c.id] = http(runtime.rpcUrls[c.id]);

  const real: WalletList[number]["wallets"] = [injectedWallet];
  if (runtime.walletConnectProjectId) real.push(walletConnectWallet);
  const dev = devWalletGroup(runtime);
  const groups: WalletList = [{ groupName: "Wallets", wallets: real }, ...(dev ? [dev] : [])];
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
