// The dev accounts as RainbowKit wallets, one per role (@p2p-escrow/contracts/dev-accounts), signing through the dev
// connector on the local chain. Offered only when the runtime config offers the local chain: their
// keys come from a public mnemonic.

import { DEV_GASLESS_WALLETS, DEV_WALLETS } from "@p2p-escrow/contracts/dev-accounts";
import type { Wallet, WalletList } from "@rainbow-me/rainbowkit";
import { createConnector } from "wagmi";
import { offeredChains } from "@/config/offered-chains.ts";
import type { RuntimeConfig } from "@/config/runtime.ts";
import { type DevConnectorOptions, devAccountConnector } from "./dev-connector.ts";

const DEV_ICON =
  "data:image/svg+xml;utf8," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 28 28"><rect width="28" height="28" rx="6" fill="#0f766e"/><text x="14" y="19" font-size="13" text-anchor="middle" fill="#fff" font-family="sans-serif">dev</text></svg>',
  );

function devWallet(options: DevConnectorOptions): () => Wallet {
  return () => ({
    id: `dev-${options.index}`,
    name: `Dev: ${options.role}`,
    iconUrl: DEV_ICON,
    iconBackground: "#0f766e",
    installed: true,
    createConnector: (details) => createConnector((config) => ({ ...devAccountConnector(options)(config), ...details })),
  });
}

/** The dev accounts' wallet group, or null where the local chain is not offered or has no RPC URL. */
export function devWalletGroup(runtime: Pick<RuntimeConfig, "localChain" | "rpcUrls" | "bundlerUrls">): WalletList[number] | null {
  const local = offeredChains(runtime).find((c) => c.kind === "local");
  const rpcUrl = local && runtime.rpcUrls[local.id];
  if (!local || !rpcUrl) return null;
  // The stablecoin-only wallets need the chain's bundler: offered only where one runs.
  const bundlerUrl = runtime.bundlerUrls[local.id];
  return {
    groupName: "Dev accounts (local chain)",
    wallets: [
      ...DEV_WALLETS.map(({ index, role }) => devWallet({ index, role, rpcUrl, chain: local.chain })),
      ...(bundlerUrl
        ? DEV_GASLESS_WALLETS.map(({ index, role }) => devWallet({ index, role, rpcUrl, chain: local.chain, bundlerUrl }))
        : []),
    ],
  };
}
