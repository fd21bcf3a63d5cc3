import { cookies } from "next/headers";
import Link from "next/link";
import { offeredChains } from "@/config/offered-chains.ts";
import { readRuntimeConfig } from "@/config/runtime.ts";
import { LOCALE_COOKIE, parseLocale } from "@/i18n/locales.ts";

const COPY = {
  en: {
    title: "Trade with strangers, safely",
    lead: "Pay in USDT or USDC. The payment waits in an escrow contract until you confirm you received what you bought. Timeouts refund or release automatically, and a staked arbitrator settles disputes.",
    browse: "Browse the marketplace",
    sell: "Sell something",
    steps: ["The buyer pays into escrow", "The seller delivers, encrypted to the buyer", "The buyer checks it and releases the payment"],
    chains: "Runs on",
  },
  fa: {
    title: "با غریبه‌ها امن معامله کنید",
    lead: "با USDT یا USDC پرداخت کنید. پرداخت در قرارداد امانی می‌ماند تا دریافت کالا را تأیید کنید. مهلت‌ها به‌طور خودکار پول را برمی‌گردانند یا آزاد می‌کنند و داوری با وثیقه اختلاف‌ها را حل می‌کند.",
    browse: "مشاهدهٔ بازار",
    sell: "چیزی بفروشید",
    steps: [
      "خریدار به حساب امانی پرداخت می‌کند",
      "فروشنده کالا را رمزشده برای خریدار تحویل می‌دهد",
      "خریدار آن را بررسی و پرداخت را آزاد می‌کند",
    ],
    chains: "شبکه‌ها",
  },
} as const;

export default async function Landing() {
  const copy = COPY[parseLocale((await cookies()).get(LOCALE_COOKIE)?.value)];
  return (
    <section className="hero">
      <h1>{copy.title}</h1>
      <p className="lead">{copy.lead}</p>
      <p className="actions">
        <Link className="button" href="/marketplace">
          {copy.browse}
        </Link>
        <Link className="button secondary" href="/sell">
          {copy.sell}
        </Link>
      </p>
      <ol className="steps">
        {copy.steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <p className="muted">
        {copy.chains}:{" "}
        {offeredChains(readRuntimeConfig())
          .map((c) => c.chain.name)
          .join(", ")}
      </p>
    </section>
  );
}
