"use client";
// Dispute evidence: encrypt a file or a note for the buyer, the seller and the arbitrator, pin it
// through the API, point at it on chain; read what the chain recorded, decrypted with your key.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useAccount, useSwitchChain } from "wagmi";
import { useWriteEscrowSubmitEvidence } from "@/generated/contracts.ts";
import { useT } from "@/i18n/i18n.tsx";
import { sendToCurrentRecipients } from "@/lib/api/current-recipients.ts";
import { queryKeys } from "@/lib/api/query-keys.ts";
import type { EvidenceList, OrderDetail, Pinned } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { useSessionQuery } from "@/lib/api/use-session-query.ts";
import { useChainClients } from "@/lib/chain/use-chain-clients.ts";
import { wrapKeyFor } from "@/lib/crypto/conversation.ts";
import { decryptEvidence, encryptEvidence, openEvidenceKey } from "@/lib/crypto/evidence.ts";
import { useTransaction } from "@/lib/tx/use-transaction.ts";
import { useAccountSetup } from "@/lib/wallet/use-account-setup.ts";
import type { Role } from "./use-order.ts";
import { useVerifiedKeys, verifiedKeysQuery } from "./use-verified-keys.ts";

export interface ReadEvidence {
  uri: string;
  submitter: string;
  cid: string | null;
  text: string | null;
  status: "decrypted" | "no-key" | "external" | "failed";
}

/** An order's evidence as the caller can read it, and submitting more (a note or a file). */
export function useEvidence({ order }: OrderDetail, role: Role) {
  const t = useT();
  const api = useApi();
  const queryClient = useQueryClient();
  const chainId = order.chainId;
  const { keys, token } = useAccountSetup();
  const tx = useTransaction(chainId);
  const submit = useWriteEscrowSubmitEvidence();
  const { chainId: walletChainId } = useAccount();
  const { switchChainAsync } = useSwitchChain();
  const arbitrator = useVerifiedKeys(chainId, order.arbitrator);
  const chainClient = useChainClients()(chainId);
  const [note, setNote] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const shared = useRef(new Set<string>());
  const base = `/evidence/${chainId}/${order.orderId}`;

  const list = useSessionQuery(token, {
    queryKey: queryKeys.evidence(chainId, order.orderId),
    enabled: !!keys,
    refetchInterval: 5_000,
    read: async (session): Promise<{ items: ReadEvidence[]; fileKeys: Map<string, Uint8Array> }> => {
      const { evidence } = await session.get<EvidenceList>(base);
      const fileKeys = new Map<string, Uint8Array>();
      const items = await Promise.all(
        evidence.map(async (e): Promise<ReadEvidence> => {
          if (!e.file) return { uri: e.uri, submitter: e.submitter, cid: null, text: null, status: "external" };
          const fileKey = e.key ? openEvidenceKey(e.key.envelope, keys!) : null;
          if (!fileKey) return { uri: e.uri, submitter: e.submitter, cid: e.file.cid, text: null, status: "no-key" };
          fileKeys.set(e.file.cid, fileKey);
          const plain = decryptEvidence(await session.bytes(`${base}/${e.file.cid}/content`), e.file.nonce, fileKey);
          return {
            uri: e.uri,
            submitter: e.submitter,
            cid: e.file.cid,
            text: plain ? new TextDecoder().decode(plain) : null,
            status: plain ? "decrypted" : "failed",
          };
        }),
      );
      return { items, fileKeys };
    },
  });

  // A party shares the file keys it holds with an arbitrator drawn after the upload.
  useEffect(() => {
    if (!list.data || !keys || !order.arbitrator || !arbitrator.data || (role !== "buyer" && role !== "seller")) return;
    for (const [cid, fileKey] of list.data.fileKeys) {
      if (shared.current.has(cid)) continue;
      shared.current.add(cid);
      void api
        .request(`${base}/${cid}/keys`, {
          method: "PUT",
          token,
          body: { recipient: order.arbitrator, envelope: wrapKeyFor(fileKey, arbitrator.data.encryptionPublicKey, keys) },
        })
        .catch(() => undefined);
    }
  }, [list.data, keys, order.arbitrator, arbitrator.data, role, api, base, token]);

  /** Seals the content for exactly these recipients, each with their verified key, and pins it. */
  async function pin(content: Uint8Array, recipients: readonly string[]): Promise<Pinned> {
    // fetchQuery waits for keys still loading (a page just opened) instead of failing on them.
    const sealedFor = await Promise.all(
      recipients.map(async (address) => ({ address, keys: await queryClient.fetchQuery(verifiedKeysQuery(api, address, chainClient)) })),
    );
    if (sealedFor.some((r) => !r.keys)) throw new Error(t("Every participant must have set up encryption keys."));
    const sealed = encryptEvidence(
      content,
      sealedFor.map((r) => ({ address: r.address, encryptionPublicKey: r.keys!.encryptionPublicKey })),
      keys!,
    );
    const form = new FormData();
    form.set("nonce", sealed.nonce);
    form.set("keys", JSON.stringify(sealed.keys));
    form.set("file", new Blob([sealed.ciphertext as BlobPart]), "evidence.bin");
    return api.request<Pinned>(base, { method: "POST", form, token });
  }

  /** Submits the chosen file, or the note when no file is chosen. */
  async function upload(file: FormDataEntryValue | null) {
    setBusy(true);
    setError(null);
    try {
      if (!keys) throw new Error(t("Set up your keys first."));
      const content = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : new TextEncoder().encode(note);
      if (content.length === 0) throw new Error(t("Write a note or choose a file."));
      const pinned = await sendToCurrentRecipients(
        [order.buyer, order.seller, ...(order.arbitrator ? [order.arbitrator] : [])],
        (recipients) => pin(content, recipients),
        () => void queryClient.invalidateQueries({ queryKey: queryKeys.order(chainId, order.orderId) }),
      );
      if (walletChainId !== chainId) await switchChainAsync({ chainId });
      await tx.run("Submit evidence", () => submit.writeContractAsync({ args: [BigInt(order.orderId), pinned.uri], chainId }));
      setNote("");
      await queryClient.invalidateQueries({ queryKey: queryKeys.evidence(chainId, order.orderId) });
    } catch (e) {
      setError(e);
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
    upload: (file: FormDataEntryValue | null) => void upload(file),
    busy,
    tx: tx.state,
    error: error ?? list.error ?? null,
  };
}
