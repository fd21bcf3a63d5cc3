"use client";
// Dispute evidence: encrypt a file or a note for the buyer, the seller and the arbitrator, pin it
// through the API, point at it on chain; read what the chain recorded, decrypted with your key.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useAccount, useSwitchChain } from "wagmi";
import { useWriteEscrowSubmitEvidence } from "@/generated/contracts.ts";
import { useT } from "@/i18n/i18n.tsx";
import { sendToCurrentRecipients } from "@/lib/api/current-recipients.ts";
import type { EvidenceList, Pinned } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { wrapKeyFor } from "@/lib/crypto/conversation.ts";
import { decryptEvidence, encryptEvidence, openEvidenceKey } from "@/lib/crypto/evidence.ts";
import { shortAddress } from "@/lib/format/format.ts";
import { describeError } from "@/lib/tx/errors.ts";
import { useTransaction } from "@/lib/tx/use-transaction.ts";
import { useAccountSetup } from "@/lib/wallet/use-account-setup.ts";
import { TxStatus } from "@/components/tx/tx-status.tsx";
import { type Role, useVerifiedKeys, verifiedKeysQuery } from "./use-order.ts";
import type { OrderDetail } from "@/lib/api/types.ts";

interface ReadEvidence {
  uri: string;
  submitter: string;
  cid: string | null;
  text: string | null;
  status: "decrypted" | "no-key" | "external" | "failed";
}

export function EvidencePanel({ detail, role }: { detail: OrderDetail; role: Role }) {
  const t = useT();
  const api = useApi();
  const queryClient = useQueryClient();
  const { order } = detail;
  const chainId = order.chainId;
  const { keys, session } = useAccountSetup();
  const token = session?.token ?? null;
  const tx = useTransaction(chainId);
  const submit = useWriteEscrowSubmitEvidence();
  const { chainId: walletChainId } = useAccount();
  const { switchChainAsync } = useSwitchChain();
  const arbitrator = useVerifiedKeys(order.arbitrator);
  const [note, setNote] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const shared = useRef(new Set<string>());
  const base = `/evidence/${chainId}/${order.orderId}`;

  const list = useQuery({
    queryKey: ["evidence", chainId, order.orderId],
    enabled: !!token && !!keys,
    refetchInterval: 5_000,
    queryFn: async (): Promise<{ items: ReadEvidence[]; fileKeys: Map<string, Uint8Array> }> => {
      const { evidence } = await api.request<EvidenceList>(base, { token });
      const fileKeys = new Map<string, Uint8Array>();
      const items = await Promise.all(
        evidence.map(async (e): Promise<ReadEvidence> => {
          if (!e.file) return { uri: e.uri, submitter: e.submitter, cid: null, text: null, status: "external" };
          const fileKey = e.key ? openEvidenceKey(e.key.envelope, keys!) : null;
          if (!fileKey) return { uri: e.uri, submitter: e.submitter, cid: e.file.cid, text: null, status: "no-key" };
          fileKeys.set(e.file.cid, fileKey);
          const plain = decryptEvidence(await api.bytes(`${base}/${e.file.cid}/content`, token!), e.file.nonce, fileKey);
          return { uri: e.uri, submitter: e.submitter, cid: e.file.cid, text: plain ? new TextDecoder().decode(plain) : null, status: plain ? "decrypted" : "failed" };
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
        .request(`${base}/${cid}/keys`, { method: "PUT", token, body: { recipient: order.arbitrator, envelope: wrapKeyFor(fileKey, arbitrator.data.encryptionPublicKey, keys) } })
        .catch(() => undefined);
    }
  }, [list.data, keys, order.arbitrator, arbitrator.data, role, api, base, token]);

  /** Seals the content for exactly these recipients, each with their verified key, and pins it. */
  async function pin(content: Uint8Array, recipients: readonly string[]): Promise<Pinned> {
    // fetchQuery waits for keys still loading (a page just opened) instead of failing on them.
    const sealedFor = await Promise.all(recipients.map(async (address) => ({ address, keys: await queryClient.fetchQuery(verifiedKeysQuery(api, address)) })));
    if (sealedFor.some((r) => !r.keys)) throw new Error(t("Every participant must have set up encryption keys."));
    const sealed = encryptEvidence(content, sealedFor.map((r) => ({ address: r.address, encryptionPublicKey: r.keys!.encryptionPublicKey })), keys!);
    const form = new FormData();
    form.set("nonce", sealed.nonce);
    form.set("keys", JSON.stringify(sealed.keys));
    form.set("file", new Blob([sealed.ciphertext as BlobPart]), "evidence.bin");
    return api.request<Pinned>(base, { method: "POST", form, token });
  }

  async function upload(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get("file");
    setBusy(true);
    setError(null);
    try {
      if (!keys) throw new Error(t("Set up your keys first."));
      const content = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : new TextEncoder().encode(note);
      if (content.length === 0) throw new Error(t("Write a note or choose a file."));
      const pinned = await sendToCurrentRecipients(
        [order.buyer, order.seller, ...(order.arbitrator ? [order.arbitrator] : [])],
        (recipients) => pin(content, recipients),
        () => void queryClient.invalidateQueries({ queryKey: ["order", chainId, order.orderId] }),
      );
      if (walletChainId !== chainId) await switchChainAsync({ chainId });
      await tx.run("Submit evidence", () => submit.writeContractAsync({ args: [BigInt(order.orderId), pinned.uri], chainId }));
      setNote("");
      await queryClient.invalidateQueries({ queryKey: ["evidence", chainId, order.orderId] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="evidence-heading">
      <h2 id="evidence-heading">{t("Evidence")}</h2>
      <ul data-testid="evidence-list">
        {list.data?.items.map((e) => (
          <li key={e.uri}>
            <span className="muted">{shortAddress(e.submitter)}: </span>
            {e.status === "decrypted" ? <span dir="auto" data-testid="evidence-text">{e.text}</span> : <em>{t(e.status === "external" ? "not stored here: {uri}" : e.status === "no-key" ? "no key shared with you yet" : "cannot be decrypted", { uri: e.uri })}</em>}
          </li>
        ))}
      </ul>
      {(role === "buyer" || role === "seller" || role === "arbitrator") && (
        <form className="form stack" onSubmit={(e) => void upload(e)}>
          <label>
            {t("Evidence note")}
            <textarea value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <label>
            {t("…or a file")}
            <input type="file" name="file" />
          </label>
          <button type="submit" className="button secondary" disabled={busy}>
            {t("Encrypt and submit evidence")}
          </button>
        </form>
      )}
      <TxStatus state={tx.state} chainId={chainId} />
      {(error !== null || list.error) && tx.state.stage !== "failed" && <p role="alert" className="notice error">{describeError(error ?? list.error, t)}</p>}
    </section>
  );
}
