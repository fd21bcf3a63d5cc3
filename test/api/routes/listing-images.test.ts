// Listing images: the seller pins PNG, JPEG or WebP pictures of a listing to IPFS through the API
// (public, unencrypted), and anyone reads them back under the type their bytes really have.
import { randomBytes, randomUUID } from "node:crypto";
import { LISTING_IMAGES_MAX } from "@p2p-escrow/protocol/schemas/listing";
import type { InjectOptions } from "fastify";
import { describe, expect, it } from "vitest";
import { expectRejectedUnchanged } from "../bad-input.ts";
import { appForFile, bearer, newAccount, signIn } from "../helper.ts";

const MAX_BYTES = 4096;
const t = appForFile({ LISTING_IMAGE_MAX_BYTES: String(MAX_BYTES) });

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Bytes that start like a PNG (all the API looks at), different on every call. */
const png = (size = 256) => Uint8Array.from([...PNG_MAGIC, ...randomBytes(size - PNG_MAGIC.length)]);
const jpeg = () => Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, ...randomBytes(200)]);
const webp = () => Uint8Array.from([...Buffer.from("RIFF"), 0, 0, 0, 0, ...Buffer.from("WEBPVP8 "), ...randomBytes(200)]);

/** A multipart/form-data body as a browser's FormData sends it, the file declared as `declaredType`. */
async function multipart(file: Uint8Array, declaredType = "image/png") {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(file)], { type: declaredType }), "picture.png");
  const request = new Request("http://x", { method: "POST", body: form });
  return { payload: Buffer.from(await request.arrayBuffer()), headers: { "content-type": request.headers.get("content-type")! } };
}

/** A signed-in seller with a listing of their own (written straight to the table: no chain runs here). */
async function sellerWithListing() {
  const account = newAccount();
  const token = await signIn(t.app, account);
  const id = randomUUID();
  await t.db
    .insertInto("listings")
    .values({
      id,
      seller: account.address.toLowerCase(),
      title: "A poster",
      description: "Printable",
      category: "digital-goods",
      price: "3",
      accepted: JSON.stringify([{ chainId: 31337, token: "0x1111111111111111111111111111111111111111" }]),
      stock: null,
      images: "[]",
      product_hash: `0x${randomBytes(32).toString("hex")}`,
      sealed_deliverable: JSON.stringify({ nonce: "AA==", ciphertext: "AA==", senderPublicKey: "AA==" }),
    })
    .execute();
  return { id, headers: bearer(token) };
}

async function upload(listingId: string, headers: Record<string, string>, file: Uint8Array, declaredType?: string): Promise<InjectOptions> {
  const body = await multipart(file, declaredType);
  return { method: "POST", url: `/listings/${listingId}/images`, headers: { ...headers, ...body.headers }, payload: body.payload };
}

const TABLES = ["listings", "listing_images"] as const;

describe("listing images", () => {
  it("pins an uploaded image, adds it to the listing, and serves it back publicly under its sniffed type", async () => {
    const seller = await sellerWithListing();
    const bytes = png();
    const response = await t.app.inject(await upload(seller.id, seller.headers, bytes));
    expect(response.statusCode, response.body).toBe(201);
    const { data } = response.json();
    expect(data).toMatchObject({ contentType: "image/png", size: bytes.length, uri: `ipfs://${data.cid}`, images: [`ipfs://${data.cid}`] });

    // The listing's own images (GET /listings/{id} shows them; it also reads the indexer, absent here).
    const listing = await t.db.selectFrom("listings").select("images").where("id", "=", seller.id).executeTakeFirstOrThrow();
    expect(listing.images).toEqual([`ipfs://${data.cid}`]);

    const read = await t.app.inject({ method: "GET", url: `/listings/${seller.id}/images/${data.cid}` });
    expect(read.statusCode).toBe(200);
    expect(read.headers["content-type"]).toBe("image/png");
    expect(read.headers["x-content-type-options"]).toBe("nosniff");
    expect(read.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(new Uint8Array(read.rawPayload)).toEqual(bytes);
  });

  it("goes by the bytes, not the declared type: a JPEG declared as PNG is served as JPEG, and WebP is taken", async () => {
    const seller = await sellerWithListing();
    const asJpeg = await t.app.inject(await upload(seller.id, seller.headers, jpeg(), "image/png"));
    expect(asJpeg.json().data.contentType).toBe("image/jpeg");
    const asWebp = await t.app.inject(await upload(seller.id, seller.headers, webp(), "application/octet-stream"));
    expect(asWebp.json().data.contentType).toBe("image/webp");
    const read = await t.app.inject({ method: "GET", url: `/listings/${seller.id}/images/${asJpeg.json().data.cid}` });
    expect(read.headers["content-type"]).toBe("image/jpeg");
  });

  it("refuses bytes that are no PNG, JPEG or WebP, whatever type they declare", async () => {
    const seller = await sellerWithListing();
    for (const bytes of [
      new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>"),
      randomBytes(300),
      Buffer.from("GIF89a......"),
    ]) {
      await expectRejectedUnchanged(
        t.app,
        t.db,
        [...TABLES],
        await upload(seller.id, seller.headers, bytes, "image/png"),
        415,
        "IMAGE_TYPE_UNSUPPORTED",
      );
    }
  });

  it("refuses an image over LISTING_IMAGE_MAX_BYTES", async () => {
    const seller = await sellerWithListing();
    await expectRejectedUnchanged(
      t.app,
      t.db,
      [...TABLES],
      await upload(seller.id, seller.headers, png(MAX_BYTES + 1)),
      413,
      "PAYLOAD_TOO_LARGE",
    );
    const atLimit = await t.app.inject(await upload(seller.id, seller.headers, png(MAX_BYTES)));
    expect(atLimit.statusCode, atLimit.body).toBe(201);
  });

  it(`refuses image number ${LISTING_IMAGES_MAX + 1}, and the same image twice`, async () => {
    const seller = await sellerWithListing();
    const first = png();
    for (let i = 0; i < LISTING_IMAGES_MAX; i++) {
      const response = await t.app.inject(await upload(seller.id, seller.headers, i === 0 ? first : png()));
      expect(response.statusCode, response.body).toBe(201);
    }
    await expectRejectedUnchanged(t.app, t.db, [...TABLES], await upload(seller.id, seller.headers, png()), 409, "TOO_MANY_IMAGES");

    const other = await sellerWithListing();
    const once = png();
    expect((await t.app.inject(await upload(other.id, other.headers, once))).statusCode).toBe(201);
    await expectRejectedUnchanged(t.app, t.db, [...TABLES], await upload(other.id, other.headers, once), 409, "IMAGE_EXISTS");
  });

  it("refuses an upload to someone else's listing, and one without a session", async () => {
    const owner = await sellerWithListing();
    const stranger = await sellerWithListing();
    await expectRejectedUnchanged(t.app, t.db, [...TABLES], await upload(owner.id, stranger.headers, png()), 403, "NOT_SELLER");
    await expectRejectedUnchanged(t.app, t.db, [...TABLES], await upload(owner.id, {}, png()), 401, "UNAUTHENTICATED");
    await expectRejectedUnchanged(t.app, t.db, [...TABLES], await upload(randomUUID(), owner.headers, png()), 404, "LISTING_NOT_FOUND");
  });

  it("serves only images uploaded for that listing: another listing's CID is a 404", async () => {
    const a = await sellerWithListing();
    const b = await sellerWithListing();
    const { data } = (await t.app.inject(await upload(a.id, a.headers, png()))).json();
    const elsewhere = await t.app.inject({ method: "GET", url: `/listings/${b.id}/images/${data.cid}` });
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.json().error.code).toBe("IMAGE_NOT_FOUND");
  });
});
