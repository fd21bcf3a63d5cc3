"use client";
import { SignInGate } from "@/components/account/sign-in-gate.tsx";
import { DashboardNav } from "@/components/dashboard/dashboard-nav.tsx";
import { Earned } from "@/components/dashboard/earned.tsx";
import { Earnings } from "@/components/dashboard/earnings.tsx";
import { OrdersTable } from "@/components/dashboard/orders-table.tsx";
import { useT } from "@/i18n/i18n.tsx";

export default function EarningsPage() {
  const t = useT();
  return (
    <>
      <h1>{t("Earnings")}</h1>
      <DashboardNav />
      <Earnings />
      <SignInGate>
        <Earned />
        <OrdersTable role="seller" status="Completed" caption="Completed sales" />
      </SignInGate>
    </>
  );
}
