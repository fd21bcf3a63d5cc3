import { SellForm } from "@/components/sell/sell-form.tsx";

export default function SellPage() {
  return <SellForm />;
}
