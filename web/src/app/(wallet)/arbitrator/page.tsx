"use client";
import { SignInGate } from "@/components/account/sign-in-gate.tsx";
import { ArbitratorStake } from "@/components/arbitrator/arbitrator-stake.tsx";
import { OrdersTable } from "@/components/dashboard/orders-table.tsx";
import { useT } from "@/i18n/i18n.tsx";

export default function ArbitratorPage() {
  const t = useT();
  return (
    <>
      <h1>{t("Arbitrator dashboard")}</h1>
      <ArbitratorStake />
      <SignInGate>
        {/* A ruling is taken only inside the window: after it, the case goes to another arbitrator. */}
        <OrdersTable role="arbitrator" status="Disputed" caption="Your open cases" deadline="Time left to rule" />
        <OrdersTable role="arbitrator" caption="All your cases" />
      </SignInGate>
    </>
  );
}
