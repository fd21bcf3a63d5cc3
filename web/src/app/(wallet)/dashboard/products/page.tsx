"use client";
import { SignInGate } from "@/components/account/sign-in-gate.tsx";
import { DashboardNav } from "@/components/dashboard/dashboard-nav.tsx";
import { MyProducts } from "@/components/dashboard/my-products.tsx";
import { useT } from "@/i18n/i18n.tsx";

export default function ProductsPage() {
  const t = useT();
  return (
    <>
      <h1>{t("My products")}</h1>
      <DashboardNav />
      <SignInGate>
        <MyProducts />
      </SignInGate>
    </>
  );
}
