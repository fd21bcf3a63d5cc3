import { SignInGate } from "@/components/account/sign-in-gate.tsx";
import { NotificationsList } from "@/components/dashboard/notifications-list.tsx";
import { OrdersTable } from "@/components/dashboard/orders-table.tsx";

export default function DashboardPage() {
  return (
    <SignInGate>
      <OrdersTable role="buyer" caption="Orders you placed" />
      <OrdersTable role="seller" caption="Orders you received" />
      <NotificationsList />
    </SignInGate>
  );
}
