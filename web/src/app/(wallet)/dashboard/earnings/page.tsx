"use client";
import { SignInGate } from "@/components/account/sign-in-gate.tsx";
import { DashboardNav } from "@/components/dashboard/dashboard-nav.tsx";
import { EarningsSummary } from "@/components/dashboard/earnings-summary.tsx";
import { CreditedFunds } from "@/components/dashboard/credited-funds.tsx";
import { OrdersTable } from "@/components/dashboard/orders-table.tsx";
import { useT } from "@/i18n/i18n.tsx";

export default function EarningsPage() {
  const t = useT();
  return (
    <>
      <h1>{t("Earnings")}</h1>
      <DashboardNav />
      <CreditedFunds />
      <SignInGate>
        <EarningsSummary />
        <OrdersTable role="seller" status="Completed" caption="Completed sales" />
      </SignInGate>
    </>
  );
}
