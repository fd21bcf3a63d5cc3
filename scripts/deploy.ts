// Deploys the escrow stack to one chain of the registry, idempotently:
//   pnpm run deploy --chain <name> [--dry-run] [--confirm-mainnet] [--deployments-dir DIR]
// Each step is skipped when the chain already has what it would produce, so a re-run with
// nothing changed sends no transaction. Keys come from the Hardhat keystore or the environment
// (DEPLOYER_PRIVATE_KEY); the local chain uses the node's own dev accounts.
// The ERC-4337 contracts (EntryPoint v0.8, the reference account factory and EIP-7702 account) go
// last, at their canonical CREATE2 addresses: deployed on the local chain, only checked and
// recorded on public ones, where the canonical deployment is used and never one of ours. The
// StablecoinPaymaster follows, against that EntryPoint, funded and staked there: on the local
// chain always, on a public one where the operator names its quote signer (scripts/lib/paymaster.ts).
import { createRequire } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";
import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import hre from "hardhat";
import {
  type Abi,
  type Address,
  concat,
  encodeDeployData,
  formatEther,
  getContractAddress,
  type Hash,
  type Hex,
  isAddressEqual,
  keccak256,
} from "viem";
import { AA_CONTRACTS, type AaContractName, DETERMINISTIC_CONTRACTS, DETERMINISTIC_DEPLOYER } from "../contracts/account-abstraction.ts";
import { type ChainConfig, chainByName, STABLECOIN_SYMBOLS, type StablecoinSymbol } from "../contracts/chains.ts";
import { DEPLOYMENTS_DIR, type DeployedContract, type DeploymentRecord, readRecord, writeRecord } from "../contracts/deployment-records.ts";
import { generate } from "./generate.ts";
import { DEFAULT_STACK_PARAMS, stackArgs } from "./lib/escrow-stack.ts";
import { PAYMASTER_DEPLOY_ENV, type PaymasterSetup, paymasterArgs, paymasterSetupFor } from "./lib/paymaster.ts";

type Artifact =
  | "MockUSDT"
  | "MockBlocklistToken"
  | "BlockhashRNG"
  | "ArbitratorPool"
  | "FallbackArbitrator"
  | "P2PEscrow"
  | "StablecoinPaymaster";

/** What a step can see: the deployer, and the addresses of everything deployed so far. */
interface Context {
  viem: HardhatViemHelpers;
  deployer: Address;
  addresses: Record<string, Address>;
  tokens: DeploymentRecord["tokens"];
}

type Step =
  | { kind: "deploy"; id: string; artifact: Artifact; args: (ctx: Context) => readonly unknown[] }
  // A contract of `@account-abstraction/contracts` at its canonical address (account-abstraction.ts).
  | { kind: "deterministic"; id: AaContractName }
  | {
      kind: "configure";
      id: string;
      isDone: (ctx: Context) => Promise<boolean>;
      send: (ctx: Context) => Promise<Hash>;
    };

const mockIds: Record<StablecoinSymbol, string> = { USDT: "MockUSDT", USDC: "MockUSDC" };

/** A constructor argument as the record keeps it: a struct (the escrow's windows, the paymaster's limits) as JSON. */
const recordedArg = (arg: unknown): string =>
  typeof arg === "object" && arg !== null ? JSON.stringify(arg, (_, v) => (typeof v === "bigint" ? v.toString() : v)) : String(arg);

const require = createRequire(import.meta.url);

/** The package's own compiled artifact: its exact bytecode is what reproduces the canonical address. */
const packageArtifact = (name: AaContractName) =>
  require(`@account-abstraction/contracts/artifacts/${name}.json`) as { abi: Abi; bytecode: Hex; deployedBytecode: Hex };

const hasCode = async (viem: HardhatViemHelpers, address: Address) =>
  ((await (await viem.getPublicClient()).getCode({ address })) ?? "0x") !== "0x";

/**
 * The deterministic deployer on a local node: its presigned transaction, once its one-off signer
 * holds the gas money. Public chains have it already.
 */
function deterministicDeployerSteps(): Step[] {
  const { address, signer, signerFunding, presignedTransaction } = DETERMINISTIC_DEPLOYER;
  return [
    {
      kind: "configure",
      id: "fundDeterministicDeployerSigner",
      isDone: async (ctx) =>
        (await hasCode(ctx.viem, address)) || (await (await ctx.viem.getPublicClient()).getBalance({ address: signer })) >= signerFunding,
      send: async (ctx) => {
        const [wallet] = await ctx.viem.getWalletClients();
        return wallet.sendTransaction({ to: signer, value: signerFunding });
      },
    },
    {
      kind: "configure",
      id: "deterministicDeployer",
      isDone: (ctx) => hasCode(ctx.viem, address),
      send: async (ctx) => (await ctx.viem.getPublicClient()).sendRawTransaction({ serializedTransaction: presignedTransaction }),
    },
  ];
}

/**
 * The ordered plan for a chain: mocks where the registry has none, then RNG, pool, escrow, wiring,
 * the ERC-4337 contracts, and the paymaster where it has a setup.
 */
export function planFor(chain: ChainConfig, paymaster: PaymasterSetup | null): Step[] {
  const p = DEFAULT_STACK_PARAMS;
  const steps: Step[] = [];
  for (const symbol of STABLECOIN_SYMBOLS) {
    const { address, decimals } = chain.stablecoins[symbol];
    if (address !== null) continue;
    steps.push(
      symbol === "USDT"
        ? { kind: "deploy", id: mockIds.USDT, artifact: "MockUSDT", args: () => [decimals] }
        : { kind: "deploy", id: mockIds.USDC, artifact: "MockBlocklistToken", args: () => ["USD Coin", "USDC", decimals] },
    );
  }
  steps.push(
    { kind: "deploy", id: "BlockhashRNG", artifact: "BlockhashRNG", args: () => stackArgs.rng(p) },
    {
      kind: "deploy",
      id: "ArbitratorPool",
      artifact: "ArbitratorPool",
      // Slashed stake goes to the deployer (the treasury until ownership moves to a multisig).
      args: (ctx) => stackArgs.pool(p, ctx.deployer, ctx.tokens[chain.stakeToken].address, chain.minArbitratorStake, ctx.deployer),
    },
    // Run by the deployer until its ownership moves to the team's multisig (docs/deploying.md).
    { kind: "deploy", id: "FallbackArbitrator", artifact: "FallbackArbitrator", args: (ctx) => stackArgs.fallbackArbitrator(ctx.deployer) },
    {
      kind: "deploy",
      id: "P2PEscrow",
      artifact: "P2PEscrow",
      args: (ctx) =>
        stackArgs.escrow(p, ctx.deployer, ctx.addresses.ArbitratorPool, ctx.addresses.BlockhashRNG, ctx.addresses.FallbackArbitrator),
    },
    {
      kind: "configure",
      id: "bindEscrow",
      isDone: async (ctx) => {
        const pool = await ctx.viem.getContractAt("ArbitratorPool", ctx.addresses.ArbitratorPool);
        return isAddressEqual(await pool.read.escrow(), ctx.addresses.P2PEscrow);
      },
      send: async (ctx) => {
        const pool = await ctx.viem.getContractAt("ArbitratorPool", ctx.addresses.ArbitratorPool);
        return pool.write.bindEscrow([ctx.addresses.P2PEscrow]);
      },
    },
  );
  for (const symbol of STABLECOIN_SYMBOLS) {
    const { maxOrderAmount, minOrderAmount, minArbitrationFee } = chain.stablecoins[symbol];
    steps.push({
      kind: "configure",
      id: `allowToken:${symbol}`,
      isDone: async (ctx) => {
        const escrow = await ctx.viem.getContractAt("P2PEscrow", ctx.addresses.P2PEscrow);
        const config = await escrow.read.tokenConfig([ctx.tokens[symbol].address]);
        return (
          config.allowed &&
          config.maxAmount === maxOrderAmount &&
          config.minAmount === minOrderAmount &&
          config.minArbitrationFee === minArbitrationFee
        );
      },
      send: async (ctx) => {
        const escrow = await ctx.viem.getContractAt("P2PEscrow", ctx.addresses.P2PEscrow);
        return escrow.write.configureToken([ctx.tokens[symbol].address, true, minOrderAmount, maxOrderAmount, minArbitrationFee]);
      },
    });
  }
  // Last, so that adding them moved none of the nonce-derived addresses above.
  if (chain.kind === "local") steps.push(...deterministicDeployerSteps());
  for (const id of AA_CONTRACTS) steps.push({ kind: "deterministic", id });
  if (paymaster) steps.push(...paymasterSteps(paymaster));
  return steps;
}

/**
 * The StablecoinPaymaster: deployed against the canonical EntryPoint, taking the chain's
 * stablecoins, with its deposit and stake in the EntryPoint.
 */
function paymasterSteps({ quoteSigner, params: p }: PaymasterSetup): Step[] {
  const paymaster = (ctx: Context) => ctx.viem.getContractAt("StablecoinPaymaster", ctx.addresses.StablecoinPaymaster);
  const depositInfo = async (ctx: Context) =>
    (await ctx.viem.getPublicClient()).readContract({
      address: ctx.addresses.EntryPoint,
      abi: packageArtifact("EntryPoint").abi,
      functionName: "getDepositInfo",
      args: [ctx.addresses.StablecoinPaymaster],
    }) as Promise<{ deposit: bigint; staked: boolean; stake: bigint; unstakeDelaySec: number }>;
  return [
    {
      kind: "deploy",
      id: "StablecoinPaymaster",
      artifact: "StablecoinPaymaster",
      args: (ctx) => paymasterArgs(ctx.addresses.EntryPoint, ctx.deployer, quoteSigner, p),
    },
    ...STABLECOIN_SYMBOLS.map(
      (symbol): Step => ({
        kind: "configure",
        id: `paymasterToken:${symbol}`,
        isDone: async (ctx) => (await paymaster(ctx)).read.isTokenSupported([ctx.tokens[symbol].address]),
        send: async (ctx) => (await paymaster(ctx)).write.setToken([ctx.tokens[symbol].address, true]),
      }),
    ),
    {
      kind: "configure",
      id: "paymasterDeposit",
      // Sponsored operations spend the deposit: a later run tops it up to the target again.
      isDone: async (ctx) => (await depositInfo(ctx)).deposit >= p.deposit,
      send: async (ctx) => (await paymaster(ctx)).write.deposit({ value: p.deposit - (await depositInfo(ctx)).deposit }),
    },
    {
      kind: "configure",
      id: "paymasterStake",
      isDone: async (ctx) => {
        const info = await depositInfo(ctx);
        return info.staked && info.stake >= p.stake && info.unstakeDelaySec >= p.unstakeDelaySec;
      },
      send: async (ctx) => {
        const { stake } = await depositInfo(ctx);
        return (await paymaster(ctx)).write.addStake([p.unstakeDelaySec], { value: stake < p.stake ? p.stake - stake : 0n });
      },
    },
  ];
}

interface RunOptions {
  chain: ChainConfig;
  paymaster: PaymasterSetup | null;
  viem: HardhatViemHelpers;
  previous: DeploymentRecord | undefined;
  /** Only find out which steps would run; send nothing. */
  planOnly: boolean;
  log: (line: string) => void;
}

interface StepOutcome {
  id: string;
  action: "skipped" | "sent" | "pending";
  gasUsed?: bigint;
}

/** Runs (or, with planOnly, inspects) the plan against a connected chain. */
async function runPlan({ chain, paymaster, viem, previous, planOnly, log }: RunOptions) {
  const publicClient = await viem.getPublicClient();
  const [wallet] = await viem.getWalletClients();
  const deployer = wallet.account.address;
  const chainId = await publicClient.getChainId();
  // Any dev node counts as "local", whatever its chain id (tests run several side by side).
  if (chainId !== chain.chain.id && chain.kind !== "local") {
    throw new Error(`the RPC serves chain ${chainId}, not ${chain.name} (${chain.chain.id})`);
  }

  const record: DeploymentRecord = {
    chainId,
    chain: chain.name,
    compiler: {
      version: hre.config.solidity.profiles.default.compilers[0].version,
      settings: hre.config.solidity.profiles.default.compilers[0].settings,
    },
    contracts: {},
    tokens: {} as DeploymentRecord["tokens"],
    configuration: { ...previous?.configuration },
  };
  const ctx: Context = { viem, deployer, addresses: {}, tokens: record.tokens };
  const setToken = (symbol: StablecoinSymbol, address: Address) => {
    const { decimals, permit } = chain.stablecoins[symbol];
    record.tokens[symbol] = { address, decimals, permit, mock: chain.stablecoins[symbol].address === null };
  };
  for (const symbol of STABLECOIN_SYMBOLS) {
    const live = chain.stablecoins[symbol].address;
    if (live !== null) setToken(symbol, live);
  }

  const steps = planFor(chain, paymaster);
  await requireCanonicalContracts(chain, viem, steps);
  const outcomes: StepOutcome[] = [];
  let pending = false; // once a step must run, later steps may depend on it: they are pending too
  for (const [index, step] of steps.entries()) {
    const label = `[${index + 1}/${steps.length}] ${step.kind === "configure" ? step.id : `deploy ${step.id}`}`;
    if (step.kind === "deterministic") {
      const outcome = await runDeterministic({ step, label, chain, viem, previous, planOnly, log });
      if (outcome.record) {
        record.contracts[step.id] = outcome.record;
        ctx.addresses[step.id] = outcome.record.address;
      }
      outcomes.push({ id: step.id, action: outcome.action, gasUsed: outcome.gasUsed });
      if (outcome.action === "pending") pending = true;
    } else if (step.kind === "deploy") {
      const artifact = await hre.artifacts.readArtifact(step.artifact);
      const args = pending ? undefined : step.args(ctx);
      const initCodeHash = args && keccak256(encodeDeployData({ abi: artifact.abi, bytecode: artifact.bytecode, args: args as never }));
      const existing = previous?.contracts[step.id];
      const current =
        existing !== undefined &&
        existing.initCodeHash === initCodeHash &&
        ((await publicClient.getCode({ address: existing.address })) ?? "0x") !== "0x";
      if (current) {
        log(`${label}: up to date at ${existing.address}`);
        record.contracts[step.id] = existing;
        outcomes.push({ id: step.id, action: "skipped" });
      } else if (planOnly) {
        log(`${label}: would deploy`);
        pending = true;
        outcomes.push({ id: step.id, action: "pending" });
        continue;
      } else {
        log(`${label}: deploying…`);
        const { contract, deploymentTransaction } = await viem.sendDeploymentTransaction(step.artifact, args as never);
        const receipt = await publicClient.waitForTransactionReceipt({ hash: deploymentTransaction.hash });
        if (receipt.status !== "success") throw new Error(`${label}: deployment reverted (${receipt.transactionHash})`);
        record.contracts[step.id] = {
          contract: step.artifact,
          address: contract.address,
          blockNumber: Number(receipt.blockNumber),
          transactionHash: receipt.transactionHash,
          args: args!.map(recordedArg),
          initCodeHash: initCodeHash!,
        } satisfies DeployedContract;
        log(`${label}: deployed at ${contract.address} (block ${receipt.blockNumber}, gas ${receipt.gasUsed})`);
        outcomes.push({ id: step.id, action: "sent", gasUsed: receipt.gasUsed });
      }
      const address = record.contracts[step.id].address;
      ctx.addresses[step.id] = address;
      for (const symbol of STABLECOIN_SYMBOLS) {
        if (mockIds[symbol] === step.id) setToken(symbol, address);
      }
    } else {
      if (!pending && (await step.isDone(ctx))) {
        log(`${label}: already set`);
        outcomes.push({ id: step.id, action: "skipped" });
      } else if (planOnly) {
        log(`${label}: would send`);
        pending = true;
        outcomes.push({ id: step.id, action: "pending" });
      } else {
        log(`${label}: sending…`);
        const hash = await step.send(ctx);
        const receipt = await publicClient.waitForTransactionReceipt({ hash });
        if (receipt.status !== "success") throw new Error(`${label}: transaction reverted (${hash})`);
        record.configuration[step.id] = hash;
        log(`${label}: done (gas ${receipt.gasUsed})`);
        outcomes.push({ id: step.id, action: "sent", gasUsed: receipt.gasUsed });
      }
    }
  }
  return { record, outcomes, deployer };
}

/**
 * Before anything is sent: a public chain must already have every contract that is required there
 * at its canonical address, since the deploy never creates one of those itself.
 */
async function requireCanonicalContracts(chain: ChainConfig, viem: HardhatViemHelpers, steps: readonly Step[]) {
  if (chain.kind === "local") return;
  for (const step of steps) {
    if (step.kind !== "deterministic") continue;
    const { address, required } = DETERMINISTIC_CONTRACTS[step.id];
    if (required === "everywhere" && !(await hasCode(viem, address))) {
      throw new Error(`${step.id}: nothing at its canonical address ${address} on ${chain.name}; it is not ours to deploy there`);
    }
  }
}

/**
 * A contract at its canonical CREATE2 address: kept when its code is there (recorded as found, if
 * no record of ours names it), created through the deterministic deployer on the local chain, and
 * refused on a public chain where a required one is missing (it is never deployed there by us).
 */
async function runDeterministic(options: {
  step: Extract<Step, { kind: "deterministic" }>;
  label: string;
  chain: ChainConfig;
  viem: HardhatViemHelpers;
  previous: DeploymentRecord | undefined;
  planOnly: boolean;
  log: (line: string) => void;
}): Promise<{ action: StepOutcome["action"]; gasUsed?: bigint; record?: DeployedContract }> {
  const { step, label, chain, viem, previous, planOnly, log } = options;
  const canonical = DETERMINISTIC_CONTRACTS[step.id];
  const { abi, bytecode } = packageArtifact(step.id);
  const initCode = encodeDeployData({ abi, bytecode, args: canonical.args as never });
  const address = getContractAddress({ opcode: "CREATE2", from: DETERMINISTIC_DEPLOYER.address, salt: canonical.salt, bytecode: initCode });
  // A package upgrade that changed the bytecode would silently land elsewhere: refuse instead.
  if (!isAddressEqual(address, canonical.address)) {
    throw new Error(`${label}: the package's ${step.id} lands at ${address}, not at its canonical ${canonical.address}`);
  }
  const publicClient = await viem.getPublicClient();
  const entry = (blockNumber: number, transactionHash: Hash | null): DeployedContract => ({
    contract: step.id,
    address,
    blockNumber,
    transactionHash,
    args: canonical.args.map(String),
    initCodeHash: keccak256(initCode),
    salt: canonical.salt,
  });

  if (await hasCode(viem, address)) {
    const existing = previous?.contracts[step.id];
    if (existing && isAddressEqual(existing.address, address)) {
      log(`${label}: up to date at ${address}`);
      return { action: "skipped", record: existing };
    }
    log(`${label}: found at its canonical address ${address}`);
    return { action: "skipped", record: entry(Number(await publicClient.getBlockNumber()), null) };
  }
  if (chain.kind !== "local") {
    if (canonical.required === "everywhere") {
      throw new Error(`${label}: nothing at its canonical address ${address} on ${chain.name}; it is not ours to deploy there`);
    }
    log(`${label}: not on ${chain.name}; left out`);
    return { action: "skipped" };
  }
  if (planOnly) {
    log(`${label}: would deploy at ${address}`);
    return { action: "pending" };
  }
  log(`${label}: deploying…`);
  const [wallet] = await viem.getWalletClients();
  const hash = await wallet.sendTransaction({ to: DETERMINISTIC_DEPLOYER.address, data: concat([canonical.salt, initCode]) });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  // The proxy reverts when CREATE2 fails, but check the code too: the address is what matters.
  if (receipt.status !== "success" || !(await hasCode(viem, address))) throw new Error(`${label}: deployment failed (${hash})`);
  log(`${label}: deployed at ${address} (block ${receipt.blockNumber}, gas ${receipt.gasUsed})`);
  return { action: "sent", gasUsed: receipt.gasUsed, record: entry(Number(receipt.blockNumber), hash) };
}

/** Estimates gas by running the whole plan on a throwaway in-process chain. */
async function simulateGas(chain: ChainConfig, paymaster: PaymasterSetup | null) {
  const { viem } = await hre.network.connect({ network: "default" });
  const { outcomes } = await runPlan({
    chain: { ...chain, kind: "local", stablecoins: mockedStablecoins(chain) },
    paymaster,
    viem,
    previous: undefined,
    planOnly: false,
    log: () => {},
  });
  return new Map(outcomes.map((o) => [o.id, o.gasUsed ?? 0n]));
}

/** The simulation has no live tokens, so it deploys mocks in their place. */
function mockedStablecoins(chain: ChainConfig): ChainConfig["stablecoins"] {
  return Object.fromEntries(
    Object.entries(chain.stablecoins).map(([symbol, token]) => [symbol, { ...token, address: null }]),
  ) as ChainConfig["stablecoins"];
}

async function verifySources(chain: ChainConfig, record: DeploymentRecord, sent: Set<string>, log: (l: string) => void) {
  const apiKey = chain.explorer ? process.env[chain.explorer.apiKeyEnv] : undefined;
  if (!chain.explorer || !apiKey) {
    if (chain.kind !== "local") log(`source verification skipped: no ${chain.explorer?.apiKeyEnv ?? "explorer"} key`);
    return;
  }
  const { verifyContract } = await import("@nomicfoundation/hardhat-verify/verify");
  for (const id of sent) {
    const deployed = record.contracts[id];
    // The package's contracts are verified already wherever they are canonical.
    if (!deployed || deployed.salt) continue;
    const artifact = await hre.artifacts.readArtifact(deployed.contract);
    try {
      await verifyContract(
        {
          address: deployed.address,
          constructorArgs: deployed.args,
          contract: `${artifact.sourceName}:${artifact.contractName}`,
        },
        hre,
      );
      log(`verified ${id} on ${chain.explorer.name}`);
    } catch (error) {
      log(`verification of ${id} failed: ${(error as Error).message.split("\n")[0]}`);
    }
  }
}

export async function deploy(options: {
  chainName: string;
  dryRun?: boolean;
  confirmMainnet?: boolean;
  deploymentsDir?: string;
  log?: (line: string) => void;
}) {
  const log = options.log ?? ((line: string) => console.log(line));
  const chain = chainByName(options.chainName);
  const deploymentsDir = options.deploymentsDir ?? DEPLOYMENTS_DIR;
  if (chain.kind === "mainnet" && !options.dryRun && !options.confirmMainnet) {
    throw new Error(`${chain.name} is a mainnet: re-run with --confirm-mainnet to deploy for real, or --dry-run`);
  }
  // Its settings are checked before anything is sent.
  const paymaster = paymasterSetupFor(chain, process.env);
  if (!paymaster) log(`no paymaster on ${chain.name}: set ${PAYMASTER_DEPLOY_ENV.quoteSigner} to deploy one (docs/gas.md#deploying)`);

  const { viem } = await hre.network.connect({ network: chain.name });
  const chainId = await (await viem.getPublicClient()).getChainId();
  const previous = await readRecord(deploymentsDir, chainId);
  log(`${options.dryRun ? "planning" : "deploying"} on ${chain.name} (chain ${chainId})`);

  if (options.dryRun) {
    const { outcomes } = await runPlan({ chain, paymaster, viem, previous, planOnly: true, log });
    const todo = outcomes.filter((o) => o.action === "pending");
    if (todo.length === 0) {
      log("nothing to do: the chain matches the plan");
      return { sent: 0 };
    }
    const gas = await simulateGas(chain, paymaster);
    const total = todo.reduce((sum, o) => sum + (gas.get(o.id) ?? 0n), 0n);
    for (const o of todo) log(`  ${o.id}: ~${gas.get(o.id)} gas`);
    const gasPrice = await (await viem.getPublicClient()).getGasPrice();
    log(`estimated total: ${total} gas ≈ ${formatEther(total * gasPrice)} ${chain.chain.nativeCurrency.symbol} at the current gas price`);
    return { sent: 0 };
  }

  const { record, outcomes, deployer } = await runPlan({ chain, paymaster, viem, previous, planOnly: false, log });
  await writeRecord(deploymentsDir, record);
  const sent = outcomes.filter((o) => o.action === "sent");
  log(`deployer ${deployer}; ${sent.length} transaction(s) sent; record: ${path.join(deploymentsDir, `${record.chainId}.json`)}`);
  if (deploymentsDir === DEPLOYMENTS_DIR) {
    await generate();
    log("regenerated contracts/generated/deployments.ts");
  }
  await verifySources(chain, record, new Set(sent.map((o) => o.id)), log);
  return { sent: sent.length, record };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      chain: { type: "string", default: "local" },
      "dry-run": { type: "boolean", default: false },
      "confirm-mainnet": { type: "boolean", default: false },
      "deployments-dir": { type: "string" },
    },
  });
  try {
    await deploy({
      chainName: values.chain!,
      dryRun: values["dry-run"],
      confirmMainnet: values["confirm-mainnet"],
      deploymentsDir: values["deployments-dir"],
    });
  } catch (error) {
    console.error(`deploy failed: ${(error as Error).message}`);
    process.exit(1);
  }
}
