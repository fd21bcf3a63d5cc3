// What a realtime event makes stale. Every event may change the wallet's order lists and
// notifications; an event about one order (its room, or the ids in a user-room event's payload)
// also refreshes that order's detail, chat and evidence. The keys come from the one factory the
// queries use.
import { parseRoom } from "@p2p-escrow/protocol/rooms";
import type { QueryClient, QueryKey } from "@tanstack/react-query";
import { queryKeys } from "@/lib/api/query-keys.ts";
import type { RealtimeEvent } from "@/lib/api/types.ts";

/** The order an event is about: its room `order:<chainId>:<orderId>`, else the ids in its payload. */
export function orderOfEvent(event: Pick<RealtimeEvent, "room" | "payload">): { chainId: number; orderId: string } | null {
  const room = parseRoom(event.room);
  if (room?.kind === "order") return { chainId: room.chainId, orderId: room.orderId };
  const { chainId, orderId } = event.payload;
  return chainId && orderId ? { chainId: Number(chainId), orderId: String(orderId) } : null;
}

/** The query key prefixes an event invalidates. */
export function staleKeysOf(event: Pick<RealtimeEvent, "room" | "payload">): QueryKey[] {
  const keys: QueryKey[] = [queryKeys.notifications.all, queryKeys.orders.all];
  const order = orderOfEvent(event);
  if (order) {
    keys.push(
      // Who may read it (a drawn arbitrator becomes a party), then what it shows.
      queryKeys.orderAccess(order.chainId, order.orderId),
      queryKeys.order(order.chainId, order.orderId),
      queryKeys.messages(order.chainId, order.orderId),
      queryKeys.evidence(order.chainId, order.orderId),
      // A key sealed to the reader (the case-key relay's `case.key_relayed`, a party's share).
      queryKeys.conversationKey.ofOrder(order.chainId, order.orderId),
    );
  }
  return keys;
}

export function invalidateForEvent(queryClient: QueryClient, event: Pick<RealtimeEvent, "room" | "payload">) {
  for (const queryKey of staleKeysOf(event)) void queryClient.invalidateQueries({ queryKey });
}
