"use client";
// Dispute evidence: encrypt a note and/or a file for the buyer, the seller and the arbitrator (and
// the case-key relay during a dispute), pin it through the API, point at it on chain; read what the
// chain recorded, decrypted with your key.
import { useEffect, useRef, useState } from "react";
import { useT } from "@/i18n/i18n.tsx";
import type { OrderDetail } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { wrapKeyFor } from "@/lib/crypto/conversation.ts";
import { useAccountSetup } from "@/lib/wallet/use-account-setup.ts";
import { missingCopies } from "./key-copies.ts";
import { useCaseRelay, useEvidenceList } from "./use-case-keys.ts";
import { useEvidenceSubmit } from "./use-evidence-submit.ts";
import type { Role } from "./use-order.ts";
import { useVerifiedKeys } from "./use-verified-keys.ts";

export type { ReadEvidence } from "./use-case-keys.ts";

/** What one submission sends, in order: the note (when written), then the file (when chosen). */
export function evidenceParts(note: string, file: { size: number } | null): ("note" | "file")[] {
  return [...(note.trim() ? (["note"] as const) : []), ...(file && file.size > 0 ? (["file"] as const) : [])];
}

/** An order's evidence as the caller can read it, and submitting more (a note, a file, or both). */
export function useEvidence({ order }: OrderDetail, role: Role) {
  const t = useT();
  const api = useApi();
  const { keys, token } = useAccountSetup();
  const arbitrator = useVerifiedKeys(order.chainId, order.arbitrator);
  const relay = useCaseRelay(order);
  const { submit, tx } = useEvidenceSubmit(order);
  const [note, setNote] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const shared = useRef(new Set<string>());
  const base = `/evidence/${order.chainId}/${order.orderId}`;
  const list = useEvidenceList(order);

  // A party shares the file keys it holds with whoever lacks a copy: an arbitrator drawn after the
  // upload, and the case-key relay while the order is disputed (for an arbitrator drawn while no
  // party's page is open).
  useEffect(() => {
    if (!list.data || !keys || (role !== "buyer" && role !== "seller") || order.status !== "Disputed") return;
    const arbitratorTarget =
      order.arbitrator && arbitrator.data ? { address: order.arbitrator, encryptionPublicKey: arbitrator.data.encryptionPublicKey } : null;
    for (const { cid, fileKey, sealedTo } of list.data.held) {
      for (const target of missingCopies(sealedTo, [arbitratorTarget, relay])) {
        const once = `${cid}:${target.address}`;
        if (shared.current.has(once)) continue;
        shared.current.add(once);
        void api
          .request(`${base}/${cid}/keys`, {
            method: "PUT",
            token,
            body: { recipient: target.address, envelope: wrapKeyFor(fileKey, target.encryptionPublicKey, keys) },
          })
          .catch(() => undefined);
      }
    }
  }, [list.data, keys, order.arbitrator, order.status, arbitrator.data, relay, role, api, base, token]);

  /**
   * Submits the note and the chosen file, each as its own piece of evidence (note first). The note
   * is cleared only once it is on chain; the caller clears the file input once `upload` says the
   * file went through, so a failure loses neither.
   */
  async function upload(file: FormDataEntryValue | null): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      const chosen = file instanceof File ? file : null;
      const parts = evidenceParts(note, chosen);
      if (parts.length === 0) throw new Error(t("Write a note or choose a file."));
      for (const part of parts) {
        if (part === "note") {
          await submit(new TextEncoder().encode(note.trim()));
          setNote("");
        } else await submit(new Uint8Array(await chosen!.arrayBuffer()));
      }
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  }

  return {
    items: list.data?.items,
    /** Participants submit evidence; anyone else only reads. */
    canSubmit: role === "buyer" || role === "seller" || role === "arbitrator",
    note,
    setNote,
    upload,
    busy,
    tx,
    error: error ?? list.error ?? null,
  };
}
