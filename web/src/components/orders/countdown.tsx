"use client";
import { useT } from "../../i18n/i18n.tsx";
import { formatDuration } from "../../lib/format/format.ts";

/** Time left until a unix deadline on the clock `now` (unix seconds; see useChainNow). */
export function Countdown({ deadline, label, now }: { deadline: string | number; label: string; now: number }) {
  const t = useT();
  const left = Number(deadline) - now;
  return (
    <p className="countdown" data-testid="countdown">
      {t(label)}: {left >= 0 ? <strong>{formatDuration(left)}</strong> : <strong>{t("passed")}</strong>}
    </p>
  );
}

/** A window closes once block.timestamp is past its deadline, not at it (the escrow's rule). */
export const deadlinePassed = (deadline: string | null, now: number) => deadline !== null && now > Number(deadline);
