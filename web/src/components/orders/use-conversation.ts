"use client";
// End-to-end encrypted order chat. The conversation key is random, sealed to each participant's
// verified key; the buyer's copy decides which key wins if both parties start at once. Every
// message is checked against the signed hash chain before it is shown. During a dispute a party's
// page also seals the key to the arbitrator and the case-key relay (docs/disputes.md).
import { newSymmetricKey } from "@p2p-escrow/protocol";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useT } from "@/i18n/i18n.tsx";
import { ApiError } from "@/lib/api/client.ts";
import { queryKeys } from "@/lib/api/query-keys.ts";
import type { KeyRecipients, OrderDetail } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { useSessionQuery } from "@/lib/api/use-session-query.ts";
import { useChainClients } from "@/lib/chain/use-chain-clients.ts";
import { nextMessage, readConversation, wrapKeyFor } from "@/lib/crypto/conversation.ts";
import { useAccountSetup } from "@/lib/wallet/use-account-setup.ts";
import { missingCopies } from "./key-copies.ts";
import { useCaseRelay, useConversationKey, useMessagePage } from "./use-case-keys.ts";
import type { Role } from "./use-order.ts";
import { useVerifiedKeys, verifiedKeysQuery } from "./use-verified-keys.ts";

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
  const chainClient = useChainClients()(chainId);
  const [text, setText] = useState("");
  const [error, setError] = useState<unknown>(null);

  const keyQuery = useConversationKey(order);
  const key = keyQuery.data ?? null;
  const refreshKey = () => queryClient.invalidateQueries({ queryKey: queryKeys.conversationKey.ofOrder(chainId, order.orderId) });
  const relay = useCaseRelay(order);
  const party = role === "buyer" || role === "seller";

  // Start the conversation: win the buyer's slot first, then seal the same key to the seller.
  async function start() {
    // fetchQuery waits for keys still loading (a page just opened) instead of failing on them.
    const [buyerBound, sellerBound] = await Promise.all(
      [order.buyer, order.seller].map((address) => queryClient.fetchQuery(verifiedKeysQuery(api, chainId, address, chainClient))),
    );
    if (!keys || !buyerBound || !sellerBound) throw new Error(t("Both parties must set up their encryption keys first."));
    const fresh = newSymmetricKey();
    const wrap = (recipient: string, encryptionKey: string) =>
      api.request(`${base}/keys`, { method: "PUT", token, body: { recipient, envelope: wrapKeyFor(fresh, encryptionKey, keys) } });
    try {
      await wrap(order.buyer, buyerBound.encryptionPublicKey);
    } catch (e) {
      if (isCode(e, "KEY_EXISTS")) return void (await refreshKey());
      throw e;
    }
    await wrap(order.seller, sellerBound.encryptionPublicKey).catch((e) => {
      if (!isCode(e, "KEY_EXISTS")) throw e;
    });
    await refreshKey();
  }

  // While the order is disputed, a party that holds the key seals it to whoever lacks a copy among
  // the arbitrator (once drawn, with verified keys) and the case-key relay (which hands it on to an
  // arbitrator drawn while no party's page is open: api/src/keeper/relay.ts). Storing a copy is
  // idempotent (KEY_EXISTS: someone was first), and a query gives the share its deduplication.
  const recipients = useSessionQuery(token, {
    queryKey: queryKeys.conversationKeyRecipients(chainId, order.orderId),
    enabled: !!key && party && order.status === "Disputed",
    read: async (session) => (await session.get<KeyRecipients>(`${base}/keys`)).recipients.map((a) => a.toLowerCase()),
  });
  const missing = recipients.data
    ? missingCopies(recipients.data, [
        order.arbitrator && arbitratorKeys.data
          ? { address: order.arbitrator, encryptionPublicKey: arbitratorKeys.data.encryptionPublicKey }
          : null,
        relay,
      ])
    : [];
  useQuery({
    queryKey: queryKeys.conversationKeyShared(
      chainId,
      order.orderId,
      me,
      missing.map((m) => m.address),
    ),
    enabled: !!key && !!keys && missing.length > 0,
    staleTime: Infinity,
    retry: 3,
    queryFn: async () => {
      for (const target of missing) {
        const body = { recipient: target.address, envelope: wrapKeyFor(key!, target.encryptionPublicKey, keys!) };
        await api.request(`${base}/keys`, { method: "PUT", token, body }).catch((e) => {
          if (!isCode(e, "KEY_EXISTS")) throw e;
        });
      }
      await queryClient.invalidateQueries({ queryKey: queryKeys.conversationKeyRecipients(chainId, order.orderId) });
      return true;
    },
  });

  const messages = useMessagePage(order);
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
    /** A party's view of a dispute: the arbitrator, or the case-key relay that hands it on, holds the key. */
    sharedForArbitration:
      !!recipients.data && [order.arbitrator, relay?.address].some((a) => !!a && recipients.data.includes(a.toLowerCase())),
    start: () => void start().catch(setError),
    text,
    setText,
    send: () => void send(),
    error: error ?? keyQuery.error ?? null,
  };
}
