import { randomBytes } from "node:crypto";
import { toBase64 } from "@p2p-escrow/protocol/encoding";
import { decryptWithKey, encryptWithKey, newSymmetricKey, open, seal } from "@p2p-escrow/protocol/sealing";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {} from "../../../api/src/plugins/app/ipfs.ts";
import { expectError, expectRejectedUnchanged, expiredToken, oversizedJson } from "../bad-input.ts";
import { bearer } from "../helper.ts";
import { type IndexedStack, startIndexedStack } from "../indexed-stack.ts";
import { type Party, partyOf } from "../order-parties.ts";

const EVIDENCE_MAX_BYTES = 8192;

let stack: IndexedStack;
let buyer: Party; // alice
let seller: Party; // bob
let stranger: Party; // carol
const arbitrators = new Map<string, Party>();

beforeAll(async () => {
  stack = await startIndexedStack({ EVIDENCE_MAX_BYTES: String(EVIDENCE_MAX_BYTES) });
  const { alice, bob, carol } = stack.chain;
  [buyer, seller, stranger] = await Promise.all([partyOf(stack, alice), partyOf(stack, bob), partyOf(stack, carol)]);
  for (const a of stack.chain.arbitrators) arbitrators.set(a.address.toLowerCase(), await partyOf(stack, a));
}, 180_000);
afterAll(async () => stack?.stop());

const base = (orderId: bigint | string) => `/evidence/${stack.chain.chainId}/${orderId}`;

async function newOrder() {
  const orderId = await stack.chain.createOrder(buyer.actor, seller.actor, 16n);
  await stack.synced();
  return orderId;
}

async function disputed(orderId: bigint): Promise<Party> {
  const drawn = await stack.chain.disputeAndDraw(orderId, buyer.actor);
  await stack.synced();
  return arbitrators.get(drawn.address.toLowerCase())!;
}

/** A multipart/form-data body as a browser's FormData would send it. */
async function multipart(fields: Record<string, string>, file?: Uint8Array) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file) form.append("file", new Blob([new Uint8Array(file)]), "evidence.bin");
  const request = new Request("http://x", { method: "POST", body: form });
  return { payload: Buffer.from(await request.arrayBuffer()), headers: { "content-type": request.headers.get("content-type")! } };
}

/** What the client does: encrypt the file under a fresh key and wrap the key for `recipients`. */
function encryptEvidence(from: Party, plaintext: Uint8Array, recipients: Party[]) {
  const fileKey = newSymmetricKey();
  const { nonce, ciphertext } = encryptWithKey(plaintext, fileKey);
  const keys = recipients.map((r) => ({
    recipient: r.actor.address,
    envelope: seal(fileKey, r.publicKeys.encryptionPublicKey, from.keys.encryption),
  }));
  return { fileKey, nonce, ciphertext, keys };
}

async function uploadRequest(from: Party, orderId: bigint, evidence: ReturnType<typeof encryptEvidence>): Promise<InjectOptions> {
  const body = await multipart({ nonce: evidence.nonce, keys: JSON.stringify(evidence.keys) }, evidence.ciphertext);
  return { method: "POST", url: base(orderId), payload: body.payload, headers: { ...from.headers, ...body.headers } };
}

async function upload(from: Party, orderId: bigint, evidence: ReturnType<typeof encryptEvidence>) {
  const response = await stack.app.inject(await uploadRequest(from, orderId, evidence));
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data as { cid: string; uri: string };
}

async function list(party: Party, orderId: bigint) {
  const response = await stack.app.inject({ method: "GET", url: base(orderId), headers: party.headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data.evidence;
}

/** A participant reads an evidence item as the web app would: unwrap the key, fetch, decrypt. */
async function readEvidence(
  party: Party,
  orderId: bigint,
  item: { file: { cid: string; nonce: string }; key: { envelope: Parameters<typeof open>[0] } },
) {
  const fileKey = open(item.key.envelope, party.keys.encryption);
  expect(fileKey).not.toBeNull();
  const content = await stack.app.inject({ method: "GET", url: `${base(orderId)}/${item.file.cid}/content`, headers: party.headers });
  expect(content.statusCode, content.body).toBe(200);
  expect(content.headers["content-type"]).toBe("application/octet-stream");
  return decryptWithKey(content.rawPayload, item.file.nonce, fileKey!);
}

const tables = ["evidence_files", "evidence_keys"] as const;
const rejectedUnchanged = (request: InjectOptions, status: number, code?: string) =>
  expectRejectedUnchanged(stack.app, stack.db, [...tables], request, status, code);

describe("evidence", () => {
  it("pins encrypted evidence, and once its URI is on chain every participant lists, fetches and decrypts it", async () => {
    const orderId = await newOrder();
    const arbitrator = await disputed(orderId);
    const plaintext = new TextEncoder().encode("screenshot: the licence key was rejected");
    const evidence = encryptEvidence(buyer, plaintext, [buyer, seller, arbitrator]);
    const { cid, uri } = await upload(buyer, orderId, evidence);
    expect(uri).toBe(`ipfs://${cid}`);
    // The pinned bytes are the ciphertext, never the plaintext.
    const pinned: Uint8Array[] = [];
    for await (const chunk of stack.app.ipfs.cat(cid)) pinned.push(chunk);
    expect(Buffer.concat(pinned).equals(Buffer.from(evidence.ciphertext))).toBe(true);

    await buyer.actor.escrow("submitEvidence", [orderId, uri]);
    await stack.synced();
    for (const party of [buyer, seller, arbitrator]) {
      const [item, ...rest] = await list(party, orderId);
      expect(rest).toEqual([]);
      expect(item).toMatchObject({
        uri,
        submitter: buyer.actor.address,
        file: { cid, uploader: buyer.actor.address, size: evidence.ciphertext.length, nonce: evidence.nonce },
        key: { wrappedBy: buyer.actor.address },
      });
      expect(await readEvidence(party, orderId, item)).toEqual(plaintext);
    }
    expectError(await stack.app.inject({ method: "GET", url: base(orderId), headers: stranger.headers }), 403, "NOT_A_PARTY");
    expectError(
      await stack.app.inject({ method: "GET", url: `${base(orderId)}/${cid}/content`, headers: stranger.headers }),
      403,
      "NOT_A_PARTY",
    );
  });

  it("takes evidence before a dispute and lets a party wrap its key for the arbitrator drawn later", async () => {
    const orderId = await newOrder();
    const plaintext = randomBytes(3000);
    const evidence = encryptEvidence(seller, plaintext, [buyer, seller]);
    const { cid, uri } = await upload(seller, orderId, evidence);

    const arbitrator = await disputed(orderId);
    await seller.actor.escrow("submitEvidence", [orderId, uri]);
    await stack.synced();
    const [before] = await list(arbitrator, orderId);
    expect(before).toMatchObject({ uri, file: { cid }, key: null });

    const wrap = (from: Party, recipient: Party): InjectOptions => ({
      method: "PUT",
      url: `${base(orderId)}/${cid}/keys`,
      headers: from.headers,
      payload: {
        recipient: recipient.actor.address,
        envelope: seal(evidence.fileKey, recipient.publicKeys.encryptionPublicKey, from.keys.encryption),
      },
    });
    const wrapped = await stack.app.inject(wrap(seller, arbitrator));
    expect(wrapped.statusCode, wrapped.body).toBe(201);
    expect(wrapped.json().data).toMatchObject({ recipient: arbitrator.actor.address, wrappedBy: seller.actor.address });
    const [after] = await list(arbitrator, orderId);
    expect(await readEvidence(arbitrator, orderId, after)).toEqual(new Uint8Array(plaintext));

    await rejectedUnchanged(wrap(buyer, arbitrator), 409, "KEY_EXISTS");
    await rejectedUnchanged(wrap(buyer, stranger), 403, "RECIPIENT_NOT_ALLOWED");
    await rejectedUnchanged(
      {
        ...wrap(buyer, arbitrator),
        payload: {
          recipient: arbitrator.actor.address,
          envelope: seal(evidence.fileKey, arbitrator.publicKeys.encryptionPublicKey, stranger.keys.encryption),
        },
      },
      400,
      "SENDER_KEY_MISMATCH",
    );
  });

  it("wants the file key wrapped for exactly the buyer, the seller and the assigned arbitrator, by the uploader's bound key", async () => {
    const orderId = await newOrder();
    const arbitrator = await disputed(orderId);
    const plaintext = randomBytes(100);
    await rejectedUnchanged(
      await uploadRequest(buyer, orderId, encryptEvidence(buyer, plaintext, [buyer, seller])),
      400,
      "KEYS_RECIPIENTS",
    );
    await rejectedUnchanged(
      await uploadRequest(buyer, orderId, encryptEvidence(buyer, plaintext, [buyer, seller, stranger])),
      400,
      "KEYS_RECIPIENTS",
    );
    await rejectedUnchanged(
      await uploadRequest(buyer, orderId, encryptEvidence(buyer, plaintext, [buyer, seller, seller])),
      400,
      "KEYS_RECIPIENTS",
    );
    // The three it must go to, plus a fourth that is not the case-key relay: a stranger, or one of
    // the three again, would each get a readable copy.
    for (const extra of [stranger, arbitrator, buyer])
      await rejectedUnchanged(
        await uploadRequest(buyer, orderId, encryptEvidence(buyer, plaintext, [buyer, seller, arbitrator, extra])),
        400,
        "KEYS_RECIPIENTS",
      );
    const forged = encryptEvidence(stranger, plaintext, [buyer, seller, arbitrator]);
    await rejectedUnchanged(await uploadRequest(buyer, orderId, forged), 400, "SENDER_KEY_MISMATCH");
  });

  it("refuses uploads once the order is closed", async () => {
    const orderId = await newOrder();
    await buyer.actor.escrow("cancelOrder", [orderId]);
    await stack.synced();
    await rejectedUnchanged(
      await uploadRequest(buyer, orderId, encryptEvidence(buyer, randomBytes(10), [buyer, seller])),
      409,
      "ORDER_CLOSED",
    );
  });

  it("lists on-chain pointers it did not pin, and refuses files of another order", async () => {
    const orderId = await newOrder();
    const other = await newOrder();
    const { cid } = await upload(buyer, other, encryptEvidence(buyer, randomBytes(10), [buyer, seller]));
    await disputed(orderId);
    await seller.actor.escrow("submitEvidence", [orderId, "https://example.com/photo.jpg"]);
    await seller.actor.escrow("submitEvidence", [orderId, `ipfs://${cid}`]);
    await stack.synced();
    const items = await list(buyer, orderId);
    expect(items.map((i: { uri: string }) => i.uri)).toEqual(["https://example.com/photo.jpg", `ipfs://${cid}`]);
    expect(items.map((i: { file: unknown; key: unknown }) => [i.file, i.key])).toEqual([
      [null, null],
      [null, null],
    ]);
    expectError(
      await stack.app.inject({ method: "GET", url: `${base(orderId)}/${cid}/content`, headers: buyer.headers }),
      404,
      "EVIDENCE_NOT_FOUND",
    );
    await rejectedUnchanged(
      {
        method: "PUT",
        url: `${base(orderId)}/${cid}/keys`,
        headers: buyer.headers,
        payload: {
          recipient: seller.actor.address,
          envelope: seal(new Uint8Array(32), seller.publicKeys.encryptionPublicKey, buyer.keys.encryption),
        },
      },
      404,
      "EVIDENCE_NOT_FOUND",
    );
  });

  describe("bad input", () => {
    let orderId: bigint;
    let cid: string;
    let evidence: ReturnType<typeof encryptEvidence>;
    beforeAll(async () => {
      orderId = await newOrder();
      evidence = encryptEvidence(buyer, randomBytes(50), [buyer, seller]);
      ({ cid } = await upload(buyer, orderId, evidence));
    });
    const expired = () => bearer(expiredToken(stack.config, buyer.address));
    const fields = () => ({ nonce: evidence.nonce, keys: JSON.stringify(evidence.keys) });
    const post = async (headers: Record<string, string>, f: Record<string, string>, file?: Uint8Array): Promise<InjectOptions> => {
      const body = await multipart(f, file);
      return { method: "POST", url: base(orderId), payload: body.payload, headers: { ...headers, ...body.headers } };
    };
    const fresh = () => encryptWithKey(randomBytes(64), evidence.fileKey).ciphertext;

    it.each([
      ["a missing file", async () => post(buyer.headers, fields()), 400, "VALIDATION_FAILED"],
      ["a missing keys field", async () => post(buyer.headers, { nonce: evidence.nonce }, fresh()), 400, "VALIDATION_FAILED"],
      ["keys that are not JSON", async () => post(buyer.headers, { ...fields(), keys: "not json" }, fresh()), 400, "VALIDATION_FAILED"],
      [
        "keys of the wrong type",
        async () => post(buyer.headers, { ...fields(), keys: JSON.stringify({ recipient: 1 }) }, fresh()),
        400,
        "VALIDATION_FAILED",
      ],
      [
        "a nonce of the wrong length",
        async () => post(buyer.headers, { ...fields(), nonce: toBase64(randomBytes(8)) }, fresh()),
        400,
        "VALIDATION_FAILED",
      ],
      [
        "a file over EVIDENCE_MAX_BYTES",
        async () => post(buyer.headers, fields(), randomBytes(EVIDENCE_MAX_BYTES + 1)),
        413,
        "PAYLOAD_TOO_LARGE",
      ],
      [
        "a JSON body",
        async () => ({ method: "POST", url: base(orderId), headers: buyer.headers, payload: { nonce: evidence.nonce } }) as InjectOptions,
        415,
        "UNSUPPORTED_MEDIA_TYPE",
      ],
      ["no token", async () => post({}, fields(), fresh()), 401, "UNAUTHENTICATED"],
      ["an expired token", async () => post(expired(), fields(), fresh()), 401, "TOKEN_EXPIRED"],
      ["a caller who is not a party", async () => post(stranger.headers, fields(), fresh()), 403, "NOT_A_PARTY"],
    ] as const)("POST refuses %s and stores nothing", async (_, request, status, code) => {
      await rejectedUnchanged(await request(), status, code);
    });

    /** A POST whose body is `body` as written, under `contentType`. */
    const raw = (contentType: string, body: string): InjectOptions => ({
      method: "POST",
      url: base(orderId),
      headers: { ...buyer.headers, "content-type": contentType },
      payload: Buffer.from(body),
    });
    const part = (headers: string, value: string) => `--B\r\n${headers}\r\n\r\n${value}\r\n`;
    const nonceField = () => part('Content-Disposition: form-data; name="nonce"', evidence.nonce);

    it.each([
      ["a multipart type with no boundary", () => raw("multipart/form-data", nonceField()), 400, "INVALID_BODY"],
      ["an empty boundary", () => raw("multipart/form-data; boundary=", nonceField()), 400, "INVALID_BODY"],
      [
        "a body cut off before its closing boundary",
        () => raw("multipart/form-data; boundary=B", `${nonceField()}--B\r\nContent-Disp`),
        400,
        "INVALID_BODY",
      ],
      ["a body with no parts at all", () => raw("multipart/form-data; boundary=B", "just some bytes"), 400, undefined],
      ["a part without headers", () => raw("multipart/form-data; boundary=B", "--B\r\n\r\nvalue\r\n--B--\r\n"), 400, undefined],
      [
        "a field named after a prototype property",
        () => raw("multipart/form-data; boundary=B", `${part('Content-Disposition: form-data; name="__proto__"', "{}")}--B--\r\n`),
        400,
        "INVALID_BODY",
      ],
    ] as const)("POST refuses a malformed multipart body, %s, with a 4xx in the envelope", async (_, request, status, code) => {
      await rejectedUnchanged(request(), status, code);
    });

    it("POST refuses a file too short to be a secretbox: its 16-byte tag and at least one byte", async () => {
      for (const bytes of [1, 16]) {
        const response = await rejectedUnchanged(await post(buyer.headers, fields(), randomBytes(bytes)), 400, "VALIDATION_FAILED");
        expect(response.json().error.details).toContainEqual(expect.objectContaining({ field: "body/file" }));
      }
    });

    const put = (headers: Record<string, string>, payload: unknown): InjectOptions => ({
      method: "PUT",
      url: `${base(orderId)}/${cid}/keys`,
      headers,
      payload: payload as object,
    });
    const wrapped = () => ({
      recipient: seller.actor.address,
      envelope: seal(evidence.fileKey, seller.publicKeys.encryptionPublicKey, buyer.keys.encryption),
    });

    it.each([
      ["a missing envelope", () => put(buyer.headers, { recipient: seller.actor.address }), 400, "VALIDATION_FAILED"],
      ["a recipient of the wrong type", () => put(buyer.headers, { ...wrapped(), recipient: ["x"] }), 400, "VALIDATION_FAILED"],
      ["a malformed CID", () => ({ ...put(buyer.headers, wrapped()), url: `${base(orderId)}/not-a-cid/keys` }), 400, "VALIDATION_FAILED"],
      [
        "a body over the JSON limit",
        () => ({
          ...put(buyer.headers, null),
          ...oversizedJson(stack.config),
          headers: { ...buyer.headers, "content-type": "application/json" },
        }),
        413,
        "PAYLOAD_TOO_LARGE",
      ],
      ["no token", () => put({}, wrapped()), 401, "UNAUTHENTICATED"],
      ["an expired token", () => put(expired(), wrapped()), 401, "TOKEN_EXPIRED"],
      ["a caller who is not a party", () => put(stranger.headers, wrapped()), 403, "NOT_A_PARTY"],
    ] as const)("PUT keys refuses %s and stores nothing", async (_, request, status, code) => {
      await rejectedUnchanged(request(), status, code);
    });

    const get = (path: string, headers: Record<string, string>): InjectOptions => ({
      method: "GET",
      url: `${base(orderId)}${path}`,
      headers,
    });

    it.each([
      ["a malformed order id", () => ({ ...get("", buyer.headers), url: base("1e3") }), 400, "VALIDATION_FAILED"],
      ["an order id longer than a uint256", () => ({ ...get("", buyer.headers), url: base("9".repeat(79)) }), 400, "VALIDATION_FAILED"],
      ["no token", () => get("", {}), 401, "UNAUTHENTICATED"],
      ["an expired token", () => get("", expired()), 401, "TOKEN_EXPIRED"],
      ["a caller who is not a party", () => get("", stranger.headers), 403, "NOT_A_PARTY"],
      ["an unknown order", () => ({ ...get("", buyer.headers), url: base(999_999n) }), 404, "ORDER_NOT_FOUND"],
    ] as const)("GET list refuses %s", async (_, request, status, code) => {
      await rejectedUnchanged(request(), status, code);
    });

    it.each([
      ["a malformed CID", () => get("/bad!cid/content", buyer.headers), 400, "VALIDATION_FAILED"],
      ["a CID too short to be one", () => get(`/${"b".repeat(20)}/content`, buyer.headers), 400, "VALIDATION_FAILED"],
      ["no token", () => get(`/${cid}/content`, {}), 401, "UNAUTHENTICATED"],
      ["an expired token", () => get(`/${cid}/content`, expired()), 401, "TOKEN_EXPIRED"],
      ["a caller who is not a party", () => get(`/${cid}/content`, stranger.headers), 403, "NOT_A_PARTY"],
    ] as const)("GET content refuses %s", async (_, request, status, code) => {
      await rejectedUnchanged(request(), status, code);
    });
  });
});
