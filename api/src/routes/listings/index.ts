// Listings: sellers publish and manage them; anyone browses and reads them. The deliverable is
// stored sealed to the seller's own key and only ever handed back to the seller.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { findStablecoin } from "@p2p-escrow/contracts/deployed";
import { NoQuery, SealedEnvelope } from "@p2p-escrow/protocol/schemas/common";
import { errorResponses, Ok, ok } from "@p2p-escrow/protocol/schemas/envelope";
import {
  BrowseQuery,
  CreateListingBody,
  ListingDetail,
  ListingPage,
  ListingParams,
  ListingSummary,
  UpdateListingBody,
} from "@p2p-escrow/protocol/schemas/listing";
import { Type } from "@sinclair/typebox";
import { formatUnits, parseUnits } from "viem";
import { badRequest, forbidden, notFound } from "../../lib/api-error.ts";
import { type EscrowTerms, paymentTerms } from "../../plugins/app/escrow-terms.ts";

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
    const amount = parseUnits(price, t.decimals);
    const bound = (value: string) => ({ chainId: t.chainId, token: t.token, amount: value, whole: formatUnits(BigInt(value), t.decimals!) });
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

const listings: FastifyPluginAsyncTypebox = async (app) => {
  const { listingsRepository: repository, config, escrowTerms } = app;
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
        productSalt: body.productSalt.toLowerCase(),
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
        summary: "The deliverable, sealed to the seller's own key, so the seller can re-seal it for a buyer (seller only)",
        params: ListingParams,
        querystring: NoQuery,
        response: { 200: Ok(Type.Object({ sealedDeliverable: SealedEnvelope })), ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      // A removed listing's open orders still need delivering.
      const owner = await ownListing(request.params.id, request.user.address, { removedToo: true });
      return ok({ sealedDeliverable: owner.sealedDeliverable });
    },
  );
};

export default listings;
