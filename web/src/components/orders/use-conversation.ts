"use client";
// End-to-end encrypted order chat. The conversation key is random, sealed to each participant's
// verified key; the buyer's copy decides which key wins if both parties start at once. Every
// message is checked against the signed hash chain before it is shown.
import { newSymmetricKey } from "@p2p-escrow/protocol";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useT } from "@/i18n/i18n.tsx";
import { ApiError } from "@/lib/api/client.ts";
import { queryKeys } from "@/lib/api/query-keys.ts";
import type { MessagePage, OrderDetail, WrappedKey } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { useSessionQuery } from "@/lib/api/use-session-query.ts";
import { nextMessage, openConversationKey, readConversation, wrapKeyFor } from "@/lib/crypto/conversation.ts";
import { useAccountSetup } from "@/lib/wallet/use-account-setup.ts";
import type { Role } from "./use-order.ts";
import { useVerifiedKeys } from "./use-verified-keys.ts";

const isCode = (e: unknown, code: string) => e instanceof ApiError && e.code === code;

/** An order's chat for the caller: its key, the checked conversation, and starting and sending. */
export function useConversation({ order }: OrderDetail, role: Role) {
  const t = useT();
  const api = useApi();
  const queryClient = useQueryClient();
  const chainId = order.chainId;
  const base = `/conversations/${chainId}/${order.orderId}`;
  const { keys, token, address } = useAccountSetup();
  const me = address?.toLowerCase() ?? "";
  const buyerKeys = useVerifiedKeys(chainId, order.buyer);
  const sellerKeys = useVerifiedKeys(chainId, order.seller);
  const arbitratorKeys = useVerifiedKeys(chainId, order.arbitrator);
  const [text, setText] = useState("");
  const [error, setError] = useState<unknown>(null);

  const keyQuery = useSessionQuery<Uint8Array | null>(token, {
    queryKey: queryKeys.conversationKey.of(chainId, order.orderId, me),
    enabled: !!keys,
    retry: false,
    // An arbitrator who opens the case before a party has shared the key keeps asking for it.
    refetchInterval: (query) => (role === "arbitrator" && query.state.data === null ? 3_000 : false),
    read: async (session) => {
      try {
        const wrapped = await session.get<WrappedKey>(`${base}/keys/me`);
        return openConversationKey(wrapped.envelope, keys!);
      } catch (e) {
        if (isCode(e, "KEY_NOT_FOUND")) return null;
        throw e;
      }
    },
  });
  const key = keyQuery.data ?? null;
  const refreshKey = () => queryClient.invalidateQueries({ queryKey: queryKeys.conversationKey.ofOrder(chainId, order.orderId) });

  // Start the conversation: win the buyer's slot first, then seal the same key to the seller.
  async function start() {
    if (!keys || !buyerKeys.data || !sellerKeys.data) throw new Error(t("Both parties must set up their encryption keys first."));
    const fresh = newSymmetricKey();
    const wrap = (recipient: string, encryptionKey: string) =>
      api.request(`${base}/keys`, { method: "PUT", token, body: { recipient, envelope: wrapKeyFor(fresh, encryptionKey, keys) } });
    try {
      await wrap(order.buyer, buyerKeys.data.encryptionPublicKey);
    } catch (e) {
      if (isCode(e, "KEY_EXISTS")) return void (await refreshKey());
      throw e;
    }
    await wrap(order.seller, sellerKeys.data.encryptionPublicKey).catch((e) => {
      if (!isCode(e, "KEY_EXISTS")) throw e;
    });
    await refreshKey();
  }

  // Once an arbitrator sits on the dispute, a party that holds the key seals it to the arbitrator's
  // verified key. Storing it is idempotent (KEY_EXISTS: the other party was first), so a query
  // gives the share its deduplication and retries.
  useQuery({
    queryKey: queryKeys.conversationKeyShared(chainId, order.orderId, me, order.arbitrator),
    enabled:
      !!key &&
      !!keys &&
      order.status === "Disputed" &&
      !!order.arbitrator &&
      !!arbitratorKeys.data &&
      (role === "buyer" || role === "seller"),
    staleTime: Infinity,
    retry: 3,
    queryFn: async () => {
      const body = { recipient: order.arbitrator, envelope: wrapKeyFor(key!, arbitratorKeys.data!.encryptionPublicKey, keys!) };
      await api.request(`${base}/keys`, { method: "PUT", token, body }).catch((e) => {
        if (!isCode(e, "KEY_EXISTS")) throw e;
      });
      return true;
    },
  });

  const messages = useSessionQuery(token, {
    queryKey: queryKeys.messages(chainId, order.orderId),
    enabled: key !== null,
    refetchInterval: 5_000,
    read: (session) => session.get<MessagePage>(`${base}/messages`, { after: 0, limit: 200 }),
  });
  const signingKeyOf = (sender: string) =>
    sender === order.buyer
      ? buyerKeys.data?.signingPublicKey
      : sender === order.seller
        ? sellerKeys.data?.signingPublicKey
        : sender === order.arbitrator
          ? arbitratorKeys.data?.signingPublicKey
          : undefined;
  const conversation =
    key && messages.data ? readConversation(chainId, BigInt(order.orderId), messages.data.messages, key, signingKeyOf) : null;

  async function send() {
    if (!key || !keys || !messages.data || !text.trim()) return;
    setError(null);
    try {
      let head = messages.data.head;
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          await api.request(`${base}/messages`, {
            method: "POST",
            token,
            body: nextMessage(chainId, BigInt(order.orderId), head, me, text.trim(), key, keys),
          });
          break;
        } catch (e) {
          if (!(isCode(e, "CHAIN_HEAD_MOVED") && attempt < 2)) throw e;
          head = (e as ApiError & { details: { head: typeof head } }).details.head;
        }
      }
      setText("");
      await queryClient.invalidateQueries({ queryKey: queryKeys.messages(chainId, order.orderId) });
    } catch (e) {
      setError(e);
    }
  }

  return {
    me,
    conversation,
    /** The caller holds no key yet: a party may start the chat, an arbitrator waits to be let in. */
    noKeyYet: keyQuery.isSuccess && key === null,
    start: () => void start().catch(setError),
    text,
    setText,
    send: () => void send(),
    error: error ?? keyQuery.error ?? null,
  };
}
