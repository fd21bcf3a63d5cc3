// Orders, read from the indexer: the caller's list, and one order's detail for its parties with
// its timeline, dispute, listing and how final its latest change is, and what a dispute costs each
// side and asks of whom by when (lib/dispute-terms.ts).
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { chainById } from "@p2p-escrow/contracts/chains";
import { NoQuery, OrderParams } from "@p2p-escrow/protocol/schemas/common";
import { errorResponses, Ok, ok } from "@p2p-escrow/protocol/schemas/envelope";
import { Earnings, OrderDetail, OrderPage, OrdersQuery } from "@p2p-escrow/protocol/schemas/order";
import { forbidden, notFound } from "../../lib/api-error.ts";
import { disputeStakes, disputeView } from "../../lib/dispute-terms.ts";

const maxBig = (values: (string | null | undefined)[]) =>
  values.reduce<bigint>((max, v) => (v == null ? max : BigInt(v) > max ? BigInt(v) : max), 0n);

const orders: FastifyPluginAsyncTypebox = async (app) => {
  const { ordersRepository: repository, chainHeads, escrowTerms } = app;

  app.get(
    "/",
    {
      schema: {
        tags: ["orders"],
        summary: "My orders as buyer, seller or arbitrator, newest first",
        querystring: OrdersQuery,
        response: { 200: Ok(OrderPage), ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => ok(await repository.mine(request.user.address, request.query)),
  );

  app.get(
    "/earnings",
    {
      schema: {
        tags: ["orders"],
        summary: "What my sales paid me and my rulings earned, per chain and token",
        querystring: NoQuery,
        response: { 200: Ok(Earnings), ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => ok(await repository.earnings(request.user.address)),
  );

  app.get(
    "/:chainId/:orderId",
    {
      schema: {
        tags: ["orders"],
        summary: "One order for its buyer, seller or current arbitrator: timeline, dispute, listing and confirmations",
        params: OrderParams,
        querystring: NoQuery,
        response: { 200: Ok(OrderDetail), ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const { chainId, orderId } = request.params;
      const me = request.user.address;
      const record = await repository.find(chainId, orderId);
      if (!record) throw notFound("ORDER_NOT_FOUND", "No such order (or the indexer has not seen it yet)");
      const { order, listing } = record;
      // A replaced arbitrator no longer sits on the case, so it no longer reads it either.
      if (order.buyer !== me && order.seller !== me && order.arbitrator !== me) {
        throw forbidden("NOT_A_PARTY", "Only the order's buyer, seller and current arbitrator may read it");
      }
      const [timeline, dispute, windows, head] = await Promise.all([
        repository.timeline(chainId, orderId),
        repository.dispute(chainId, orderId),
        repository.windows(chainId),
        chainHeads.head(chainId),
      ]);
      const [escrow, [token = null], now] = await Promise.all([
        escrowTerms.escrow(chainId),
        escrowTerms.tokens([{ chainId, token: order.token }]),
        chainHeads.time(chainId),
      ]);
      const lastChange = maxBig([order.blockNumber, dispute?.blockNumber, timeline.at(-1)?.blockNumber]);
      const required = chainById(chainId)?.confirmations ?? 1;
      // The indexer can be a block ahead of a cached head; a change is never "minus one" confirmed.
      const confirmations = head === null ? null : Number(head >= lastChange ? head - lastChange : 0n);
      return ok({
        order,
        listing,
        timeline,
        dispute: dispute && disputeView(dispute, order, now),
        windows,
        token,
        stakes: disputeStakes(order, dispute, escrow, token),
        chainTime: now === null ? null : now.toString(),
        headBlock: head === null ? null : head.toString(),
        confirmations,
        requiredConfirmations: required,
        final: confirmations !== null && confirmations >= required,
      });
    },
  );
};

export default orders;
