import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { userRoom } from "@p2p-escrow/protocol/rooms";
import { errorResponses, Ok, ok } from "@p2p-escrow/protocol/schemas/envelope";
import { MarkReadBody, NotificationPage, NotificationQuery } from "@p2p-escrow/protocol/schemas/notification";
import { Type } from "@sinclair/typebox";

const notifications: FastifyPluginAsyncTypebox = async (app) => {
  const { notificationsRepository: repository } = app;

  app.get(
    "/",
    {
      schema: {
        tags: ["notifications"],
        summary: "The signed-in wallet's notifications, newest first",
        querystring: NotificationQuery,
        response: { 200: Ok(NotificationPage), ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => ok(await repository.list(request.user.address, request.query)),
  );

  app.get(
    "/unread-count",
    {
      schema: {
        tags: ["notifications"],
        summary: "How many of the wallet's notifications are unread",
        response: { 200: Ok(Type.Object({ count: Type.Integer({ minimum: 0 }) })), ...errorResponses(401, 429) },
      },
    },
    async (request) => ok({ count: await repository.unreadCount(request.user.address) }),
  );

  app.post(
    "/read",
    {
      schema: {
        tags: ["notifications"],
        summary: "Marks the wallet's notifications read: the listed ones, or all",
        body: MarkReadBody,
        response: { 200: Ok(Type.Object({ updated: Type.Integer({ minimum: 0 }) })), ...errorResponses(400, 401, 413, 429) },
      },
    },
    async (request) => {
      const address = request.user.address;
      const updated = await repository.markRead(address, request.body);
      // The wallet's other tabs and devices update their unread badge.
      if (updated > 0) {
        await app.realtime.publish({
          rooms: [userRoom(address)],
          kind: "notifications.read",
          payload: { unread: await repository.unreadCount(address) },
        });
      }
      return ok({ updated });
    },
  );
};

export default notifications;
