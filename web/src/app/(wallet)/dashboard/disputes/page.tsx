import { SignInGate } from "@/components/account/sign-in-gate.tsx";
import { OrdersTable } from "@/components/dashboard/orders-table.tsx";

export default function DisputesPage() {
  return (
    <SignInGate>
      <OrdersTable status="Disputed" caption="Open disputes" />
      <OrdersTable status="ResolvedBuyer" caption="Ruled for the buyer" />
      <OrdersTable status="ResolvedSeller" caption="Ruled for the seller" />
      <OrdersTable status="Settled" caption="Settled" />
    </SignInGate>
  );
}
