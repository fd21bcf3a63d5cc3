// Orders, read from the indexer: the caller's list, and one order's detail for its parties with
// its timeline, dispute, listing, how final its latest change is, how far its delivery got, and
// what a dispute costs each side and asks of whom by when (lib/dispute-terms.ts).
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { NoQuery, OrderParams } from "@p2p-escrow/protocol/schemas/common";
import { errorResponses, Ok, ok } from "@p2p-escrow/protocol/schemas/envelope";
import { Earnings, OrderAccess, OrderDetail, OrderPage, OrdersQuery } from "@p2p-escrow/protocol/schemas/order";
import { forbidden, notFound } from "../../lib/api-error.ts";
import { disputeStakes, disputeView } from "../../lib/dispute-terms.ts";
import { finalityOf } from "../../lib/finality.ts";
import { roleOf } from "../../plugins/app/order-parties.ts";

const maxBig = (values: (string | null | undefined)[]) =>
  values.reduce<bigint>((max, v) => (v == null ? max : BigInt(v) > max ? BigInt(v) : max), 0n);

const orders: FastifyPluginAsyncTypebox = async (app) => {
  const { ordersRepository: repository, deliveriesRepository, chainHeads, escrowTerms, orderParties } = app;

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
    "/:chainId/:orderId/access",
    {
      schema: {
        tags: ["orders"],
        summary: "Whether the indexer has seen the order, and the caller's part in it",
        description:
          "Always 200 for a valid order id: `indexed` is false until the indexer has seen the order, and `role` is null for a caller " +
          "who is not its buyer, seller or current arbitrator. A page polls this, not the detail, while it waits for a new order.",
        params: OrderParams,
        querystring: NoQuery,
        response: { 200: Ok(OrderAccess), ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const parties = await orderParties.of(request.params.chainId, request.params.orderId);
      return ok({ indexed: parties !== null, role: parties && roleOf(parties, request.user.address) });
    },
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
      const [timeline, dispute, windows, postedAt] = await Promise.all([
        repository.timeline(chainId, orderId),
        repository.dispute(chainId, orderId),
        repository.windows(chainId),
        deliveriesRepository.postedAt(chainId, orderId),
      ]);
      const [escrow, [token = null], now] = await Promise.all([
        escrowTerms.escrow(chainId),
        escrowTerms.tokens([{ chainId, token: order.token }]),
        chainHeads.time(chainId),
      ]);
      const lastChange = maxBig([order.blockNumber, dispute?.blockNumber, timeline.at(-1)?.blockNumber]);
      const { head, confirmations, required, final } = await finalityOf(chainHeads, chainId, lastChange);
      // The delivery counts its confirmations from the seller's confirmation, whatever came after.
      const committed = order.deliveryConfirmedBlockNumber;
      const commitment = committed === null ? null : await finalityOf(chainHeads, chainId, BigInt(committed));
      const delivery = commitment && { confirmations: commitment.confirmations, final: commitment.final, postedAt };
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
        final,
        delivery,
      });
    },
  );
};

export default orders;
