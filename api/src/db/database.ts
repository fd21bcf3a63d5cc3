// Kysely's map of every table the API reads or writes, under its bare SQL name: the API's own
// tables (schema `api`) and the indexer's views (the schema Ponder publishes them to, configured by
// INDEXER_VIEWS_SCHEMA). Which schema each one is in is `tableSchemas` below; TableSchemasPlugin
// qualifies every query with it (db/table-schemas.ts).
import type * as Api from "./tables/api.ts";
import type * as Indexed from "./tables/indexer.ts";

export const API_SCHEMA = "api";

export interface Database {
  auth_nonces: Api.AuthNoncesTable;
  sessions: Api.SessionsTable;
  profiles: Api.ProfilesTable;
  listings: Api.ListingsTable;
  listing_images: Api.ListingImagesTable;
  deliveries: Api.DeliveriesTable;
  conversation_keys: Api.ConversationKeysTable;
  messages: Api.MessagesTable;
  evidence_files: Api.EvidenceFilesTable;
  evidence_keys: Api.EvidenceKeysTable;
  reviews: Api.ReviewsTable;
  notifications: Api.NotificationsTable;
  realtime_events: Api.RealtimeEventsTable;
  cursors: Api.CursorsTable;
  rate_limits: Api.RateLimitsTable;
  escrow_config: Indexed.IndexedEscrowConfigView;
  token_configs: Indexed.IndexedTokenConfigsView;
  orders: Indexed.IndexedOrdersView;
  order_events: Indexed.IndexedOrderEventsView;
  disputes: Indexed.IndexedDisputesView;
  evidence: Indexed.IndexedEvidenceView;
  arbitrators: Indexed.IndexedArbitratorsView;
  pool_config: Indexed.IndexedPoolConfigView;
  credits: Indexed.IndexedCreditsView;
  arbitrator_earnings: Indexed.IndexedArbitratorEarningsView;
  user_stats: Indexed.IndexedUserStatsView;
}

/** The schema of each table: `api` for the API's own, `viewsSchema` for the indexer's views. */
export function tableSchemas(viewsSchema: string): Record<keyof Database, string> {
  const api = API_SCHEMA;
  const views = viewsSchema;
  return {
    auth_nonces: api,
    sessions: api,
    profiles: api,
    listings: api,
    listing_images: api,
    deliveries: api,
    conversation_keys: api,
    messages: api,
    evidence_files: api,
    evidence_keys: api,
    reviews: api,
    notifications: api,
    realtime_events: api,
    cursors: api,
    rate_limits: api,
    escrow_config: views,
    token_configs: views,
    orders: views,
    order_events: views,
    disputes: views,
    evidence: views,
    arbitrators: views,
    pool_config: views,
    credits: views,
    arbitrator_earnings: views,
    user_stats: views,
  };
}
