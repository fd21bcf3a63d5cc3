"use client";
// Register, stake more, unstake (after the cooldown) and withdraw from the arbitrator pool.
import { useState } from "react";
import { type Address, parseUnits } from "viem";
import { useAccount, useConfig } from "wagmi";
import { readContract } from "wagmi/actions";
import { chainInfo, defaultChain } from "@/config/chains.ts";
import {
  arbitratorPoolAddress,
  stablecoinAbi,
  useReadArbitratorPoolCreditOf,
  useReadArbitratorPoolGetArbitrator,
  useReadArbitratorPoolMinStake,
  useReadArbitratorPoolStakeToken,
  useWriteArbitratorPoolIncreaseStake,
  useWriteArbitratorPoolRegister,
  useWriteArbitratorPoolRequestUnstake,
  useWriteArbitratorPoolWithdraw,
  useWriteArbitratorPoolWithdrawStake,
  useWriteStablecoinApprove,
} from "@/generated/contracts.ts";
import { useLocale, useT } from "@/i18n/i18n.tsx";
import { useChainNow } from "@/lib/chain/use-chain-now.ts";
import { formatAmount, formatDate } from "@/lib/format/format.ts";
import { useTransaction } from "@/lib/tx/use-transaction.ts";
import { Countdown } from "@/components/orders/countdown.tsx";
import { TxStatus } from "@/components/tx/tx-status.tsx";

const STATUS = ["Not registered", "Active", "Unstaking"] as const;

export function ArbitratorStake() {
  const t = useT();
  const locale = useLocale();
  const config = useConfig();
  const { address, chainId: walletChainId } = useAccount();
  const chainId = walletChainId && chainInfo(walletChainId) ? walletChainId : defaultChain.id;
  const pool = (arbitratorPoolAddress as Record<number, Address>)[chainId]!;
  const tx = useTransaction(chainId);
  const now = useChainNow(chainId);
  const enabled = { query: { enabled: !!address } };
  const info = useReadArbitratorPoolGetArbitrator({ args: address ? [address] : undefined, chainId, ...enabled });
  const minStake = useReadArbitratorPoolMinStake({ chainId });
  const stakeToken = useReadArbitratorPoolStakeToken({ chainId });
  const credit = useReadArbitratorPoolCreditOf({ args: address ? [address] : undefined, chainId, ...enabled });
  const approve = useWriteStablecoinApprove();
  const register = useWriteArbitratorPoolRegister();
  const increase = useWriteArbitratorPoolIncreaseStake();
  const requestUnstake = useWriteArbitratorPoolRequestUnstake();
  const withdrawStake = useWriteArbitratorPoolWithdrawStake();
  const withdraw = useWriteArbitratorPoolWithdraw();
  const [amount, setAmount] = useState("");
  const token = stakeToken.data;
  const decimals = token ? (chainInfo(chainId)?.tokens.find((x) => x.address.toLowerCase() === token.toLowerCase())?.decimals ?? 18) : 18;
  const a = info.data;
  const status = a ? STATUS[a.status] ?? "?" : "?";
  const refresh = () => Promise.all([info.refetch(), credit.refetch()]);

  const stake = async (more: boolean) => {
    if (!address || !token) return;
    const units = parseUnits(amount || "0", decimals);
    try {
      const allowance = await readContract(config, { address: token, abi: stablecoinAbi, functionName: "allowance", args: [address, pool], chainId });
      if (allowance < units) await tx.run("Approve", () => approve.writeContractAsync({ address: token, args: [pool, units], chainId }));
      await tx.run(more ? "Increase stake" : "Register as arbitrator", () => (more ? increase : register).writeContractAsync({ args: [units], chainId }));
      await refresh();
    } catch {
      // shown by TxStatus
    }
  };
  const simple = (label: string, send: () => Promise<`0x${string}`>) => () => void tx.run(label, send).then(refresh, () => undefined);

  return (
    <section className="panel" aria-labelledby="stake-heading">
      <h2 id="stake-heading">{t("Your stake")}</h2>
      {!address ? (
        <p>{t("Connect a wallet to continue.")}</p>
      ) : (
        <>
          <dl className="facts">
            <dt>{t("Status")}</dt>
            <dd data-testid="arbitrator-status">{t(status)}</dd>
            <dt>{t("Stake")}</dt>
            <dd>{a && token ? formatAmount(chainId, token, a.stake) : "…"}</dd>
            <dt>{t("Reputation")}</dt>
            <dd>{a ? `${a.reputation} / 100` : "…"}</dd>
            <dt>{t("Open cases")}</dt>
            <dd>{a ? a.openCases : "…"}</dd>
            <dt>{t("Minimum stake")}</dt>
            <dd>{minStake.data !== undefined && token ? formatAmount(chainId, token, minStake.data) : "…"}</dd>
            {a && a.status === 2 && (
              <>
                <dt>{t("Unstake available at")}</dt>
                <dd>{formatDate(a.unstakeAvailableAt, locale)}</dd>
              </>
            )}
          </dl>
          {a && a.status === 2 && <Countdown deadline={a.unstakeAvailableAt} label="Unstake cooldown ends in" now={now} />}
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              void stake(a?.status === 1);
            }}
          >
            <label>
              {t("Amount")}
              <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} required />
            </label>
            <button type="submit" className="button">
              {a?.status === 1 ? t("Increase stake") : t("Register and stake")}
            </button>
          </form>
          <div className="actions">
            {a?.status === 1 && (
              <button type="button" className="button secondary" onClick={simple("Request unstake", () => requestUnstake.writeContractAsync({ chainId }))}>
                {t("Request unstake")}
              </button>
            )}
            {a?.status === 2 && (
              // The pool refuses while block.timestamp < unstakeAvailableAt.
              <button type="button" className="button secondary" disabled={now < Number(a.unstakeAvailableAt)} onClick={simple("Withdraw stake", () => withdrawStake.writeContractAsync({ chainId }))}>
                {t("Withdraw stake")}
              </button>
            )}
            {(credit.data ?? 0n) > 0n && token && (
              <button type="button" className="button" onClick={simple("Withdraw", () => withdraw.writeContractAsync({ args: [address], chainId }))}>
                {t("Withdraw {amount}", { amount: formatAmount(chainId, token, credit.data!) })}
              </button>
            )}
          </div>
          <TxStatus state={tx.state} chainId={chainId} />
        </>
      )}
    </section>
  );
}
