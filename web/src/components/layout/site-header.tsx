"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { AccountBadge } from "@/components/wallet/account-badge.tsx";
import { useT } from "@/i18n/i18n.tsx";
import { LanguageSwitch } from "./language-switch.tsx";
import { NotificationBadge } from "./notification-badge.tsx";

/** The top bar: navigation, notifications, language, and the wallet controls of the wallet routes (elsewhere the wallet connected last). */
export function SiteHeader({ wallet }: { wallet?: ReactNode }) {
  const t = useT();
  const pathname = usePathname() ?? "";
  /** aria-current for the section the page is in, so the header shows where one is. */
  const current = (href: string) => (pathname === href || pathname.startsWith(`${href}/`) ? ("page" as const) : undefined);
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        <svg className="brand-mark" viewBox="0 0 64 64" aria-hidden="true">
          <rect width="64" height="64" rx="14" fill="#0b6e63" />
          <path d="M32 11 L50 18 V31 C50 42 42 50 32 54 C22 50 14 42 14 31 V18 Z" fill="#fff" />
          <path
            d="M23.5 32.5 L29.5 38.5 L41 26"
            fill="none"
            stroke="#0b6e63"
            strokeWidth="5"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
        P2P Escrow
      </Link>
      <nav aria-label={t("Main")}>
        <ul className="nav-list">
          <li>
            <Link href="/marketplace" aria-current={current("/marketplace")}>
              {t("Marketplace")}
            </Link>
          </li>
          <li>
            <Link href="/sell" aria-current={current("/sell")}>
              {t("Sell")}
            </Link>
          </li>
          <li>
            <Link href="/dashboard" aria-current={current("/dashboard")}>
              {t("Dashboard")}
            </Link>
          </li>
          <li>
            <Link href="/arbitrator" aria-current={current("/arbitrator")}>
              {t("Arbitrate")}
            </Link>
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
