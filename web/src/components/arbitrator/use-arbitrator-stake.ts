"use client";
// Register, stake more, unstake (after the cooldown) and withdraw from the arbitrator pool; recover
// reputation lost to missed windows, and see whether a weight change waits for open draws. A wallet
// that pays gas in stablecoins (use-gas-in-stablecoins.ts) pays it in the stake token, with the
// pool's approval in the same batch as the stake.
import { addressOf } from "@p2p-escrow/contracts/deployed";
import { useState } from "react";
import { type ContractFunctionName, encodeFunctionData, type Hash } from "viem";
import { useAccount, useConfig } from "wagmi";
import { chainInfo } from "@/config/chains.ts";
import { useOfferedChains } from "@/config/runtime-context.tsx";
import {
  arbitratorPoolAbi,
  useReadArbitratorPoolCreditOf,
  useReadArbitratorPoolGetArbitrator,
  useReadArbitratorPoolIsWeightQueued,
  useReadArbitratorPoolMinStake,
  useReadArbitratorPoolOpenDraws,
  useReadArbitratorPoolStakeToken,
  useReadArbitratorPoolWeightOf,
  useWriteArbitratorPoolApplyQueuedWeights,
  useWriteArbitratorPoolIncreaseStake,
  useWriteArbitratorPoolRecoverReputation,
  useWriteArbitratorPoolRegister,
  useWriteArbitratorPoolRequestUnstake,
  useWriteArbitratorPoolWithdraw,
  useWriteArbitratorPoolWithdrawStake,
  useWriteStablecoinApprove,
} from "@/generated/contracts.ts";
import { useChainNow } from "@/lib/chain/use-chain-now.ts";
import { useFormat } from "@/lib/format/use-format.ts";
import { allowanceBelow, approveCall, type Call } from "@/lib/tx/allowance.ts";
import { useGasInStablecoins } from "@/lib/tx/use-gas-in-stablecoins.ts";
import { useTransaction } from "@/lib/tx/use-transaction.ts";

/** The pool's arbitrator statuses, by their enum value. */
export const ARBITRATOR_STATUS = ["Not registered", "Active", "Unstaking"] as const;
const ACTIVE = 1;
const UNSTAKING = 2;

/**
 * How reputation recovers with time (ArbitratorPool's `_RECOVERY_PERIOD` and `_RECOVERY_CAP`, which
 * the pool does not expose): one point per whole period since its last change, up to the starting
 * reputation, when the arbitrator calls recoverReputation().
 */
export const REPUTATION_RECOVERY = { period: 7 * 86_400, cap: 50 } as const;

/** What recoverReputation() would add now (0 when it would change nothing), and when the next point is due (unix seconds). */
export function reputationRecovery(
  arbitrator: { status: number; reputation: number; reputationSince: number } | undefined,
  now: number,
): { points: number; nextAt: number | null } {
  if (!arbitrator || arbitrator.status !== ACTIVE || arbitrator.reputation >= REPUTATION_RECOVERY.cap) return { points: 0, nextAt: null };
  const periods = Math.floor(Math.max(0, now - arbitrator.reputationSince) / REPUTATION_RECOVERY.period);
  const points = Math.min(periods, REPUTATION_RECOVERY.cap - arbitrator.reputation);
  return { points, nextAt: arbitrator.reputationSince + (periods + 1) * REPUTATION_RECOVERY.period };
}

/** The connected wallet's place in the arbitrator pool of its chain (else the default chain), and what it can do there. */
export function useArbitratorStake() {
  const config = useConfig();
  const { address, chainId: walletChainId } = useAccount();
  const { chains, defaultChain } = useOfferedChains();
  const chainId = walletChainId && chains.some((c) => c.id === walletChainId) ? walletChainId : defaultChain.id;
  const pool = addressOf(chainId, "ArbitratorPool");
  const tx = useTransaction(chainId);
  const gas = useGasInStablecoins(chainId);
  const now = useChainNow(chainId);
  const enabled = { query: { enabled: !!address } };
  const info = useReadArbitratorPoolGetArbitrator({ args: address ? [address] : undefined, chainId, ...enabled });
  const minStake = useReadArbitratorPoolMinStake({ chainId });
  const stakeToken = useReadArbitratorPoolStakeToken({ chainId });
  const credit = useReadArbitratorPoolCreditOf({ args: address ? [address] : undefined, chainId, ...enabled });
  const weight = useReadArbitratorPoolWeightOf({ args: address ? [address] : undefined, chainId, ...enabled });
  const queued = useReadArbitratorPoolIsWeightQueued({ args: address ? [address] : undefined, chainId, ...enabled });
  const openDraws = useReadArbitratorPoolOpenDraws({ chainId });
  const approve = useWriteStablecoinApprove();
  const register = useWriteArbitratorPoolRegister();
  const increase = useWriteArbitratorPoolIncreaseStake();
  const requestUnstake = useWriteArbitratorPoolRequestUnstake();
  const withdrawStake = useWriteArbitratorPoolWithdrawStake();
  const withdraw = useWriteArbitratorPoolWithdraw();
  const recover = useWriteArbitratorPoolRecoverReputation();
  const applyQueued = useWriteArbitratorPoolApplyQueuedWeights();
  const [amount, setAmount] = useState("");
  const { parseAmount } = useFormat();
  const token = stakeToken.data;
  const decimals = token ? (chainInfo(chainId)?.tokens.find((x) => x.address.toLowerCase() === token.toLowerCase())?.decimals ?? 18) : 18;
  const arbitrator = info.data;
  const active = arbitrator?.status === ACTIVE;
  const unstaking = arbitrator?.status === UNSTAKING;
  const refresh = () => Promise.all([info.refetch(), credit.refetch(), weight.refetch(), queued.refetch(), openDraws.refetch()]);
  const recovery = reputationRecovery(
    arbitrator && { status: arbitrator.status, reputation: arbitrator.reputation, reputationSince: arbitrator.reputationSince },
    now,
  );

  /** `functionName(args)` of the pool as one call of a batch. */
  const poolCall = (functionName: ContractFunctionName<typeof arbitratorPoolAbi, "nonpayable">, args: readonly unknown[] = []): Call => ({
    to: pool,
    data: encodeFunctionData({ abi: arbitratorPoolAbi, functionName, args } as never),
  });
  /** Sends `calls` in one batch with the gas taken in the stake token, where the wallet can; else `write`. */
  const run = (label: string, calls: Call[], write: () => Promise<Hash>) =>
    gas.available && token ? tx.runCalls(label, () => gas.send(calls, token)) : tx.run(label, write);

  /** Registers with the amount entered, or adds it to an active stake; approves the pool first when needed. */
  const stake = async () => {
    if (!address || !token) return;
    // Typed in the reader's digits and marks; the field's placeholder shows the form.
    const units = parseAmount(amount || "0", decimals);
    if (units === undefined) return;
    const label = active ? "Increase stake" : "Register as arbitrator";
    const call = poolCall(active ? "increaseStake" : "register", [units]);
    const write = () => (active ? increase : register).writeContractAsync({ args: [units], chainId });
    try {
      const short = await allowanceBelow(config, { chainId, token, owner: address, spender: pool, amount: units });
      if (gas.available) await run(label, [...(short ? [approveCall(token, pool, units)] : []), call], write);
      else {
        if (short) await tx.run("Approve", () => approve.writeContractAsync({ address: token, args: [pool, units], chainId }));
        await tx.run(label, write);
      }
      await refresh();
    } catch {
      // shown by TxStatus
    }
  };
  /**
   * One pool call, then the pool's figures again; a failure shows in the status line. The call is
   * encoded when it is sent: some take the wallet's address, unknown before it connects.
   */
  const send = (label: string, call: () => Call, write: () => Promise<Hash>) => () =>
    void run(label, [call()], write).then(refresh, () => undefined);

  return {
    address,
    chainId,
    now,
    arbitrator,
    status: arbitrator ? (ARBITRATOR_STATUS[arbitrator.status] ?? "?") : "?",
    active,
    unstaking,
    /** The stake token's address, once read. */
    token,
    minStake: minStake.data,
    credit: credit.data ?? 0n,
    amount,
    setAmount,
    stake: () => void stake(),
    requestUnstake: send(
      "Request unstake",
      () => poolCall("requestUnstake"),
      () => requestUnstake.writeContractAsync({ chainId }),
    ),
    // The pool refuses while block.timestamp < unstakeAvailableAt.
    canWithdrawStake: unstaking && now >= Number(arbitrator.unstakeAvailableAt),
    withdrawStake: send(
      "Withdraw stake",
      () => poolCall("withdrawStake"),
      () => withdrawStake.writeContractAsync({ chainId }),
    ),
    // The pool pays a credit to its owner only, like the escrow.
    withdrawCredit: send(
      "Withdraw",
      () => poolCall("withdraw"),
      () => withdraw.writeContractAsync({ chainId }),
    ),
    /** The draw weight the pool holds now (a queued change is not in it yet). */
    weight: weight.data,
    /** A weight change of this arbitrator waits for the open draws to close. */
    weightQueued: queued.data === true,
    openDraws: openDraws.data,
    /** The queued change can be applied now (the keeper normally does it). */
    canApplyQueued: queued.data === true && openDraws.data === 0n,
    applyQueued: send(
      "Apply the queued weight",
      () => poolCall("applyQueuedWeights", [[address]]),
      () => applyQueued.writeContractAsync({ args: [[address!]], chainId }),
    ),
    recovery,
    recoverReputation: send(
      "Recover reputation",
      () => poolCall("recoverReputation"),
      () => recover.writeContractAsync({ chainId }),
    ),
    tx: tx.state,
  };
}
