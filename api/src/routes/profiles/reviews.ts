// The reviews a wallet received, newest first, each with the signature and every signed field.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { decimalsUpTo, MAX_BIGINT_ID, PageQuery } from "@p2p-escrow/protocol/schemas/common";
import { errorResponses, Ok, ok } from "@p2p-escrow/protocol/schemas/envelope";
import { AddressParams } from "@p2p-escrow/protocol/schemas/profile";
import { ReviewPage } from "@p2p-escrow/protocol/schemas/review";
import { badRequest } from "../../lib/api-error.ts";
import type {} from "../../plugins/app/reviews-repository.ts";

// The cursor is the id of the last review served; clients treat it as opaque. An id past bigint's
// range was never issued (and PostgreSQL could not compare with it).
const CURSOR = new RegExp(decimalsUpTo(MAX_BIGINT_ID, { zero: false }));

const profileReviews: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    "/:address/reviews",
    {
      config: { auth: "public" },
      schema: {
        tags: ["profiles", "reviews"],
        security: [],
        summary: "Reviews of a wallet, newest first",
        params: AddressParams,
        querystring: PageQuery,
        response: { 200: Ok(ReviewPage), ...errorResponses(400, 429) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      if (cursor !== undefined && !CURSOR.test(cursor)) throw badRequest("CURSOR_INVALID", "The cursor is not one this API issued");
      const rows = await app.reviewsRepository.listForReviewee(request.params.address, limit + 1, cursor);
      const items = rows.slice(0, limit);
      return ok({ items, nextCursor: rows.length > limit ? items[items.length - 1].id : null });
    },
  );
};

export default profileReviews;
