"use client";
// Gas paid in the order's stablecoin, where the wallet can take it: a wallet that says (EIP-5792
// `wallet_getCapabilities`) it supports an ERC-7677 paymaster service on the chain, on a chain where
// the StablecoinPaymaster is deployed. Such a wallet gets an action's calls in one
// `wallet_sendCalls` naming the API's paymaster service (POST /paymaster, docs/gas.md) and the
// token; while the paymaster is not approved yet, that approval rides first in the same batch. Any
// other wallet sends its transactions with native gas as before.
import { addressOf, contractOn } from "@p2p-escrow/contracts/deployed";
import { type Address, type ContractFunctionName, encodeFunctionData, maxUint256 } from "viem";
import { useAccount, useCapabilities, useConfig, useSendCalls } from "wagmi";
import { sendTransaction, writeContract } from "wagmi/actions";
import { useRuntimeConfig } from "@/config/runtime-context.tsx";
import { escrowAbi } from "@/generated/contracts.ts";
import { allowanceBelow, approveCall, type Call } from "./allowance.ts";
import type { useTransaction } from "./use-transaction.ts";

/** One call of the escrow: its function and arguments. */
export interface EscrowCall {
  functionName: ContractFunctionName<typeof escrowAbi, "nonpayable" | "payable">;
  args: readonly (bigint | string)[];
  /** Native coin sent along (escalating to a paid fallback): such a call always goes as a plain transaction. */
  value?: bigint;
}

/** `call` as one call of a batch, to the escrow on `chainId`. */
export const escrowCallOf = (chainId: number, call: EscrowCall): Call => ({
  to: addressOf(chainId, "P2PEscrow"),
  data: encodeFunctionData({ abi: escrowAbi, functionName: call.functionName, args: call.args } as never),
});

type Transaction = Pick<ReturnType<typeof useTransaction>, "run" | "runCalls">;

export function useGasInStablecoins(chainId: number) {
  const { address } = useAccount();
  const { apiUrl } = useRuntimeConfig();
  const config = useConfig();
  const { sendCallsAsync } = useSendCalls();
  const capabilities = useCapabilities({ chainId, query: { enabled: !!address && !!chainId } });
  const paymaster = contractOn(chainId, "StablecoinPaymaster")?.address;
  const available = !!paymaster && capabilities.data?.paymasterService?.supported === true;

  /** Sends `calls` in one batch with the gas taken in `token`; answers the batch's id. */
  async function send(calls: readonly Call[], token: Address): Promise<string> {
    if (!address || !paymaster) throw new Error("Gas in stablecoins is not available here");
    // Unlimited, once: USDT refuses to change one non-zero allowance to another (docs/gas.md).
    const approval = (await allowanceBelow(config, { chainId, token, owner: address, spender: paymaster, amount: 1n }))
      ? [approveCall(token, paymaster, maxUint256)]
      : [];
    const { id } = await sendCallsAsync({
      chainId,
      calls: [...approval, ...calls],
      capabilities: { paymasterService: { url: `${apiUrl}/paymaster`, context: { token } } },
    });
    return id;
  }

  /**
   * Sends `call` to the escrow as the wallet pays for it: after `first` (approvals) in one batch with
   * the gas taken in `token`, or else as plain transactions, `first` each on its own.
   */
  async function sendEscrow(tx: Transaction, label: string, call: EscrowCall, token: Address, first: { label: string; call: Call }[] = []) {
    if (available && !call.value) return tx.runCalls(label, () => send([...first.map((f) => f.call), escrowCallOf(chainId, call)], token));
    for (const step of first) await tx.run(step.label, () => sendTransaction(config, { to: step.call.to, data: step.call.data, chainId }));
    return tx.run(label, () =>
      writeContract(config, {
        address: addressOf(chainId, "P2PEscrow"),
        abi: escrowAbi,
        functionName: call.functionName,
        args: call.args,
        value: call.value,
        chainId,
      } as never),
    );
  }

  return { available, send, sendEscrow };
}
