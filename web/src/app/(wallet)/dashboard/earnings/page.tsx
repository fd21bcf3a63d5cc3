import { SignInGate } from "@/components/account/sign-in-gate.tsx";
import { CreditedFunds } from "@/components/dashboard/credited-funds.tsx";
import { EarningsSummary } from "@/components/dashboard/earnings-summary.tsx";
import { OrdersTable } from "@/components/dashboard/orders-table.tsx";

export default function EarningsPage() {
  return (
    <>
      {/* Credited funds are read from the chain: they need a connected wallet, not a session. */}
      <CreditedFunds />
      <SignInGate>
        <EarningsSummary />
        <OrdersTable role="seller" status="Completed" caption="Completed sales" />
      </SignInGate>
    </>
  );
}
