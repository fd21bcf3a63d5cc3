// An order's party as a client of the API over HTTP, as the web app is: signed in, keys derived
// from a wallet signature and bound through the profile route, chat messages encrypted, chained
// and signed on the client. Used where the API runs as separate processes (the multi-process and
// resilience tests, the resilience benchmark); `baseUrl` says which process answers each call.
import { type ChatHead, type NewChatMessage, nextChatMessage } from "@p2p-escrow/protocol/chat-message";
import { deriveWalletKeys, keyBindingMessage, keyDerivationMessage, publicKeysOf, type WalletKeys } from "@p2p-escrow/protocol/keys";
import { newSymmetricKey, seal } from "@p2p-escrow/protocol/sealing";
import type { LocalAccount } from "viem/accounts";
import { apiClient } from "../api-client.ts";

export interface ChatParty {
  /** Lowercase, as the API stores it. */
  address: string;
  token: string;
  keys: WalletKeys;
}

const json = (token?: string) => ({
  "content-type": "application/json",
  ...(token ? { authorization: `Bearer ${token}` } : {}),
});

async function expectOk(response: Response, what: string) {
  if (!response.ok) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { data: unknown }).data;
}

/** Signs `account` in at `baseUrl` and binds its keys through PUT /profiles/me/keys. */
export async function chatParty(baseUrl: string, account: LocalAccount, siwe: { domain: string; uri: string }, chainId: number) {
  const api = apiClient({ baseUrl, siweDomain: siwe.domain, siweUri: siwe.uri, chainId });
  const token = await api.signIn(account);
  const keys = deriveWalletKeys(await account.signMessage({ message: keyDerivationMessage(account.address) }));
  const publicKeys = publicKeysOf(keys);
  const signature = await account.signMessage({ message: keyBindingMessage(account.address, publicKeys) });
  await api.call("PUT", "/profiles/me/keys", { ...publicKeys, signature }, token);
  return { address: account.address.toLowerCase(), token, keys } satisfies ChatParty;
}

/** Starts the order's conversation: a random key, wrapped by `from` for itself and `other`. */
export async function startConversation(baseUrl: string, chainId: number, orderId: bigint, from: ChatParty, other: ChatParty) {
  const key = newSymmetricKey();
  for (const recipient of [from, other]) {
    const envelope = seal(key, publicKeysOf(recipient.keys).encryptionPublicKey, from.keys.encryption);
    await expectOk(
      await fetch(`${baseUrl}/conversations/${chainId}/${orderId}/keys`, {
        method: "PUT",
        headers: json(from.token),
        body: JSON.stringify({ recipient: recipient.address, envelope }),
      }),
      "wrapping the conversation key",
    );
  }
  return key;
}

/** A message as the web app builds it: encrypted under the conversation key, chained onto `head`, signed. */
export const chainedMessage = (party: ChatParty, chainId: number, orderId: bigint, key: Uint8Array, text: string, head: ChatHead) =>
  nextChatMessage(chainId, orderId, head, party.address, text, key, party.keys);

/** The conversation's head, read at `baseUrl`. */
export async function chatHead(baseUrl: string, chainId: number, orderId: bigint, party: ChatParty): Promise<ChatHead> {
  const data = (await expectOk(
    await fetch(`${baseUrl}/conversations/${chainId}/${orderId}/messages?limit=1`, { headers: json(party.token) }),
    "reading the conversation's head",
  )) as { head: ChatHead };
  return data.head;
}

/** POSTs a message at `baseUrl`; the raw response, for callers that count statuses. */
export function postMessage(baseUrl: string, chainId: number, orderId: bigint, party: ChatParty, message: NewChatMessage) {
  return fetch(`${baseUrl}/conversations/${chainId}/${orderId}/messages`, {
    method: "POST",
    headers: json(party.token),
    body: JSON.stringify(message),
  });
}
