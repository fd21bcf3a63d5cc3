import { userRoom } from "@p2p-escrow/protocol/rooms";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { arbitratorPoolAbi, escrowAbi, orderStatusEnum } from "../../contracts/generated/deployments.ts";
import { devPrivateKey } from "../../scripts/dev/accounts.ts";
import { writeIndexerDeployments } from "../../scripts/lib/harness/escrow-chain.ts";
import { type KeeperOptions, startKeeper as startKeeperProcess } from "../../scripts/lib/stack/keeper.ts";
import { type Service, ServiceExited } from "../../scripts/lib/stack/service.ts";
import { waitFor } from "../../scripts/lib/wait-for.ts";
import { type IndexedStack, startIndexedStack } from "./indexed-stack.ts";

const SELLER_WINDOW = 24n * 3600n;
/** The on-chain (uint8) value of an order status. */
const Status = (name: (typeof orderStatusEnum)[number]) => orderStatusEnum.indexOf(name);
/** Hardhat's account 9: funded with ether, and used by nothing else in the tests. */
const keeperKey = devPrivateKey(9);

let stack: IndexedStack;
let deploymentsFile: string;
let running: Service | null = null;

beforeAll(async () => {
  stack = await startIndexedStack();
  deploymentsFile = await writeIndexerDeployments([stack.chain]);
});
afterEach(async () => {
  await running?.stop();
  running = null;
});
afterAll(async () => stack?.stop());

/** The keeper on the stack's database and chain, polling every 200 ms; resolves once it is running. */
async function startKeeper(options: Partial<KeeperOptions> = {}): Promise<Service> {
  running = await startKeeperProcess({
    // Nothing from this process's environment (a developer's RPC_URL_<id> or key, say).
    baseEnv: { PATH: process.env.PATH },
    databaseUrl: stack.databaseUrl,
    rpcUrls: { [stack.chain.chainId]: stack.chain.node.url },
    deploymentsFile,
    intervalMs: 200,
    logLevel: "debug",
    ...options,
  });
  return running;
}

const statusOf = async (orderId: bigint) =>
  (await stack.chain.client.readContract({ address: stack.chain.escrow, abi: escrowAbi, functionName: "getOrder", args: [orderId] }))
    .status;
const disputeOf = (orderId: bigint) =>
  stack.chain.client.readContract({ address: stack.chain.escrow, abi: escrowAbi, functionName: "getDispute", args: [orderId] });
const arbitratorOf = async (orderId: bigint) => (await disputeOf(orderId)).arbitrator;
const noArbitrator = "0x0000000000000000000000000000000000000000";

describe("keeper", () => {
  it("refuses to start with an invalid environment, listing the problems", async () => {
    const refused = await startKeeper({
      rpcUrls: { [stack.chain.chainId]: stack.chain.node.url, 999: "http://127.0.0.1:9" },
      env: { KEEPER_PRIVATE_KEY: "0x1234", KEEPER_INTERVAL_MS: "soon" },
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ServiceExited);
    const { code, output } = refused as ServiceExited;
    expect(code).toBe(1);
    expect(output).toMatch(/KEEPER_PRIVATE_KEY/);
    expect(output).toMatch(/KEEPER_INTERVAL_MS/);
    expect(output).toMatch(/RPC_URL_999: no escrow deployment known for chain 999/);
  });

  it("with a key, expires an overdue order and draws a dispute once its randomness is ready, by the chain's clock", async () => {
    const { chain } = stack;
    const overdue = await chain.createOrder(chain.alice, chain.bob, 14n);
    const keeper = await startKeeper({ privateKey: keeperKey });
    await chain.passTime(SELLER_WINDOW + 60n); // the wall clock has not moved; the chain's has
    await waitFor(async () => (await statusOf(overdue)) === Status("Expired"), { what: "the keeper to expire the order" });

    const disputed = await chain.createOrder(chain.carol, chain.dave, 12n);
    await chain.openDispute(disputed, chain.carol);
    await chain.payDisputeFee(disputed);
    await stack.synced();
    // The RNG's lookahead has not passed: the draw would revert, so the keeper waits.
    expect(await arbitratorOf(disputed)).toBe(noArbitrator);
    await chain.mine(6);
    await waitFor(async () => (await arbitratorOf(disputed)) !== noArbitrator, { what: "the keeper to draw the arbitrator" });
    expect(await statusOf(disputed)).toBe(Status("Disputed"));

    expect(await keeper.stop()).toBe(0);
    expect(keeper.output()).toMatch(/keeper call sent.*"action":"expireOrder"/);
    expect(keeper.output()).toMatch(/keeper call sent.*"action":"drawArbitrator"/);
    expect(keeper.output()).toMatch(/keeper stopped/);
  });

  it("with a key, releases a delivered order once the buyer's window has passed, replaces and redraws an arbitrator who let the ruling window pass, and applies its penalty once no draw is open", async () => {
    const { chain } = stack;
    const delivered = await chain.createOrder(chain.alice, chain.dave, 15n);
    await chain.confirmDelivery(delivered);
    const disputed = await chain.createOrder(chain.carol, chain.bob, 12n);
    const late = (await chain.disputeAndDraw(disputed, chain.carol)).address;
    await stack.synced();
    const read = (functionName: "buyerWindow" | "arbitrationWindow") =>
      chain.client.readContract({ address: chain.escrow, abi: escrowAbi, functionName });
    const [buyerWindow, arbitrationWindow] = [await read("buyerWindow"), await read("arbitrationWindow")];
    const keeper = await startKeeper({ privateKey: keeperKey });
    // biome-ignore lint/complexity/useMathMinMax: bigints, which Math.max does not take
    await chain.passTime((buyerWindow > arbitrationWindow ? buyerWindow : arbitrationWindow) + 60n);

    await waitFor(async () => (await statusOf(delivered)) === Status("Completed"), { what: "the keeper to release the payment" });
    // By the round, not by an empty seat: the keeper's own transactions mine blocks, so the redraw
    // may already have followed.
    await waitFor(async () => (await disputeOf(disputed)).round === 1, { what: "the keeper to replace the late arbitrator" });
    await chain.mine(6); // the replacement asked for fresh randomness; the redraw waits out its lookahead
    const next = await waitFor(
      async () => {
        const arbitrator = await arbitratorOf(disputed);
        return arbitrator !== noArbitrator && arbitrator;
      },
      { what: "the keeper to draw a new arbitrator" },
    );
    expect(next.toLowerCase()).not.toBe(late.toLowerCase());
    expect(await statusOf(disputed)).toBe(Status("Disputed"));
    // The penalty's weight change queued behind the redraw; with every draw closed, the keeper applies it.
    const queued = () =>
      chain.client.readContract({ address: chain.pool, abi: arbitratorPoolAbi, functionName: "isWeightQueued", args: [late] });
    // Blocks keep coming, so that any other redraw's randomness arrives and its draw closes too.
    await waitFor(
      async () => {
        if (!(await queued())) return true;
        await chain.mine(1);
        return false;
      },
      { what: "the keeper to apply the queued weight" },
    );
    await stack.synced();
    const row = await stack.db.selectFrom("arbitrators").selectAll().where("address", "=", late.toLowerCase()).executeTakeFirstOrThrow();
    expect(row.weight_queued).toBe(false);
    // The earlier test's dispute was late too, and its arbitrator may be this one.
    expect(row.cases_missed).toBeGreaterThanOrEqual(1);

    expect(await keeper.stop()).toBe(0);
    expect(keeper.output()).toMatch(/keeper call sent.*"action":"autoRelease"/);
    expect(keeper.output()).toMatch(/keeper call sent.*"action":"replaceArbitrator"/);
    expect(keeper.output()).toMatch(/keeper call sent.*"action":"applyQueuedWeights"/);
  });

  it("without a key, only tells the party who gains that the call is due, once", async () => {
    const { chain } = stack;
    const overdue = await chain.createOrder(chain.carol, chain.bob, 13n);
    await chain.passTime(SELLER_WINDOW + 60n);
    await stack.synced();
    const keeper = await startKeeper();
    const notices = () =>
      stack.db
        .selectFrom("notifications")
        .selectAll()
        .where("kind", "=", "keeper.action_due")
        .where("order_id", "=", overdue.toString())
        .execute();
    const [notice] = await waitFor(
      async () => {
        const rows = await notices();
        return rows.length > 0 && rows;
      },
      { what: "the keeper's notification" },
    );
    expect(notice).toMatchObject({
      recipient: chain.carol.address.toLowerCase(),
      chain_id: chain.chainId,
      payload: { action: "expireOrder" },
    });
    // Three more rounds add nothing and send nothing.
    const rounds = () => (keeper.output().match(/keeper round done/g) ?? []).length;
    const after = rounds() + 3;
    await waitFor(async () => rounds() >= after, { what: "three more keeper rounds" });
    expect(keeper.output()).not.toMatch(/keeper call sent/);
    expect(await notices()).toHaveLength(1);
    expect(await statusOf(overdue)).toBe(Status("Created"));
    const realtime = await stack.db.selectFrom("realtime_events").select("room").where("kind", "=", "keeper.action_due").execute();
    expect(realtime.map((r) => r.room)).toContain(userRoom(chain.carol.address));
    expect(await keeper.stop()).toBe(0);
  });
});
