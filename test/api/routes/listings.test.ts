import { randomBytes } from "node:crypto";
import { commitProduct, decodeProductOpening, encodeProductOpening, open, productHash, seal, toBase64 } from "@p2p-escrow/protocol";
import nacl from "tweetnacl";
import { type Hex, hexToBytes, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployments } from "../../../contracts/generated/deployments.ts";
import { devAccounts } from "../../../scripts/dev/accounts.ts";
import { expectError, expectRejectedUnchanged, expiredToken, oversizedJson } from "../bad-input.ts";
import { bearer, newAccount, signIn } from "../helper.ts";
import { type IndexedStack, startIndexedStack } from "../indexed-stack.ts";

let stack: IndexedStack;
let usdc: string;
let usdt: string;

beforeAll(async () => {
  stack = await startIndexedStack();
  usdc = stack.chain.tokens.USDC;
  usdt = stack.chain.tokens.USDT;
});
afterAll(async () => stack?.stop());

const devKey = (index: number) => privateKeyToAccount(devAccounts()[index]!.privateKey);

/** A fresh wallet, signed in, with its own X25519 key pair for sealing its deliverables. */
async function seller(account = newAccount()) {
  const token = await signIn(stack.app, account);
  return { account, address: account.address.toLowerCase(), token, keys: nacl.box.keyPair() };
}
type Seller = Awaited<ReturnType<typeof seller>>;

/**
 * What the seller's browser sends: the hash over a secret salt ‖ the deliverable, and the product's
 * opening (salt and deliverable) sealed to itself. The salt itself never leaves the browser.
 */
function listingBody(by: Seller, overrides: Record<string, unknown> = {}, deliverable = `licence key ${toHex(randomBytes(8))}`) {
  const { opening, productHash } = commitProduct(new TextEncoder().encode(deliverable));
  return {
    title: "Indie game key",
    description: "A Steam key, region free.",
    category: "software",
    price: "12.50",
    accepted: [{ chainId: stack.chain.chainId, token: usdc }],
    stock: 3,
    images: ["https://img.example/key.png", "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"],
    productHash,
    sealedDeliverable: seal(encodeProductOpening(opening), toBase64(by.keys.publicKey), by.keys),
    ...overrides,
  };
}

async function createListing(by: Seller, overrides: Record<string, unknown> = {}) {
  const response = await stack.app.inject({
    method: "POST",
    url: "/listings",
    headers: bearer(by.token),
    payload: listingBody(by, overrides),
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data as { id: string; productHash: Hex; [key: string]: unknown };
}

const get = (url: string, token?: string) => stack.app.inject({ method: "GET", url, headers: token ? bearer(token) : {} });

/** Every page of a browse query, following nextCursor. */
async function browseAll(query: string, limit: number) {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const response = await get(`/listings?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(response.statusCode, response.body).toBe(200);
    const { items, nextCursor } = response.json().data;
    expect(items.length).toBeLessThanOrEqual(limit);
    ids.push(...items.map((l: { id: string }) => l.id));
    cursor = nextCursor;
  } while (cursor);
  return ids;
}

/** An oversized JSON body, sent with `token`. */
const oversized = (token: string) => {
  const { headers, payload } = oversizedJson(stack.config);
  return { headers: { ...headers, ...bearer(token) }, payload };
};

const listingRow = (id: string) => stack.db.selectFrom("listings").selectAll().where("id", "=", id).executeTakeFirst();

describe("publishing a listing", () => {
  it("accepts the local chain's stablecoins, which the API takes from the generated deployments", () => {
    const local = deployments["31337"].tokens;
    expect([local.USDC.address, local.USDT.address]).toEqual([usdc, usdt]);
  });

  it("stores a seller's listing and shows it to anyone, without the sealed deliverable", async () => {
    const alice = await seller();
    const listing = await createListing(alice, {
      price: "12.500",
      accepted: [{ chainId: stack.chain.chainId, token: usdc.toUpperCase().replace("0X", "0x") }],
    });
    expect(listing).toMatchObject({
      seller: alice.address,
      price: "12.5",
      stock: 3,
      status: "active",
      accepted: [{ chainId: stack.chain.chainId, token: usdc.toLowerCase() }],
    });
    expect(listing).not.toHaveProperty("sealedDeliverable");

    const anyone = await get(`/listings/${listing.id}`);
    expect(anyone.statusCode, anyone.body).toBe(200);
    expect(anyone.json().data).toMatchObject({ id: listing.id, title: "Indie game key", available: 3, sellerRating: null });
    expect(anyone.json().data).not.toHaveProperty("sealedDeliverable");

    const stranger = await seller();
    expect((await get(`/listings/${listing.id}`, stranger.token)).json().data).not.toHaveProperty("sealedDeliverable");
    expect((await get(`/listings/${listing.id}`, alice.token)).json().data.sealedDeliverable).toEqual(
      expect.objectContaining({ ciphertext: expect.any(String) }),
    );
  });

  it("hands the sealed deliverable back to its seller alone, who opens it and recomputes the product hash", async () => {
    const alice = await seller();
    const body = listingBody(alice, {}, "the secret licence");
    const created = (await stack.app.inject({ method: "POST", url: "/listings", headers: bearer(alice.token), payload: body })).json().data;
    const response = await get(`/listings/${created.id}/deliverable`, alice.token);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().data.legacyProductSalt).toBeNull();
    const opening = decodeProductOpening(open(response.json().data.sealedDeliverable, alice.keys)!)!;
    expect(new TextDecoder().decode(opening.deliverable)).toBe("the secret licence");
    expect(productHash(opening.salt, opening.deliverable)).toBe(created.productHash);

    const bob = await seller();
    expectError(await get(`/listings/${created.id}/deliverable`, bob.token), 403, "NOT_SELLER");
    expectError(await get(`/listings/${created.id}/deliverable`), 401, "UNAUTHENTICATED");
    expectError(await get(`/listings/${created.id}/deliverable`, expiredToken(stack.config, alice.address)), 401, "TOKEN_EXPIRED");
    expectError(await get(`/listings/not-a-uuid/deliverable`, alice.token), 400, "VALIDATION_FAILED");
    expectError(await get(`/listings/${crypto.randomUUID()}/deliverable`, alice.token), 404, "LISTING_NOT_FOUND");
    // A GET's body is never read, so the oversized input of a read is its query.
    expectError(await get(`/listings/${created.id}/deliverable?padding=${"x".repeat(4_000)}`, alice.token), 400, "VALIDATION_FAILED");
  });

  it("shows, per accepted token, the price in token units and what a dispute over such an order would ask", async () => {
    const alice = await seller();
    const listing = await createListing(alice, {
      price: "250",
      accepted: [
        { chainId: stack.chain.chainId, token: usdc },
        { chainId: stack.chain.chainId, token: usdt },
      ],
    });
    const { payments } = (await get(`/listings/${listing.id}`)).json().data;
    const terms = (token: string) => ({
      chainId: stack.chain.chainId,
      token: token.toLowerCase(),
      decimals: 6,
      allowed: true,
      minAmount: "10000000",
      maxAmount: "0",
      minArbitrationFee: "2000000",
      arbitrationFeeBps: 500,
      protocolFeeBps: 0,
      amount: "250000000",
      arbitrationFee: "12500000", // each side's deposit: 5% of the order, above the 2 USDC minimum
      protocolFee: "0",
    });
    expect(payments).toEqual([terms(usdc), terms(usdt)]);
  });

  it("refuses a price below an accepted token's minimum order, or above its cap, and writes nothing", async () => {
    const alice = await seller();
    const post = (price: string, accepted = [{ chainId: stack.chain.chainId, token: usdc }]) => ({
      method: "POST" as const,
      url: "/listings",
      headers: bearer(alice.token),
      payload: listingBody(alice, { price, accepted }),
    });
    const below = await expectRejectedUnchanged(stack.app, stack.db, ["listings"], post("9.99"), 400, "PRICE_BELOW_MINIMUM");
    expect(below.json().error.details).toEqual({
      tokens: [{ minimum: { chainId: stack.chain.chainId, token: usdc.toLowerCase(), amount: "10000000", whole: "10" } }],
    });
    // The smallest order itself is fine.
    const { id } = await createListing(alice, { price: "10" });
    const patch = (payload: object) => stack.app.inject({ method: "PATCH", url: `/listings/${id}`, headers: bearer(alice.token), payload });
    expectError(await patch({ price: "5" }), 400, "PRICE_BELOW_MINIMUM");

    // The escrow's own configuration, as indexed, is what counts: the owner caps USDT orders at 1,000.
    const configure = (maxAmount: bigint) =>
      stack.chain.deployer.escrow("configureToken", [usdt, true, 10_000_000n, maxAmount, 2_000_000n]);
    await configure(1_000_000_000n);
    try {
      await stack.synced();
      await expectRejectedUnchanged(
        stack.app,
        stack.db,
        ["listings"],
        post("1000.01", [{ chainId: stack.chain.chainId, token: usdt }]),
        400,
        "PRICE_ABOVE_MAXIMUM",
      );
      expectError(await patch({ price: "1500", accepted: [{ chainId: stack.chain.chainId, token: usdt }] }), 400, "PRICE_ABOVE_MAXIMUM");
      expect((await patch({ price: "1000", accepted: [{ chainId: stack.chain.chainId, token: usdt }] })).statusCode).toBe(200);
    } finally {
      await configure(0n);
      await stack.synced();
    }
  });

  it("publishes nothing that opens the product hash: no salt in GET /listings or GET /listings/:id, and none is taken", async () => {
    const [alice, stranger] = [await seller(), await seller()];
    // A deliverable of a guessable form: with the salt, anyone could try candidates against the hash.
    const { opening, productHash: hash } = commitProduct(new TextEncoder().encode("Steam key: AAAAA-BBBBB-CCCCC"));
    const sealedDeliverable = seal(encodeProductOpening(opening), toBase64(alice.keys.publicKey), alice.keys);
    const created = await createListing(alice, { productHash: hash, sealedDeliverable, title: "Guessable key" });
    const salt = opening.salt.slice(2).toLowerCase();
    const saltBase64 = toBase64(hexToBytes(opening.salt));
    const seen = [
      await get(`/listings?seller=${alice.address}`),
      await get(`/listings?q=Guessable`),
      await get(`/listings/${created.id}`),
      await get(`/listings/${created.id}`, stranger.token),
      await get(`/listings/${created.id}`, alice.token),
    ];
    for (const response of seen) {
      expect(response.statusCode, response.body).toBe(200);
      expect(response.body).toContain(hash); // the commitment is public and binding
      expect(response.body).not.toMatch(/salt/i);
      expect(response.body.toLowerCase()).not.toContain(salt);
      expect(response.body).not.toContain(saltBase64);
    }
    expect(seen[0]!.json().data.items).toHaveLength(1);
    // The server holds the salt only sealed, inside the seller's own copy of the opening.
    const row = await listingRow(created.id);
    expect(row!.legacy_product_salt).toBeNull();
    expect(JSON.stringify(row).toLowerCase()).not.toContain(salt);
    // A salt sent along with a listing is refused, not stored.
    await expectRejectedUnchanged(
      stack.app,
      stack.db,
      ["listings"],
      { method: "POST", url: "/listings", headers: bearer(alice.token), payload: listingBody(alice, { productSalt: opening.salt }) },
      400,
      "VALIDATION_FAILED",
    );
  });

  it("hands the seller of a listing made before salts were secret the salt it published then, and nobody else", async () => {
    const alice = await seller();
    const deliverable = new TextEncoder().encode("an old licence");
    const salt = toHex(randomBytes(32));
    const created = await createListing(alice, {
      productHash: productHash(salt, deliverable),
      sealedDeliverable: seal(encodeProductOpening({ salt, deliverable }), toBase64(alice.keys.publicKey), alice.keys),
    });
    // As the migration left such a listing: its salt kept for its seller, its sealed deliverable the
    // bare deliverable (shorter than an opening, which a new listing could no longer send).
    await stack.db
      .updateTable("listings")
      .set({ legacy_product_salt: salt, sealed_deliverable: JSON.stringify(seal(deliverable, toBase64(alice.keys.publicKey), alice.keys)) })
      .where("id", "=", created.id)
      .execute();
    const own = (await get(`/listings/${created.id}/deliverable`, alice.token)).json().data;
    expect(own.legacyProductSalt).toBe(salt);
    expect(productHash(own.legacyProductSalt, open(own.sealedDeliverable, alice.keys)!)).toBe(created.productHash);
    for (const response of [await get(`/listings/${created.id}`), await get(`/listings?seller=${alice.address}`)]) {
      expect(response.body).not.toMatch(/salt/i);
      expect(response.body).not.toContain(salt.slice(2));
    }
  });

  it("refuses a product hash that another listing already commits to", async () => {
    const [alice, bob] = [await seller(), await seller()];
    const first = await createListing(alice);
    await expectRejectedUnchanged(
      stack.app,
      stack.db,
      ["listings"],
      { method: "POST", url: "/listings", headers: bearer(bob.token), payload: listingBody(bob, { productHash: first.productHash }) },
      409,
      "PRODUCT_HASH_TAKEN",
    );
  });

  it("rejects malformed listings with a 4xx and writes nothing", async () => {
    const alice = await seller();
    const post = (payload: unknown, headers: Record<string, string> = bearer(alice.token)) => ({
      method: "POST" as const,
      url: "/listings",
      headers,
      payload: payload as object,
    });
    const { title: _title, ...untitled } = listingBody(alice);
    const cases: [string, ReturnType<typeof post>, number, string][] = [
      ["a missing title", post(untitled), 400, "VALIDATION_FAILED"],
      ["a numeric price", post(listingBody(alice, { price: 12.5 })), 400, "VALIDATION_FAILED"],
      ["a price of zero", post(listingBody(alice, { price: "0.000" })), 400, "INVALID_PRICE"],
      ["a price with 19 decimals", post(listingBody(alice, { price: "1.0000000000000000001" })), 400, "VALIDATION_FAILED"],
      ["an unknown category", post(listingBody(alice, { category: "weapons" })), 400, "VALIDATION_FAILED"],
      ["a title of 141 characters", post(listingBody(alice, { title: "x".repeat(141) })), 400, "VALIDATION_FAILED"],
      ["a description over 10,000 characters", post(listingBody(alice, { description: "x".repeat(10_001) })), 400, "VALIDATION_FAILED"],
      [
        "a token that is no stablecoin",
        post(listingBody(alice, { accepted: [{ chainId: stack.chain.chainId, token: newAccount().address }] })),
        400,
        "UNSUPPORTED_TOKEN",
      ],
      ["a stablecoin on the wrong chain", post(listingBody(alice, { accepted: [{ chainId: 1, token: usdc }] })), 400, "UNSUPPORTED_TOKEN"],
      ["no accepted payment", post(listingBody(alice, { accepted: [] })), 400, "VALIDATION_FAILED"],
      ["a negative stock", post(listingBody(alice, { stock: -1 })), 400, "VALIDATION_FAILED"],
      ["a fractional stock", post(listingBody(alice, { stock: 1.5 })), 400, "VALIDATION_FAILED"],
      ["nine images", post(listingBody(alice, { images: Array(9).fill("https://img.example/a.png") })), 400, "VALIDATION_FAILED"],
      ["a plain-http image", post(listingBody(alice, { images: ["http://img.example/a.png"] })), 400, "VALIDATION_FAILED"],
      ["a malformed product hash", post(listingBody(alice, { productHash: "0x1234" })), 400, "VALIDATION_FAILED"],
      [
        "a sealed deliverable without its nonce",
        post(listingBody(alice, { sealedDeliverable: { ciphertext: "AAAA", senderPublicKey: toBase64(alice.keys.publicKey) } })),
        400,
        "VALIDATION_FAILED",
      ],
      ["an unknown field", post(listingBody(alice, { featured: true })), 400, "VALIDATION_FAILED"],
      // PostgreSQL's text and jsonb hold neither: refused up front, not failed in the database.
      ["a NUL character in the title", post(listingBody(alice, { title: "lamp\u0000" })), 400, "VALIDATION_FAILED"],
      [
        "a NUL character in an image URL",
        post(listingBody(alice, { images: ["https://img.example/a\u0000.png"] })),
        400,
        "VALIDATION_FAILED",
      ],
      ["an unpaired surrogate in the description", post(listingBody(alice, { description: "half \ud83d" })), 400, "VALIDATION_FAILED"],
      [
        "a sealed deliverable too short to hold an opening",
        post(listingBody(alice, { sealedDeliverable: seal(new Uint8Array(32), toBase64(alice.keys.publicKey), alice.keys) })),
        400,
        "VALIDATION_FAILED",
      ],
      ["no token", post(listingBody(alice), {}), 401, "UNAUTHENTICATED"],
      ["an expired token", post(listingBody(alice), bearer(expiredToken(stack.config, alice.address))), 401, "TOKEN_EXPIRED"],
    ];
    for (const [, request, status, code] of cases) await expectRejectedUnchanged(stack.app, stack.db, ["listings"], request, status, code);
    await expectRejectedUnchanged(
      stack.app,
      stack.db,
      ["listings"],
      { method: "POST", url: "/listings", ...oversized(alice.token) },
      413,
      "PAYLOAD_TOO_LARGE",
    );
    const huge = seal(randomBytes(stack.config.DELIVERY_MAX_BYTES + 1), toBase64(alice.keys.publicKey), alice.keys);
    await expectRejectedUnchanged(
      stack.app,
      stack.db,
      ["listings"],
      post(listingBody(alice, { sealedDeliverable: huge })),
      400,
      "DELIVERABLE_TOO_LARGE",
    );
  });
});

describe("browsing listings", () => {
  let alice: Seller;
  let bob: Seller;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    [alice, bob] = [await seller(), await seller()];
    ids.lamp = (
      await createListing(alice, { title: "Lamp pattern PDF", description: "Sewing pattern", category: "digital-goods", price: "14" })
    ).id;
    ids.vpn = (
      await createListing(alice, {
        title: "VPN code",
        description: "One year of lampless browsing",
        category: "gift-cards",
        price: "35.5",
        accepted: [{ chainId: stack.chain.chainId, token: usdt }],
      })
    ).id;
    ids.logo = (
      await createListing(bob, { title: "Logo design", description: "Three concepts", category: "services", price: "120", stock: null })
    ).id;
    ids.paused = (await createListing(bob, { title: "Paused lamp", category: "other", price: "17" })).id;
    ids.removed = (await createListing(bob, { title: "Removed lamp", category: "other", price: "18" })).id;
    await stack.app.inject({ method: "PATCH", url: `/listings/${ids.paused}`, headers: bearer(bob.token), payload: { status: "paused" } });
    await stack.app.inject({ method: "DELETE", url: `/listings/${ids.removed}`, headers: bearer(bob.token) });
  });

  const of = (...names: string[]) => names.map((n) => ids[n]);

  it("filters by seller, newest first, and pages through every listing exactly once", async () => {
    expect(await browseAll(`seller=${alice.account.address}`, 1)).toEqual(of("vpn", "lamp"));
    expect(await browseAll(`seller=${bob.address}`, 100)).toEqual(of("logo"));
  });

  it("searches title, description and category by full text", async () => {
    expect(await browseAll(`seller=${alice.address}&q=lamp`, 10)).toEqual(of("lamp"));
    expect(await browseAll(`q=${encodeURIComponent("lamp pattern")}`, 10)).toEqual(of("lamp"));
    expect(await browseAll(`q=concepts`, 10)).toEqual(of("logo"));
  });

  it("filters by category, accepted chain and token, and price range", async () => {
    const mine = `seller=${alice.address}`;
    expect(await browseAll(`${mine}&category=gift-cards`, 10)).toEqual(of("vpn"));
    expect(await browseAll(`${mine}&token=${usdt}`, 10)).toEqual(of("vpn"));
    expect(await browseAll(`${mine}&chainId=${stack.chain.chainId}&token=${usdc.toLowerCase()}`, 10)).toEqual(of("lamp"));
    expect(await browseAll(`${mine}&chainId=1`, 10)).toEqual([]);
    expect(await browseAll(`${mine}&minPrice=14.01`, 10)).toEqual(of("vpn"));
    expect(await browseAll(`${mine}&maxPrice=35.49`, 10)).toEqual(of("lamp"));
    expect(await browseAll(`${mine}&minPrice=14&maxPrice=35.5`, 10)).toEqual(of("vpn", "lamp"));
  });

  it("shows paused listings only when asked, and removed ones never", async () => {
    expect(await browseAll(`seller=${bob.address}&status=paused`, 10)).toEqual(of("paused"));
    expectError(await get(`/listings?status=removed`), 400, "VALIDATION_FAILED");
    const everything = [...(await browseAll("", 100)), ...(await browseAll("status=paused", 100))];
    expect(everything).not.toContain(ids.removed);
  });

  it("rejects malformed queries", async () => {
    for (const query of [
      `q=${"x".repeat(201)}`,
      `padding=${"x".repeat(4_000)}`,
      "limit=0",
      "limit=101",
      "limit=ten",
      "category=weapons",
      "chainId=0",
      "token=0x12",
      "minPrice=-1",
      `cursor=${"x".repeat(201)}`,
      "sort=price",
      "q=lamp%00",
      "cursor=%00",
    ]) {
      expectError(await get(`/listings?${query}`), 400, "VALIDATION_FAILED");
    }
    for (const forged of ["not-a-cursor", "1:not-a-uuid", `2020-13-45:${crypto.randomUUID()}`, `1:${crypto.randomUUID()}:2`]) {
      expectError(await get(`/listings?cursor=${Buffer.from(forged).toString("base64url")}`), 400, "INVALID_CURSOR");
    }
    expectError(await get(`/listings?minPrice=10&maxPrice=5`), 400, "INVALID_PRICE_RANGE");
    expectError(await get(`/listings/${ids.lamp}`, expiredToken(stack.config, alice.address)), 401, "TOKEN_EXPIRED");
    expectError(await get(`/listings/not-a-uuid`), 400, "VALIDATION_FAILED");
    expectError(await get(`/listings/${ids.lamp}?padding=${"x".repeat(4_000)}`), 400, "VALIDATION_FAILED");
    expectError(await get(`/listings/${crypto.randomUUID()}`), 404, "LISTING_NOT_FOUND");
  });
});

describe("editing and removing a listing", () => {
  it("lets the seller edit, pause and resume a listing", async () => {
    const alice = await seller();
    const { id } = await createListing(alice);
    const patch = (payload: object) => stack.app.inject({ method: "PATCH", url: `/listings/${id}`, headers: bearer(alice.token), payload });
    const edited = await patch({
      title: "Indie game key (EU)",
      price: "19.99",
      stock: null,
      images: [],
      accepted: [{ chainId: stack.chain.chainId, token: usdt }],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().data).toMatchObject({
      title: "Indie game key (EU)",
      price: "19.99",
      stock: null,
      images: [],
      accepted: [{ token: usdt.toLowerCase() }],
      status: "active",
    });
    expect((await get(`/listings/${id}`)).json().data.available).toBeNull();

    expect((await patch({ status: "paused" })).json().data.status).toBe("paused");
    expect(await browseAll(`seller=${alice.address}`, 10)).toEqual([]);
    expect((await patch({ status: "active" })).json().data.status).toBe("active");
    expect(await browseAll(`seller=${alice.address}`, 10)).toEqual([id]);
  });

  it("rejects edits from anyone but the seller, and malformed edits, changing nothing", async () => {
    const [alice, bob] = [await seller(), await seller()];
    const { id } = await createListing(alice);
    const before = await listingRow(id);
    const patch = (payload: unknown, headers: Record<string, string> = bearer(alice.token), url = `/listings/${id}`) =>
      stack.app.inject({ method: "PATCH", url, headers, payload: payload as object });
    expectError(await patch({ title: "mine now" }, bearer(bob.token)), 403, "NOT_SELLER");
    expectError(await patch({ title: "mine now" }, {}), 401, "UNAUTHENTICATED");
    expectError(await patch({ title: "mine now" }, bearer(expiredToken(stack.config, alice.address))), 401, "TOKEN_EXPIRED");
    expectError(await patch({}), 400, "VALIDATION_FAILED");
    expectError(await patch({ title: 42 }), 400, "VALIDATION_FAILED");
    expectError(await patch({ status: "removed" }), 400, "VALIDATION_FAILED");
    expectError(await patch({ price: "0" }), 400, "INVALID_PRICE");
    expectError(await patch({ productHash: before!.product_hash }), 400, "VALIDATION_FAILED");
    expectError(await patch({ accepted: [{ chainId: 56, token: usdc }] }), 400, "UNSUPPORTED_TOKEN");
    expectError(await stack.app.inject({ method: "PATCH", url: `/listings/${id}`, ...oversized(alice.token) }), 413, "PAYLOAD_TOO_LARGE");
    expectError(await patch({ title: "x" }, bearer(alice.token), `/listings/${crypto.randomUUID()}`), 404, "LISTING_NOT_FOUND");
    expect(await listingRow(id)).toEqual(before);
  });

  it("removes a listing for its seller only: gone from browse and from others, still the seller's to read", async () => {
    const [alice, bob] = [await seller(), await seller()];
    const { id } = await createListing(alice);
    const before = await listingRow(id);
    const del = (headers: Record<string, string>, url = `/listings/${id}`) => stack.app.inject({ method: "DELETE", url, headers });
    expectError(await del(bearer(bob.token)), 403, "NOT_SELLER");
    expectError(await del({}), 401, "UNAUTHENTICATED");
    expectError(await del(bearer(expiredToken(stack.config, alice.address))), 401, "TOKEN_EXPIRED");
    expectError(await del(bearer(alice.token), "/listings/42"), 400, "VALIDATION_FAILED");
    expectError(await stack.app.inject({ method: "DELETE", url: `/listings/${id}`, ...oversized(bob.token) }), 413, "PAYLOAD_TOO_LARGE");
    expect(await listingRow(id)).toEqual(before);

    const removed = await del(bearer(alice.token));
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json()).toEqual({ success: true, data: { id, status: "removed" } });
    expect(await browseAll(`seller=${alice.address}`, 10)).toEqual([]);
    expectError(await get(`/listings/${id}`), 404, "LISTING_NOT_FOUND");
    expect((await get(`/listings/${id}`, alice.token)).json().data.status).toBe("removed");
    expect((await get(`/listings/${id}/deliverable`, alice.token)).statusCode).toBe(200);
    expectError(await del(bearer(alice.token)), 404, "LISTING_NOT_FOUND");
    expectError(
      await stack.app.inject({ method: "PATCH", url: `/listings/${id}`, headers: bearer(alice.token), payload: { status: "active" } }),
      404,
      "LISTING_NOT_FOUND",
    );
  });
});

describe("stock and rating", () => {
  it("counts the stock left from orders on chain, the same in the seller's list as on the listing: down when one is placed, back up when it is cancelled", async () => {
    const { alice, bob, carol, dave } = stack.chain;
    const seller_ = await seller(devKey(2));
    expect(seller_.address).toBe(bob.address.toLowerCase());
    const listing = await createListing(seller_, { stock: 2 });
    const detail = async () => (await get(`/listings/${listing.id}`)).json().data.available;
    // The seller's list (GET /listings?seller=) shows the same stock left as the listing's page.
    const listed = async () =>
      (await get(`/listings?seller=${bob.address}`)).json().data.items.find((l: { id: string }) => l.id === listing.id).available;
    const available = async () => {
      const [one, inList] = [await detail(), await listed()];
      expect(inList).toBe(one);
      return one;
    };
    expect(await available()).toBe(2);

    const orderId = await stack.chain.createOrder(alice, bob, 13n, stack.chain.tokens.USDC, listing.productHash);
    // An order naming the same product hash but another seller takes nothing from this listing.
    await stack.chain.createOrder(carol, dave, 13n, stack.chain.tokens.USDC, listing.productHash);
    await stack.synced();
    expect(await available()).toBe(1);

    await alice.escrow("cancelOrder", [orderId]);
    await stack.synced();
    expect(await available()).toBe(2);
  });

  it("shows the seller's average rating once reviews exist", async () => {
    const alice = await seller();
    const { id } = await createListing(alice);
    for (const [orderId, rating] of [
      [1, 5],
      [2, 4],
    ] as const) {
      await stack.db
        .insertInto("reviews")
        .values({
          chain_id: stack.chain.chainId,
          order_id: orderId,
          reviewer: newAccount().address.toLowerCase(),
          reviewee: alice.address,
          rating,
          text: "ok",
          signature: "0x",
        })
        .execute();
    }
    expect((await get(`/listings/${id}`)).json().data.sellerRating).toEqual({ average: 4.5, count: 2 });
  });
});
