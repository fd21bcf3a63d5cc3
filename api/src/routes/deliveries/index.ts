// The deliverable of an order: the seller seals it to the buyer's bound key and posts it once;
// only the buyer can fetch it. The server stores the envelope and never sees the plaintext.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { isOpenOrderStatus } from "@p2p-escrow/contracts/order-status";
import { OrderParams } from "@p2p-escrow/protocol/schemas/common";
import { Delivery, DeliveryBody } from "@p2p-escrow/protocol/schemas/delivery";
import { errorResponses, Ok, ok } from "@p2p-escrow/protocol/schemas/envelope";
import { ApiError, conflict, notFound } from "../../lib/api-error.ts";
import { assertSealedBy, base64Length } from "../../plugins/app/order-parties.ts";

const deliveries: FastifyPluginAsyncTypebox = async (app) => {
  const { config, orderParties, deliveriesRepository } = app;

  app.put(
    "/:chainId/:orderId",
    {
      schema: {
        tags: ["deliveries"],
        summary: "The seller posts the deliverable, sealed to the buyer's bound encryption key (once per order)",
        params: OrderParams,
        body: DeliveryBody,
        response: { 201: Ok(Delivery), ...errorResponses(400, 401, 403, 404, 409, 413, 429) },
      },
    },
    async (request, reply) => {
      const { chainId, orderId } = request.params;
      const order = await orderParties.require(chainId, orderId, request.user.address, ["seller"]);
      // A delivery makes sense only while the order can still end in the seller's favour.
      if (!isOpenOrderStatus(order.status)) {
        throw conflict(
          "ORDER_CLOSED",
          `The order is ${order.status}; deliveries are accepted while it is Created, SellerConfirmed or Disputed`,
        );
      }
      const { envelope } = request.body;
      if (base64Length(envelope.ciphertext) > config.DELIVERY_MAX_BYTES) {
        throw new ApiError(413, "PAYLOAD_TOO_LARGE", `A sealed deliverable may be at most ${config.DELIVERY_MAX_BYTES} bytes`);
      }
      assertSealedBy(envelope, await orderParties.requireKeys(request.user.address, "caller"));
      await orderParties.requireKeys(order.buyer, "recipient");
      if (!(await deliveriesRepository.create({ chainId, orderId, seller: order.seller, buyer: order.buyer, envelope }))) {
        throw conflict("DELIVERY_EXISTS", "This order's deliverable was posted already");
      }
      const stored = (await deliveriesRepository.find(chainId, orderId))!;
      return reply.status(201).send(ok(stored));
    },
  );

  app.get(
    "/:chainId/:orderId",
    {
      schema: {
        tags: ["deliveries"],
        summary: "The buyer fetches the sealed deliverable",
        params: OrderParams,
        response: { 200: Ok(Delivery), ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const { chainId, orderId } = request.params;
      await orderParties.require(chainId, orderId, request.user.address, ["buyer"]);
      const stored = await deliveriesRepository.find(chainId, orderId);
      if (!stored) throw notFound("DELIVERY_NOT_FOUND", "The seller has not posted the deliverable yet");
      return ok(stored);
    },
  );
};

export default deliveries;
