"use client";
// The listing's buy box (the logic: use-buy.ts).
import { TxStatus } from "@/components/tx/tx-status.tsx";
import { chainInfo, tokenInfo } from "@/config/chains.ts";
import { useT } from "@/i18n/i18n.tsx";
import type { ListingDetail } from "@/lib/api/types.ts";
import { useFormat } from "@/lib/format/use-format.ts";
import { describeError, formatBps } from "@/lib/tx/errors.ts";
import { useBuy } from "./use-buy.ts";

export function BuyPanel({ listing }: { listing: ListingDetail }) {
  const t = useT();
  const { formatAmount } = useFormat();
  const { options, choice, setChoice, chainId, token, amount, balance, terms, problem, disputeDeposit, ...purchase } = useBuy(listing);
  const units = (value: bigint) => (token ? formatAmount(chainId, token.address, value) : String(value));
  return (
    <aside className="panel buy-panel" aria-labelledby="buy-heading">
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
          <dd>
            {purchase.gasInToken
              ? t("One operation")
              : purchase.relayFee !== undefined
                ? t("One signature, sent by the marketplace's relay")
                : token.permit
                  ? t("One transaction (permit signature)")
                  : t("Approve, then pay")}
          </dd>
          <dt>{t("Network fee (gas)")}</dt>
          <dd data-testid="buy-gas">
            {purchase.gasInToken
              ? t("Paid in {symbol}: your wallet shows the most it may cost before you sign", { symbol: token.symbol })
              : purchase.relayFee !== undefined
                ? t("Paid in {symbol} to the marketplace's relay: {fee} on top of the price", {
                    symbol: token.symbol,
                    fee: units(purchase.relayFee),
                  })
                : t("Paid by your wallet in {coin}", { coin: chainInfo(chainId)?.chain.nativeCurrency.symbol ?? "" })}
          </dd>
          <dt>{t("Minimum order")}</dt>
          <dd data-testid="buy-minimum">{terms ? units(terms.minAmount) : "…"}</dd>
          <dt>{t("Protocol fee")}</dt>
          <dd data-testid="buy-fee">{terms ? t("{fee}, from the seller's proceeds", { fee: formatBps(terms.protocolFeeBps) }) : "…"}</dd>
          {disputeDeposit !== undefined && (
            <>
              <dt>{t("Dispute deposit")}</dt>
              <dd data-testid="buy-dispute-deposit">{t("{fee} from each side, returned to the winner", { fee: units(disputeDeposit) })}</dd>
            </>
          )}
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
          <button
            type="button"
            className="button block"
            aria-busy={purchase.busy}
            onClick={purchase.buy}
            disabled={!token || !terms || problem !== null || purchase.busy}
          >
            {t("Buy for {price}", { price: token ? formatAmount(chainId, token.address, amount) : "" })}
          </button>
        )}
      </p>
      {problem && (
        <p role="alert" className="notice error" data-testid="buy-problem">
          {t(problem.text, Object.fromEntries(Object.entries(problem.vars ?? {}).map(([k, v]) => [k, units(v)])))}
        </p>
      )}
      <TxStatus state={purchase.tx} chainId={chainId} />
      {purchase.error !== null && purchase.tx.stage !== "failed" && (
        <p role="alert" className="notice error">
          {describeError(purchase.error, t)}
        </p>
      )}
    </aside>
  );
}
