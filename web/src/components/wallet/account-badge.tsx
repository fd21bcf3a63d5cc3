"use client";
// The wallet in the header of the routes that ship without wagmi (browsing): the address this
// device connected last, which stays until the wallet disconnects (lib/wallet/account-lifecycle.ts),
// or a way to connect one.
import Link from "next/link";
import { useEffect, useState } from "react";
import { useT } from "@/i18n/i18n.tsx";
import { shortAddress } from "@/lib/format/format.ts";
import { useSessionStore } from "@/stores/session.ts";

export function AccountBadge() {
  const t = useT();
  const active = useSessionStore((s) => s.active);
  // The server knows no wallet: the stored one is shown after hydration, so both renders agree.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  if (mounted && active)
    return (
      <Link
        className="button secondary"
        href="/dashboard"
        data-testid="connected-wallet"
        aria-label={t("Connected wallet {address}", { address: active })}
      >
        {shortAddress(active)}
      </Link>
    );
  return (
    <Link className="button" href="/dashboard">
      {t("Connect wallet")}
    </Link>
  );
}
