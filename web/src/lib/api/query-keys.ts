// Every TanStack Query key of the app, built here only. The views' queries take their keys from
// this factory, and the realtime invalidation (lib/realtime/invalidate.ts) and the mutations that
// refresh a view invalidate the prefixes it names, so a key and what refreshes it cannot drift.
// A key that holds the session token changes with the signed-in wallet, so one wallet's answer
// never shows for another.

/** Which of the signed-in wallet's orders GET /orders lists. */
export type OrderRole = "buyer" | "seller" | "arbitrator" | "any";

/** The marketplace's search form, as GET /listings takes it. */
export interface ListingFilters {
  q: string;
  category: string;
  chainId: string;
  minPrice: string;
  maxPrice: string;
}

export type ListingStatus = "active" | "paused";

export const queryKeys = {
  /** The signed-in wallet's order lists: realtime events refresh them all. */
  orders: {
    all: ["orders"] as const,
    list: (role: OrderRole, status: string | undefined, token: string | null) => ["orders", role, status, token] as const,
  },
  /** One order's detail (GET /orders/:chainId/:orderId). */
  order: (chainId: number, orderId: string) => ["order", chainId, orderId] as const,
  orderAccess: (chainId: number, orderId: string) => ["order-access", chainId, orderId] as const,
  /** One order's chat messages. */
  messages: (chainId: number, orderId: string) => ["messages", chainId, orderId] as const,
  /** One order's dispute evidence, decrypted. */
  evidence: (chainId: number, orderId: string) => ["evidence", chainId, orderId] as const,
  /** One order's conversation key, opened with the reader's keys. */
  conversationKey: {
    ofOrder: (chainId: number, orderId: string) => ["conversation-key", chainId, orderId] as const,
    of: (chainId: number, orderId: string, reader: string) => ["conversation-key", chainId, orderId, reader] as const,
  },
  /** Who holds a copy of the order's conversation key (addresses only). */
  conversationKeyRecipients: (chainId: number, orderId: string) => ["conversation-key", chainId, orderId, "recipients"] as const,
  /** That the reader sealed the conversation key to these recipients (the arbitrator, the case-key relay). */
  conversationKeyShared: (chainId: number, orderId: string, reader: string, recipients: readonly string[]) =>
    ["conversation-key-shared", chainId, orderId, reader, ...recipients] as const,
  /** The order relay's fee for a buy in `token` on `chainId` (GET /relay/quote). */
  relayQuote: (chainId: number, token: string) => ["relay-quote", chainId, token.toLowerCase()] as const,
  /** The reviews of one order. */
  reviews: (chainId: number, orderId: string) => ["reviews", chainId, orderId] as const,
  /**
   * A wallet's bound public keys, verified against its binding signature on one chain: a contract
   * account's binding is checked there (ERC-1271), and may hold on one chain and not another.
   */
  verifiedKeys: (chainId: number, address: string) => ["verified-keys", chainId, address.toLowerCase()] as const,
  /** The signed-in wallet's notifications: realtime events refresh the list and the unread count. */
  notifications: {
    all: ["notifications"] as const,
    list: (token: string | null) => ["notifications", "list", token] as const,
    unread: (token: string | null) => ["notifications", "unread", token] as const,
  },
  /** What the signed-in wallet earned from closed sales and rulings. */
  earnings: (token: string | null) => ["earnings", token] as const,
  listings: {
    search: (filters: ListingFilters) => ["listings", filters] as const,
    /** A seller's own listings, per status. */
    mine: {
      all: ["listings", "mine"] as const,
      byStatus: (seller: string | undefined, status: ListingStatus) => ["listings", "mine", seller, status] as const,
    },
  },
  listing: (id: string) => ["listing", id] as const,
  profile: (wallet: string) => ["profile", wallet] as const,
  profileReviews: (wallet: string) => ["profile-reviews", wallet] as const,
};
