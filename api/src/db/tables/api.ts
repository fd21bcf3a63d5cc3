// The API's own tables (schema `api`), as SQL names them; repositories see them through
// db/api-shape.ts. Nullable columns are `T | null`; columns the database fills in are `Generated`.
// Amounts and order ids are numeric, read back as decimal strings.
import type { ColumnType, Generated, JSONColumnType } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Numeric = ColumnType<string, string | bigint | number, string | bigint | number>;

/** A NaCl box: the ciphertext, its nonce and the sender's X25519 public key, all base64. */
export interface SealedEnvelope {
  nonce: string;
  ciphertext: string;
  senderPublicKey: string;
}

export interface AcceptedPayment {
  chainId: number;
  token: string;
}

export interface AuthNoncesTable {
  nonce: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface SessionsTable {
  jti: string;
  address: string;
  chain_id: number;
  issued_at: Generated<Date>;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface ProfilesTable {
  address: string;
  display_name: string | null;
  encryption_public_key: string | null;
  signing_public_key: string | null;
  key_signature: string | null;
  keys_updated_at: Timestamp | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ListingsTable {
  id: Generated<string>;
  seller: string;
  title: string;
  description: string;
  category: string;
  price: Numeric;
  accepted: JSONColumnType<AcceptedPayment[]>;
  stock: number | null;
  images: JSONColumnType<string[]>;
  /** The salt a listing made before salts were secret published; null for every later one. */
  legacy_product_salt: string | null;
  product_hash: string;
  /** Sealed to the seller's own key: the product's opening (salt and deliverable), or a legacy listing's bare deliverable. */
  sealed_deliverable: JSONColumnType<SealedEnvelope>;
  status: Generated<"active" | "paused" | "removed">;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  search: Generated<string>;
}

/** An image pinned for a listing: its type as sniffed from its bytes (listing-images service). */
export interface ListingImagesTable {
  listing_id: string;
  cid: string;
  content_type: string;
  size: number;
  created_at: Generated<Date>;
}

export interface DeliveriesTable {
  chain_id: number;
  order_id: Numeric;
  seller: string;
  buyer: string;
  envelope: JSONColumnType<SealedEnvelope>;
  created_at: Generated<Date>;
}

export interface ConversationKeysTable {
  chain_id: number;
  order_id: Numeric;
  recipient: string;
  wrapped_by: string;
  envelope: JSONColumnType<SealedEnvelope>;
  created_at: Generated<Date>;
}

export interface MessagesTable {
  id: Generated<string>;
  chain_id: number;
  order_id: Numeric;
  seq: number;
  sender: string;
  nonce: string;
  ciphertext: string;
  prev_hash: string;
  hash: string;
  signature: string;
  created_at: Generated<Date>;
}

export interface EvidenceFilesTable {
  cid: string;
  chain_id: number;
  order_id: Numeric;
  uploader: string;
  size: number;
  nonce: string;
  created_at: Generated<Date>;
}

export interface EvidenceKeysTable {
  cid: string;
  recipient: string;
  wrapped_by: string;
  envelope: JSONColumnType<SealedEnvelope>;
  created_at: Generated<Date>;
}

export interface ReviewsTable {
  id: Generated<string>;
  chain_id: number;
  order_id: Numeric;
  reviewer: string;
  reviewee: string;
  rating: number;
  text: string;
  signature: string;
  created_at: Generated<Date>;
}

export interface NotificationsTable {
  id: Generated<string>;
  recipient: string;
  kind: string;
  chain_id: number | null;
  order_id: Numeric | null;
  payload: JSONColumnType<Record<string, unknown>>;
  dedupe_key: string | null;
  created_at: Generated<Date>;
  read_at: Timestamp | null;
}

export interface RealtimeEventsTable {
  id: Generated<string>;
  room: string;
  kind: string;
  payload: JSONColumnType<Record<string, unknown>>;
  dedupe_key: string | null;
  created_at: Generated<Date>;
}

export interface CursorsTable {
  name: string;
  value: JSONColumnType<Record<string, unknown>>;
  updated_at: Generated<Date>;
}

/** A rate-limit counter shared by every API process: hits in the window that ends at `resets_at`. */
export interface RateLimitsTable {
  key: string;
  hits: number;
  resets_at: Timestamp;
}
