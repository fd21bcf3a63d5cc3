// Orders as the indexer sees them, for their parties. The list is one SQL statement: one branch
// per role, each on its own (chain_id, role) index and cut to a page before the branches merge,
// then the listing joined by product hash. Nothing is looked up per row.
//
// Rows come back in the API's shape (db/api-shape.ts), whole: a view's bookkeeping columns (its
// row id, the order's chain and id on a timeline event) are left for the response schema to drop.
import type { Earnings, OrderDetail, OrderSummary, OrdersQuery } from "@p2p-escrow/protocol/schemas/order";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { type RawBuilder, sql } from "kysely";
import { apiShaped } from "../../db/api-shape.ts";
import { badRequest } from "../../lib/api-error.ts";
import type { DisputeRow } from "../../lib/dispute-terms.ts";

export type Role = "buyer" | "seller" | "arbitrator";

export type OrderRecord = Pick<OrderDetail, "order" | "listing">;

export interface OrdersRepository {
  /** The caller's orders, newest first. */
  mine(address: string, query: OrdersQuery): Promise<{ items: OrderSummary[]; nextCursor: string | null }>;
  earnings(address: string): Promise<Earnings>;
  find(chainId: number, orderId: string): Promise<OrderRecord | undefined>;
  timeline(chainId: number, orderId: string): Promise<OrderDetail["timeline"]>;
  /** The indexed dispute row; the route shapes it (lib/dispute-terms.ts). */
  dispute(chainId: number, orderId: string): Promise<DisputeRow | null>;
  windows(chainId: number): Promise<OrderDetail["windows"]>;
}

declare module "fastify" {
  interface FastifyInstance {
    ordersRepository: OrdersRepository;
  }
}

// Keyset: (created_at, chain_id, order_id), all descending; unique, and numeric in every part.
interface Cursor {
  createdAt: string;
  chainId: number;
  orderId: string;
}
const encodeCursor = (c: Cursor) => Buffer.from(`${c.createdAt}:${c.chainId}:${c.orderId}`).toString("base64url");
function decodeCursor(cursor: string): Cursor {
  const match = /^([0-9]{1,78}):([0-9]{1,10}):([0-9]{1,78})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match || Number(match[2]) > 2 ** 31 - 1)
    throw badRequest("INVALID_CURSOR", "The cursor is malformed; use nextCursor from the previous page");
  return { createdAt: match[1]!, chainId: Number(match[2]), orderId: match[3]! };
}

const BRANCH_COLUMNS = sql.raw(
  "chain_id, order_id, buyer, seller, arbitrator, token, amount, product_hash, status, deadline, created_at, closed_at, created_block_number, block_number",
);
const ORDER = sql.raw("created_at desc, chain_id desc, order_id desc");

export default fp(
  async function ordersRepository(app: FastifyInstance) {
    const db = apiShaped(app.db);
    const orders = sql.table("orders");
    const listings = sql.table("listings");

    const repository: OrdersRepository = {
      async mine(address, query) {
        const me = address.toLowerCase();
        const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
        const take = query.limit + 1;
        const filters = (role: Role): RawBuilder<unknown> => {
          // Each party index runs (party, created_at, chain_id, order_id): a branch reads its page
          // straight off the index in the page's order.
          const parts: RawBuilder<unknown>[] = [sql`${sql.ref(role)} = ${me}`];
          if (query.chainId !== undefined) parts.push(sql`chain_id = ${query.chainId}`);
          // An order in several branches (an arbitrator who is also a party) is listed once.
          if (query.role === "any" && role !== "buyer") parts.push(sql`buyer <> ${me}`);
          if (query.role === "any" && role === "arbitrator") parts.push(sql`seller <> ${me}`);
          if (query.status) parts.push(sql`status = ${query.status}`);
          if (cursor)
            parts.push(
              sql`(created_at, chain_id, order_id) < (${cursor.createdAt}::numeric, ${cursor.chainId}::int, ${cursor.orderId}::numeric)`,
            );
          return sql.join(parts, sql` and `);
        };
        const branch = (role: Role) =>
          sql`(select ${BRANCH_COLUMNS} from ${orders} where ${filters(role)} order by ${ORDER} limit ${take})`;
        const roles: Role[] = query.role === "any" ? ["buyer", "seller", "arbitrator"] : [query.role as Role];
        const { rows } = await sql<OrderSummary>`
          select o.*,
            case when l.id is null then null else json_build_object('id', l.id, 'title', l.title, 'price', trim_scale(l.price)::text) end as listing
          from (${sql.join(roles.map(branch), sql` union all `)}) o
          left join ${listings} l on l.product_hash = o.product_hash and l.seller = o.seller
          order by ${sql.raw("o.created_at desc, o.chain_id desc, o.order_id desc")}
          limit ${take}`.execute(db);
        const items = rows.slice(0, query.limit);
        const last = items.at(-1);
        return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
      },

      async earnings(address) {
        const me = address.toLowerCase();
        // Sales read the orders' seller index; arbitrator_earnings holds a row per chain, arbitrator
        // and token, a table the size of the pool.
        const [sales, arbitration] = await Promise.all([
          sql<Earnings["sales"][number]>`
            select chain_id, token, count(*)::int as orders, sum(paid_to_seller)::text as received
            from ${orders} where seller = ${me} and paid_to_seller > 0
            group by chain_id, token order by chain_id, token`.execute(db),
          sql<Earnings["arbitration"][number]>`
            select chain_id, token, rulings, amount::text as fees
            from ${sql.table("arbitrator_earnings")} where arbitrator = ${me}
            order by chain_id, token`.execute(db),
        ]);
        return { sales: sales.rows, arbitration: arbitration.rows };
      },

      async find(chainId, orderId) {
        const row = await db
          .selectFrom("orders as o")
          .leftJoin("listings as l", (join) => join.onRef("l.productHash", "=", "o.productHash").onRef("l.seller", "=", "o.seller"))
          .selectAll("o")
          .select(
            sql<OrderRecord["listing"]>`case when l.id is null then null else json_build_object(
              'id', l.id, 'title', l.title, 'price', trim_scale(l.price)::text,
              'category', l.category, 'status', l.status, 'images', l.images
            ) end`.as("listing"),
          )
          .where("o.chainId", "=", chainId)
          .where("o.orderId", "=", orderId)
          .executeTakeFirst();
        if (!row) return undefined;
        const { listing, ...order } = row;
        return { order, listing };
      },

      timeline: (chainId, orderId) =>
        db
          .selectFrom("order_events")
          .selectAll()
          .where("chainId", "=", chainId)
          .where("orderId", "=", orderId)
          .orderBy("blockNumber")
          .orderBy("logIndex")
          .execute(),

      async dispute(chainId, orderId) {
        const row = await db
          .selectFrom("disputes")
          .selectAll()
          .where("chainId", "=", chainId)
          .where("orderId", "=", orderId)
          .executeTakeFirst();
        return row ?? null;
      },

      async windows(chainId) {
        const row = await db
          .selectFrom("escrow_config")
          .select([
            "sellerWindow as seller",
            "buyerWindow as buyer",
            "responseWindow as response",
            "drawWindow as draw",
            "arbitrationWindow as arbitration",
          ])
          .where("chainId", "=", chainId)
          .executeTakeFirst();
        return row ?? null;
      },
    };
    app.decorate("ordersRepository", repository);
  },
  { name: "orders-repository", dependencies: ["db"] },
);
