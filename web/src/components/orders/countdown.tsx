"use client";
import { useT } from "@/i18n/i18n.tsx";
import { useChainNow } from "@/lib/chain/use-chain-now.ts";
import { useFormat } from "@/lib/format/use-format.ts";

/** Time left until a unix deadline on the clock `now` (unix seconds; see useChainNow). */
export function Countdown({ deadline, label, now }: { deadline: string | number; label: string; now: number }) {
  const t = useT();
  const { formatDuration } = useFormat();
  const left = Number(deadline) - now;
  return (
    <p className="countdown" data-testid="countdown">
      {t(label)}: {left >= 0 ? <strong>{formatDuration(left)}</strong> : <strong>{t("passed")}</strong>}
    </p>
  );
}

/** A Countdown on the chain's clock, ticking on its own so that its page does not re-render with it. */
export function ChainCountdown({ chainId, ...props }: { chainId: number; deadline: string | number; label: string }) {
  const now = useChainNow(chainId);
  return <Countdown {...props} now={now} />;
}

/** A window closes once block.timestamp is past its deadline, not at it (the escrow's rule). */
export const deadlinePassed = (deadline: string | null, now: number) => deadline !== null && now > Number(deadline);
