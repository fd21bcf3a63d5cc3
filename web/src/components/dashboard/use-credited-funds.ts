"use client";
// Credited funds: payouts a token refused to deliver (a blocklisted address) wait in the escrow
// until their owner withdraws them. The escrow sends a credit only to the address it belongs to,
// never elsewhere, so that it is no way around an issuer's freeze: while the token blocks the
// address, withdrawing fails and the credit stays, until the token unblocks it.
import { addressOf } from "@p2p-escrow/contracts/deployed";
import { useState } from "react";
import { useAccount, useReadContracts } from "wagmi";
import { useOfferedChains } from "@/config/runtime-context.tsx";
import { escrowAbi, useWriteEscrowWithdraw } from "@/generated/contracts.ts";
import { useTransaction } from "@/lib/tx/use-transaction.ts";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/** The connected wallet's credit in each token of each chain, and withdrawing one to that wallet (the only place it can go). */
export function useCreditedFunds() {
  const { address } = useAccount();
  const { chains } = useOfferedChains();
  const rows = chains.flatMap((c) => c.tokens.map((token) => ({ chainId: c.id, chainName: c.chain.name, token })));
  // The status line follows the chain of the last withdrawal.
  const [chainId, setChainId] = useState(rows[0]?.chainId ?? 0);
  const tx = useTransaction(chainId);
  const withdraw = useWriteEscrowWithdraw();
  const credits = useReadContracts({
    contracts: rows.map((r) => ({
      address: addressOf(r.chainId, "P2PEscrow"),
      abi: escrowAbi,
      functionName: "creditOf" as const,
      args: [r.token.address, address ?? ZERO_ADDRESS] as const,
      chainId: r.chainId,
    })),
    query: { enabled: !!address },
  });
  return {
    address,
    rows: rows.map((r, i) => ({ ...r, credit: (credits.data?.[i]?.result as bigint | undefined) ?? 0n })),
    withdraw: (r: (typeof rows)[number]) => {
      if (!address) return;
      setChainId(r.chainId);
      void tx
        .run("Withdraw", () => withdraw.writeContractAsync({ args: [r.token.address], chainId: r.chainId }))
        .then(
          () => credits.refetch(),
          () => undefined,
        );
    },
    chainId,
    tx: tx.state,
  };
}
