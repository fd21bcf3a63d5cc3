// Input an attacker sends to every route, whatever the route does with it: a NUL character or an
// unpaired surrogate in any text (PostgreSQL's text and jsonb refuse both), numbers past the range
// of the column they are compared with (bigint ids and cursors, uint256 order ids), and sealed
// boxes too short to hold anything. Each is a 4xx in the envelope that writes nothing, never a 500.
//
// The route table below must name every route of the OpenAPI document, so a new route joins the
// sweep or this test fails. No indexer runs here: every request below is refused by validation
// before a route reads the indexer, which is the point.
import { randomUUID } from "node:crypto";
import { toBase64 } from "@p2p-escrow/protocol/encoding";
import type { InjectOptions } from "fastify";
import { describe, expect, it } from "vitest";
import { expectRejectedUnchanged } from "./bad-input.ts";
import { appForFile, bearer, newAccount, signIn } from "./helper.ts";

const t = appForFile();

const CHAIN = 31337;
const ADDRESS = "0x1111111111111111111111111111111111111111";
const HEX32 = `0x${"ab".repeat(32)}`;
const CID = `bafkrei${"a".repeat(52)}`;
const b64 = (bytes: number) => toBase64(new Uint8Array(bytes).fill(7));
const envelope = (ciphertextBytes: number) => ({ nonce: b64(24), ciphertext: b64(ciphertextBytes), senderPublicKey: b64(32) });
const MAX_BIGINT = 2n ** 63n - 1n;
const MAX_UINT256 = 2n ** 256n - 1n;

/** The API's own tables: none may change on a refused request. */
const TABLES = [
  "auth_nonces",
  "sessions",
  "profiles",
  "listings",
  "listing_images",
  "deliveries",
  "conversation_keys",
  "messages",
  "evidence_files",
  "evidence_keys",
  "reviews",
  "notifications",
  "realtime_events",
] as const;

interface Template {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** With `{name}` placeholders for the path parameters. */
  path: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

const order = { chainId: String(CHAIN), orderId: "1" };
const listing = { id: randomUUID() };

/**
 * A well-formed request for every route, keyed as the OpenAPI document names it. (GET /realtime, a
 * WebSocket, is not in the document: test/api/routes/realtime-limits.test.ts tries its messages.)
 */
const ROUTES: Record<string, Template | "multipart" | "no input" | "json-rpc"> = {
  "POST /auth/nonce": { method: "POST", path: "/auth/nonce", body: {} },
  "POST /auth/verify": { method: "POST", path: "/auth/verify", body: { message: "app.test wants you to sign in", signature: "0x12" } },
  "GET /auth/session": "no input",
  "POST /auth/logout": { method: "POST", path: "/auth/logout", body: {} },
  "PUT /conversations/{chainId}/{orderId}/keys": {
    method: "PUT",
    path: "/conversations/{chainId}/{orderId}/keys",
    params: order,
    body: { recipient: ADDRESS, envelope: envelope(48) },
  },
  "GET /conversations/{chainId}/{orderId}/keys": { method: "GET", path: "/conversations/{chainId}/{orderId}/keys", params: order },
  "GET /conversations/{chainId}/{orderId}/keys/me": { method: "GET", path: "/conversations/{chainId}/{orderId}/keys/me", params: order },
  "POST /conversations/{chainId}/{orderId}/messages": {
    method: "POST",
    path: "/conversations/{chainId}/{orderId}/messages",
    params: order,
    body: { seq: 1, nonce: b64(24), ciphertext: b64(40), prevHash: HEX32, hash: HEX32, signature: b64(64) },
  },
  "GET /conversations/{chainId}/{orderId}/messages": {
    method: "GET",
    path: "/conversations/{chainId}/{orderId}/messages",
    params: order,
    query: { after: "0", limit: "10" },
  },
  "PUT /deliveries/{chainId}/{orderId}": {
    method: "PUT",
    path: "/deliveries/{chainId}/{orderId}",
    params: order,
    body: { envelope: envelope(60) },
  },
  "GET /deliveries/{chainId}/{orderId}": { method: "GET", path: "/deliveries/{chainId}/{orderId}", params: order },
  "POST /evidence/{chainId}/{orderId}": "multipart", // test/api/routes/evidence.test.ts
  "PUT /evidence/{chainId}/{orderId}/{cid}/keys": {
    method: "PUT",
    path: "/evidence/{chainId}/{orderId}/{cid}/keys",
    params: { ...order, cid: CID },
    body: { recipient: ADDRESS, envelope: envelope(48) },
  },
  "GET /evidence/{chainId}/{orderId}": { method: "GET", path: "/evidence/{chainId}/{orderId}", params: order },
  "GET /evidence/{chainId}/{orderId}/{cid}/content": {
    method: "GET",
    path: "/evidence/{chainId}/{orderId}/{cid}/content",
    params: { ...order, cid: CID },
  },
  "GET /health/": "no input",
  "GET /ready/": "no input",
  "POST /listings/": {
    method: "POST",
    path: "/listings",
    body: {
      title: "A licence",
      description: "One key",
      category: "software",
      price: "12.5",
      accepted: [{ chainId: CHAIN, token: ADDRESS }],
      stock: null,
      images: ["https://example.test/a.png"],
      productHash: HEX32,
      sealedDeliverable: envelope(60),
    },
  },
  "GET /listings/": {
    method: "GET",
    path: "/listings",
    query: { q: "licence", category: "software", seller: ADDRESS, minPrice: "1", maxPrice: "100", cursor: "abc", limit: "5" },
  },
  "GET /listings/{id}": { method: "GET", path: "/listings/{id}", params: listing },
  "PATCH /listings/{id}": {
    method: "PATCH",
    path: "/listings/{id}",
    params: listing,
    body: { title: "Renamed", description: "Still one key", images: ["ipfs://bafy"] },
  },
  "DELETE /listings/{id}": { method: "DELETE", path: "/listings/{id}", params: listing },
  "GET /listings/{id}/deliverable": { method: "GET", path: "/listings/{id}/deliverable", params: listing },
  "POST /listings/{id}/images": "multipart", // test/api/routes/listing-images.test.ts
  "GET /listings/{id}/images/{cid}": { method: "GET", path: "/listings/{id}/images/{cid}", params: { ...listing, cid: CID } },
  "GET /notifications/": { method: "GET", path: "/notifications", query: { cursor: "5", limit: "10", unreadOnly: "true" } },
  "GET /notifications/unread-count": "no input",
  "POST /notifications/read": { method: "POST", path: "/notifications/read", body: { ids: ["1", "2"] } },
  "GET /orders/": { method: "GET", path: "/orders", query: { role: "buyer", status: "Created", chainId: String(CHAIN), cursor: "abc" } },
  "GET /orders/earnings": "no input",
  "GET /orders/{chainId}/{orderId}": { method: "GET", path: "/orders/{chainId}/{orderId}", params: order },
  "GET /orders/{chainId}/{orderId}/access": { method: "GET", path: "/orders/{chainId}/{orderId}/access", params: order },
  "GET /profiles/me": "no input",
  "PUT /profiles/me": { method: "PUT", path: "/profiles/me", body: { displayName: "Alice" } },
  "PUT /profiles/me/keys": {
    method: "PUT",
    path: "/profiles/me/keys",
    body: { encryptionPublicKey: b64(32), signingPublicKey: b64(32), signature: `0x${"12".repeat(65)}` },
  },
  "GET /profiles/{address}": { method: "GET", path: "/profiles/{address}", params: { address: ADDRESS } },
  "GET /profiles/{address}/reviews": {
    method: "GET",
    path: "/profiles/{address}/reviews",
    params: { address: ADDRESS },
    query: { cursor: "5", limit: "10" },
  },
  "POST /reviews/": {
    method: "POST",
    path: "/reviews",
    body: { chainId: CHAIN, orderId: "1", reviewee: ADDRESS, rating: 5, text: "Fine", signature: `0x${"12".repeat(65)}` },
  },
  "GET /reviews/{chainId}/{orderId}": { method: "GET", path: "/reviews/{chainId}/{orderId}", params: order },
  // Answers in JSON-RPC, not the envelope: test/account-abstraction/paymaster-service.test.ts sends it bad input.
  "POST /paymaster/": "json-rpc",
  "GET /relay/quote": { method: "GET", path: "/relay/quote", query: { chainId: String(CHAIN), token: ADDRESS } },
  "POST /relay/orders": {
    method: "POST",
    path: "/relay/orders",
    body: {
      chainId: CHAIN,
      token: ADDRESS,
      seller: ADDRESS,
      amount: "12500000",
      productHash: HEX32,
      maxProtocolFeeBps: "100",
      auth: { buyer: ADDRESS, v: 27, r: HEX32, s: HEX32, relayerFee: "100000", validAfter: "0", validBefore: "2000000000", salt: HEX32 },
    },
  },
};

let headers: { authorization: string };

function request(template: Template, changes: Partial<Pick<Template, "params" | "query" | "body">> = {}): InjectOptions {
  const params = { ...template.params, ...changes.params };
  const query = { ...template.query, ...changes.query };
  const path = template.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ""));
  const search = Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join("&");
  const body = "body" in changes ? changes.body : template.body;
  return {
    method: template.method,
    url: search ? `${path}?${search}` : path,
    headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    // Raw JSON text: an unpaired surrogate must reach the server as the escape a client would send.
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  };
}

/** Every string leaf of `value` (with its path), and `value` with that leaf replaced by `to(leaf)`. */
function* stringLeaves(value: unknown, to: (leaf: string) => string, path = ""): Generator<[string, unknown]> {
  if (typeof value === "string") yield [path, to(value)];
  else if (Array.isArray(value)) {
    for (const [i, item] of value.entries())
      for (const [p, changed] of stringLeaves(item, to, `${path}/${i}`)) yield [p, value.map((v, j) => (j === i ? changed : v))];
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value))
      for (const [p, changed] of stringLeaves(item, to, `${path}/${key}`)) yield [p, { ...value, [key]: changed }];
  }
}

const templates = () => Object.entries(ROUTES).flatMap(([name, t]) => (typeof t === "object" ? [[name, t] as const] : []));

async function refused(options: InjectOptions, what: string) {
  return expectRejectedUnchanged(t.app, t.db, [...TABLES], options, 400).catch((error: Error) => {
    throw new Error(`${what}: ${error.message}`);
  });
}

describe("the bad-input sweep over every route", () => {
  it("covers every route of the OpenAPI document", async () => {
    headers = bearer(await signIn(t.app, newAccount()));
    const doc = (await t.app.inject({ method: "GET", url: "/docs/json" })).json() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it("refuses a NUL character in any path parameter, query parameter or body field", async () => {
    // The listing the routes name is the caller's, so an edit would reach its row.
    const seller = newAccount();
    headers = bearer(await signIn(t.app, seller));
    await t.db
      .insertInto("listings")
      .values({
        id: listing.id,
        seller: seller.address.toLowerCase(),
        title: "A licence",
        description: "One key",
        category: "software",
        price: "12.5",
        accepted: JSON.stringify([{ chainId: CHAIN, token: ADDRESS }]),
        stock: null,
        images: "[]",
        product_hash: HEX32,
        sealed_deliverable: JSON.stringify(envelope(60)),
      })
      .execute();
    const nul = (leaf: string) => `${leaf}\u0000x`;
    for (const [name, template] of templates()) {
      for (const part of ["params", "query"] as const)
        for (const [key, value] of Object.entries(template[part] ?? {}))
          await refused(request(template, { [part]: { [key]: nul(value) } }), `${name} ${part}.${key}`);
      for (const [path, body] of stringLeaves(template.body, nul)) await refused(request(template, { body }), `${name} body${path}`);
    }
  });

  it("refuses an unpaired surrogate in any body field, and a NUL or surrogate in a field's name", async () => {
    const lone = (leaf: string) => `${leaf}\ud800`;
    for (const [name, template] of templates()) {
      for (const [path, body] of stringLeaves(template.body, lone)) await refused(request(template, { body }), `${name} body${path}`);
      if (typeof template.body === "object" && template.body !== null && !Array.isArray(template.body)) {
        for (const key of ["x\u0000", "x\udc00"]) await refused(request(template, { body: { ...template.body, [key]: 1 } }), `${name} key`);
      }
    }
  });

  it("refuses ids and cursors past the range of their column", async () => {
    const review = (ROUTES["POST /reviews/"] as Template).body as object;
    const pastBigint = (MAX_BIGINT + 1n).toString();
    const cases: [string, Partial<Pick<Template, "params" | "query" | "body">>][] = [
      ["GET /notifications/", { query: { cursor: pastBigint } }],
      ["GET /notifications/", { query: { cursor: "9".repeat(19) } }],
      ["POST /notifications/read", { body: { ids: ["1", pastBigint] } }],
      ["GET /profiles/{address}/reviews", { query: { cursor: pastBigint } }],
      ["GET /profiles/{address}/reviews", { query: { cursor: "9".repeat(19) } }],
      ["POST /reviews/", { body: { ...review, orderId: (MAX_UINT256 + 1n).toString() } }],
      ["POST /reviews/", { body: { ...review, orderId: "9".repeat(78) } }],
      ["GET /reviews/{chainId}/{orderId}", { params: { orderId: (MAX_UINT256 + 1n).toString() } }],
      ["GET /orders/{chainId}/{orderId}", { params: { orderId: "9".repeat(78) } }],
      ["GET /orders/{chainId}/{orderId}/access", { params: { orderId: "9".repeat(78) } }],
      ["GET /reviews/{chainId}/{orderId}", { params: { chainId: String(2 ** 31) } }],
      ["GET /conversations/{chainId}/{orderId}/messages", { query: { after: String(2 ** 31) } }],
    ];
    for (const [name, changes] of cases) {
      const response = await refused(request(ROUTES[name] as Template, changes), name);
      expect(response.json().error.code).toMatch(/^(VALIDATION_FAILED|CURSOR_INVALID)$/);
    }
    // The largest id is still an id: nothing comes after it, and that is not an error.
    const last = await t.app.inject({ method: "GET", url: `/notifications?cursor=${MAX_BIGINT}`, headers });
    expect(last.statusCode, last.body).toBe(200);
    const reviews = await t.app.inject({ method: "GET", url: `/profiles/${ADDRESS}/reviews?cursor=${MAX_BIGINT}` });
    expect(reviews.statusCode, reviews.body).toBe(200);
  });

  it("refuses sealed boxes too short to hold what they seal, and ciphertext that is not base64", async () => {
    const key = ROUTES["PUT /conversations/{chainId}/{orderId}/keys"] as Template;
    const evidenceKey = ROUTES["PUT /evidence/{chainId}/{orderId}/{cid}/keys"] as Template;
    const message = ROUTES["POST /conversations/{chainId}/{orderId}/messages"] as Template;
    const delivery = ROUTES["PUT /deliveries/{chainId}/{orderId}"] as Template;
    const newListing = ROUTES["POST /listings/"] as Template;
    const withCiphertext = (e: object, ciphertext: string) => ({ ...e, ciphertext });
    const cases: [string, Template, unknown, string][] = [];
    // A wrapped key is a 32-byte key and its 16-byte tag: exactly 48 bytes.
    for (const bytes of [1, 16, 47, 49]) {
      cases.push([
        `conversation key of ${bytes} bytes`,
        key,
        { ...(key.body as object), envelope: envelope(bytes) },
        "body/envelope/ciphertext",
      ]);
      cases.push([
        `evidence key of ${bytes} bytes`,
        evidenceKey,
        { ...(evidenceKey.body as object), envelope: envelope(bytes) },
        "body/envelope/ciphertext",
      ]);
    }
    // A chat message is a secretbox: its tag and at least one byte.
    for (const bytes of [1, 16])
      cases.push([`message of ${bytes} bytes`, message, { ...(message.body as object), ciphertext: b64(bytes) }, "body/ciphertext"]);
    // A delivery and a listing's deliverable seal a product opening: version, 32-byte salt, tag.
    for (const bytes of [1, 16, 48]) {
      cases.push([`delivery of ${bytes} bytes`, delivery, { envelope: envelope(bytes) }, "body/envelope/ciphertext"]);
      cases.push([
        `deliverable of ${bytes} bytes`,
        newListing,
        { ...(newListing.body as object), sealedDeliverable: envelope(bytes) },
        "body/sealedDeliverable/ciphertext",
      ]);
    }
    // Not base64 at all, or base64 cut short.
    for (const bad of ["A", "AAAAA", "AAA=AAAA", `${b64(60)}=`, `${b64(60).slice(0, -1)}`]) {
      cases.push([
        `delivery ciphertext ${bad.slice(-8)}`,
        delivery,
        { envelope: withCiphertext(envelope(60), bad) },
        "body/envelope/ciphertext",
      ]);
      cases.push([`message ciphertext ${bad.slice(-8)}`, message, { ...(message.body as object), ciphertext: bad }, "body/ciphertext"]);
    }
    for (const [what, template, body, field] of cases) {
      const response = await refused(request(template, { body }), what);
      expect(response.json().error.code, what).toBe("VALIDATION_FAILED");
      expect(response.json().error.details, what).toContainEqual(expect.objectContaining({ field }));
    }
  });
});
