"use client";
// Funds the escrow credited to the wallet, withdrawable (the logic: use-credited-funds.ts).
import { TxStatus } from "@/components/tx/tx-status.tsx";
import { useT } from "@/i18n/i18n.tsx";
import { useFormat } from "@/lib/format/use-format.ts";
import { useCreditedFunds } from "./use-credited-funds.ts";

export function CreditedFunds() {
  const t = useT();
  const { formatAmount } = useFormat();
  const funds = useCreditedFunds();
  return (
    <section className="panel" aria-labelledby="credits-heading">
      <h2 id="credits-heading">{t("Credited funds")}</h2>
      <p className="muted">{t("A payout the token refused is credited here. Withdrawing sends it to this wallet, and only to it.")}</p>
      <p className="muted" data-testid="credit-blocked-note">
        {t(
          "If the token blocks your address, the credit stays in the escrow until the token lets your address receive again; it cannot be sent anywhere else meanwhile.",
        )}
      </p>
      <ul>
        {funds.rows.map((r) => (
          <li key={`${r.chainId}:${r.token.address}`}>
            {r.token.symbol} · {r.chainName}: <strong>{formatAmount(r.chainId, r.token.address, r.credit)}</strong>{" "}
            {r.credit > 0n && funds.address && (
              <button type="button" className="button" onClick={() => funds.withdraw(r)}>
                {t("Withdraw")}
              </button>
            )}
          </li>
        ))}
      </ul>
      <TxStatus state={funds.tx} chainId={funds.chainId} />
    </section>
  );
}
