"use client";
// Credited funds: payouts a token refused to deliver (a blocklisted address) wait in the escrow
// until their owner withdraws them to any address.
import { useState } from "react";
import type { Address } from "viem";
import { useAccount, useReadContracts } from "wagmi";
import { supportedChains } from "@/config/chains.ts";
import { escrowAbi, escrowAddress, useWriteEscrowWithdraw } from "@/generated/contracts.ts";
import { useT } from "@/i18n/i18n.tsx";
import { formatAmount } from "@/lib/format/format.ts";
import { useTransaction } from "@/lib/tx/use-transaction.ts";
import { TxStatus } from "@/components/tx/tx-status.tsx";

const rows = supportedChains.flatMap((c) => c.tokens.map((token) => ({ chainId: c.id, chainName: c.chain.name, token })));

export function Earnings() {
  const t = useT();
  const { address } = useAccount();
  const [chainId, setChainId] = useState(rows[0]?.chainId ?? 0);
  const tx = useTransaction(chainId);
  const withdraw = useWriteEscrowWithdraw();
  const credits = useReadContracts({
    contracts: rows.map((r) => ({
      address: (escrowAddress as Record<number, Address>)[r.chainId],
      abi: escrowAbi,
      functionName: "creditOf" as const,
      args: [r.token.address, address ?? "0x0000000000000000000000000000000000000000"] as const,
      chainId: r.chainId,
    })),
    query: { enabled: !!address },
  });
  return (
    <section className="panel" aria-labelledby="credits-heading">
      <h2 id="credits-heading">{t("Credited funds")}</h2>
      <p className="muted">{t("A payout the token refused is credited here; withdraw it to your wallet.")}</p>
      <ul>
        {rows.map((r, i) => {
          const credit = (credits.data?.[i]?.result as bigint | undefined) ?? 0n;
          return (
            <li key={`${r.chainId}:${r.token.address}`}>
              {r.token.symbol} · {r.chainName}: <strong>{formatAmount(r.chainId, r.token.address, credit)}</strong>{" "}
              {credit > 0n && address && (
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    setChainId(r.chainId);
                    void tx.run("Withdraw", () => withdraw.writeContractAsync({ args: [r.token.address, address], chainId: r.chainId })).then(() => credits.refetch(), () => undefined);
                  }}
                >
                  {t("Withdraw")}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <TxStatus state={tx.state} chainId={chainId} />
    </section>
  );
}
