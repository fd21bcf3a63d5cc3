import { deriveWalletKeys, keyBindingMessage, keyDerivationMessage, publicKeysOf } from "@p2p-escrow/protocol/keys";
import { getAddress, verifyMessage } from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {} from "../../../api/src/plugins/app/profiles-repository.ts";
import { expectError, expectRejectedUnchanged, expiredToken, oversizedJson } from "../bad-input.ts";
import { appForFile, bearer, newAccount, signIn } from "../helper.ts";
import { type IndexedStack, startIndexedStack } from "../indexed-stack.ts";

const t = appForFile();

/** What a browser does: derive the wallet's keys from one signature, bind them with another. */
async function clientKeys(account: PrivateKeyAccount) {
  const derivation = await account.signMessage({ message: keyDerivationMessage(account.address) });
  const keys = publicKeysOf(deriveWalletKeys(derivation));
  const signature = await account.signMessage({ message: keyBindingMessage(account.address, keys) });
  return { ...keys, signature };
}

async function user() {
  const account = newAccount();
  return { account, token: await signIn(t.app, account) };
}

const getProfile = (address: string) => t.app.inject({ method: "GET", url: `/profiles/${address}` });
const putName = (token: string, displayName: unknown) =>
  t.app.inject({ method: "PUT", url: "/profiles/me", headers: bearer(token), payload: { displayName } });
const putKeys = (token: string, body: object) =>
  t.app.inject({ method: "PUT", url: "/profiles/me/keys", headers: bearer(token), payload: body });
const rejectedUnchanged = (request: Parameters<typeof expectRejectedUnchanged>[3], status: number, code?: string) =>
  expectRejectedUnchanged(t.app, t.db, ["profiles"], request, status, code);

describe("reading a profile", () => {
  it("answers 200 for a wallet it has never seen, with no name, no keys, no reviews and no trading record yet", async () => {
    const stranger = newAccount();
    const response = await getProfile(stranger.address.toLowerCase());
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      success: true,
      data: {
        address: stranger.address,
        displayName: null,
        keys: null,
        rating: { count: 0, average: null, histogram: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } },
        // No indexer has published its views into this database.
        stats: null,
      },
    });
  });

  it("needs no token, and ignores an expired one", async () => {
    const { account } = await user();
    expect((await getProfile(account.address)).statusCode).toBe(200);
    const withExpired = await t.app.inject({
      method: "GET",
      url: `/profiles/${account.address}`,
      headers: bearer(expiredToken(t.config, account.address)),
    });
    expect(withExpired.statusCode).toBe(200);
  });

  it("rejects an address that is not one", async () => {
    for (const bad of ["0x1234", "alice", `${newAccount().address}00`]) expectError(await getProfile(bad), 400, "VALIDATION_FAILED");
  });

  it("serves the signed-in wallet's own profile at /profiles/me, and only with a live token", async () => {
    const { account, token } = await user();
    await putName(token, "Me myself");
    const me = await t.app.inject({ method: "GET", url: "/profiles/me", headers: bearer(token) });
    expect(me.json().data).toMatchObject({ address: account.address, displayName: "Me myself" });
    expectError(await t.app.inject({ method: "GET", url: "/profiles/me" }), 401, "UNAUTHENTICATED");
    expectError(
      await t.app.inject({ method: "GET", url: "/profiles/me", headers: bearer(expiredToken(t.config, account.address)) }),
      401,
      "TOKEN_EXPIRED",
    );
  });

  it("aggregates the wallet's reviews into a count, an average and a per-star histogram", async () => {
    const reviewee = newAccount().address.toLowerCase();
    const ratings = [5, 5, 4, 1];
    await t.db
      .insertInto("reviews")
      .values(
        ratings.map((rating, i) => ({
          chain_id: 31337,
          order_id: String(9000 + i),
          reviewer: newAccount().address.toLowerCase(),
          reviewee,
          rating,
          text: "",
          signature: "0x",
        })),
      )
      .execute();
    expect((await getProfile(reviewee)).json().data.rating).toEqual({
      count: 4,
      average: 3.75,
      histogram: { 1: 1, 2: 0, 3: 0, 4: 1, 5: 2 },
    });
  });
});

describe("the OpenAPI document", () => {
  it("describes the profile and review routes, with the public ones needing no token", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/docs/json" })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/profiles/{address}",
        "/profiles/me",
        "/profiles/me/keys",
        "/profiles/{address}/reviews",
        "/reviews/",
        "/reviews/{chainId}/{orderId}",
      ]),
    );
    expect(doc.paths["/profiles/{address}"].get.security).toEqual([]);
    expect(doc.paths["/profiles/me/keys"].put.security).toBeUndefined();
  });
});

describe("setting a display name", () => {
  it("stores the name trimmed, under the caller's wallet only", async () => {
    const alice = await user();
    const bob = await user();
    await putName(bob.token, "Bob");
    const response = await putName(alice.token, "  Alice 🦊  ");
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().data).toMatchObject({ address: alice.account.address, displayName: "Alice 🦊" });
    expect((await getProfile(alice.account.address)).json().data.displayName).toBe("Alice 🦊");
    expect((await getProfile(bob.account.address)).json().data.displayName).toBe("Bob");
  });

  it("accepts 64 characters and refuses 65, counting characters rather than UTF-16 units", async () => {
    const { token } = await user();
    expect((await putName(token, "🦊".repeat(64))).statusCode).toBe(200);
    await rejectedUnchanged(
      { method: "PUT", url: "/profiles/me", headers: bearer(token), payload: { displayName: "a".repeat(65) } },
      400,
      "DISPLAY_NAME_INVALID",
    );
  });

  it.each([
    ["empty", "", "DISPLAY_NAME_INVALID"],
    ["only spaces", "   \t ", "DISPLAY_NAME_INVALID"],
    ["a newline", "Ali\nce", "DISPLAY_NAME_INVALID"],
    // A NUL is refused in any field of any route before the route runs (api/src/lib/validation.ts).
    ["a NUL", "Ali\u0000ce", "VALIDATION_FAILED"],
    ["an escape sequence", "Alice\u001b[31m", "DISPLAY_NAME_INVALID"],
    ["a right-to-left override", "Alice\u202Egnp.exe", "DISPLAY_NAME_INVALID"],
  ])("refuses a name that is %s", async (_, displayName, code) => {
    const { token } = await user();
    await rejectedUnchanged({ method: "PUT", url: "/profiles/me", headers: bearer(token), payload: { displayName } }, 400, code);
  });

  it("rejects bad input without writing anything", async () => {
    const { account, token } = await user();
    const put = (extra: object) => ({ method: "PUT" as const, url: "/profiles/me", ...extra });
    await rejectedUnchanged(put({ headers: bearer(token), payload: {} }), 400, "VALIDATION_FAILED");
    await rejectedUnchanged(put({ headers: bearer(token), payload: { displayName: 42 } }), 400, "VALIDATION_FAILED");
    await rejectedUnchanged(
      put({ headers: bearer(token), payload: { displayName: "Eve", address: newAccount().address } }),
      400,
      "VALIDATION_FAILED",
    );
    const oversized = oversizedJson(t.config);
    await rejectedUnchanged(
      put({ headers: { ...bearer(token), ...oversized.headers }, payload: oversized.payload }),
      413,
      "PAYLOAD_TOO_LARGE",
    );
    await rejectedUnchanged(put({ payload: { displayName: "Eve" } }), 401, "UNAUTHENTICATED");
    await rejectedUnchanged(
      put({ headers: bearer(expiredToken(t.config, account.address)), payload: { displayName: "Eve" } }),
      401,
      "TOKEN_EXPIRED",
    );
  });
});

describe("binding keys", () => {
  it("stores keys the wallet signed for and serves them with the signature, which the client checks itself", async () => {
    const { account, token } = await user();
    const keys = await clientKeys(account);
    const response = await putKeys(token, keys);
    expect(response.statusCode, response.body).toBe(200);

    const served = (await getProfile(account.address)).json().data.keys;
    expect(served).toMatchObject({ encryptionPublicKey: keys.encryptionPublicKey, signingPublicKey: keys.signingPublicKey });
    const bound = await verifyMessage({
      address: account.address,
      message: keyBindingMessage(account.address, {
        encryptionPublicKey: served.encryptionPublicKey,
        signingPublicKey: served.signingPublicKey,
      }),
      signature: served.signature,
    });
    expect(bound).toBe(true);
  });

  it("gives other parts of the API the bound keys through keysOf, and null for a wallet without any", async () => {
    const { account, token } = await user();
    const keys = await clientKeys(account);
    await putKeys(token, keys);
    expect(await t.app.profilesRepository.keysOf(account.address)).toEqual({
      encryptionPublicKey: keys.encryptionPublicKey,
      signingPublicKey: keys.signingPublicKey,
      keySignature: keys.signature.toLowerCase(),
    });
    expect(await t.app.profilesRepository.keysOf(newAccount().address)).toBeNull();
  });

  it("replaces the keys when the wallet binds new ones, keeping its name", async () => {
    const { account, token } = await user();
    await putName(token, "Rotator");
    await putKeys(token, await clientKeys(account));
    const other = publicKeysOf(deriveWalletKeys(await account.signMessage({ message: "another seed" })));
    const rebound = { ...other, signature: await account.signMessage({ message: keyBindingMessage(account.address, other) }) };
    expect((await putKeys(token, rebound)).statusCode).toBe(200);
    expect((await getProfile(account.address)).json().data).toMatchObject({
      displayName: "Rotator",
      keys: { encryptionPublicKey: other.encryptionPublicKey },
    });
  });

  it("refuses a signature that binds other keys, and a server-side substitution fails the client's check", async () => {
    const { account, token } = await user();
    const keys = await clientKeys(account);
    const swapped = {
      ...keys,
      encryptionPublicKey: publicKeysOf(deriveWalletKeys(await newAccount().signMessage({ message: "x" }))).encryptionPublicKey,
    };
    await rejectedUnchanged(
      { method: "PUT", url: "/profiles/me/keys", headers: bearer(token), payload: swapped },
      400,
      "KEY_BINDING_INVALID",
    );

    // Were the server to swap a key anyway, the served signature would no longer match.
    await putKeys(token, keys);
    await t.db
      .updateTable("profiles")
      .set({ encryption_public_key: swapped.encryptionPublicKey })
      .where("address", "=", account.address.toLowerCase())
      .execute();
    const served = (await getProfile(account.address)).json().data.keys;
    const message = keyBindingMessage(account.address, {
      encryptionPublicKey: served.encryptionPublicKey,
      signingPublicKey: served.signingPublicKey,
    });
    expect(await verifyMessage({ address: account.address, message, signature: served.signature })).toBe(false);
  });

  it("refuses another wallet's binding, whether replayed as is or signed for the caller by someone else", async () => {
    const alice = await user();
    const mallory = await user();
    const aliceKeys = await clientKeys(alice.account);
    const request = (payload: object) => ({ method: "PUT" as const, url: "/profiles/me/keys", headers: bearer(mallory.token), payload });
    await rejectedUnchanged(request(aliceKeys), 400, "KEY_BINDING_INVALID");
    const forged = await alice.account.signMessage({ message: keyBindingMessage(mallory.account.address, aliceKeys) });
    await rejectedUnchanged(request({ ...aliceKeys, signature: forged }), 400, "KEY_BINDING_INVALID");
    expect(await t.app.profilesRepository.keysOf(mallory.account.address)).toBeNull();
  });

  it("rejects bad input without writing anything", async () => {
    const { account, token } = await user();
    const keys = await clientKeys(account);
    const put = (extra: object) => ({ method: "PUT" as const, url: "/profiles/me/keys", ...extra });
    const { signature: _, ...unsigned } = keys;
    await rejectedUnchanged(put({ headers: bearer(token), payload: unsigned }), 400, "VALIDATION_FAILED");
    await rejectedUnchanged(put({ headers: bearer(token), payload: { ...keys, signingPublicKey: 7 } }), 400, "VALIDATION_FAILED");
    await rejectedUnchanged(
      put({ headers: bearer(token), payload: { ...keys, encryptionPublicKey: "c2hvcnQ=" } }),
      400,
      "VALIDATION_FAILED",
    );
    await rejectedUnchanged(put({ headers: bearer(token), payload: { ...keys, signature: "0xnothex" } }), 400, "VALIDATION_FAILED");
    // Any whole bytes may be a contract account's signature (ERC-1271): these are refused by the check, not the schema.
    await rejectedUnchanged(put({ headers: bearer(token), payload: { ...keys, signature: "0xdeadbeef" } }), 400, "KEY_BINDING_INVALID");
    const oversized = oversizedJson(t.config);
    await rejectedUnchanged(
      put({ headers: { ...bearer(token), ...oversized.headers }, payload: oversized.payload }),
      413,
      "PAYLOAD_TOO_LARGE",
    );
    await rejectedUnchanged(put({ payload: keys }), 401, "UNAUTHENTICATED");
    await rejectedUnchanged(put({ headers: bearer(expiredToken(t.config, account.address)), payload: keys }), 401, "TOKEN_EXPIRED");
  });
});

describe("a profile on the indexed stack", () => {
  let stack: IndexedStack;
  beforeAll(async () => {
    stack = await startIndexedStack();
  }, 120_000);
  afterAll(async () => stack?.stop());

  it("shows the wallet's on-chain record summed over chains, with volume per chain and token", async () => {
    const { chain } = stack;
    const completed = await chain.createOrder(chain.alice, chain.bob, 15n);
    await chain.confirmDelivery(completed);
    await chain.alice.escrow("buyerConfirmReceived", [completed]);
    await chain.createOrder(chain.alice, chain.bob, 17n, chain.tokens.USDT);
    await chain.createOrder(chain.bob, chain.alice, 12n);
    await stack.synced();

    const response = await stack.app.inject({ method: "GET", url: `/profiles/${chain.alice.address}` });
    expect(response.statusCode, response.body).toBe(200);
    const { stats } = response.json().data;
    expect(stats).toMatchObject({ tradesAsBuyer: 2, tradesAsSeller: 1, completed: 1, disputesOpened: 0, disputesWon: 0, disputesLost: 0 });
    expect(stats.volume).toEqual(
      expect.arrayContaining([
        { chainId: chain.chainId, token: getAddress(chain.tokens.USDC), amount: "27000000" },
        { chainId: chain.chainId, token: getAddress(chain.tokens.USDT), amount: "17000000" },
      ]),
    );
    expect(stats.volume).toHaveLength(2);
  });

  it("shows a zero record for a wallet that never traded", async () => {
    const response = await stack.app.inject({ method: "GET", url: `/profiles/${newAccount().address}` });
    expect(response.json().data.stats).toEqual({
      tradesAsBuyer: 0,
      tradesAsSeller: 0,
      completed: 0,
      disputesOpened: 0,
      disputesWon: 0,
      disputesLost: 0,
      volume: [],
    });
  });
});
