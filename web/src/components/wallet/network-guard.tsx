"use client";
// Detects a wallet on a chain the app does not run on, and offers to switch.
import { useAccount, useSwitchChain } from "wagmi";
import { useOfferedChains } from "@/config/runtime-context.tsx";
import { useT } from "@/i18n/i18n.tsx";

export function NetworkGuard({ chainId }: { chainId?: number }) {
  const { isConnected, chainId: current } = useAccount();
  const { switchChain, isPending } = useSwitchChain();
  const t = useT();
  const { chains } = useOfferedChains();
  if (!isConnected) return null;
  const wanted = chainId === undefined ? chains : chains.filter((c) => c.id === chainId);
  if (wanted.some((c) => c.id === current)) return null;
  return (
    <div role="alert" className="notice warning">
      <p>
        {chainId === undefined ? t("Your wallet is on a network this app does not support.") : t("This order lives on another network.")}
      </p>
      {wanted.map((c) => (
        <button key={c.id} type="button" className="button" disabled={isPending} onClick={() => switchChain({ chainId: c.id })}>
          {t("Switch to {chain}", { chain: c.chain.name })}
        </button>
      ))}
    </div>
  );
}
