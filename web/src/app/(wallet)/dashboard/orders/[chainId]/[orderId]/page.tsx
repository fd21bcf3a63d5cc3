import { SignInGate } from "@/components/account/sign-in-gate.tsx";
import { OrderView } from "@/components/orders/order-view.tsx";

export default async function OrderPage({ params }: { params: Promise<{ chainId: string; orderId: string }> }) {
  const { chainId, orderId } = await params;
  return (
    <SignInGate>
      <OrderView chainId={Number(chainId)} orderId={orderId} />
    </SignInGate>
  );
}
