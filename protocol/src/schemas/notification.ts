import { Type } from "@sinclair/typebox";
import { BigintId, ChainId, DateTime, PageQuery, UintString } from "./common.ts";

const NotificationId = Type.String({ ...BigintId, description: "a notification id" });

export const Notification = Type.Object({
  id: NotificationId,
  kind: Type.String({ examples: ["order.updated", "dispute.arbitrator_assigned", "reminder.due"] }),
  chainId: Type.Union([ChainId, Type.Null()]),
  orderId: Type.Union([UintString, Type.Null()]),
  payload: Type.Record(Type.String(), Type.Unknown()),
  createdAt: DateTime,
  readAt: Type.Union([DateTime, Type.Null()]),
});

export const NotificationPage = Type.Object({
  items: Type.Array(Notification),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const NotificationQuery = Type.Object(
  {
    limit: PageQuery.properties.limit,
    cursor: Type.Optional(Type.String({ ...NotificationId, description: "the previous page's nextCursor" })),
    unreadOnly: Type.Boolean({ default: false }),
  },
  { additionalProperties: false },
);

export const MarkReadBody = Type.Union(
  [
    Type.Object({ ids: Type.Array(NotificationId, { minItems: 1, maxItems: 100, uniqueItems: true }) }, { additionalProperties: false }),
    Type.Object({ all: Type.Literal(true) }, { additionalProperties: false }),
  ],
  { description: "`{ ids }` marks those of the caller's notifications read; `{ all: true }` marks all of them" },
);
