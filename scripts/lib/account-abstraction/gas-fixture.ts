// A chain for measuring what gas in stablecoins costs, on Hardhat's in-process network: the escrow
// with a USDC-like token, EntryPoint v0.8 and SimpleAccountFactory from the package's compiled
// bytecode, and the StablecoinPaymaster with a quote signer of its own. The same escrow calls go out
// three ways: sent by an EOA (direct), as a SimpleAccount's user operation paid from its EntryPoint
// deposit, and as one sponsored by the paymaster and paid in the token. Used by the gas guard
// (test/contracts/paymaster-gas.test.ts) and `pnpm bench:gas`.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { network } from "hardhat";
import { type Abi, type Address, encodeFunctionData, getContract, type Hex, hashTypedData, keccak256, maxUint256, toHex } from "viem";
import type { PackedUserOperation } from "viem/account-abstraction";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { encodePaymasterAndData, type PaymasterQuote, packUint128Pair, quoteTypedData } from "../../../contracts/paymaster-quote.ts";
import { impersonate, mined } from "../escrow-actions.ts";
import { deployEscrowStack } from "../escrow-stack.ts";

const require = createRequire(import.meta.url);
function packageArtifact(name: string): { abi: Abi; bytecode: Hex } {
  return JSON.parse(readFileSync(require.resolve(`@account-abstraction/contracts/artifacts/${name}.json`), "utf8"));
}

const USDC = (whole: number) => BigInt(whole) * 10n ** 6n;
/** 3,000 tokens (6 decimals) per native coin: the price every quote of the fixture signs. */
export const FIXTURE_PRICE = 3_000n * 10n ** 6n;
const GAS = { verification: 150_000n, call: 300_000n, preVerification: 60_000n };
const PAYMASTER_GAS = { verificationGasLimit: 120_000n, postOpGasLimit: 60_000n };
/** 1 gwei priority, 2 gwei max: every operation's fees. */
export const FIXTURE_FEES = { maxPriorityFeePerGas: 10n ** 9n, maxFeePerGas: 2n * 10n ** 9n };
export const FIXTURE_AMOUNT = USDC(250);
const MAX_PROTOCOL_FEE_BPS = 100n;

/** One call a user makes: to the escrow or the token. */
export interface Call {
  to: Address;
  data: Hex;
}

export async function paymasterGasFixture() {
  const { viem } = await network.connect();
  const publicClient = await viem.getPublicClient();
  const chainId = await publicClient.getChainId();
  const [owner, buyer, seller, bundler] = await viem.getWalletClients();

  const usdc = await viem.deployContract("MockERC20", ["USD Coin", "USDC", 6]);
  const { escrow } = await deployEscrowStack(viem, {
    owner: owner.account.address,
    stakeToken: usdc.address,
    stakeTokenDecimals: 6,
    rng: "deterministic",
  });
  await mined(viem, escrow.write.configureToken([usdc.address, true, USDC(10), USDC(10_000), USDC(2)]));

  const entryPointArtifact = packageArtifact("EntryPoint");
  const entryPointDeploy = await owner.deployContract({ abi: entryPointArtifact.abi, bytecode: entryPointArtifact.bytecode });
  const entryPointAddress = (await publicClient.waitForTransactionReceipt({ hash: entryPointDeploy })).contractAddress!;
  // The package's ABI has no literal types, so reads come back as `unknown` and are typed here.
  const entryPoint = getContract({
    address: entryPointAddress,
    abi: entryPointArtifact.abi,
    client: { public: publicClient, wallet: bundler },
  });
  const nonceOf = async (sender: Address) => (await entryPoint.read.getNonce([sender, 0n])) as bigint;
  const userOpHash = async (op: PackedUserOperation) => (await entryPoint.read.getUserOpHash([op])) as Hex;
  const factoryArtifact = packageArtifact("SimpleAccountFactory");
  const factoryDeploy = await owner.deployContract({
    abi: factoryArtifact.abi,
    bytecode: factoryArtifact.bytecode,
    args: [entryPointAddress],
  });
  const factoryAddress = (await publicClient.waitForTransactionReceipt({ hash: factoryDeploy })).contractAddress!;

  const quoteSigner = privateKeyToAccount(generatePrivateKey());
  const paymaster = await viem.deployContract("StablecoinPaymaster", [
    entryPointAddress,
    owner.account.address,
    quoteSigner.address,
    {
      maxCostPerOp: 10n ** 16n,
      postOpOverheadGas: 45_000,
      maxQuoteTtl: 300,
      throttleDuration: 3600,
      maxPendingPerSender: 4,
      maxUnpaidPerSender: 1,
      failureThreshold: 3,
    },
  ]);
  await mined(viem, paymaster.write.setToken([usdc.address, true]));
  await mined(viem, paymaster.write.deposit({ value: 10n ** 18n }));
  await mined(viem, paymaster.write.addStake([86_400], { value: 10n ** 17n }));

  const accountOwner = privateKeyToAccount(generatePrivateKey());
  const senderCreator = (await publicClient.readContract({
    address: entryPointAddress,
    abi: entryPointArtifact.abi,
    functionName: "senderCreator",
  })) as Address;
  await impersonate(viem, [senderCreator]);
  const simpleAccountAbi = packageArtifact("SimpleAccount").abi;

  /** A SimpleAccount holding tokens and no native coin, the escrow (and the paymaster) approved for good. */
  async function smartAccount(salt: bigint) {
    const args = [accountOwner.address, salt] as const;
    await mined(
      viem,
      (await viem.getWalletClient(senderCreator)).writeContract({
        address: factoryAddress,
        abi: factoryArtifact.abi,
        functionName: "createAccount",
        args,
      }),
    );
    const address = (await publicClient.readContract({
      address: factoryAddress,
      abi: factoryArtifact.abi,
      functionName: "getAddress",
      args,
    })) as Address;
    await impersonate(viem, [address]);
    await mined(viem, usdc.write.mint([address, USDC(1_000_000)]));
    for (const spender of [escrow.address, paymaster.address]) {
      await mined(viem, usdc.write.approve([spender, maxUint256], { account: address }));
    }
    await viem.getTestClient().then((t) => t.stopImpersonatingAccount({ address }));
    await viem.getTestClient().then((t) => t.setBalance({ address, value: 0n }));
    return address;
  }

  /** An EOA buyer with tokens and the escrow approved for good. */
  async function fundBuyer() {
    await mined(viem, usdc.write.mint([buyer.account.address, USDC(1_000_000)]));
    await mined(viem, usdc.write.approve([escrow.address, maxUint256], { account: buyer.account }));
  }

  let listing = 0;
  const buy: () => Call = () => ({
    to: escrow.address,
    data: encodeFunctionData({
      abi: escrow.abi,
      functionName: "createOrder",
      args: [seller.account.address, usdc.address, FIXTURE_AMOUNT, keccak256(toHex(`listing-${listing++}`)), MAX_PROTOCOL_FEE_BPS],
    }),
  });
  const confirmReceived = (orderId: bigint): Call => ({
    to: escrow.address,
    data: encodeFunctionData({ abi: escrow.abi, functionName: "buyerConfirmReceived", args: [orderId] }),
  });

  /** `call` as `sender`'s user operation, paid from its EntryPoint deposit or by the paymaster at a signed quote. */
  async function userOp(sender: Address, paid: "deposit" | "paymaster", call: Call = buy()): Promise<PackedUserOperation> {
    const op: PackedUserOperation = {
      sender,
      nonce: await nonceOf(sender),
      initCode: "0x",
      callData: encodeFunctionData({ abi: simpleAccountAbi, functionName: "execute", args: [call.to, 0n, call.data] }),
      accountGasLimits: packUint128Pair(GAS.verification, GAS.call),
      preVerificationGas: GAS.preVerification,
      gasFees: packUint128Pair(FIXTURE_FEES.maxPriorityFeePerGas, FIXTURE_FEES.maxFeePerGas),
      paymasterAndData: "0x",
      signature: "0x",
    };
    if (paid === "paymaster") {
      const now = Number((await publicClient.getBlock()).timestamp);
      const quote: PaymasterQuote = {
        token: usdc.address,
        validUntil: now + 240,
        validAfter: now - 1,
        price: FIXTURE_PRICE,
        maxTokenCost: USDC(10),
      };
      op.paymasterAndData = encodePaymasterAndData(paymaster.address, PAYMASTER_GAS, quote);
      const typedData = quoteTypedData(chainId, paymaster.address, op, quote);
      // The quote's typed data in contracts/paymaster-quote.ts must give the contract's own digest.
      if ((await paymaster.read.quoteDigest([op, quote])) !== hashTypedData(typedData)) {
        throw new Error("contracts/paymaster-quote.ts's typed data does not give the paymaster's quoteDigest");
      }
      op.paymasterAndData = encodePaymasterAndData(paymaster.address, PAYMASTER_GAS, quote, await quoteSigner.signTypedData(typedData));
    }
    op.signature = await accountOwner.sign({ hash: await userOpHash(op) });
    return op;
  }

  /** One bundle of `op`, sent by the bundler account. */
  async function handle(op: PackedUserOperation) {
    return mined(viem, entryPoint.write.handleOps([[op], bundler.account.address], { account: bundler.account, chain: null }));
  }

  /** `call` sent by the EOA buyer itself. */
  async function direct(call: Call = buy()) {
    return mined(viem, buyer.sendTransaction({ to: call.to, data: call.data }));
  }

  /** The seller confirms delivery of `orderId` (what the buyer's confirmation waits for). */
  async function deliver(orderId: bigint) {
    await mined(viem, escrow.write.sellerConfirmDelivery([orderId, keccak256(toHex(`delivery-${orderId}`))], { account: seller.account }));
  }

  const lastOrderId = async () => (await escrow.read.nextOrderId()) - 1n;

  return {
    viem,
    usdc,
    escrow,
    entryPoint,
    paymaster,
    buyer,
    bundler,
    smartAccount,
    fundBuyer,
    buy,
    confirmReceived,
    userOp,
    handle,
    direct,
    deliver,
    lastOrderId,
  };
}
