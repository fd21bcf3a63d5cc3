// Kysely's map of every table the API reads or writes. The API's own tables are unqualified (the
// Kysely instance defaults to the `api` schema); the indexer's views are qualified `indexer.*`.
import type * as Api from "./tables/api.ts";
import type * as Indexed from "./tables/indexer.ts";

export const API_SCHEMA = "api";

export interface Database {
  auth_nonces: Api.AuthNoncesTable;
  sessions: Api.SessionsTable;
  profiles: Api.ProfilesTable;
  listings: Api.ListingsTable;
  deliveries: Api.DeliveriesTable;
  conversation_keys: Api.ConversationKeysTable;
  messages: Api.MessagesTable;
  evidence_files: Api.EvidenceFilesTable;
  evidence_keys: Api.EvidenceKeysTable;
  reviews: Api.ReviewsTable;
  notifications: Api.NotificationsTable;
  realtime_events: Api.RealtimeEventsTable;
  cursors: Api.CursorsTable;
  "indexer.escrow_config": Indexed.IndexedEscrowConfigView;
  "indexer.orders": Indexed.IndexedOrdersView;
  "indexer.order_events": Indexed.IndexedOrderEventsView;
  "indexer.disputes": Indexed.IndexedDisputesView;
  "indexer.evidence": Indexed.IndexedEvidenceView;
  "indexer.arbitrators": Indexed.IndexedArbitratorsView;
  "indexer.arbitrator_earnings": Indexed.IndexedArbitratorEarningsView;
  "indexer.user_stats": Indexed.IndexedUserStatsView;
}
