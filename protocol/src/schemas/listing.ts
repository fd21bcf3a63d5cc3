// Listing schemas: what a seller publishes, what browsers see, and the one list of categories.
import { type Static, Type } from "@sinclair/typebox";
import { Address, ChainId, DateTime, Hex32, Literals, Nullable, PageQuery, SealedEnvelope, SealedOpening } from "./common.ts";
import { PaymentTerms } from "./token.ts";

export const CATEGORIES = ["digital-goods", "software", "gift-cards", "services", "accounts", "other"] as const;
export type Category = (typeof CATEGORIES)[number];

export const Category = Literals(CATEGORIES, { description: "one of the fixed categories" });
/**
 * Whole stablecoin units (USD), at most 20 integer digits and 18 decimals. The route refuses zero,
 * and a price below an accepted token's minimum order (or above its cap): the escrow would refuse
 * the order.
 */
export const Price = Type.String({
  pattern: "^(0|[1-9][0-9]{0,19})(\\.[0-9]{1,18})?$",
  description: "decimal, whole stablecoin units",
  examples: ["12.5"],
});
export const Title = Type.String({ minLength: 1, maxLength: 140 });
export const Description = Type.String({ maxLength: 10_000 });
export const AcceptedPayment = Type.Object({ chainId: ChainId, token: Address }, { additionalProperties: false });
export const Accepted = Type.Array(AcceptedPayment, { minItems: 1, maxItems: 16, description: "stablecoins of known chains" });
export const Stock = Type.Union([Type.Integer({ minimum: 0, maximum: 1_000_000_000 }), Type.Null()], { description: "null: unlimited" });
/** How many images a listing may show: the upload route refuses one more (TOO_MANY_IMAGES). */
export const LISTING_IMAGES_MAX = 8;
/**
 * The image types a listing may show, recognised by their bytes (the API sniffs the magic bytes and
 * ignores the type an upload declares). Images are public: pinned to IPFS unencrypted.
 */
export const LISTING_IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
export type ListingImageType = (typeof LISTING_IMAGE_TYPES)[number];
export const Images = Type.Array(Type.String({ pattern: "^(https://|ipfs://)\\S+$", maxLength: 2048 }), { maxItems: LISTING_IMAGES_MAX });
export const ListingStatus = Type.Union([Type.Literal("active"), Type.Literal("paused"), Type.Literal("removed")]);

export const CreateListingBody = Type.Object(
  {
    title: Title,
    description: Description,
    category: Category,
    price: Price,
    accepted: Accepted,
    stock: Stock,
    images: Type.Optional(Images),
    productHash: Type.String({ ...Hex32, description: "keccak256(salt ‖ deliverable); the salt is secret (protocol/src/product.ts)" }),
    // The product's opening (the secret salt and the deliverable, protocol/src/product.ts), sealed to
    // the seller's own encryption key: the server never holds the salt in the clear.
    sealedDeliverable: SealedOpening,
  },
  { additionalProperties: false },
);
export type CreateListingBody = Static<typeof CreateListingBody>;

export const UpdateListingBody = Type.Object(
  {
    title: Type.Optional(Title),
    description: Type.Optional(Description),
    category: Type.Optional(Category),
    price: Type.Optional(Price),
    accepted: Type.Optional(Accepted),
    stock: Type.Optional(Stock),
    images: Type.Optional(Images),
    status: Type.Optional(Type.Union([Type.Literal("active"), Type.Literal("paused")])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateListingBody = Static<typeof UpdateListingBody>;

export const ListingParams = Type.Object({ id: Type.String({ format: "uuid" }) });
export const ListingImageParams = Type.Object({
  id: Type.String({ format: "uuid" }),
  cid: Type.String({ pattern: "^[A-Za-z0-9]{46,100}$", description: "an IPFS CID" }),
});

/** A pinned listing image: `uri` (ipfs://<cid>) is what the listing's `images` holds. */
export const ListingImage = Type.Object({
  cid: Type.String(),
  uri: Type.String({ description: "ipfs://<cid>, as it appears in the listing's images" }),
  contentType: Type.String({ description: "the type the bytes were recognised as: one of LISTING_IMAGE_TYPES" }),
  size: Type.Integer(),
  images: Type.Array(Type.String(), { description: "the listing's images after this upload, in display order" }),
});
export type ListingImage = Static<typeof ListingImage>;

/** The path of a pinned listing image on the API (public): what `ipfs://<cid>` in `images` means to a browser. */
export const listingImagePath = (listingId: string, uri: string) =>
  uri.startsWith("ipfs://") ? `/listings/${encodeURIComponent(listingId)}/images/${encodeURIComponent(uri.slice("ipfs://".length))}` : null;

export const BrowseQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "full-text search over title, description and category" })),
    category: Type.Optional(Category),
    chainId: Type.Optional(ChainId),
    token: Type.Optional(Address),
    seller: Type.Optional(Address),
    minPrice: Type.Optional(Price),
    maxPrice: Type.Optional(Price),
    status: Type.Union([Type.Literal("active"), Type.Literal("paused")], { default: "active" }),
    ...PageQuery.properties,
  },
  { additionalProperties: false },
);
export type BrowseQuery = Static<typeof BrowseQuery>;

const listingFields = {
  id: Type.String({ format: "uuid" }),
  seller: Address,
  title: Type.String(),
  description: Type.String(),
  category: Type.String(),
  price: Type.String(),
  accepted: Type.Array(Type.Object({ chainId: Type.Integer(), token: Type.String() })),
  stock: Nullable(Type.Integer()),
  available: Nullable(Type.Integer({ description: "stock minus open orders on chain; null when unlimited" })),
  images: Type.Array(Type.String()),
  productHash: Type.String(),
  status: ListingStatus,
  createdAt: DateTime,
  updatedAt: DateTime,
};

/** A listing as anyone sees it: never the sealed deliverable, nor anything that opens its product hash. */
export const ListingSummary = Type.Object(listingFields);
export type ListingSummary = Static<typeof ListingSummary>;

export const SellerRating = Nullable(Type.Object({ average: Type.Number(), count: Type.Integer() }));

export const ListingDetail = Type.Object({
  ...listingFields,
  sellerRating: SellerRating,
  /** Per accepted token: the price in token units, the token's bounds, and what a dispute would ask. */
  payments: Type.Array(PaymentTerms),
  /** Present for the seller only. */
  sealedDeliverable: Type.Optional(SealedEnvelope),
});
export type ListingDetail = Static<typeof ListingDetail>;

export const ListingPage = Type.Object({ items: Type.Array(ListingSummary), nextCursor: Nullable(Type.String()) });

/**
 * What the seller needs to deliver: the product's opening sealed to its own key, and for a listing
 * made before salts were secret (whose sealed deliverable is the bare deliverable) the salt it
 * published then; null for every other listing.
 */
export const OwnDeliverable = Type.Object({ sealedDeliverable: SealedEnvelope, legacyProductSalt: Nullable(Type.String()) });
export type OwnDeliverable = Static<typeof OwnDeliverable>;
