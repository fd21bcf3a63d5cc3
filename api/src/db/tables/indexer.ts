// The indexer's views (in the configured views schema, see db/views-schema.ts; the tables are
// indexer/ponder.schema.ts), read-only. Ponder stores bigints as numeric (read back as decimal
// strings) and hex values as lowercase text.
type Numeric = string;

export interface IndexedEscrowConfigView {
  chain_id: number;
  escrow: string;
  pool: string;
  rng: string;
  fallback_arbitrator: string | null;
  seller_window: Numeric;
  buyer_window: Numeric;
  response_window: Numeric;
  draw_window: Numeric;
  arbitration_window: Numeric;
  arbitrator_fee_bps: number;
  protocol_fee_bps: number;
  fee_recipient: string | null;
  paused: boolean;
  block_number: Numeric;
}

export interface IndexedTokenConfigsView {
  chain_id: number;
  token: string;
  token_id: number;
  allowed: boolean;
  min_amount: Numeric;
  max_amount: Numeric;
  min_arbitration_fee: Numeric;
  block_number: Numeric;
}

export interface IndexedOrdersView {
  id: string;
  chain_id: number;
  order_id: Numeric;
  buyer: string;
  seller: string;
  token: string;
  amount: Numeric;
  product_hash: string;
  protocol_fee_bps: number;
  status: string;
  deadline: Numeric | null;
  created_at: Numeric;
  delivery_confirmed_at: Numeric | null;
  disputed_at: Numeric | null;
  closed_at: Numeric | null;
  cancelled_by: string | null;
  auto_released: boolean | null;
  dispute_opened_by: string | null;
  arbitrator: string | null;
  ruling: string | null;
  settlement_buyer_amount: Numeric | null;
  settlement_seller_amount: Numeric | null;
  paid_to_buyer: Numeric;
  paid_to_seller: Numeric;
  paid_to_arbitrator: Numeric;
  protocol_fee: Numeric;
  credited: Numeric;
  created_block_number: Numeric;
  created_transaction_hash: string;
  block_number: Numeric;
  transaction_hash: string;
}

export interface IndexedOrderEventsView {
  id: string;
  chain_id: number;
  order_id: Numeric;
  name: string;
  actor: string | null;
  args: Record<string, unknown>;
  block_number: Numeric;
  timestamp: Numeric;
  transaction_hash: string;
  log_index: number;
}

export interface IndexedDisputesView {
  id: string;
  chain_id: number;
  order_id: Numeric;
  opened_by: string;
  opened_at: Numeric;
  phase: string;
  phase_since: Numeric;
  step: number;
  deadline: Numeric | null;
  fee: Numeric;
  buyer_deposited: boolean;
  seller_deposited: boolean;
  response_deadline: Numeric;
  fee_paid_at: Numeric | null;
  round: number;
  randomness_request_id: Numeric | null;
  fallback_at: Numeric | null;
  arbitrator: string | null;
  assigned_at: Numeric | null;
  replaced_arbitrators: string[];
  fallback_arbitrator: string | null;
  fallback_dispute_id: Numeric | null;
  escalated_at: Numeric | null;
  offer_proposer: string | null;
  offer_buyer_amount: Numeric | null;
  offer_expires_at: Numeric | null;
  offer_step: number | null;
  offered_at: Numeric | null;
  resolution: string | null;
  ruling: string | null;
  buyer_paid: Numeric | null;
  seller_paid: Numeric | null;
  arbitrator_fee: Numeric | null;
  protocol_fee: Numeric | null;
  closed_at: Numeric | null;
  block_number: Numeric;
}

export interface IndexedEvidenceView {
  id: string;
  chain_id: number;
  order_id: Numeric;
  submitter: string;
  uri: string;
  timestamp: Numeric;
  block_number: Numeric;
  transaction_hash: string;
}

export interface IndexedArbitratorsView {
  chain_id: number;
  address: string;
  stake: Numeric;
  reputation: number;
  status: string;
  unstake_available_at: Numeric | null;
  cases_assigned: number;
  cases_resolved: number;
  cases_missed: number;
  cases_settled: number;
  open_cases: number;
  slashed: Numeric;
  weight: Numeric;
  weight_queued: boolean;
  registered_at: Numeric;
  block_number: Numeric;
}

export interface IndexedPoolConfigView {
  chain_id: number;
  pool: string;
  stake_token: string;
  min_stake: Numeric;
  unstake_cooldown: Numeric;
  slash_bps: number;
  slash_recipient: string;
  escrow: string | null;
  open_draws: number;
  block_number: Numeric;
}

export interface IndexedCreditsView {
  chain_id: number;
  contract: "P2PEscrow" | "ArbitratorPool";
  account: string;
  token: string;
  credited: Numeric;
  withdrawn: Numeric;
  balance: Numeric;
  block_number: Numeric;
}

export interface IndexedArbitratorEarningsView {
  chain_id: number;
  arbitrator: string;
  token: string;
  amount: Numeric;
  rulings: number;
  block_number: Numeric;
}

export interface IndexedUserStatsView {
  chain_id: number;
  address: string;
  trades_as_buyer: number;
  trades_as_seller: number;
  completed: number;
  disputes_opened: number;
  disputes_won: number;
  disputes_lost: number;
  volume: Record<string, string>;
  block_number: Numeric;
}
