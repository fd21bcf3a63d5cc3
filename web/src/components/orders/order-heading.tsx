"use client";
import { useT } from "@/i18n/i18n.tsx";
import { useFormat } from "@/lib/format/use-format.ts";

/** The order page's main heading: which order, in the reader's digits, and on which chain once known. */
export function OrderHeading({ orderId, chainName }: { orderId: string; chainName?: string | undefined }) {
  const t = useT();
  const { formatId } = useFormat();
  return (
    <h1>
      {t("Order #{id}", { id: formatId(orderId) })}
      {chainName && <span className="muted"> · {chainName}</span>}
    </h1>
  );
}
