"use client";
// The listing's buy box (the logic: use-buy.ts).
import { TxStatus } from "@/components/tx/tx-status.tsx";
import { chainInfo, tokenInfo } from "@/config/chains.ts";
import { useT } from "@/i18n/i18n.tsx";
import type { ListingDetail } from "@/lib/api/types.ts";
import { formatAmount } from "@/lib/format/format.ts";
import { describeError } from "@/lib/tx/errors.ts";
import { useBuy } from "./use-buy.ts";

export function BuyPanel({ listing }: { listing: ListingDetail }) {
  const t = useT();
  const { options, choice, setChoice, chainId, token, amount, balance, ...purchase } = useBuy(listing);
  return (
    <aside className="panel" aria-labelledby="buy-heading">
      <h2 id="buy-heading">{t("Buy")}</h2>
      <label>
        {t("Pay with")}
        <select value={choice} onChange={(e) => setChoice(Number(e.target.value))}>
          {options.map((o, i) => (
            <option key={`${o.chainId}:${o.token}`} value={i}>
              {tokenInfo(o.chainId, o.token)?.symbol} · {chainInfo(o.chainId)?.chain.name}
            </option>
          ))}
        </select>
      </label>
      {token && (
        <dl className="facts">
          <dt>{t("Chain")}</dt>
          <dd>{chainInfo(chainId)?.chain.name}</dd>
          <dt>{t("Token")}</dt>
          <dd>{token.symbol}</dd>
          <dt>{t("Price")}</dt>
          <dd data-testid="buy-price">{formatAmount(chainId, token.address, amount)}</dd>
          <dt>{t("Method")}</dt>
          <dd>{token.permit ? t("One transaction (permit signature)") : t("Approve, then pay")}</dd>
          {balance !== undefined && (
            <>
              <dt>{t("Your balance")}</dt>
              <dd>{formatAmount(chainId, token.address, balance)}</dd>
            </>
          )}
        </dl>
      )}
      <p>
        {!purchase.isConnected ? (
          <span>{t("Connect a wallet to buy.")}</span>
        ) : purchase.isOwn ? (
          <span>{t("This is your listing.")}</span>
        ) : (
          <button type="button" className="button" onClick={purchase.buy} disabled={!token || purchase.busy}>
            {t("Buy for {price}", { price: token ? formatAmount(chainId, token.address, amount) : "" })}
          </button>
        )}
      </p>
      <TxStatus state={purchase.tx} chainId={chainId} />
      {purchase.error !== null && purchase.tx.stage !== "failed" && (
        <p role="alert" className="notice error">
          {describeError(purchase.error, t)}
        </p>
      )}
    </aside>
  );
}
