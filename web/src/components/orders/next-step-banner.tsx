"use client";
// The "what happens next" banner at the top of an order page (its content: next-step.ts).
import { Term } from "@/components/ui/term.tsx";
import { useT } from "@/i18n/i18n.tsx";
import type { OrderDetail } from "@/lib/api/types.ts";
import { useChainNow } from "@/lib/chain/use-chain-now.ts";
import { useFormat } from "@/lib/format/use-format.ts";
import { Countdown } from "./countdown.tsx";
import { nextStepFor, type Phrase, sayPhrase } from "./next-step.ts";
import type { Role } from "./use-order.ts";

export function NextStepBanner({ detail, role }: { detail: OrderDetail; role: Role }) {
  const t = useT();
  const { formatAmount } = useFormat();
  // The banner alone re-renders as the chain's clock ticks.
  const now = useChainNow(detail.order.chainId);
  const { order } = detail;
  const step = nextStepFor(detail, role, now, (units) => formatAmount(order.chainId, order.token, units));
  const say = (phrase: Phrase) => sayPhrase(t, phrase);
  return (
    <section
      className={`panel next-step next-step-${step.tone}`}
      aria-labelledby="next-step-heading"
      data-testid="next-step"
      data-tone={step.tone}
    >
      <h2 id="next-step-heading">{say(step.title)}</h2>
      {step.you.length > 0 && (
        <ul>
          {step.you.map((p) => (
            <li key={p.text}>{say(p)}</li>
          ))}
        </ul>
      )}
      {step.others && <p className="muted">{say(step.others)}</p>}
      {step.deadline && <Countdown deadline={step.deadline.at} label={step.deadline.label} now={now} />}
      {step.term && (
        <p className="muted">
          {t("A word used here:")} <Term name={step.term} />
        </p>
      )}
    </section>
  );
}
