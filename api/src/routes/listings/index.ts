// Listings: sellers publish and manage them; anyone browses and reads them. The deliverable and the
// salt that opens the product hash are stored sealed to the seller's own key and only ever handed
// back to the seller: what anyone else sees cannot confirm a guessed deliverable.
import { Readable } from "node:stream";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { findStablecoin } from "@p2p-escrow/contracts/deployed";
import { NoQuery } from "@p2p-escrow/protocol/schemas/common";
import { errorResponses, Ok, ok } from "@p2p-escrow/protocol/schemas/envelope";
import {
  BrowseQuery,
  CreateListingBody,
  LISTING_IMAGES_MAX,
  ListingDetail,
  ListingImage,
  ListingImageParams,
  ListingPage,
  ListingParams,
  ListingSummary,
  OwnDeliverable,
  UpdateListingBody,
} from "@p2p-escrow/protocol/schemas/listing";
import { Type } from "@sinclair/typebox";
import type { FastifyRequest } from "fastify";
import { formatUnits, parseUnits } from "viem";
import { ApiError, badRequest, conflict, forbidden, notFound } from "../../lib/api-error.ts";
import { type EscrowTerms, paymentTerms } from "../../plugins/app/escrow-terms.ts";
import { imageUri } from "../../plugins/app/listing-images-repository.ts";
import { sniffImageType } from "../../services/listing-images.ts";

const isPositive = (price: string) => /[1-9]/.test(price);

function checkPrice(price: string | undefined) {
  if (price !== undefined && !isPositive(price)) throw badRequest("INVALID_PRICE", "The price must be greater than zero");
}

/** Lowercases and de-duplicates; refuses any pair that is not a stablecoin of a known chain. */
function normalizeAccepted(accepted: { chainId: number; token: string }[] | undefined) {
  if (accepted === undefined) return undefined;
  const unknown = accepted.filter((a) => !findStablecoin(a.chainId, a.token));
  if (unknown.length > 0) {
    throw badRequest("UNSUPPORTED_TOKEN", "Only the stablecoins of supported chains may be accepted", { unsupported: unknown });
  }
  const seen = new Map(
    accepted.map((a) => [`${a.chainId}:${a.token.toLowerCase()}`, { chainId: a.chainId, token: a.token.toLowerCase() }]),
  );
  return [...seen.values()];
}

/**
 * Refuses a price the escrow would refuse an order at in any accepted token: below the token's
 * minimum order, above its cap, or in a token the escrow no longer allows.
 */
async function checkPriceBounds(escrowTerms: EscrowTerms, price: string, accepted: { chainId: number; token: string }[]) {
  const terms = await escrowTerms.tokens(accepted);
  const below: object[] = [];
  const above: object[] = [];
  const disallowed: object[] = [];
  for (const t of terms) {
    if (t === null || t.decimals === null) continue;
    const { decimals } = t;
    const amount = parseUnits(price, decimals);
    const bound = (value: string) => ({ chainId: t.chainId, token: t.token, amount: value, whole: formatUnits(BigInt(value), decimals) });
    if (!t.allowed) disallowed.push({ chainId: t.chainId, token: t.token });
    else if (amount < BigInt(t.minAmount)) below.push({ minimum: bound(t.minAmount) });
    else if (t.maxAmount !== "0" && amount > BigInt(t.maxAmount)) above.push({ maximum: bound(t.maxAmount) });
  }
  if (disallowed.length > 0) {
    throw badRequest("UNSUPPORTED_TOKEN", "The escrow no longer takes some of the accepted tokens", { unsupported: disallowed });
  }
  if (below.length > 0) {
    throw badRequest("PRICE_BELOW_MINIMUM", "The price is below the smallest order the escrow takes in some accepted tokens", {
      tokens: below,
    });
  }
  if (above.length > 0) {
    throw badRequest("PRICE_ABOVE_MAXIMUM", "The price is above the largest order the escrow takes in some accepted tokens", {
      tokens: above,
    });
  }
}

/**
 * The one file part of an image upload, read under the image's own size limit (413 past it). A body
 * the multipart parser cannot read is the client's fault: 400 INVALID_BODY.
 */
async function readImage(request: FastifyRequest, maxBytes: number): Promise<Buffer | null> {
  try {
    const part = await request.file({ limits: { fileSize: maxBytes, files: 1 } });
    return part ? await part.toBuffer() : null;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 413) throw error;
    throw badRequest("INVALID_BODY", "The multipart body is malformed", { reason: (error as Error).message });
  }
}

const listings: FastifyPluginAsyncTypebox = async (app) => {
  const { listingsRepository: repository, listingImagesRepository: images, ipfs, config, escrowTerms } = app;
  // Base64 of the largest deliverable the API takes, plus the box's 16-byte tag.
  const maxSealedChars = Math.ceil((config.DELIVERY_MAX_BYTES + 16) / 3) * 4;

  /** The listing, if the caller is its seller; 404 when absent (or removed), 403 for anyone else. */
  async function ownListing(id: string, caller: string, { removedToo = false } = {}) {
    const owner = await repository.owner(id);
    if (!owner || (owner.status === "removed" && !removedToo)) throw notFound("LISTING_NOT_FOUND", "No such listing");
    if (owner.seller !== caller) throw forbidden("NOT_SELLER", "Only the listing's seller may do this");
    return owner;
  }

  app.post(
    "/",
    {
      schema: {
        tags: ["listings"],
        summary: "Publishes a listing; the caller is its seller",
        body: CreateListingBody,
        response: { 201: Ok(ListingSummary), ...errorResponses(400, 401, 409, 413, 429) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      checkPrice(body.price);
      const accepted = normalizeAccepted(body.accepted)!;
      await checkPriceBounds(escrowTerms, body.price, accepted);
      if (body.sealedDeliverable.ciphertext.length > maxSealedChars) {
        throw badRequest("DELIVERABLE_TOO_LARGE", `The sealed deliverable exceeds ${config.DELIVERY_MAX_BYTES} bytes`);
      }
      const listing = await repository.create({
        seller: request.user.address,
        title: body.title,
        description: body.description,
        category: body.category,
        price: body.price,
        accepted,
        stock: body.stock,
        images: body.images ?? [],
        productHash: body.productHash.toLowerCase(),
        sealedDeliverable: body.sealedDeliverable,
      });
      return reply.status(201).send(ok(listing));
    },
  );

  app.get(
    "/",
    {
      config: { auth: "public" },
      schema: {
        tags: ["listings"],
        security: [],
        summary: "Browses listings: full-text search, filters, newest first, cursor pages",
        querystring: BrowseQuery,
        response: { 200: Ok(ListingPage), ...errorResponses(400, 429) },
      },
    },
    async (request) => {
      const query = request.query;
      if (query.minPrice !== undefined && query.maxPrice !== undefined && Number(query.minPrice) > Number(query.maxPrice)) {
        throw badRequest("INVALID_PRICE_RANGE", "minPrice is above maxPrice");
      }
      return ok(await repository.browse(query));
    },
  );

  app.get(
    "/:id",
    {
      config: { auth: "optional" },
      schema: {
        tags: ["listings"],
        summary: "One listing, with the stock left and the seller's rating (the seller also gets the sealed deliverable)",
        params: ListingParams,
        querystring: NoQuery,
        response: { 200: Ok(ListingDetail), ...errorResponses(400, 401, 404, 429) },
      },
    },
    async (request) => {
      const listing = await repository.detail(request.params.id);
      const isSeller = listing !== undefined && request.user?.address === listing.seller;
      if (!listing || (listing.status === "removed" && !isSeller)) throw notFound("LISTING_NOT_FOUND", "No such listing");
      const { sealedDeliverable, ...visible } = listing;
      const payments = (await escrowTerms.tokens(listing.accepted)).flatMap((t) => (t && paymentTerms(t, listing.price)) ?? []);
      return ok(isSeller ? { ...visible, payments, sealedDeliverable } : { ...visible, payments });
    },
  );

  app.patch(
    "/:id",
    {
      schema: {
        tags: ["listings"],
        summary: "Edits a listing, or pauses and resumes it (seller only)",
        params: ListingParams,
        body: UpdateListingBody,
        response: { 200: Ok(ListingSummary), ...errorResponses(400, 401, 403, 404, 413, 429) },
      },
    },
    async (request) => {
      const body = request.body;
      checkPrice(body.price);
      const accepted = normalizeAccepted(body.accepted);
      await ownListing(request.params.id, request.user.address);
      if (body.price !== undefined || accepted !== undefined) {
        const current = await repository.detail(request.params.id);
        if (current) await checkPriceBounds(escrowTerms, body.price ?? current.price, accepted ?? current.accepted);
      }
      const updated = await repository.update(request.params.id, { ...body, accepted });
      if (!updated) throw notFound("LISTING_NOT_FOUND", "No such listing");
      return ok(updated);
    },
  );

  app.delete(
    "/:id",
    {
      schema: {
        tags: ["listings"],
        summary: "Removes a listing from the marketplace (seller only); its orders keep referring to it",
        params: ListingParams,
        response: {
          200: Ok(Type.Object({ id: Type.String(), status: Type.Literal("removed") })),
          ...errorResponses(400, 401, 403, 404, 429),
        },
      },
    },
    async (request) => {
      await ownListing(request.params.id, request.user.address);
      await repository.update(request.params.id, { status: "removed" });
      return ok({ id: request.params.id, status: "removed" as const });
    },
  );

  app.get(
    "/:id/deliverable",
    {
      schema: {
        tags: ["listings"],
        summary: "The product's opening, sealed to the seller's own key, so the seller can seal it for a buyer (seller only)",
        params: ListingParams,
        querystring: NoQuery,
        response: { 200: Ok(OwnDeliverable), ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      // A removed listing's open orders still need delivering.
      const owner = await ownListing(request.params.id, request.user.address, { removedToo: true });
      return ok({ sealedDeliverable: owner.sealedDeliverable, legacyProductSalt: owner.legacyProductSalt });
    },
  );

  app.post(
    "/:id/images",
    {
      schema: {
        tags: ["listings"],
        summary: "Pins one image of the listing to IPFS, public and unencrypted, and appends it to the listing's images (seller only)",
        description:
          `multipart/form-data with one file part: a PNG, JPEG or WebP of at most LISTING_IMAGE_MAX_BYTES, judged by its magic bytes ` +
          `(the declared type is ignored). A listing holds at most ${LISTING_IMAGES_MAX} images. Anyone can read an image ` +
          "(GET /listings/{id}/images/{cid}) and any IPFS node can serve its CID: never upload anything private.",
        consumes: ["multipart/form-data"],
        params: ListingParams,
        response: { 201: Ok(ListingImage), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429, 502) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const owner = await ownListing(id, request.user.address);
      // Checked before reading and pinning, so a full listing costs no upload; checked again under
      // the row lock when the image is attached.
      if (owner.images.length >= LISTING_IMAGES_MAX) {
        throw conflict("TOO_MANY_IMAGES", `A listing holds at most ${LISTING_IMAGES_MAX} images`, { max: LISTING_IMAGES_MAX });
      }
      if (!request.isMultipart()) throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "Upload the image as multipart/form-data");
      const file = await readImage(request, config.LISTING_IMAGE_MAX_BYTES);
      if (file === null || file.length === 0) {
        throw badRequest("VALIDATION_FAILED", "The upload needs one non-empty file part", { missing: ["file"] });
      }
      const contentType = sniffImageType(file);
      if (contentType === null) {
        throw new ApiError(415, "IMAGE_TYPE_UNSUPPORTED", "The file is not a PNG, JPEG or WebP image (judged by its content)");
      }
      let cid: string;
      try {
        cid = await ipfs.add(file);
      } catch (error) {
        request.log.error({ err: error }, "pinning a listing image failed");
        throw new ApiError(502, "IPFS_UNAVAILABLE", "Pinning to IPFS failed; try again");
      }
      const attached = await images.attach({ listingId: id, cid, contentType, size: file.length }, LISTING_IMAGES_MAX);
      if (attached === "gone") throw notFound("LISTING_NOT_FOUND", "No such listing");
      if (attached === "full") {
        throw conflict("TOO_MANY_IMAGES", `A listing holds at most ${LISTING_IMAGES_MAX} images`, { max: LISTING_IMAGES_MAX });
      }
      if (attached === "exists") throw conflict("IMAGE_EXISTS", "The listing has this exact image already", { cid, uri: imageUri(cid) });
      return reply.status(201).send(ok({ cid, uri: imageUri(cid), contentType, size: file.length, images: attached.images }));
    },
  );

  app.get(
    "/:id/images/:cid",
    {
      config: { auth: "public" },
      schema: {
        tags: ["listings"],
        security: [],
        summary: "A listing's image, under the type its bytes were recognised as; immutable, so cached for a year",
        params: ListingImageParams,
        querystring: NoQuery,
        response: { 200: Type.Unsafe<Uint8Array>({ type: "string", format: "binary" }), ...errorResponses(400, 404, 429, 502) },
      },
    },
    async (request, reply) => {
      const { id, cid } = request.params;
      // Only CIDs uploaded as this listing's images: the node also holds evidence ciphertext.
      const image = await images.find(id, cid);
      if (!image) throw notFound("IMAGE_NOT_FOUND", "No such image for this listing");
      // The first chunk is awaited before answering, so an unreachable backend is still a clean 502.
      const chunks = ipfs.cat(cid)[Symbol.asyncIterator]();
      let first: IteratorResult<Uint8Array>;
      try {
        first = await chunks.next();
      } catch (error) {
        request.log.error({ err: error, cid }, "reading a listing image from IPFS failed");
        throw new ApiError(502, "IPFS_UNAVAILABLE", "Reading from IPFS failed; try again");
      }
      async function* rest() {
        if (!first.done) yield first.value;
        for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
      }
      return reply
        .header("content-type", image.contentType)
        .header("content-length", image.size)
        .header("x-content-type-options", "nosniff")
        .header("content-disposition", "inline")
        .header("cache-control", "public, max-age=31536000, immutable")
        .send(Readable.from(rest()));
    },
  );
};

export default listings;
