"use client";
import { chainInfo } from "@/config/chains.ts";
import { useT } from "@/i18n/i18n.tsx";
import { describeError } from "@/lib/tx/errors.ts";
import type { TxState } from "@/lib/tx/use-transaction.ts";

const STAGE_TEXT = {
  signing: "Confirm in your wallet…",
  pending: "Pending: waiting to be mined…",
  mined: "Mined: {confirmations} of {count} confirmations",
  confirmed: "Confirmed ({confirmations} of {count} confirmations)",
} as const;

/** A transaction's stage, announced to screen readers as it changes. */
export function TxStatus({ state, chainId }: { state: TxState; chainId: number }) {
  const t = useT();
  if (state.stage === "idle") return null;
  const explorer = chainInfo(chainId)?.explorerUrl;
  return (
    <p className="tx-status" role="status" aria-live="polite" data-stage={state.stage} data-testid="tx-status">
      <strong>{t(state.label)}:</strong>{" "}
      {state.stage === "failed"
        ? describeError(state.error, t)
        : t(STAGE_TEXT[state.stage], { confirmations: state.confirmations, count: state.required })}
      {state.hash && explorer && (
        <>
          {" "}
          <a href={`${explorer}/tx/${state.hash}`} target="_blank" rel="noreferrer">
            {t("View on explorer")}
          </a>
        </>
      )}
    </p>
  );
}
