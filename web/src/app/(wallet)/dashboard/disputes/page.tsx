"use client";
import { SignInGate } from "@/components/account/sign-in-gate.tsx";
import { DashboardNav } from "@/components/dashboard/dashboard-nav.tsx";
import { OrdersTable } from "@/components/dashboard/orders-table.tsx";
import { useT } from "@/i18n/i18n.tsx";

export default function DisputesPage() {
  const t = useT();
  return (
    <>
      <h1>{t("Disputes")}</h1>
      <DashboardNav />
      <SignInGate>
        <OrdersTable status="Disputed" caption="Open disputes" />
        <OrdersTable status="ResolvedBuyer" caption="Ruled for the buyer" />
        <OrdersTable status="ResolvedSeller" caption="Ruled for the seller" />
        <OrdersTable status="Settled" caption="Settled" />
      </SignInGate>
    </>
  );
}
