import Link from "next/link";
import { offeredChains } from "@/config/offered-chains.ts";
import { readRuntimeConfig } from "@/config/runtime.ts";
import { serverTranslator } from "@/i18n/request-locale.ts";

export default async function Landing() {
  const { t } = await serverTranslator();
  const steps = [
    t("The buyer pays into escrow"),
    t("The seller delivers, encrypted to the buyer"),
    t("The buyer checks it and releases the payment"),
  ];
  return (
    <section className="hero">
      <h1>{t("Trade with strangers, safely")}</h1>
      <p className="lead">
        {t(
          "Pay in USDT or USDC. The payment waits in an escrow contract until you confirm you received what you bought. Timeouts refund or release automatically, and a staked arbitrator settles disputes.",
        )}
      </p>
      <p className="actions">
        <Link className="button" href="/marketplace">
          {t("Browse the marketplace")}
        </Link>
        <Link className="button secondary" href="/sell">
          {t("Sell something")}
        </Link>
      </p>
      <ol className="steps">
        {steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <p className="muted">
        {t("Runs on")}:{" "}
        {offeredChains(readRuntimeConfig())
          .map((c) => c.chain.name)
          .join(", ")}
      </p>
    </section>
  );
}
