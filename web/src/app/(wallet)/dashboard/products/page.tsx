import { SignInGate } from "@/components/account/sign-in-gate.tsx";
import { MyProducts } from "@/components/dashboard/my-products.tsx";

export default function ProductsPage() {
  return (
    <SignInGate>
      <MyProducts />
    </SignInGate>
  );
}
