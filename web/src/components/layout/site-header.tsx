"use client";
import Link from "next/link";
import type { ReactNode } from "react";
import { AccountBadge } from "@/components/wallet/account-badge.tsx";
import { useT } from "@/i18n/i18n.tsx";
import { LanguageSwitch } from "./language-switch.tsx";
import { NotificationBadge } from "./notification-badge.tsx";

/** The top bar: navigation, notifications, language, and the wallet controls of the wallet routes (elsewhere the wallet connected last). */
export function SiteHeader({ wallet }: { wallet?: ReactNode }) {
  const t = useT();
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        P2P Escrow
      </Link>
      <nav aria-label={t("Main")}>
        <ul className="nav-list">
          <li>
            <Link href="/marketplace">{t("Marketplace")}</Link>
          </li>
          <li>
            <Link href="/sell">{t("Sell")}</Link>
          </li>
          <li>
            <Link href="/dashboard">{t("Dashboard")}</Link>
          </li>
          <li>
            <Link href="/arbitrator">{t("Arbitrate")}</Link>
          </li>
        </ul>
      </nav>
      <div className="header-tools">
        <NotificationBadge />
        <LanguageSwitch />
        {wallet ?? <AccountBadge />}
      </div>
    </header>
  );
}
