// Realtime room names: every event belongs to one room, and a socket receives the rooms it joined.
// The API builds them (publishing) and parses them (subscriptions); the web app builds and parses
// them to subscribe and to route events to the views they concern.
//   user:<lowercase address>         the wallet's own feed (joined on sign-in)
//   order:<chainId>:<orderId>        one order's feed (its buyer, seller and arbitrator may join)

export type Room = `user:${string}` | `order:${number}:${string}`;

const USER = /^user:(0x[0-9a-f]{40})$/;
const ORDER = /^order:([1-9][0-9]{0,9}):(0|[1-9][0-9]{0,77})$/;

export const userRoom = (address: string): Room => `user:${address.toLowerCase()}`;

export const orderRoom = (chainId: number, orderId: string | bigint): Room => `order:${chainId}:${orderId.toString()}`;

export type ParsedRoom = { kind: "user"; address: string } | { kind: "order"; chainId: number; orderId: string };

/** The room's parts, or null for anything that is not a canonical room name. */
export function parseRoom(room: string): ParsedRoom | null {
  const user = USER.exec(room);
  if (user) return { kind: "user", address: user[1]! };
  const order = ORDER.exec(room);
  if (order && Number(order[1]) <= 2 ** 31 - 1) return { kind: "order", chainId: Number(order[1]), orderId: order[2]! };
  return null;
}
