// @vitest-environment happy-dom

import { DEV_MNEMONIC } from "@p2p-escrow/contracts/dev-accounts";
import {
  chatGenesis,
  deriveWalletKeys,
  keyDerivationMessage,
  newSymmetricKey,
  publicKeysOf,
  toBase64,
  type WalletKeys,
} from "@p2p-escrow/protocol";
import { mnemonicToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { Conversation } from "@/components/orders/conversation.tsx";
import { fa } from "@/i18n/fa.ts";
import { translate } from "@/i18n/messages.ts";
import { nextMessage, readConversation, type StoredMessage } from "@/lib/crypto/conversation.ts";
import { render, textOf } from "./render.tsx";

const CHAIN_ID = 31337;
const ORDER_ID = 12n;
const buyer = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: 1 });
const seller = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: 2 });
const keysOf = async (account: typeof buyer) =>
  deriveWalletKeys(await account.signMessage({ message: keyDerivationMessage(account.address) }));

/** A real encrypted, signed hash chain of the messages, as the API stores it. */
async function chat(lines: [typeof buyer, string][]) {
  const key = newSymmetricKey();
  const keys = new Map<string, WalletKeys>([
    [buyer.address.toLowerCase(), await keysOf(buyer)],
    [seller.address.toLowerCase(), await keysOf(seller)],
  ]);
  let head = { seq: 0, hash: chatGenesis(CHAIN_ID, ORDER_ID) as string };
  const stored: StoredMessage[] = [];
  for (const [account, text] of lines) {
    const sender = account.address.toLowerCase();
    const body = nextMessage(CHAIN_ID, ORDER_ID, head, sender, text, key, keys.get(sender)!);
    stored.push({ ...body, sender, createdAt: "2026-11-30T09:00:00.000Z" });
    head = { seq: body.seq, hash: body.hash };
  }
  const read = (messages: StoredMessage[]) =>
    readConversation(CHAIN_ID, ORDER_ID, messages, key, (s) => (keys.has(s) ? publicKeysOf(keys.get(s)!).signingPublicKey : undefined));
  return { stored, read };
}

const messagesIn = (container: HTMLElement) => [...container.querySelectorAll('[data-testid="chat-message"]')].map(textOf);

describe("Conversation", () => {
  it("says the hash chain is verified and shows each message decrypted, the reader's own as 'You'", async () => {
    const { stored, read } = await chat([
      [buyer, "Is it still available?"],
      [seller, "Yes, sending the key now"],
    ]);
    const { get, container } = render(<Conversation conversation={read(stored)} me={buyer.address.toLowerCase()} />);
    expect(textOf(get('[data-testid="chain-check"]'))).toBe("Hash chain verified: 2 messages, none missing or altered.");
    expect(get('[data-testid="chain-check"]').className).toBe("muted");
    expect(messagesIn(container)).toEqual(["You: Is it still available?", "0x3c44…93bc: Yes, sending the key now"]);
  });

  it("warns that the server altered the chat when a stored message was changed, and cannot decrypt that message", async () => {
    const { stored, read } = await chat([
      [buyer, "Is it still available?"],
      [seller, "Yes, sending the key now"],
    ]);
    stored[1] = { ...stored[1]!, ciphertext: toBase64(new Uint8Array(48)) };
    const { get, container } = render(<Conversation conversation={read(stored)} me={seller.address.toLowerCase()} />);
    expect(get('[data-testid="chain-check"]').className).toBe("notice error");
    expect(textOf(get('[data-testid="chain-check"]'))).toBe(
      "The message chain is broken at message 2 (hash): the server altered or dropped messages.",
    );
    expect(messagesIn(container)).toEqual(["0x7099…79c8: Is it still available?", "You: (cannot be decrypted)"]);
  });

  it("warns in Persian when the server dropped a message", async () => {
    const { stored, read } = await chat([
      [buyer, "one"],
      [seller, "two"],
      [buyer, "three"],
    ]);
    const { get } = render(<Conversation conversation={read([stored[0]!, stored[2]!])} me={buyer.address.toLowerCase()} />, {
      locale: "fa",
      messages: fa,
    });
    const warning = translate(
      "fa",
      fa,
      "The message chain is broken at message {seq} ({reason}): the server altered or dropped messages.",
      {
        seq: 3,
        reason: "gap",
      },
    );
    expect(warning).toContain("۳");
    expect(textOf(get('[data-testid="chain-check"]'))).toBe(warning);
  });
});
