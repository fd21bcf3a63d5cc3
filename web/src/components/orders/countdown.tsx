"use client";
import { useEffect, useState } from "react";
import { useT } from "../../i18n/i18n.tsx";
import { formatDuration } from "../../lib/format/format.ts";

/** Time left until a unix deadline, ticking every second. */
export function Countdown({ deadline, label }: { deadline: string; label: string }) {
  const t = useT();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  const left = Number(deadline) - Math.floor(now / 1000);
  return (
    <p className="countdown" data-testid="countdown">
      {t(label)}: {left > 0 ? <strong>{formatDuration(left)}</strong> : <strong>{t("passed")}</strong>}
    </p>
  );
}

export const deadlinePassed = (deadline: string | null) => deadline !== null && Number(deadline) <= Math.floor(Date.now() / 1000);
