import { SignInGate } from "@/components/account/sign-in-gate.tsx";
import { OrderHeading } from "@/components/orders/order-heading.tsx";
import { OrderView } from "@/components/orders/order-view.tsx";

export default async function OrderPage({ params }: { params: Promise<{ chainId: string; orderId: string }> }) {
  const { chainId, orderId } = await params;
  return (
    <SignInGate heading={<OrderHeading orderId={orderId} />}>
      <OrderView chainId={Number(chainId)} orderId={orderId} />
    </SignInGate>
  );
}
