"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useT } from "@/i18n/i18n.tsx";

const TABS = [
  { href: "/dashboard", label: "Overview" },
  { href: "/dashboard/products", label: "My products" },
  { href: "/dashboard/disputes", label: "Disputes" },
  { href: "/dashboard/earnings", label: "Earnings" },
] as const;

export function DashboardNav() {
  const t = useT();
  const path = usePathname();
  return (
    <nav aria-label={t("Dashboard")}>
      <ul className="tabs">
        {TABS.map((tab) => (
          <li key={tab.href}>
            <Link className={path === tab.href ? "button" : "button secondary"} aria-current={path === tab.href ? "page" : undefined} href={tab.href}>
              {t(tab.label)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
