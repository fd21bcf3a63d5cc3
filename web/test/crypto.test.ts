import { DEV_MNEMONIC } from "@p2p-escrow/contracts/dev-accounts";
import { deriveWalletKeys, keyDerivationMessage, publicKeysOf, seal, toBase64 } from "@p2p-escrow/protocol";
import type { Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { newConversationKey, nextMessage, openConversationKey, readConversation } from "@/lib/crypto/conversation.ts";
import { openDelivery, resealForBuyer } from "@/lib/crypto/delivery.ts";
import { bindingBody, deriveKeysFromWallet, isBound, NonDeterministicSignatureError, verifiedKeysOf } from "@/lib/crypto/key-setup.ts";
import { commitDeliverable } from "@/lib/crypto/listing.ts";

const alice = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: 1 });
const bob = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: 2 });
const sign = (account: typeof alice) => (message: string) => account.signMessage({ message });
const keysOf = async (account: typeof alice) =>
  deriveWalletKeys(await account.signMessage({ message: keyDerivationMessage(account.address) }));

describe("encryption key setup", () => {
  it("derives the same keys as the protocol when the wallet signs deterministically", async () => {
    const keys = await deriveKeysFromWallet(alice.address, sign(alice));
    expect(publicKeysOf(keys)).toEqual(publicKeysOf(await keysOf(alice)));
  });

  it("refuses a wallet whose two signatures of the derivation message differ", async () => {
    let n = 0;
    const flaky = async (message: string) => {
      const signature = await alice.signMessage({ message });
      return (n++ === 0 ? signature : `${signature.slice(0, -2)}1c`) as Hex;
    };
    await expect(deriveKeysFromWallet(alice.address, flaky)).rejects.toBeInstanceOf(NonDeterministicSignatureError);
  });

  it("accepts a binding only for the same keys signed by the same wallet", async () => {
    const keys = await keysOf(alice);
    const bound = await bindingBody(alice.address, keys, sign(alice));
    expect(await isBound(alice.address, keys, bound)).toBe(true);
    expect(await isBound(alice.address, await keysOf(bob), bound)).toBe(false);
    expect(await verifiedKeysOf(bob.address, bound)).toBeNull();
    expect(await verifiedKeysOf(alice.address, bound)).toEqual(publicKeysOf(keys));
  });
});

describe("delivery", () => {
  it("lets the buyer open the re-sealed deliverable and match the committed product hash", async () => {
    const [sellerKeys, buyerKeys] = [await keysOf(bob), await keysOf(alice)];
    const deliverable = new TextEncoder().encode("Licence: ABC-123");
    const listing = commitDeliverable(deliverable, sellerKeys);
    const envelope = resealForBuyer(listing.sealedDeliverable, publicKeysOf(buyerKeys).encryptionPublicKey, sellerKeys);
    const opened = openDelivery(envelope, buyerKeys, listing.productSalt, listing.productHash);
    expect(opened).toMatchObject({ text: "Licence: ABC-123", hashMatches: true });
  });

  it("flags a deliverable that does not hash to what the order committed to", async () => {
    const [sellerKeys, buyerKeys] = [await keysOf(bob), await keysOf(alice)];
    const listing = commitDeliverable(new TextEncoder().encode("the real thing"), sellerKeys);
    const swapped = seal(new TextEncoder().encode("something else"), publicKeysOf(buyerKeys).encryptionPublicKey, sellerKeys.encryption);
    expect(openDelivery(swapped, buyerKeys, listing.productSalt, listing.productHash).hashMatches).toBe(false);
  });
});

describe("order chat", () => {
  const chainId = 31337;
  const orderId = 9n;
  async function conversation() {
    const [a, b] = [await keysOf(alice), await keysOf(bob)];
    const { key, envelopes } = newConversationKey([publicKeysOf(a).encryptionPublicKey, publicKeysOf(b).encryptionPublicKey], a);
    expect(openConversationKey(envelopes.get(publicKeysOf(b).encryptionPublicKey)!, b)).toEqual(key);
    let head = { seq: 0, hash: "0x" as string };
    const { chatGenesis } = await import("@p2p-escrow/protocol");
    head.hash = chatGenesis(chainId, orderId);
    const stored = [];
    for (const [sender, keys, text] of [
      [alice.address, a, "hello"],
      [bob.address, b, "hi, sending now"],
    ] as const) {
      const body = nextMessage(chainId, orderId, head, sender, text, key, keys);
      stored.push({ ...body, sender: sender.toLowerCase(), createdAt: new Date().toISOString() });
      head = { seq: body.seq, hash: body.hash };
    }
    const signingKeyOf = (s: string) => (s === alice.address.toLowerCase() ? publicKeysOf(a) : publicKeysOf(b)).signingPublicKey;
    return { key, stored, signingKeyOf };
  }

  it("decrypts a whole, correctly signed chain", async () => {
    const { key, stored, signingKeyOf } = await conversation();
    const read = readConversation(chainId, orderId, stored, key, signingKeyOf);
    expect(read.broken).toBeNull();
    expect(read.messages.map((m) => m.text)).toEqual(["hello", "hi, sending now"]);
  });

  it("reports a message the server dropped as a break in the chain", async () => {
    const { key, stored, signingKeyOf } = await conversation();
    expect(readConversation(chainId, orderId, stored.slice(1), key, signingKeyOf).broken).toMatchObject({ reason: "gap" });
  });

  it("reports a message the server altered", async () => {
    const { key, stored, signingKeyOf } = await conversation();
    stored[1] = { ...stored[1]!, ciphertext: toBase64(new Uint8Array(40)) };
    expect(readConversation(chainId, orderId, stored, key, signingKeyOf).broken).toMatchObject({ seq: 2, reason: "hash" });
  });
});
