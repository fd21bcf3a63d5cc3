// Reviews between the two parties of a finished order. The reviewer signs the review as EIP-712
// typed data; the server only checks and stores it, so it can neither write nor alter one. A contract
// account's signature (ERC-1271, ERC-6492) is checked on the order's chain.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { isTerminalOrderStatus } from "@p2p-escrow/contracts/order-status";
import { reviewHash } from "@p2p-escrow/protocol/review";
import { OrderParams } from "@p2p-escrow/protocol/schemas/common";
import { errorResponses, Ok, ok } from "@p2p-escrow/protocol/schemas/envelope";
import { Review, ReviewBody } from "@p2p-escrow/protocol/schemas/review";
import { Type } from "@sinclair/typebox";
import { getAddress, type Hex } from "viem";
import { ApiError, conflict, forbidden, notFound } from "../../lib/api-error.ts";
import { walletSignatureError } from "../../plugins/app/wallet-signatures.ts";
import { announce } from "../../services/realtime/announce.ts";

const reviews: FastifyPluginAsyncTypebox = async (app) => {
  const { reviewsRepository } = app;

  app.post(
    "/",
    {
      schema: {
        tags: ["reviews"],
        summary: "Reviews the other party of a finished order, once",
        description:
          "The body is signed by the caller as reviewTypedData(chainId, { orderId, reviewer: caller, reviewee, rating, text }). " +
          "404 unknown order; 403 caller not a party; 422 reviewee not the other party; 409 ORDER_NOT_FINISHED or REVIEW_EXISTS; 400 bad signature " +
          "(CONTRACT_SIGNATURE_INVALID when a contract account refuses it, checked on the order's chain); 503 SIGNATURE_CHAIN_UNAVAILABLE when that chain cannot be asked.",
        body: ReviewBody,
        response: { 201: Ok(Review), ...errorResponses(400, 401, 403, 404, 409, 413, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      const { chainId, orderId, rating, text, signature } = request.body;
      const reviewer = request.user.address;
      const reviewee = request.body.reviewee.toLowerCase();

      const order = await reviewsRepository.orderParties(chainId, orderId);
      if (!order) throw notFound("ORDER_NOT_FOUND", `No order ${orderId} on chain ${chainId} has been indexed`);
      const counterparty = reviewer === order.buyer ? order.seller : reviewer === order.seller ? order.buyer : null;
      if (counterparty === null) throw forbidden("NOT_ORDER_PARTY", "Only the buyer and the seller of an order may review it");
      if (reviewee !== counterparty) {
        throw new ApiError(422, "REVIEWEE_NOT_COUNTERPARTY", "The reviewee must be the other party of the order", {
          counterparty: getAddress(counterparty),
        });
      }
      if (!isTerminalOrderStatus(order.status)) {
        throw conflict("ORDER_NOT_FINISHED", "The order can be reviewed once it is finished on chain", { status: order.status });
      }
      const content = { orderId: BigInt(orderId), reviewer: reviewer as Hex, reviewee: reviewee as Hex, rating, text };
      const check = await app.walletSignatures.check(chainId, {
        address: reviewer,
        hash: reviewHash(chainId, content),
        signature: signature as Hex,
      });
      if (!check.valid) {
        throw walletSignatureError(check, {
          status: 400,
          malformed: "REVIEW_SIGNATURE_INVALID",
          wrongSigner: "REVIEW_SIGNATURE_INVALID",
          what: "this review (EIP-712)",
        });
      }
      const review = { chainId, orderId, reviewer, reviewee, rating, text, signature: signature.toLowerCase() };
      const row = await reviewsRepository.create(review, (trx) =>
        announce(trx, {
          kind: "review.created",
          chainId,
          orderId,
          actor: reviewer,
          parties: [reviewer, reviewee],
          payload: { chainId, orderId, reviewer, reviewee, rating },
          key: `review:${chainId}:${orderId}:${reviewer}`,
        }),
      );
      if (!row) throw conflict("REVIEW_EXISTS", "You have already reviewed this order");
      return reply.status(201).send(ok(row));
    },
  );

  app.get(
    "/:chainId/:orderId",
    {
      config: { auth: "public" },
      schema: {
        tags: ["reviews"],
        security: [],
        summary: "The reviews the parties of an order left each other (zero, one or two)",
        params: OrderParams,
        response: { 200: Ok(Type.Object({ items: Type.Array(Review) })), ...errorResponses(400, 429) },
      },
    },
    async (request) => ok({ items: await reviewsRepository.forOrder(request.params.chainId, request.params.orderId) }),
  );
};

export default reviews;
