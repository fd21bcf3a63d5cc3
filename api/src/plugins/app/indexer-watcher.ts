// The indexer watcher: follows the indexer's `order_events` view and turns each order event into
// realtime events (order room and parties' rooms) and notifications, and sends deadline reminders.
// Every API process runs it, but only the one holding an advisory lock does the work; the others
// stand by.
//
// Reminders are produced here, not by the keeper: every deployment runs the API, while the keeper
// is optional. Their clock is the chain's (its latest block, from RPC_URL_<chainId>), falling back
// to the wall clock for a chain without an RPC URL.
//
// Its settings are part of the API's environment (services/realtime/watcher-config.ts).
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { createPublicClient, http, type PublicClient } from "viem";
import { isViewsUnpublished } from "../../lib/views-unpublished.ts";
import { advisoryLeadership } from "../../services/realtime/leader.ts";
import { publishOrderEvents, sendReminders, watchedChains } from "../../services/realtime/watcher.ts";

/** The advisory lock whose holder leads the watcher (tests and tools ask PostgreSQL who holds it). */
export const WATCHER_LOCK_KEY = 0x6978_7774; // "ixwt"
const BATCH = 200;

export interface IndexerWatcher {
  /** Runs one poll now if this process leads (tests and tools); resolves when it is done. */
  pollOnce(): Promise<void>;
  leading(): boolean;
}

declare module "fastify" {
  interface FastifyInstance {
    indexerWatcher: IndexerWatcher;
  }
}

export default fp(
  async function indexerWatcher(app: FastifyInstance) {
    const settings = app.config;
    const { db } = app;
    const leadership = advisoryLeadership(app.config.DATABASE_URL, WATCHER_LOCK_KEY, app.log);
    const clients = new Map<number, PublicClient>();
    for (const [id, url] of Object.entries(app.config.rpcUrls))
      clients.set(Number(id), createPublicClient({ transport: http(url, { timeout: 3_000, retryCount: 0 }) }));

    let leading = false;
    let lastReminders = 0;
    let stopped = false;
    let wake: (() => void) | null = null;

    const chainNow = async (chainId: number): Promise<bigint> => {
      const client = clients.get(chainId);
      if (client) return (await client.getBlock({ blockTag: "latest" })).timestamp;
      return BigInt(Math.floor(Date.now() / 1000));
    };

    let running: Promise<void> = Promise.resolve();
    const poll = async () => {
      leading = await leadership.check();
      if (!leading) return;
      const remind = Date.now() - lastReminders >= settings.REMINDER_CHECK_MS;
      for (const chainId of await watchedChains(db)) {
        // Bounded: a backlog drains a few batches per poll, the rest on the next ones.
        for (let i = 0; i < 10 && !stopped; i++) {
          if ((await publishOrderEvents(db, chainId, { rescanBlocks: settings.INDEXER_WATCHER_RESCAN_BLOCKS, batch: BATCH })) < BATCH)
            break;
        }
        if (remind && !stopped) await sendReminders(db, chainId, await chainNow(chainId), settings.REMINDER_LEAD_SECONDS);
      }
      if (remind) lastReminders = Date.now();
    };
    const pollOnce = () => (running = running.catch(() => {}).then(poll));

    const loop = async () => {
      let quietFailures = 0;
      while (!stopped) {
        try {
          await pollOnce();
          quietFailures = 0;
        } catch (err) {
          // Before the indexer has published its views there is nothing to watch: wait quietly.
          if (isViewsUnpublished(err)) quietFailures++;
          else app.log.warn({ err }, "indexer watcher poll failed");
        }
        const delay = !leading
          ? settings.INDEXER_WATCHER_ELECTION_MS
          : quietFailures > 0
            ? Math.min(10_000, settings.INDEXER_WATCHER_POLL_MS * 2 ** quietFailures)
            : settings.INDEXER_WATCHER_POLL_MS;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    };

    let looping: Promise<void> = Promise.resolve();
    if (settings.INDEXER_WATCHER_ENABLED) {
      app.addHook("onReady", async () => {
        looping = loop();
      });
    }
    app.addHook("onClose", async () => {
      stopped = true;
      wake?.();
      await looping;
      await running.catch(() => {});
      await leadership.release();
    });

    app.decorate("indexerWatcher", {
      pollOnce: () => pollOnce(),
      leading: () => leading,
    } satisfies IndexerWatcher);
  },
  { name: "indexer-watcher", dependencies: ["db"] },
);
