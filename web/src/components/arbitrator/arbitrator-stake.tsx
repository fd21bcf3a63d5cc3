"use client";
// The arbitrator's stake panel (the logic: use-arbitrator-stake.ts).
import { Countdown } from "@/components/orders/countdown.tsx";
import { TxStatus } from "@/components/tx/tx-status.tsx";
import { useT } from "@/i18n/i18n.tsx";
import { useFormat } from "@/lib/format/use-format.ts";
import { REPUTATION_RECOVERY, useArbitratorStake } from "./use-arbitrator-stake.ts";

export function ArbitratorStake() {
  const t = useT();
  const { formatAmount, formatDate, formatNumber, amountHint } = useFormat();
  const stake = useArbitratorStake();
  const { address, chainId, arbitrator: a, token } = stake;

  return (
    <section className="panel" aria-labelledby="stake-heading">
      <h2 id="stake-heading">{t("Your stake")}</h2>
      {!address ? (
        <p>{t("Connect a wallet to continue.")}</p>
      ) : (
        <>
          <dl className="facts">
            <dt>{t("Status")}</dt>
            <dd data-testid="arbitrator-status">{t(stake.status)}</dd>
            <dt>{t("Stake")}</dt>
            <dd>{a && token ? formatAmount(chainId, token, a.stake) : "…"}</dd>
            <dt>{t("Reputation")}</dt>
            <dd data-testid="arbitrator-reputation">{a ? `${formatNumber(a.reputation)} / ${formatNumber(100)}` : "…"}</dd>
            {stake.weight !== undefined && (
              <>
                <dt>{t("Draw weight")}</dt>
                <dd data-testid="arbitrator-weight">{formatNumber(stake.weight)}</dd>
              </>
            )}
            <dt>{t("Open cases")}</dt>
            <dd>{a ? formatNumber(a.openCases) : "…"}</dd>
            <dt>{t("Minimum stake")}</dt>
            <dd>{stake.minStake !== undefined && token ? formatAmount(chainId, token, stake.minStake) : "…"}</dd>
            {a && stake.unstaking && (
              <>
                <dt>{t("Unstake available at")}</dt>
                <dd>{formatDate(a.unstakeAvailableAt)}</dd>
              </>
            )}
          </dl>
          {a && stake.unstaking && <Countdown deadline={a.unstakeAvailableAt} label="Unstake cooldown ends in" now={stake.now} />}
          {stake.weightQueued && (
            <p className="notice" data-testid="weight-queued">
              {stake.canApplyQueued
                ? t("A change to your draw weight is queued and can be applied now.")
                : t(
                    "A change to your draw weight is queued until the {count} open draws close: a draw is fixed when its randomness is requested.",
                    {
                      count: stake.openDraws ?? "?",
                    },
                  )}
            </p>
          )}
          {stake.recovery.nextAt !== null && (
            <div data-testid="reputation-recovery">
              <p className="muted">
                {t("Reputation lost to missed windows recovers by one point per {count} days, up to {cap}.", {
                  count: REPUTATION_RECOVERY.period / 86_400,
                  cap: REPUTATION_RECOVERY.cap,
                })}
              </p>
              {stake.recovery.points === 0 && (
                <Countdown deadline={stake.recovery.nextAt} label="Next reputation point in" now={stake.now} />
              )}
            </div>
          )}
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              stake.stake();
            }}
          >
            <label>
              {t("Amount")}
              <input
                inputMode="decimal"
                placeholder={amountHint}
                value={stake.amount}
                onChange={(e) => stake.setAmount(e.target.value)}
                required
              />
            </label>
            <button type="submit" className="button">
              {stake.active ? t("Increase stake") : t("Register and stake")}
            </button>
          </form>
          <div className="actions">
            {stake.active && (
              <button type="button" className="button secondary" onClick={stake.requestUnstake}>
                {t("Request unstake")}
              </button>
            )}
            {stake.unstaking && (
              <button type="button" className="button secondary" disabled={!stake.canWithdrawStake} onClick={stake.withdrawStake}>
                {t("Withdraw stake")}
              </button>
            )}
            {stake.recovery.points > 0 && (
              <button type="button" className="button" onClick={stake.recoverReputation}>
                {t("Recover reputation (+{points})", { points: stake.recovery.points })}
              </button>
            )}
            {stake.canApplyQueued && (
              <button type="button" className="button secondary" onClick={stake.applyQueued}>
                {t("Apply the queued weight")}
              </button>
            )}
            {stake.credit > 0n && token && (
              <button type="button" className="button" onClick={stake.withdrawCredit}>
                {t("Withdraw {amount}", { amount: formatAmount(chainId, token, stake.credit) })}
              </button>
            )}
          </div>
          <TxStatus state={stake.tx} chainId={chainId} />
        </>
      )}
    </section>
  );
}
