"use client";
// One transaction through its stages: signing in the wallet, pending in the mempool, mined, and
// confirmed once it has the chain's required confirmations, its own block the first (contracts/chains.ts).
import { confirmationsAt, requiredConfirmations } from "@p2p-escrow/contracts/chains";
import { useCallback, useState } from "react";
import type { Hash, TransactionReceipt } from "viem";
import { usePublicClient } from "wagmi";

export type TxStage = "idle" | "signing" | "pending" | "mined" | "confirmed" | "failed";

export interface TxState {
  label: string;
  stage: TxStage;
  hash?: Hash;
  confirmations: number;
  required: number;
  error?: unknown;
}

const IDLE: TxState = { label: "", stage: "idle", confirmations: 0, required: 1 };

export function useTransaction(chainId: number) {
  const client = usePublicClient({ chainId });
  const [state, setState] = useState<TxState>(IDLE);
  const required = requiredConfirmations(chainId);

  const run = useCallback(
    async (label: string, send: () => Promise<Hash>): Promise<TransactionReceipt> => {
      setState({ label, stage: "signing", confirmations: 0, required });
      try {
        const hash = await send();
        setState({ label, stage: "pending", hash, confirmations: 0, required });
        if (!client) throw new Error("No RPC client for this chain");
        const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 500 });
        if (receipt.status !== "success") throw new Error(`The transaction reverted (${hash})`);
        setState({ label, stage: "mined", hash, confirmations: 1, required });
        let confirmations = 1;
        while (confirmations < required) {
          await new Promise((r) => setTimeout(r, 2_000));
          confirmations = confirmationsAt(receipt.blockNumber, await client.getBlockNumber());
          setState({ label, stage: confirmations >= required ? "confirmed" : "mined", hash, confirmations, required });
        }
        setState({ label, stage: "confirmed", hash, confirmations, required });
        return receipt;
      } catch (error) {
        setState((s) => ({ ...s, stage: "failed", error }));
        throw error;
      }
    },
    [client, required],
  );

  return { state, run, reset: () => setState(IDLE) };
}
