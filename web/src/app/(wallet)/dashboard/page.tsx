"use client";
import { SignInGate } from "@/components/account/sign-in-gate.tsx";
import { DashboardNav } from "@/components/dashboard/dashboard-nav.tsx";
import { NotificationsList } from "@/components/dashboard/notifications-list.tsx";
import { OrdersTable } from "@/components/dashboard/orders-table.tsx";
import { useT } from "@/i18n/i18n.tsx";

export default function DashboardPage() {
  const t = useT();
  return (
    <>
      <h1>{t("Dashboard")}</h1>
      <DashboardNav />
      <SignInGate>
        <OrdersTable role="buyer" caption="Orders you placed" />
        <OrdersTable role="seller" caption="Orders you received" />
        <NotificationsList />
      </SignInGate>
    </>
  );
}
