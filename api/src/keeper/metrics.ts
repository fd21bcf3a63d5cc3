// The keeper's Prometheus metrics (served on KEEPER_HTTP_HOST:KEEPER_HTTP_PORT by main.ts; every
// series in docs/metrics.md). Labels are bounded: chain ids come from the configuration and actions
// and outcomes from fixed lists.
import type { Registry } from "prom-client";
import { createPublicClient, http, type PublicClient } from "viem";
import { metricsRegistry } from "../lib/metrics-registry.ts";
import type { KeeperChain } from "./env.ts";
import type { RoundResult } from "./keeper.ts";

const BALANCE_TIMEOUT_MS = 2_000;

export interface KeeperMetrics {
  registry: Registry;
  /** Records one finished round on `chainId`. */
  round(chainId: number, seconds: number, result: RoundResult): void;
  /** Records a round that threw. */
  roundFailed(chainId: number, seconds: number): void;
  leading(leader: boolean): void;
}

export function keeperMetrics(chains: KeeperChain[], sender: `0x${string}` | null): KeeperMetrics {
  const { registry, counter, gauge, histogram } = metricsRegistry();

  const actions = counter({
    name: "p2p_keeper_actions_total",
    help: "Due calls handled: sent (mined and succeeded), notified (the parties were told), skipped (not callable now)",
    labelNames: ["chain_id", "action", "outcome"] as const,
  });
  const failures = counter({
    name: "p2p_keeper_failures_total",
    help: "Failures: a round that threw (RPC or database unreachable, say), or a sent transaction that reverted",
    labelNames: ["chain_id", "kind"] as const,
  });
  // Present at 0 from the start, so an alert on their rate sees the first failure.
  for (const { chainId } of chains) for (const kind of ["round", "reverted"]) failures.inc({ chain_id: String(chainId), kind }, 0);
  const relayed = counter({
    name: "p2p_keeper_relayed_keys_total",
    help: "Keys of disputed orders the case-key relay sealed to the order's arbitrator: the conversation's, or an evidence file's",
    labelNames: ["chain_id", "kind"] as const,
  });
  for (const { chainId } of chains) for (const kind of ["conversation", "evidence"]) relayed.inc({ chain_id: String(chainId), kind }, 0);
  const rounds = histogram({
    name: "p2p_keeper_round_duration_seconds",
    help: "Time one round on one chain took, failed rounds included; its _count is the number of rounds",
    labelNames: ["chain_id"] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
  });
  const leader = gauge({
    name: "p2p_keeper_leader",
    help: "1 when this keeper holds the leader lock and works; the others stand by",
  });

  const clients = new Map<number, PublicClient>(
    chains.map((c) => [c.chainId, createPublicClient({ transport: http(c.rpcUrl, { timeout: BALANCE_TIMEOUT_MS, retryCount: 0 }) })]),
  );
  if (sender) {
    gauge({
      name: "p2p_keeper_account_balance_wei",
      help: "The sending account's balance in the chain's native currency, read at scrape time (absent while the RPC does not answer)",
      labelNames: ["chain_id", "address"] as const,
      async collect() {
        await Promise.all(
          [...clients].map(async ([chainId, client]) => {
            const labels = { chain_id: String(chainId), address: sender };
            try {
              // A float64 holds wei to 15 significant digits: plenty for an alert threshold.
              this.set(labels, Number(await client.getBalance({ address: sender })));
            } catch {
              // A stale figure would hide a drained account: no figure instead.
              this.remove(labels);
            }
          }),
        );
      },
    });
  }

  return {
    registry,
    round(chainId, seconds, result) {
      const chain_id = String(chainId);
      rounds.observe({ chain_id }, seconds);
      for (const { action } of result.sent) actions.inc({ chain_id, action, outcome: "sent" });
      for (const { action } of result.notified) actions.inc({ chain_id, action, outcome: "notified" });
      for (const { action, reverted } of result.skipped) {
        actions.inc({ chain_id, action, outcome: "skipped" });
        if (reverted) failures.inc({ chain_id, kind: "reverted" });
      }
      for (const { what } of result.relayed) relayed.inc({ chain_id, kind: what === "conversation" ? "conversation" : "evidence" });
    },
    roundFailed(chainId, seconds) {
      rounds.observe({ chain_id: String(chainId) }, seconds);
      failures.inc({ chain_id: String(chainId), kind: "round" });
    },
    leading(leading) {
      leader.set(leading ? 1 : 0);
    },
  };
}
