import { DEV_MNEMONIC } from "@p2p-escrow/contracts/dev-accounts";
import {
  decodeProductOpening,
  deliveryHash,
  deriveWalletKeys,
  fromBase64,
  keyDerivationMessage,
  open,
  productHash,
  publicKeysOf,
  seal,
  sealDelivery,
  toBase64,
} from "@p2p-escrow/protocol";
import { bytesToHex, encodePacked, type Hex, keccak256 } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { newConversationKey, nextMessage, openConversationKey, readConversation } from "@/lib/crypto/conversation.ts";
import { openDelivery, prepareDelivery } from "@/lib/crypto/delivery.ts";
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
  const order = { chainId: 31337, orderId: 7n };
  async function listed(text = "Licence: ABC-123") {
    const [sellerKeys, buyerKeys] = [await keysOf(bob), await keysOf(alice)];
    const listing = commitDeliverable(new TextEncoder().encode(text), sellerKeys);
    const own = { sealedDeliverable: listing.sealedDeliverable, legacyProductSalt: null };
    return { sellerKeys, buyerKeys, listing, own, buyerKey: publicKeysOf(buyerKeys).encryptionPublicKey };
  }

  it("keeps the product salt out of what the API gets: only the hash and the opening sealed to the seller", async () => {
    const { sellerKeys, listing } = await listed();
    expect(Object.keys(listing).sort()).toEqual(["productHash", "sealedDeliverable"]);
    const opening = decodeProductOpening(open(listing.sealedDeliverable, sellerKeys.encryption)!);
    expect(productHash(opening!.salt, opening!.deliverable)).toBe(listing.productHash);
  });

  it("lets the buyer open the sealed delivery and match both the committed delivery hash and the product hash", async () => {
    const { sellerKeys, buyerKeys, listing, own, buyerKey } = await listed();
    const prepared = prepareDelivery(own, order, buyerKey, sellerKeys);
    const opened = openDelivery(prepared.envelope, buyerKeys, { deliveryHash: prepared.hash, productHash: listing.productHash });
    expect(opened).toMatchObject({ text: "Licence: ABC-123", matchesCommitment: true, matchesProduct: true, verified: true });
  });

  it("commits to the sealed envelope's bytes as Solidity's keccak256(abi.encodePacked(bytes24 nonce, bytes32 senderPublicKey, bytes ciphertext))", async () => {
    const { sellerKeys, own, buyerKey } = await listed();
    const { envelope, hash } = prepareDelivery(own, order, buyerKey, sellerKeys);
    const hex = (base64: string) => bytesToHex(fromBase64(base64));
    expect(hash).toBe(
      keccak256(
        encodePacked(["bytes24", "bytes32", "bytes"], [hex(envelope.nonce), hex(envelope.senderPublicKey), hex(envelope.ciphertext)]),
      ),
    );
  });

  it("seals the same delivery again for the same order, so an interrupted upload can be finished after a reload", async () => {
    const { sellerKeys, own, buyerKey } = await listed();
    const first = prepareDelivery(own, order, buyerKey, sellerKeys);
    expect(prepareDelivery(own, order, buyerKey, sellerKeys)).toEqual(first);
    expect(prepareDelivery(own, { ...order, orderId: 8n }, buyerKey, sellerKeys).hash).not.toBe(first.hash);
  });

  it("delivers a listing made before salts were secret with the salt it published", async () => {
    const { sellerKeys, buyerKeys, buyerKey } = await listed();
    const deliverable = new TextEncoder().encode("an old listing");
    const salt = `0x${"ab".repeat(32)}` as const;
    const own = {
      sealedDeliverable: seal(deliverable, toBase64(sellerKeys.encryption.publicKey), sellerKeys.encryption),
      legacyProductSalt: salt,
    };
    const prepared = prepareDelivery(own, order, buyerKey, sellerKeys);
    const opened = openDelivery(prepared.envelope, buyerKeys, { deliveryHash: prepared.hash, productHash: productHash(salt, deliverable) });
    expect(opened).toMatchObject({ text: "an old listing", verified: true });
  });

  it("flags a delivery that is not the one committed on chain, and one that does not open the product hash", async () => {
    const { sellerKeys, buyerKeys, listing, own, buyerKey } = await listed("the real thing");
    const prepared = prepareDelivery(own, order, buyerKey, sellerKeys);
    const other = prepareDelivery(own, { ...order, orderId: 99n }, buyerKey, sellerKeys);
    expect(openDelivery(other.envelope, buyerKeys, { deliveryHash: prepared.hash, productHash: listing.productHash })).toMatchObject({
      matchesCommitment: false,
      matchesProduct: true,
      verified: false,
    });
    const swapped = sealDelivery(
      { salt: `0x${"01".repeat(32)}`, deliverable: new TextEncoder().encode("something else") },
      order,
      buyerKey,
      sellerKeys.encryption,
    );
    expect(openDelivery(swapped, buyerKeys, { deliveryHash: deliveryHash(swapped), productHash: listing.productHash })).toMatchObject({
      text: "something else",
      matchesCommitment: true,
      matchesProduct: false,
      verified: false,
    });
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
