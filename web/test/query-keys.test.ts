import { partialMatchKey, QueryClient, type QueryKey } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { queryKeys } from "@/lib/api/query-keys.ts";
import { invalidateForEvent, orderOfEvent, staleKeysOf } from "@/lib/realtime/invalidate.ts";

const TOKEN = "session-token";
const event = (room: string, payload: Record<string, unknown> = {}) => ({ room, payload });

/** A cache holding an answer under each key, none of them stale yet. */
function cacheWith(keys: QueryKey[]) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  for (const key of keys) queryClient.setQueryData(key, { cached: true });
  return queryClient;
}

const invalidated = (queryClient: QueryClient, keys: QueryKey[]) => keys.filter((key) => queryClient.getQueryState(key)?.isInvalidated);

describe("realtime invalidation", () => {
  it("reads the order from an order room, else from the ids in a user-room event's payload", () => {
    expect(orderOfEvent(event("order:31337:7"))).toEqual({ chainId: 31337, orderId: "7" });
    expect(orderOfEvent(event("user:0xabc", { chainId: 31337, orderId: "8" }))).toEqual({ chainId: 31337, orderId: "8" });
    expect(orderOfEvent(event("user:0xabc", { kind: "reminder" }))).toBeNull();
  });

  it("refreshes the order lists and notifications on every event, and the order's detail, chat, evidence and conversation key on an event about it", () => {
    expect(staleKeysOf(event("user:0xabc"))).toEqual([queryKeys.notifications.all, queryKeys.orders.all]);
    expect(staleKeysOf(event("order:31337:7"))).toEqual([
      queryKeys.notifications.all,
      queryKeys.orders.all,
      queryKeys.orderAccess(31337, "7"),
      queryKeys.order(31337, "7"),
      queryKeys.messages(31337, "7"),
      queryKeys.evidence(31337, "7"),
      queryKeys.conversationKey.ofOrder(31337, "7"),
    ]);
  });

  it("invalidates exactly the queries the views built from the same factory, and leaves other orders and the rest alone", () => {
    const refreshed = [
      queryKeys.orderAccess(31337, "7"),
      queryKeys.order(31337, "7"),
      queryKeys.messages(31337, "7"),
      queryKeys.evidence(31337, "7"),
      // A key the case-key relay sealed to the reader (`case.key_relayed`) shows without polling.
      queryKeys.conversationKey.of(31337, "7", "0xabc"),
      queryKeys.conversationKeyRecipients(31337, "7"),
      queryKeys.orders.list("buyer", undefined, TOKEN),
      queryKeys.orders.list("arbitrator", "Disputed", TOKEN),
      queryKeys.notifications.list(TOKEN),
      queryKeys.notifications.unread(TOKEN),
    ];
    const untouched = [
      queryKeys.orderAccess(31337, "8"),
      queryKeys.order(31337, "8"),
      queryKeys.messages(1, "7"),
      queryKeys.conversationKey.of(31337, "8", "0xabc"),
      queryKeys.reviews(31337, "7"),
      queryKeys.earnings(TOKEN),
      queryKeys.verifiedKeys(31337, "0xABC"),
      queryKeys.listing("l1"),
      queryKeys.listings.mine.byStatus("0xabc", "active"),
    ];
    const queryClient = cacheWith([...refreshed, ...untouched]);
    invalidateForEvent(queryClient, event("user:0xabc", { chainId: 31337, orderId: 7 }));
    expect(invalidated(queryClient, [...refreshed, ...untouched])).toEqual(refreshed);
  });
});

describe("query keys", () => {
  it("nest each family under the prefix its mutations invalidate", () => {
    expect(partialMatchKey(queryKeys.conversationKey.of(31337, "7", "0xabc"), queryKeys.conversationKey.ofOrder(31337, "7"))).toBe(true);
    expect(partialMatchKey(queryKeys.conversationKey.of(31337, "8", "0xabc"), queryKeys.conversationKey.ofOrder(31337, "7"))).toBe(false);
    expect(partialMatchKey(queryKeys.listings.mine.byStatus("0xabc", "paused"), queryKeys.listings.mine.all)).toBe(true);
    // The marketplace search is not the seller's own list: pausing a listing leaves it alone.
    expect(
      partialMatchKey(
        queryKeys.listings.search({ q: "", category: "", chainId: "", minPrice: "", maxPrice: "" }),
        queryKeys.listings.mine.all,
      ),
    ).toBe(false);
    expect(partialMatchKey(queryKeys.notifications.unread(TOKEN), queryKeys.notifications.all)).toBe(true);
  });

  it("keep a wallet's own answers apart by session token, and a wallet's keys by chain and lowercase address", () => {
    expect(queryKeys.orders.list("any", undefined, "a")).not.toEqual(queryKeys.orders.list("any", undefined, "b"));
    expect(queryKeys.earnings("a")).not.toEqual(queryKeys.earnings("b"));
    expect(queryKeys.verifiedKeys(1, "0xABCdef")).toEqual(queryKeys.verifiedKeys(1, "0xabcdef"));
    // A contract account's binding is checked on the order's chain: what holds on one chain is not reused on another.
    expect(queryKeys.verifiedKeys(1, "0xabcdef")).not.toEqual(queryKeys.verifiedKeys(56, "0xabcdef"));
  });
});
