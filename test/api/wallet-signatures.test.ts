// Contract accounts as full users of the API: a real Safe signs in, binds its keys and reviews,
// deployed (ERC-1271) and not deployed yet (ERC-6492), checked on a real Hardhat node; what a
// contract refuses is refused with CONTRACT_SIGNATURE_INVALID, and an EOA's signature is still
// checked without the chain.
import { checkKeyBinding, deriveWalletKeys, keyBindingMessage, keyDerivationMessage, publicKeysOf } from "@p2p-escrow/protocol/keys";
import { reviewTypedData } from "@p2p-escrow/protocol/review";
import { newSymmetricKey, open, seal } from "@p2p-escrow/protocol/sealing";
import { checkWalletSignature } from "@p2p-escrow/protocol/wallet-signature";
import {
  type Address,
  createPublicClient,
  custom,
  encodeFunctionData,
  type Hex,
  hashMessage,
  http,
  keccak256,
  serializeErc6492Signature,
  toHex,
} from "viem";
import type { LocalAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../api/src/app.ts";
import { escrowAbi, stablecoinAbi } from "../../contracts/generated/deployments.ts";
import { bearer, newAccount, signIn, siweMessage, testConfig } from "./helper.ts";
import { type IndexedStack, startIndexedStack } from "./indexed-stack.ts";
import { contractAccount, deployFixedAnswerWallet, type SafeAccount, safeFactory } from "./signature-accounts.ts";

const WHOLE = 10n ** 6n;
const MAX_PROTOCOL_FEE_BPS = 100n;

let stack: IndexedStack;
let safes: Awaited<ReturnType<typeof safeFactory>>;
let owners = 10; // dev accounts 10 and up own the Safes: funded, so they can send the Safes' transactions

beforeAll(async () => {
  stack = await startIndexedStack();
  safes = await safeFactory(stack.chain);
}, 180_000);
afterAll(async () => stack?.stop());

const newSafe = () => safes.safeOf(stack.chain.actor(owners++).account);
const codeAt = async (address: Address) => (await stack.chain.client.getCode({ address })) ?? "0x";

const verify = (message: string, signature: Hex) =>
  stack.app.inject({ method: "POST", url: "/auth/verify", payload: { message, signature } });

/** What a browser does: derive the wallet's keys from one signature, bind them with another. */
async function keysBody(account: LocalAccount) {
  const derivation = await account.signMessage({ message: keyDerivationMessage(account.address) });
  const keys = publicKeysOf(deriveWalletKeys(derivation));
  return { ...keys, signature: await account.signMessage({ message: keyBindingMessage(account.address, keys) }) };
}

const putKeys = (token: string, body: object) =>
  stack.app.inject({ method: "PUT", url: "/profiles/me/keys", headers: bearer(token), payload: body });

/** The review `reviewer` signs (EIP-712) of the other party of `orderId`. */
async function reviewBody(reviewer: LocalAccount, orderId: bigint, reviewee: Address, text: string) {
  const content = { orderId, reviewer: reviewer.address, reviewee, rating: 5, text };
  const signature = await reviewer.signTypedData(reviewTypedData(stack.chain.chainId, content));
  return { chainId: stack.chain.chainId, orderId: orderId.toString(), reviewee, rating: 5, text, signature };
}

const postReview = (token: string, body: object) =>
  stack.app.inject({ method: "POST", url: "/reviews", headers: bearer(token), payload: body });

/** The Safe orders from bob: a Created order, indexed. */
async function safeOrderFromBob(safe: SafeAccount): Promise<bigint> {
  const { chain } = stack;
  const amount = 20n * WHOLE;
  await chain.deployer.write(chain.tokens.USDC, stablecoinAbi, "mint", [safe.address, amount]);
  await safe.exec(chain.tokens.USDC, encodeFunctionData({ abi: stablecoinAbi, functionName: "approve", args: [chain.escrow, amount] }));
  const productHash = keccak256(toHex(`safe-listing-${safe.address}`));
  await safe.exec(
    chain.escrow,
    encodeFunctionData({
      abi: escrowAbi,
      functionName: "createOrder",
      args: [chain.bob.address, chain.tokens.USDC, amount, productHash, MAX_PROTOCOL_FEE_BPS],
    }),
  );
  const orderId =
    ((await chain.client.readContract({ address: chain.escrow, abi: escrowAbi, functionName: "nextOrderId" })) as bigint) - 1n;
  await stack.synced();
  return orderId;
}

/** The Safe buys from bob, bob delivers, the Safe confirms: a Completed order, indexed. */
async function safeBoughtFromBob(safe: SafeAccount): Promise<bigint> {
  const { chain } = stack;
  const orderId = await safeOrderFromBob(safe);
  await chain.confirmDelivery(orderId);
  await safe.exec(chain.escrow, encodeFunctionData({ abi: escrowAbi, functionName: "buyerConfirmReceived", args: [orderId] }));
  await stack.synced();
  return orderId;
}

/** Alice orders from `seller` (which needs no code for that) and cancels: a Cancelled order, indexed. */
async function aliceCancelledOrderFrom(seller: Address): Promise<bigint> {
  const { chain } = stack;
  const amount = 15n * WHOLE;
  await chain.alice.write(chain.tokens.USDC, stablecoinAbi, "approve", [chain.escrow, amount]);
  await chain.alice.escrow("createOrder", [seller, chain.tokens.USDC, amount, keccak256(toHex(`to-${seller}`)), MAX_PROTOCOL_FEE_BPS]);
  const orderId =
    ((await chain.client.readContract({ address: chain.escrow, abi: escrowAbi, functionName: "nextOrderId" })) as bigint) - 1n;
  await chain.alice.escrow("cancelOrder", [orderId]);
  await stack.synced();
  return orderId;
}

describe("a deployed Safe (ERC-1271)", () => {
  it("signs in, binds its keys, and has them served on its order's chain", async () => {
    const safe = await newSafe();
    await safe.deploy();
    const token = await signIn(stack.app, safe.account);
    const session = await stack.app.inject({ method: "GET", url: "/auth/session", headers: bearer(token) });
    expect(session.json().data).toEqual({ address: safe.address, chainId: stack.chain.chainId });

    const body = await keysBody(safe.account);
    const bound = await putKeys(token, body);
    expect(bound.statusCode, bound.body).toBe(200);
    expect(await stack.app.orderParties.keysOf(stack.chain.chainId, safe.address)).toEqual({
      encryptionPublicKey: body.encryptionPublicKey,
      signingPublicKey: body.signingPublicKey,
    });
    // A client re-checks the served binding itself, on the same chain.
    const served = (await stack.app.inject({ method: "GET", url: `/profiles/${safe.address}` })).json().data.keys;
    expect(await checkKeyBinding(safe.address, served, served.signature, stack.chain.client)).toEqual({ valid: true, kind: "erc1271" });
  });

  it("starts its order's conversation: the conversation routes take the keys it bound by ERC-1271", async () => {
    const safe = await newSafe();
    await safe.deploy();
    const orderId = await safeOrderFromBob(safe);
    const { bob } = stack.chain;
    const [safeToken, bobToken] = [await signIn(stack.app, safe.account), await signIn(stack.app, bob.account)];
    const keysOf = async (account: LocalAccount) =>
      deriveWalletKeys(await account.signMessage({ message: keyDerivationMessage(account.address) }));
    const [safeKeys, bobKeys] = [await keysOf(safe.account), await keysOf(bob.account)];
    for (const [account, token, keys] of [
      [safe.account, safeToken, safeKeys],
      [bob.account, bobToken, bobKeys],
    ] as const) {
      const signature = await account.signMessage({ message: keyBindingMessage(account.address, publicKeysOf(keys)) });
      expect((await putKeys(token, { ...publicKeysOf(keys), signature })).statusCode).toBe(200);
    }
    const key = newSymmetricKey();
    const base = `/conversations/${stack.chain.chainId}/${orderId}/keys`;
    for (const [recipient, keys] of [
      [safe.address, safeKeys],
      [bob.address, bobKeys],
    ] as const) {
      const envelope = seal(key, publicKeysOf(keys).encryptionPublicKey, safeKeys.encryption);
      const wrapped = await stack.app.inject({ method: "PUT", url: base, headers: bearer(safeToken), payload: { recipient, envelope } });
      expect(wrapped.statusCode, wrapped.body).toBe(201);
    }
    const forBob = await stack.app.inject({ method: "GET", url: `${base}/me`, headers: bearer(bobToken) });
    expect(open(forBob.json().data.envelope, bobKeys.encryption)).toEqual(key);
  });

  it("reviews the seller of the order it paid for", async () => {
    const safe = await newSafe();
    await safe.deploy();
    const orderId = await safeBoughtFromBob(safe);
    const token = await signIn(stack.app, safe.account);
    const created = await postReview(token, await reviewBody(safe.account, orderId, stack.chain.bob.address, "Paid from a Safe"));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().data).toMatchObject({ reviewer: safe.address, reviewee: stack.chain.bob.address, text: "Paid from a Safe" });
  });
});

describe("a Safe not deployed yet (ERC-6492)", () => {
  it("signs in and binds its keys with its factory call, and nothing gets deployed by the check", async () => {
    const safe = await newSafe();
    const token = await signIn(stack.app, safe.counterfactual);
    expect((await stack.app.inject({ method: "GET", url: "/auth/session", headers: bearer(token) })).json().data.address).toBe(
      safe.address,
    );
    const bound = await putKeys(token, await keysBody(safe.counterfactual));
    expect(bound.statusCode, bound.body).toBe(200);
    expect(await codeAt(safe.address)).toBe("0x");
  });

  it("keeps the same keys once deployed, and its stored binding still holds", async () => {
    const safe = await newSafe();
    const before = await keysBody(safe.counterfactual);
    await putKeys(await signIn(stack.app, safe.counterfactual), before);
    await safe.deploy();
    const after = await keysBody(safe.account);
    expect({ encryption: after.encryptionPublicKey, signing: after.signingPublicKey }).toEqual({
      encryption: before.encryptionPublicKey,
      signing: before.signingPublicKey,
    });
    expect(await stack.app.orderParties.keysOf(stack.chain.chainId, safe.address)).toEqual({
      encryptionPublicKey: before.encryptionPublicKey,
      signingPublicKey: before.signingPublicKey,
    });
  });

  it("reviews the buyer of a cancelled order it was the seller of", async () => {
    const safe = await newSafe();
    const orderId = await aliceCancelledOrderFrom(safe.address);
    const token = await signIn(stack.app, safe.counterfactual);
    const created = await postReview(token, await reviewBody(safe.counterfactual, orderId, stack.chain.alice.address, "Cancelled, fair"));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().data).toMatchObject({ reviewer: safe.address, reviewee: stack.chain.alice.address });
    expect(await codeAt(safe.address)).toBe("0x");
  });
});

describe("contract signatures the API refuses", () => {
  it("refuses a deployed Safe's signature made by someone who is not its owner, everywhere", async () => {
    const safe = await newSafe();
    await safe.deploy();
    const orderId = await safeBoughtFromBob(safe);
    const token = await signIn(stack.app, safe.account);
    const stranger = newAccount();
    const forged = contractAccount(safe.address, (hash) => safe.signHash(hash, stranger));

    const message = await siweMessage(stack.app, forged);
    const signIn401 = await verify(message, await forged.signMessage({ message }));
    expect(signIn401.statusCode).toBe(401);
    expect(signIn401.json().error.code).toBe("CONTRACT_SIGNATURE_INVALID");

    const keys = await putKeys(token, await keysBody(forged));
    expect(keys.statusCode).toBe(400);
    expect(keys.json().error.code).toBe("CONTRACT_SIGNATURE_INVALID");

    const review = await postReview(token, await reviewBody(forged, orderId, stack.chain.bob.address, "forged"));
    expect(review.statusCode).toBe(400);
    expect(review.json().error.code).toBe("CONTRACT_SIGNATURE_INVALID");
    expect(await stack.db.selectFrom("reviews").select("order_id").where("order_id", "=", orderId.toString()).execute()).toEqual([]);
  });

  it("refuses an undeployed Safe's signature without its factory call: the address has no code to ask", async () => {
    const safe = await newSafe();
    const message = await siweMessage(stack.app, safe.account);
    const response = await verify(message, await safe.account.signMessage({ message }));
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe("SIWE_SIGNER_MISMATCH");
  });

  it("refuses an ERC-6492 signature whose factory call deploys another owner's Safe", async () => {
    const [mine, theirs] = [await newSafe(), await newSafe()];
    // The owner of `theirs` signs for it, with the factory call of `mine`: the deployed Safe is not the one signing.
    const wrapped = contractAccount(theirs.address, async (hash) =>
      serializeErc6492Signature({ address: mine.factory, data: mine.factoryData, signature: await theirs.signHash(hash) }),
    );
    const message = await siweMessage(stack.app, wrapped);
    const response = await verify(message, await wrapped.signMessage({ message }));
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe("CONTRACT_SIGNATURE_INVALID");
  });

  it("refuses a contract whose isValidSignature answers a wrong magic value", async () => {
    const wallet = await deployFixedAnswerWallet(stack.chain, "0xffffffff");
    const anyone = newAccount();
    const account = contractAccount(wallet, (hash) => anyone.sign({ hash }));
    const message = await siweMessage(stack.app, account);
    const response = await verify(message, await account.signMessage({ message }));
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe("CONTRACT_SIGNATURE_INVALID");
    // The same contract answering the magic value is accepted: the answer, not the contract, decided.
    const yes = await deployFixedAnswerWallet(stack.chain, "0x1626ba7e");
    const accepted = contractAccount(yes, (hash) => anyone.sign({ hash }));
    await expect(signIn(stack.app, accepted)).resolves.toBeTypeOf("string");
  });

  it("answers 503 SIGNATURE_CHAIN_UNAVAILABLE for a contract account when the chain has no RPC URL, and still signs an EOA in", async () => {
    const app = await buildApp(await testConfig(stack.databaseUrl, { INDEXER_URL: stack.indexer.url }));
    await app.ready();
    try {
      const safe = await newSafe();
      const message = await siweMessage(app, safe.counterfactual);
      const response = await app.inject({
        method: "POST",
        url: "/auth/verify",
        payload: { message, signature: await safe.counterfactual.signMessage({ message }) },
      });
      expect(response.statusCode).toBe(503);
      expect(response.json().error.code).toBe("SIGNATURE_CHAIN_UNAVAILABLE");
      await expect(signIn(app, newAccount())).resolves.toBeTypeOf("string");
    } finally {
      await app.close();
    }
  });
});

describe("an EOA's signature", () => {
  /** A client of the node that counts the JSON-RPC requests it sends. */
  function countingClient() {
    const node = createPublicClient({ transport: http(stack.chain.node.url) });
    const counter = { requests: 0 };
    const client = createPublicClient({
      transport: custom({
        request: (args: Parameters<typeof node.request>[0]) => {
          counter.requests++;
          return node.request(args);
        },
      }),
    });
    return { client, counter };
  }

  it("is checked by recovery alone, without a single RPC call", async () => {
    const { client, counter } = countingClient();
    const eoa = newAccount();
    const hash = hashMessage("hello");
    const check = await checkWalletSignature({
      address: eoa.address,
      hash,
      signature: await eoa.signMessage({ message: "hello" }),
      client,
    });
    expect(check).toEqual({ valid: true, kind: "eoa" });
    expect(counter.requests).toBe(0);
  });

  it("by another key is refused as the wrong signer once the chain shows no code at the address", async () => {
    const { client, counter } = countingClient();
    const [eoa, other] = [newAccount(), newAccount()];
    const check = await checkWalletSignature({
      address: eoa.address,
      hash: hashMessage("hello"),
      signature: await other.signMessage({ message: "hello" }),
      client,
    });
    expect(check).toEqual({ valid: false, reason: "wrong-signer" });
    expect(counter.requests).toBe(1);
  });
});
