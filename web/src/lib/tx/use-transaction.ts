"use client";
// One transaction through its stages: signing in the wallet, pending in the mempool, mined, and
// confirmed once it has the chain's required confirmations, its own block the first (contracts/chains.ts).
import { confirmationsAt, requiredConfirmations } from "@p2p-escrow/contracts/chains";
import { useCallback, useState } from "react";
import type { Hash, Log } from "viem";
import { useConfig, usePublicClient } from "wagmi";
import { waitForCallsStatus } from "wagmi/actions";

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

/** What a step returns once its transaction is mined: the same for a plain transaction and for calls sent as a user operation. */
export interface Mined {
  transactionHash: Hash;
  blockNumber: bigint;
  logs: Log[];
}

/** How long a batch of calls (a user operation) may take to be bundled and mined. */
const CALLS_TIMEOUT_MS = 180_000;

export function useTransaction(chainId: number) {
  const client = usePublicClient({ chainId });
  const config = useConfig();
  const [state, setState] = useState<TxState>(IDLE);
  const required = requiredConfirmations(chainId);

  /** Follows a step from the wallet's answer to its mined result and the chain's required confirmations. */
  const follow = useCallback(
    async (label: string, sent: () => Promise<string>, mined: (id: string) => Promise<Mined>, idIsHash: boolean): Promise<Mined> => {
      setState({ label, stage: "signing", confirmations: 0, required });
      try {
        const id = await sent();
        // A plain transaction's hash shows as soon as it is known; a batch of calls shows its bundle's once mined.
        const hash = idIsHash ? (id as Hash) : undefined;
        setState({ label, stage: "pending", hash, confirmations: 0, required });
        if (!client) throw new Error("No RPC client for this chain");
        const result = await mined(id);
        setState({ label, stage: "mined", hash: result.transactionHash, confirmations: 1, required });
        let confirmations = 1;
        while (confirmations < required) {
          await new Promise((r) => setTimeout(r, 2_000));
          confirmations = confirmationsAt(result.blockNumber, await client.getBlockNumber());
          setState({
            label,
            stage: confirmations >= required ? "confirmed" : "mined",
            hash: result.transactionHash,
            confirmations,
            required,
          });
        }
        setState({ label, stage: "confirmed", hash: result.transactionHash, confirmations, required });
        return result;
      } catch (error) {
        setState((s) => ({ ...s, stage: "failed", error }));
        throw error;
      }
    },
    [client, required],
  );

  /** One transaction the wallet sends. */
  const run = useCallback(
    (label: string, send: () => Promise<Hash>): Promise<Mined> =>
      follow(
        label,
        send,
        async (hash) => {
          const receipt = await client!.waitForTransactionReceipt({ hash: hash as Hash, pollingInterval: 500 });
          if (receipt.status !== "success") throw new Error(`The transaction reverted (${hash})`);
          return receipt;
        },
        true,
      ),
    [client, follow],
  );

  /** Calls the wallet sends together (EIP-5792 `wallet_sendCalls`), answering with the batch's id. */
  const runCalls = useCallback(
    (label: string, send: () => Promise<string>): Promise<Mined> =>
      follow(
        label,
        send,
        async (id) => {
          const status = await waitForCallsStatus(config, { id, pollingInterval: 500, timeout: CALLS_TIMEOUT_MS });
          const receipt = status.receipts?.[0];
          if (status.status !== "success" || !receipt || receipt.status !== "success") throw new Error(`The calls failed on chain (${id})`);
          return { transactionHash: receipt.transactionHash, blockNumber: receipt.blockNumber, logs: receipt.logs as Log[] };
        },
        false,
      ),
    [config, follow],
  );

  return { state, run, runCalls, reset: () => setState(IDLE) };
}
