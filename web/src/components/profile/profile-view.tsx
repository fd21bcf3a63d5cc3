"use client";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { Skeleton } from "@/components/ui/skeleton.tsx";
// A wallet's public profile: rating, reviews (each signature re-checked: use-profile.ts), and trade stats.
import { chainInfo, tokenInfo } from "@/config/chains.ts";
import { useT } from "@/i18n/i18n.tsx";
import { shortAddress } from "@/lib/format/format.ts";
import { useFormat } from "@/lib/format/use-format.ts";
import { describeError } from "@/lib/tx/errors.ts";
import { useProfile } from "./use-profile.ts";

const tokenSymbol = (chainId: number, token: string) => tokenInfo(chainId, token)?.symbol ?? token;

export function ProfileView({ wallet }: { wallet: string }) {
  const t = useT();
  const { formatAmount, formatNumber } = useFormat();
  const { profile, reviews } = useProfile(wallet);
  if (profile.error) return <p role="alert">{describeError(profile.error, t)}</p>;
  const p = profile.data;
  if (!p) return <Skeleton shape="detail" count={4} />;
  return (
    <>
      <h1>{p.displayName ?? shortAddress(p.address)}</h1>
      <p className="muted">
        <code>{p.address}</code>
      </p>
      <div className="two-col">
        <section className="panel" aria-labelledby="reviews-heading">
          <h2 id="reviews-heading">{t("Reviews")}</h2>
          <p data-testid="profile-rating">
            {p.rating.average === null
              ? t("No reviews yet")
              : t("{average} / 5 from {count} reviews", {
                  average: formatNumber(p.rating.average, { maximumFractionDigits: 2 }),
                  count: p.rating.count,
                })}
          </p>
          {reviews.data?.length === 0 && (
            <EmptyState
              title={t("No reviews yet")}
              hint={t("Reviews appear here after this wallet completes a trade and the other side rates it.")}
            />
          )}
          <ul className="reviews">
            {reviews.data?.map((r) => (
              <li key={r.id} data-testid="review">
                {"★".repeat(r.rating)} <bdi>{r.text}</bdi> <span className="muted">— {shortAddress(r.reviewer)}</span>{" "}
                <span className={r.verified ? "muted" : "notice error"}>
                  {r.verified ? t("(signature verified)") : t("(signature INVALID)")}
                </span>
              </li>
            ))}
          </ul>
        </section>
        <section className="panel" aria-labelledby="stats-heading">
          <h2 id="stats-heading">{t("Trade record")}</h2>
          {p.stats ? (
            <dl className="facts">
              <dt>{t("Trades as buyer")}</dt>
              <dd>{formatNumber(p.stats.tradesAsBuyer)}</dd>
              <dt>{t("Trades as seller")}</dt>
              <dd>{formatNumber(p.stats.tradesAsSeller)}</dd>
              <dt>{t("Completed")}</dt>
              <dd>{formatNumber(p.stats.completed)}</dd>
              <dt>{t("Disputes opened")}</dt>
              <dd>{formatNumber(p.stats.disputesOpened)}</dd>
              <dt>{t("Disputes won / lost")}</dt>
              <dd>
                {formatNumber(p.stats.disputesWon)} / {formatNumber(p.stats.disputesLost)}
              </dd>
              {p.stats.volume.map((v) => (
                <div key={`${v.chainId}:${v.token}`} style={{ display: "contents" }}>
                  {/* One row per chain and token: the token names the row, or two rows read alike. */}
                  <dt>
                    {t("Volume in {token} on {chain}", {
                      token: tokenSymbol(v.chainId, v.token),
                      chain: chainInfo(v.chainId)?.chain.name ?? String(v.chainId),
                    })}
                  </dt>
                  <dd>{formatAmount(v.chainId, v.token, v.amount)}</dd>
                </div>
              ))}
            </dl>
          ) : (
            <EmptyState title={t("No on-chain record yet.")} hint={t("Trades and disputes show here once this wallet buys or sells.")} />
          )}
        </section>
      </div>
    </>
  );
}
