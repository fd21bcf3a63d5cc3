// The delivery of an order: the product's opening sealed by the seller to the buyer's bound key,
// posted once, fetched by the buyer alone. The server stores the envelope and never sees the plaintext.
//
// No goods before commitment: while the order is Created the buyer can still cancel for a refund, so
// nothing of the delivery may reach it then. The seller first confirms delivery on chain, committing
// to the sealed delivery's hash (protocol/src/delivery.ts). Both routes answer only once the indexer
// has that confirmation and it is final at the chain's required confirmations (contracts/chains.ts),
// counted from its own block whatever happened since; a confirmation a reorg removes takes the
// delivery off the table again. The upload must hash to the commitment, and what is served is
// checked against it once more, so the buyer only ever gets what the seller committed to on chain.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { deliveryHash } from "@p2p-escrow/protocol/delivery";
import { OrderParams } from "@p2p-escrow/protocol/schemas/common";
import { Delivery, DeliveryBody } from "@p2p-escrow/protocol/schemas/delivery";
import { errorResponses, Ok, ok } from "@p2p-escrow/protocol/schemas/envelope";
import { ApiError, conflict, notFound } from "../../lib/api-error.ts";
import { finalityOf } from "../../lib/finality.ts";
import { assertSealedBy, base64Length, type OrderParties } from "../../plugins/app/order-parties.ts";

const deliveries: FastifyPluginAsyncTypebox = async (app) => {
  const { config, orderParties, deliveriesRepository, chainHeads } = app;

  /** The hash the order's final on-chain confirmation committed to; 409 before there is one. */
  async function finalCommitment(chainId: number, order: OrderParties): Promise<string> {
    if (order.deliveryHash === null || order.deliveryConfirmedBlockNumber === null) {
      throw conflict(
        "DELIVERY_NOT_COMMITTED",
        `The order is ${order.status}: the seller has not confirmed delivery on chain, so there is no delivery yet`,
      );
    }
    const { confirmations, required, final } = await finalityOf(chainHeads, chainId, BigInt(order.deliveryConfirmedBlockNumber));
    if (!final) {
      throw conflict(
        "DELIVERY_NOT_FINAL",
        `The seller's confirmation has ${confirmations ?? "an unknown number of"} of the ${required} confirmations it needs`,
        { confirmations, required },
      );
    }
    return order.deliveryHash.toLowerCase();
  }

  app.put(
    "/:chainId/:orderId",
    {
      schema: {
        tags: ["deliveries"],
        summary:
          "The seller posts the delivery, sealed to the buyer's bound encryption key, once its on-chain confirmation is final; it must hash to the committed deliveryHash (once per order)",
        params: OrderParams,
        body: DeliveryBody,
        response: { 201: Ok(Delivery), ...errorResponses(400, 401, 403, 404, 409, 413, 429) },
      },
    },
    async (request, reply) => {
      const { chainId, orderId } = request.params;
      const order = await orderParties.require(chainId, orderId, request.user.address, ["seller"]);
      const committed = await finalCommitment(chainId, order);
      const { envelope } = request.body;
      if (base64Length(envelope.ciphertext) > config.DELIVERY_MAX_BYTES) {
        throw new ApiError(413, "PAYLOAD_TOO_LARGE", `A sealed deliverable may be at most ${config.DELIVERY_MAX_BYTES} bytes`);
      }
      assertSealedBy(envelope, await orderParties.requireKeys(chainId, request.user.address, "caller"));
      const uploaded = deliveryHash(envelope);
      if (uploaded !== committed) {
        throw conflict("DELIVERY_HASH_MISMATCH", "This is not the delivery the seller committed to on chain", { committed, uploaded });
      }
      await orderParties.requireKeys(chainId, order.buyer, "recipient");
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
        summary: "The buyer fetches the sealed delivery, once the seller's on-chain confirmation is final",
        params: OrderParams,
        response: { 200: Ok(Delivery), ...errorResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => {
      const { chainId, orderId } = request.params;
      const order = await orderParties.require(chainId, orderId, request.user.address, ["buyer"]);
      const committed = await finalCommitment(chainId, order);
      const stored = await deliveriesRepository.find(chainId, orderId);
      if (!stored) throw notFound("DELIVERY_NOT_FOUND", "The seller has not posted the deliverable yet");
      // Stored only if it matched; a deeper reorg than the chain's confirmations could still have
      // replaced the commitment since.
      if (deliveryHash(stored.envelope) !== committed) {
        throw conflict("DELIVERY_HASH_MISMATCH", "The stored delivery is not the one the order's confirmation commits to");
      }
      return ok(stored);
    },
  );
};

export default deliveries;
