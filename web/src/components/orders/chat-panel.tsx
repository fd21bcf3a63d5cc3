"use client";
// End-to-end encrypted order chat. The conversation key is random, sealed to each participant's
// verified key; the buyer's copy decides which key wins if both parties start at once. Every
// message is checked against the signed hash chain before it is shown.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useT } from "@/i18n/i18n.tsx";
import { ApiError } from "@/lib/api/client.ts";
import type { MessagePage, OrderDetail, WrappedKey } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { nextMessage, openConversationKey, readConversation, wrapKeyFor } from "@/lib/crypto/conversation.ts";
import { newSymmetricKey } from "@p2p-escrow/api/protocol";
import { describeError } from "@/lib/tx/errors.ts";
import { useAccountSetup } from "@/lib/wallet/use-account-setup.ts";
import { Conversation } from "./conversation.tsx";
import { type Role, useVerifiedKeys } from "./use-order.ts";

const isCode = (e: unknown, code: string) => e instanceof ApiError && e.code === code;

export function ChatPanel({ detail, role }: { detail: OrderDetail; role: Role }) {
  const t = useT();
  const api = useApi();
  const queryClient = useQueryClient();
  const { order } = detail;
  const chainId = order.chainId;
  const base = `/conversations/${chainId}/${order.orderId}`;
  const { keys, session, address } = useAccountSetup();
  const token = session?.token ?? null;
  const me = address?.toLowerCase() ?? "";
  const buyerKeys = useVerifiedKeys(order.buyer);
  const sellerKeys = useVerifiedKeys(order.seller);
  const arbitratorKeys = useVerifiedKeys(order.arbitrator);
  const [text, setText] = useState("");
  const [error, setError] = useState<unknown>(null);

  const keyQuery = useQuery({
    queryKey: ["conversation-key", chainId, order.orderId, me],
    enabled: !!token && !!keys,
    retry: false,
    // An arbitrator who opens the case before a party has shared the key keeps asking for it.
    refetchInterval: (query) => (role === "arbitrator" && query.state.data === null ? 3_000 : false),
    queryFn: async (): Promise<Uint8Array | null> => {
      try {
        const wrapped = await api.request<WrappedKey>(`${base}/keys/me`, { token });
        return openConversationKey(wrapped.envelope, keys!);
      } catch (e) {
        if (isCode(e, "KEY_NOT_FOUND")) return null;
        throw e;
      }
    },
  });
  const key = keyQuery.data ?? null;

  // Start the conversation: win the buyer's slot first, then seal the same key to the seller.
  async function start() {
    if (!keys || !buyerKeys.data || !sellerKeys.data) throw new Error(t("Both parties must set up their encryption keys first."));
    const fresh = newSymmetricKey();
    const wrap = (recipient: string, encryptionKey: string) =>
      api.request(`${base}/keys`, { method: "PUT", token, body: { recipient, envelope: wrapKeyFor(fresh, encryptionKey, keys) } });
    try {
      await wrap(order.buyer, buyerKeys.data.encryptionPublicKey);
    } catch (e) {
      if (isCode(e, "KEY_EXISTS")) return void (await queryClient.invalidateQueries({ queryKey: ["conversation-key", chainId, order.orderId] }));
      throw e;
    }
    await wrap(order.seller, sellerKeys.data.encryptionPublicKey).catch((e) => {
      if (!isCode(e, "KEY_EXISTS")) throw e;
    });
    await queryClient.invalidateQueries({ queryKey: ["conversation-key", chainId, order.orderId] });
  }

  // Once an arbitrator sits on the dispute, a party that holds the key seals it to the arbitrator's
  // verified key. Storing it is idempotent (KEY_EXISTS: the other party was first), so a query
  // gives the share its deduplication and retries.
  useQuery({
    queryKey: ["conversation-key-shared", chainId, order.orderId, me, order.arbitrator],
    enabled: !!key && !!keys && order.status === "Disputed" && !!order.arbitrator && !!arbitratorKeys.data && (role === "buyer" || role === "seller"),
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

  const messages = useQuery({
    queryKey: ["messages", chainId, order.orderId],
    enabled: !!token && key !== null,
    refetchInterval: 5_000,
    queryFn: () => api.request<MessagePage>(`${base}/messages`, { token, query: { after: 0, limit: 200 } }),
  });
  const signingKeyOf = (sender: string) =>
    sender === order.buyer ? buyerKeys.data?.signingPublicKey : sender === order.seller ? sellerKeys.data?.signingPublicKey : sender === order.arbitrator ? arbitratorKeys.data?.signingPublicKey : undefined;
  const conversation = key && messages.data ? readConversation(chainId, BigInt(order.orderId), messages.data.messages, key, signingKeyOf) : null;

  async function send(event: FormEvent) {
    event.preventDefault();
    if (!key || !keys || !messages.data || !text.trim()) return;
    setError(null);
    try {
      let head = messages.data.head;
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          await api.request(`${base}/messages`, { method: "POST", token, body: nextMessage(chainId, BigInt(order.orderId), head, me, text.trim(), key, keys) });
          break;
        } catch (e) {
          if (!(isCode(e, "CHAIN_HEAD_MOVED") && attempt < 2)) throw e;
          head = (e as ApiError & { details: { head: typeof head } }).details.head;
        }
      }
      setText("");
      await queryClient.invalidateQueries({ queryKey: ["messages", chainId, order.orderId] });
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section className="panel" aria-labelledby="chat-heading">
      <h2 id="chat-heading">{t("Chat (end-to-end encrypted)")}</h2>
      {keyQuery.isSuccess && key === null && (
        role === "arbitrator" ? (
          <p className="muted">{t("Waiting for a party to share the conversation with you.")}</p>
        ) : (
          <button type="button" className="button secondary" onClick={() => void start().catch(setError)}>
            {t("Start the encrypted chat")}
          </button>
        )
      )}
      {conversation && (
        <>
          <Conversation conversation={conversation} me={me} />
          <form className="form" onSubmit={(e) => void send(e)}>
            <label>
              {t("Message")}
              <input value={text} onChange={(e) => setText(e.target.value)} maxLength={4000} />
            </label>
            <button type="submit" className="button">
              {t("Send")}
            </button>
          </form>
        </>
      )}
      {(error !== null || keyQuery.error) && <p role="alert" className="notice error">{describeError(error ?? keyQuery.error, t)}</p>}
    </section>
  );
}
