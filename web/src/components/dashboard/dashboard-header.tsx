"use client";
// The dashboard tabs' shared top: the tab's heading and the tab bar. An order's page under
// /dashboard/orders is no tab and brings its own heading.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useT } from "@/i18n/i18n.tsx";

const TABS = [
  { href: "/dashboard", label: "Overview", heading: "Dashboard" },
  { href: "/dashboard/products", label: "My products", heading: "My products" },
  { href: "/dashboard/disputes", label: "Disputes", heading: "Disputes" },
  { href: "/dashboard/earnings", label: "Earnings", heading: "Earnings" },
] as const;

/** The tab at `path`, if it is one. */
const dashboardTabAt = (path: string) => TABS.find((tab) => tab.href === path);

export function DashboardHeader() {
  const t = useT();
  const path = usePathname();
  const current = dashboardTabAt(path);
  if (!current) return null;
  return (
    <>
      <h1>{t(current.heading)}</h1>
      <nav aria-label={t("Dashboard")}>
        <ul className="tabs">
          {TABS.map((tab) => (
            <li key={tab.href}>
              <Link
                className={tab === current ? "button" : "button secondary"}
                aria-current={tab === current ? "page" : undefined}
                href={tab.href}
              >
                {t(tab.label)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}
