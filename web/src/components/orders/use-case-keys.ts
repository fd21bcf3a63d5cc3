"use client";
// What the reader can open of an order's case: its conversation key, its evidence (decrypted where
// a file key was sealed to the reader), and the chat's head. The chat, the evidence panel and the
// ruling gate share these queries (one key each), so they agree and fetch once. Realtime events
// refresh them (lib/realtime/invalidate.ts): the case-key relay's `case.key_relayed` says when a
// key arrived, so nothing polls for a key.
import { useRuntimeConfig } from "@/config/runtime-context.tsx";
import { queryKeys } from "@/lib/api/query-keys.ts";
import type { EvidenceList, MessagePage, OrderDetail, WrappedKey } from "@/lib/api/types.ts";
import { useSessionQuery } from "@/lib/api/use-session-query.ts";
import { openConversationKey } from "@/lib/crypto/conversation.ts";
import { decryptEvidence, openEvidenceKey } from "@/lib/crypto/evidence.ts";
import { useAccountSetup } from "@/lib/wallet/use-account-setup.ts";
import { useVerifiedKeys } from "./use-verified-keys.ts";

type Order = OrderDetail["order"];

export interface ReadEvidence {
  uri: string;
  submitter: string;
  cid: string | null;
  text: string | null;
  status: "decrypted" | "no-key" | "external" | "failed";
}

/** An evidence file the reader holds the key of, and who else holds it. */
export interface HeldFileKey {
  cid: string;
  fileKey: Uint8Array;
  /** Lowercase addresses holding a copy of the file key. */
  sealedTo: string[];
}

/** The reader's copy of the order's conversation key, opened; null while nobody has sealed it to the reader. */
export function useConversationKey(order: Order) {
  const { keys, token, address } = useAccountSetup();
  const me = address?.toLowerCase() ?? "";
  return useSessionQuery<Uint8Array | null>(token, {
    queryKey: queryKeys.conversationKey.of(order.chainId, order.orderId, me),
    enabled: !!keys,
    retry: false,
    // Realtime events bring the key at once; a slow re-ask covers a socket that was down meanwhile.
    refetchInterval: (query) => (query.state.data === null ? 15_000 : false),
    read: async (session) => {
      // 200 with null while there is no copy yet: not an error (docs/api.md).
      const wrapped = await session.get<WrappedKey | null>(`/conversations/${order.chainId}/${order.orderId}/keys/me`);
      return wrapped ? openConversationKey(wrapped.envelope, keys!) : null;
    },
  });
}

/** The order's chat as stored (ciphertext and the chain's head): readable without the key, to know whether there is a chat at all. */
export function useMessagePage(order: Order, enabled = true) {
  const { keys, token } = useAccountSetup();
  return useSessionQuery(token, {
    queryKey: queryKeys.messages(order.chainId, order.orderId),
    enabled: enabled && !!keys,
    refetchInterval: 5_000,
    read: (session) => session.get<MessagePage>(`/conversations/${order.chainId}/${order.orderId}/messages`, { after: 0, limit: 200 }),
  });
}

/** The order's evidence as the reader can read it, and the file keys the reader holds. */
export function useEvidenceList(order: Order, enabled = true) {
  const { keys, token } = useAccountSetup();
  const base = `/evidence/${order.chainId}/${order.orderId}`;
  return useSessionQuery(token, {
    queryKey: queryKeys.evidence(order.chainId, order.orderId),
    enabled: enabled && !!keys,
    refetchInterval: 5_000,
    read: async (session): Promise<{ items: ReadEvidence[]; held: HeldFileKey[] }> => {
      const { evidence } = await session.get<EvidenceList>(base);
      const held: HeldFileKey[] = [];
      const items = await Promise.all(
        evidence.map(async (e): Promise<ReadEvidence> => {
          if (!e.file) return { uri: e.uri, submitter: e.submitter, cid: null, text: null, status: "external" };
          const fileKey = e.key ? openEvidenceKey(e.key.envelope, keys!) : null;
          if (!fileKey) return { uri: e.uri, submitter: e.submitter, cid: e.file.cid, text: null, status: "no-key" };
          held.push({ cid: e.file.cid, fileKey, sealedTo: e.sealedTo.map((a) => a.toLowerCase()) });
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
      return { items, held };
    },
  });
}

/** The case-key relay of this deployment with its verified keys, while the order is disputed (null otherwise). */
export function useCaseRelay(order: Order) {
  const { caseRelay } = useRuntimeConfig();
  const relay = order.status === "Disputed" ? caseRelay : null;
  const keys = useVerifiedKeys(order.chainId, relay);
  return relay && keys.data ? { address: relay, encryptionPublicKey: keys.data.encryptionPublicKey } : null;
}

/** Why the reader cannot read the whole case yet, or null when it can. */
export type CaseGap = "loading" | "conversation" | "evidence" | null;

/**
 * What stands between the reader and the whole case: the chat, when one exists (messages were
 * sent) and the reader holds no key; an evidence file whose key was not sealed to the reader.
 */
export function caseGap(state: {
  keyLoaded: boolean;
  hasKey: boolean;
  messageCount: number | null;
  evidence: Pick<ReadEvidence, "status">[] | null;
}): CaseGap {
  if (!state.keyLoaded || state.messageCount === null || state.evidence === null) return "loading";
  if (state.messageCount > 0 && !state.hasKey) return "conversation";
  if (state.evidence.some((e) => e.status === "no-key")) return "evidence";
  return null;
}

/** The ruling gate: what the reader still cannot read of the order's case (caseGap). */
export function useCaseGap(order: Order, enabled: boolean): CaseGap {
  const key = useConversationKey(order);
  const page = useMessagePage(order, enabled);
  const evidence = useEvidenceList(order, enabled);
  return caseGap({
    keyLoaded: key.isSuccess,
    hasKey: !!key.data,
    messageCount: page.data ? page.data.head.seq : null,
    evidence: evidence.data?.items ?? null,
  });
}
