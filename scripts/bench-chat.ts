// Chat benchmark: how many chat messages per second the API's write path takes, for this tree and
// for a baseline commit (before realtime publishing stopped serialising on one global lock), in
// one run on one PostgreSQL, in alternating rounds so a burst of load elsewhere hits both alike.
//
// Each message goes through the route's own write transaction, as POST
// /conversations/:chainId/:orderId/messages runs it once its checks have passed: the message row
// (messagesRepository.append), a notification for the other party and a realtime event in the
// order's room and in both parties' rooms (announce), then commit and NOTIFY. The route's checks
// before it (token, party, signature, hash) take the same time in both trees and are left out.
//
// Two shapes of traffic: every conversation between its own two wallets (the common case), and
// every conversation with one seller (the worst case: all share the seller's room, which must stay
// ordered). Writes bench/chat.json. Figures from a shared, noisy machine: compare within a run.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import type * as AppModule from "../api/src/app.ts";
import type * as EnvModule from "../api/src/config/env.ts";
import type {} from "../api/src/plugins/app/messages-repository.ts";
import type * as AnnounceModule from "../api/src/services/realtime/announce.ts";
import { startPostgres } from "./lib/stack/postgres.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
/** The last commit whose realtime publishing took one global advisory lock. */
const BASELINE = process.env.BENCH_CHAT_BASELINE ?? "a012966";
const CONVERSATIONS = Number(process.env.BENCH_CHAT_CONVERSATIONS ?? 32);
const MESSAGES_PER_CONVERSATION = Number(process.env.BENCH_CHAT_MESSAGES ?? 20);
const ROUNDS = Number(process.env.BENCH_CHAT_ROUNDS ?? 3);
const CHAIN_ID = 31337;

const log = (line: string) => console.log(line);
const round = (n: number, digits = 0) => Number(n.toFixed(digits));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const address = () => privateKeyToAccount(generatePrivateKey()).address.toLowerCase();
const base64 = (bytes: number) => randomBytes(bytes).toString("base64");
const hex32 = () => `0x${randomBytes(32).toString("hex")}`;

interface Tree {
  name: string;
  commit: string;
  buildApp: typeof AppModule.buildApp;
  loadConfig: typeof EnvModule.loadConfig;
  announce: typeof AnnounceModule.announce;
}

/** The API's source at `commit`, beside this tree's dependencies (the same versions). */
async function baselineTree(commit: string, dir: string): Promise<Tree> {
  const archive = execFileSync("git", ["archive", commit, "api/src", "api/package.json"], { cwd: ROOT, maxBuffer: 1 << 28 });
  execFileSync("tar", ["-x", "-C", dir], { input: archive });
  await symlink(path.join(ROOT, "api/node_modules"), path.join(dir, "api/node_modules"));
  return loadTree("baseline", commit, dir);
}

async function loadTree(name: string, commit: string, dir: string): Promise<Tree> {
  const app = (await import(path.join(dir, "api/src/app.ts"))) as typeof AppModule;
  const env = (await import(path.join(dir, "api/src/config/env.ts"))) as typeof EnvModule;
  const announce = (await import(path.join(dir, "api/src/services/realtime/announce.ts"))) as typeof AnnounceModule;
  return { name, commit, buildApp: app.buildApp, loadConfig: env.loadConfig, announce: announce.announce };
}

interface Conversation {
  orderId: string;
  buyer: string;
  seller: string;
}

/** Every conversation writes its messages one after another, all conversations at once. */
async function chat(app: FastifyInstance, tree: Tree, conversations: Conversation[]) {
  const t0 = performance.now();
  await Promise.all(
    conversations.map(async (c) => {
      let prevHash = hex32();
      for (let seq = 1; seq <= MESSAGES_PER_CONVERSATION; seq++) {
        const sender = seq % 2 === 1 ? c.buyer : c.seller;
        const hash = hex32();
        const message = {
          chainId: CHAIN_ID,
          orderId: c.orderId,
          seq,
          sender,
          nonce: base64(24),
          ciphertext: base64(256),
          prevHash,
          hash,
          signature: base64(64),
        };
        const appended = await app.messagesRepository.append(message, (trx) =>
          tree.announce(trx, {
            kind: "message.created",
            chainId: CHAIN_ID,
            orderId: c.orderId,
            actor: sender,
            parties: [c.buyer, c.seller],
            payload: { chainId: CHAIN_ID, orderId: c.orderId, seq, sender, hash },
            key: `message:${CHAIN_ID}:${c.orderId}:${seq}`,
          }),
        );
        if (!appended) throw new Error(`message ${seq} of order ${c.orderId} was refused`);
        prevHash = hash;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return (conversations.length * MESSAGES_PER_CONVERSATION) / seconds;
}

const shapes = {
  ownParties: () => Array.from({ length: CONVERSATIONS }, () => ({ buyer: address(), seller: address() })),
  oneSeller: () => {
    const seller = address();
    return Array.from({ length: CONVERSATIONS }, () => ({ buyer: address(), seller }));
  },
};

const cleanups: (() => Promise<unknown>)[] = [];
try {
  log("starting PostgreSQL");
  const postgres = await startPostgres();
  cleanups.push(() => postgres.stop());
  const scratch = await mkdtemp(path.join(tmpdir(), "bench-chat-"));
  cleanups.push(() => rm(scratch, { recursive: true, force: true }));
  const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT }).toString().trim();
  const dirty = execFileSync("git", ["status", "--porcelain", "api/src"], { cwd: ROOT }).toString().trim() !== "";
  const trees = [
    await baselineTree(execFileSync("git", ["rev-parse", "--short", BASELINE], { cwd: ROOT }).toString().trim(), scratch),
    await loadTree("current", `${head}${dirty ? "+uncommitted" : ""}`, ROOT),
  ];

  const apps = new Map<Tree, FastifyInstance>();
  for (const tree of trees) {
    const database = `bench_chat_${tree.name}`;
    await postgres.createDatabase(database);
    const config = tree.loadConfig({
      DATABASE_URL: postgres.urlFor(database),
      JWT_SECRET: randomBytes(32).toString("hex"),
      LOG_LEVEL: "silent",
      NODE_ENV: "test",
      IPFS_REPO_DIR: await mkdtemp(path.join(scratch, "ipfs-")),
    });
    const app = await tree.buildApp(config);
    await app.ready();
    cleanups.unshift(() => app.close());
    apps.set(tree, app);
  }

  let nextOrder = 0;
  type Figures = { messagesPerSecond: number; rounds: number[] };
  const results: Record<string, { baseline: Figures; current: Figures }> = {};
  for (const [shape, parties] of Object.entries(shapes)) {
    const rounds = new Map<Tree, number[]>(trees.map((t) => [t, []]));
    for (let i = 0; i < ROUNDS; i++) {
      for (const tree of trees) {
        const conversations = parties().map((p) => ({ ...p, orderId: String(++nextOrder) }));
        const rate = await chat(apps.get(tree)!, tree, conversations);
        rounds.get(tree)!.push(round(rate));
        log(`  ${shape} round ${i + 1}: ${tree.name} (${tree.commit}) ${round(rate)} messages/s`);
      }
    }
    const figuresOf = (tree: Tree) => ({ messagesPerSecond: median(rounds.get(tree)!), rounds: rounds.get(tree)! });
    results[shape] = { baseline: figuresOf(trees[0]!), current: figuresOf(trees[1]!) };
  }

  const figures = Object.fromEntries(
    Object.entries(results).map(([shape, r]) => [
      shape,
      { ...r, ratio: round(r.current.messagesPerSecond / r.baseline.messagesPerSecond, 2) },
    ]),
  );
  const result = {
    what: "chat messages per second through the route's write transaction (message, notification, realtime events in 3 rooms)",
    conversations: CONVERSATIONS,
    messagesPerConversation: MESSAGES_PER_CONVERSATION,
    rounds: ROUNDS,
    baseline: { commit: trees[0]!.commit, publishing: "one global advisory lock" },
    current: { commit: trees[1]!.commit, publishing: "one advisory lock per room" },
    ...figures,
  };
  await mkdir(path.join(ROOT, "bench"), { recursive: true });
  await writeFile(path.join(ROOT, "bench/chat.json"), `${JSON.stringify(result, null, 2)}\n`);
  log("\nbench/chat.json written");
  for (const [shape, r] of Object.entries(figures)) {
    log(`  ${shape}: ${r.baseline.messagesPerSecond} → ${r.current.messagesPerSecond} messages/s (${r.ratio}×)`);
  }
} finally {
  for (const cleanup of cleanups) await cleanup().catch(() => {});
}
