// Orders as the indexer sees them, for their parties. The list is one SQL statement: one branch
// per role, each on its own (chain_id, role) index and cut to a page before the branches merge,
// then the listing joined by product hash. Nothing is looked up per row.
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { type RawBuilder, sql } from "kysely";
import type { IndexedDispute, IndexedOrder, IndexedOrderEvent } from "../../db/tables/indexer.ts";
import { badRequest } from "../../lib/api-error.ts";
import type { Earnings, OrderSummary, OrdersQuery } from "../../schemas/order.ts";

export type Role = "buyer" | "seller" | "arbitrator";

export interface OrderListing {
  id: string;
  title: string;
  price: string;
  category: string;
  status: string;
  images: string[];
}

export interface OrderRecord {
  order: IndexedOrder;
  listing: OrderListing | null;
}

export interface EscrowWindowsRow {
  seller: string;
  buyer: string;
  arbitration: string;
}

export interface OrdersRepository {
  /** The caller's orders, newest first. */
  mine(address: string, query: OrdersQuery): Promise<{ items: OrderSummary[]; nextCursor: string | null }>;
  earnings(address: string): Promise<Earnings>;
  find(chainId: number, orderId: string): Promise<OrderRecord | undefined>;
  timeline(chainId: number, orderId: string): Promise<IndexedOrderEvent[]>;
  dispute(chainId: number, orderId: string): Promise<IndexedDispute | undefined>;
  windows(chainId: number): Promise<EscrowWindowsRow | undefined>;
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
  if (!match || Number(match[2]) > 2 ** 31 - 1) throw badRequest("INVALID_CURSOR", "The cursor is malformed; use nextCursor from the previous page");
  return { createdAt: match[1]!, chainId: Number(match[2]), orderId: match[3]! };
}

interface SummaryRow {
  chain_id: number;
  order_id: string;
  buyer: string;
  seller: string;
  arbitrator: string | null;
  token: string;
  amount: string;
  product_hash: string;
  status: string;
  deadline: string | null;
  created_at: string;
  closed_at: string | null;
  created_block_number: string;
  block_number: string;
  listing_id: string | null;
  listing_title: string | null;
  listing_price: string | null;
}

const BRANCH_COLUMNS = sql.raw(
  "chain_id, order_id, buyer, seller, arbitrator, token, amount, product_hash, status, deadline, created_at, closed_at, created_block_number, block_number",
);
const ORDER = sql.raw("created_at desc, chain_id desc, order_id desc");

export default fp(
  async function ordersRepository(app: FastifyInstance) {
    const { db } = app;
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
          if (cursor) parts.push(sql`(created_at, chain_id, order_id) < (${cursor.createdAt}::numeric, ${cursor.chainId}::int, ${cursor.orderId}::numeric)`);
          return sql.join(parts, sql` and `);
        };
        const branch = (role: Role) => sql`(select ${BRANCH_COLUMNS} from ${orders} where ${filters(role)} order by ${ORDER} limit ${take})`;
        const roles: Role[] = query.role === "any" ? ["buyer", "seller", "arbitrator"] : [query.role as Role];
        const { rows } = await sql<SummaryRow>`
          select o.*, l.id as listing_id, l.title as listing_title, trim_scale(l.price)::text as listing_price
          from (${sql.join(roles.map(branch), sql` union all `)}) o
          left join ${listings} l on l.product_hash = o.product_hash and l.seller = o.seller
          order by ${sql.raw("o.created_at desc, o.chain_id desc, o.order_id desc")}
          limit ${take}`.execute(db);
        const page = rows.slice(0, query.limit);
        const last = page.at(-1);
        return {
          items: page.map((r) => ({
            chainId: r.chain_id,
            orderId: r.order_id,
            buyer: r.buyer,
            seller: r.seller,
            arbitrator: r.arbitrator,
            token: r.token,
            amount: r.amount,
            productHash: r.product_hash,
            status: r.status,
            deadline: r.deadline,
            createdAt: r.created_at,
            closedAt: r.closed_at,
            createdBlockNumber: r.created_block_number,
            blockNumber: r.block_number,
            listing: r.listing_id === null ? null : { id: r.listing_id, title: r.listing_title!, price: r.listing_price! },
          })),
          nextCursor:
            rows.length > query.limit && last ? encodeCursor({ createdAt: last.created_at, chainId: last.chain_id, orderId: last.order_id }) : null,
        };
      },

      async earnings(address) {
        const me = address.toLowerCase();
        // Sales read the orders' seller index; arbitrator_earnings holds a row per chain, arbitrator
        // and token, a table the size of the pool.
        const [sales, arbitration] = await Promise.all([
          sql<{ chain_id: number; token: string; orders: number; received: string }>`
            select chain_id, token, count(*)::int as orders, sum(paid_to_seller)::text as received
            from ${orders} where seller = ${me} and paid_to_seller > 0
            group by chain_id, token order by chain_id, token`.execute(db),
          sql<{ chain_id: number; token: string; rulings: number; fees: string }>`
            select chain_id, token, rulings, amount::text as fees
            from ${sql.table("arbitrator_earnings")} where arbitrator = ${me}
            order by chain_id, token`.execute(db),
        ]);
        return {
          sales: sales.rows.map((r) => ({ chainId: r.chain_id, token: r.token, orders: r.orders, received: r.received })),
          arbitration: arbitration.rows.map((r) => ({ chainId: r.chain_id, token: r.token, rulings: r.rulings, fees: r.fees })),
        };
      },

      async find(chainId, orderId) {
        const row = await db
          .selectFrom("orders as o")
          .leftJoin("listings as l", (join) => join.onRef("l.product_hash", "=", "o.product_hash").onRef("l.seller", "=", "o.seller"))
          .selectAll("o")
          .select([
            "l.id as listing_id",
            "l.title as listing_title",
            sql<string | null>`trim_scale(l.price)::text`.as("listing_price"),
            "l.category as listing_category",
            "l.status as listing_status",
            "l.images as listing_images",
          ])
          .where("o.chain_id", "=", chainId)
          .where("o.order_id", "=", orderId)
          .executeTakeFirst();
        if (!row) return undefined;
        const { listing_id, listing_title, listing_price, listing_category, listing_status, listing_images, ...order } = row;
        return {
          order,
          listing:
            listing_id === null
              ? null
              : { id: listing_id, title: listing_title!, price: listing_price!, category: listing_category!, status: listing_status!, images: listing_images! },
        };
      },

      timeline: (chainId, orderId) =>
        db
          .selectFrom("order_events")
          .selectAll()
          .where("chain_id", "=", chainId)
          .where("order_id", "=", orderId)
          .orderBy("block_number")
          .orderBy("log_index")
          .execute(),

      dispute: (chainId, orderId) =>
        db.selectFrom("disputes").selectAll().where("chain_id", "=", chainId).where("order_id", "=", orderId).executeTakeFirst(),

      windows: (chainId) =>
        db
          .selectFrom("escrow_config")
          .select(["seller_window as seller", "buyer_window as buyer", "arbitration_window as arbitration"])
          .where("chain_id", "=", chainId)
          .executeTakeFirst(),
    };
    app.decorate("ordersRepository", repository);
  },
  { name: "orders-repository", dependencies: ["db"] },
);
