// The ERC-7677 paymaster service: for a user operation a wallet is about to send, the
// StablecoinPaymaster's `paymasterData` with a quote signed by the quote signer (docs/gas.md, "How
// prices are set"). `stubData` serves gas estimation (a quote with a stub signature, priced for a
// generous gas budget); `data` signs the quote over the final operation. Before pricing anything it
// refuses what the paymaster would refuse on chain, or what would cost it money unpaid: a call that
// is not the marketplace's, a sender that cannot pay or is throttled, a deferred first operation
// that may not take that path. The chain's own rules stay the last word.
import { DETERMINISTIC_CONTRACTS } from "@p2p-escrow/contracts/account-abstraction";
import { stablecoinAbi, stablecoinPaymasterAbi } from "@p2p-escrow/contracts/deployments";
import {
  encodePaymasterData,
  type PaymasterQuote,
  quoteTypedData,
  STUB_QUOTE_SIGNATURE,
  tokenCost,
} from "@p2p-escrow/contracts/paymaster-quote";
import { type Address, type Hex, isAddress, isAddressEqual, isHex, type LocalAccount, numberToHex, type PublicClient } from "viem";
import { formatUserOperation, toPackedUserOperation, type UserOperation } from "viem/account-abstraction";
import { type NativePrice, PriceUnavailable } from "../native-price.ts";
import { InvalidPaymasterParams, PaymasterRefusal } from "./refusal.ts";
import { CallNotSponsored, checkSponsoredCalls, type SponsoredTargets } from "./sponsored-calls.ts";

/** The paymaster's gas limits in every quote: its validation (the deferred path, cold) and postOp (a refund or a charge). */
export const PAYMASTER_VERIFICATION_GAS_LIMIT = 150_000n;
export const PAYMASTER_POST_OP_GAS_LIMIT = 80_000n;
/**
 * The gas a stub quote's maximum cost is priced for: more than any marketplace operation with an
 * account's creation uses, so the estimate never fails on the quote. The sender must hold that much
 * of the token while estimating; the final quote asks only for the operation's own maximum.
 */
export const STUB_GAS = 1_000_000n;
const BPS = 10_000n;

/** One chain the service quotes on. */
export interface PaymasterChain {
  client: PublicClient;
  paymaster: Address;
  targets: SponsoredTargets;
  /** What one whole native coin costs in a dollar stablecoin. */
  nativePrice: NativePrice;
}

export interface QuoteServiceOptions {
  chains: ReadonlyMap<number, PaymasterChain>;
  signer: LocalAccount;
  /** Added to the price: the EntryPoint's penalty on unused gas and the price moving during the quote. */
  marginBps: number;
  ttlSeconds: number;
}

/** ERC-7677's answer to pm_getPaymasterStubData (EntryPoint v0.7+ fields). */
export interface StubData {
  paymaster: Address;
  paymasterData: Hex;
  paymasterVerificationGasLimit: Hex;
  paymasterPostOpGasLimit: Hex;
  isFinal: false;
  sponsor: { name: string };
}

/** ERC-7677's answer to pm_getPaymasterData. */
export interface PaymasterData {
  paymaster: Address;
  paymasterData: Hex;
}

interface Request {
  chainId: number;
  chain: PaymasterChain;
  op: UserOperation<"0.8">;
  token: Address;
}

const SPONSOR = { name: "P2P Escrow gas in stablecoins" } as const;

/** `price` for a token of `decimals` at `nativePriceUsd` plus the margin: token base units per 1e18 wei. */
export function quotePrice(nativePriceUsd: string, decimals: number, marginBps: number): bigint {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(nativePriceUsd);
  if (!match) throw new Error(`not a price: ${nativePriceUsd}`);
  const [, whole, fraction = ""] = match;
  // One whole native coin (1e18 wei) is worth nativePriceUsd whole tokens.
  const scale = 10n ** BigInt(fraction.length);
  const units = (BigInt(whole + fraction) * 10n ** BigInt(decimals)) / scale;
  return (units * (BPS + BigInt(marginBps))) / BPS;
}

function parseRequest(params: unknown, chains: ReadonlyMap<number, PaymasterChain>): Request {
  if (!Array.isArray(params) || params.length < 3 || params.length > 4) {
    throw new InvalidPaymasterParams("params are [userOperation, entryPoint, chainId, context]");
  }
  const [rpcOp, entryPoint, chainIdHex, context] = params as unknown[];
  if (typeof chainIdHex !== "string" || !isHex(chainIdHex)) throw new InvalidPaymasterParams("chainId must be a hex number");
  const chainId = Number(BigInt(chainIdHex));
  const chain = chains.get(chainId);
  if (!chain) throw new PaymasterRefusal("PAYMASTER_CHAIN_UNSUPPORTED", `The paymaster service does not serve chain ${chainId}`);
  if (typeof entryPoint !== "string" || !isAddress(entryPoint) || !isAddressEqual(entryPoint, DETERMINISTIC_CONTRACTS.EntryPoint.address)) {
    throw new PaymasterRefusal(
      "PAYMASTER_ENTRY_POINT_UNSUPPORTED",
      `The paymaster serves EntryPoint v0.8 at ${DETERMINISTIC_CONTRACTS.EntryPoint.address} only`,
    );
  }
  const token = (context as { token?: unknown } | undefined)?.token;
  if (typeof token !== "string" || !isAddress(token)) {
    throw new InvalidPaymasterParams("context.token must be the address of the stablecoin that pays the gas");
  }
  if (!chain.targets.tokens.some((t) => isAddressEqual(t, token))) {
    throw new PaymasterRefusal("PAYMASTER_TOKEN_UNSUPPORTED", `${token} is not a stablecoin the paymaster takes on chain ${chainId}`);
  }
  return { chainId, chain, op: parseOperation(rpcOp), token };
}

const REQUIRED_FIELDS = ["sender", "nonce", "callData", "maxFeePerGas", "maxPriorityFeePerGas"] as const;

function parseOperation(rpcOp: unknown): UserOperation<"0.8"> {
  if (typeof rpcOp !== "object" || rpcOp === null) throw new InvalidPaymasterParams("userOperation must be an object");
  const fields = rpcOp as Record<string, unknown>;
  for (const name of REQUIRED_FIELDS) {
    if (typeof fields[name] !== "string" || !isHex(fields[name])) throw new InvalidPaymasterParams(`userOperation.${name} must be hex`);
  }
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined && value !== null && (typeof value !== "string" || !isHex(value))) {
      // authorization (EIP-7702) is an object; everything else is hex.
      if (name !== "eip7702Auth" && name !== "authorization") throw new InvalidPaymasterParams(`userOperation.${name} must be hex`);
    }
  }
  if (!isAddress(fields.sender as string)) throw new InvalidPaymasterParams("userOperation.sender must be an address");
  return formatUserOperation(fields as never) as UserOperation<"0.8">;
}

export function createQuoteService({ chains, signer, marginBps, ttlSeconds }: QuoteServiceOptions) {
  /** Everything both methods check and price; `gas` is the gas the maximum cost is priced for. */
  async function quoteFor({ chainId, chain, op, token }: Request, gas: bigint) {
    const { client, paymaster, targets } = chain;
    let sponsored: ReturnType<typeof checkSponsoredCalls>;
    try {
      sponsored = checkSponsoredCalls(op.callData, token, targets);
    } catch (error) {
      if (error instanceof CallNotSponsored) throw new PaymasterRefusal("PAYMASTER_CALL_NOT_SPONSORED", error.message);
      throw error;
    }
    const sender = op.sender;
    // Read beside the chain's state, not after it; a failure is judged after the cheaper refusals.
    const priced = chain.nativePrice().then(
      (usd) => ({ usd }),
      (error: unknown) => ({ error }),
    );
    const [supported, limits, state, balance, allowance, decimals, block] = await Promise.all([
      client.readContract({ address: paymaster, abi: stablecoinPaymasterAbi, functionName: "isTokenSupported", args: [token] }),
      client.readContract({ address: paymaster, abi: stablecoinPaymasterAbi, functionName: "limits" }),
      client.readContract({ address: paymaster, abi: stablecoinPaymasterAbi, functionName: "senderState", args: [sender] }),
      client.readContract({ address: token, abi: stablecoinAbi, functionName: "balanceOf", args: [sender] }),
      client.readContract({ address: token, abi: stablecoinAbi, functionName: "allowance", args: [sender, paymaster] }),
      client.readContract({ address: token, abi: stablecoinAbi, functionName: "decimals" }),
      client.getBlock({ blockTag: "latest" }),
    ]);
    if (!supported) throw new PaymasterRefusal("PAYMASTER_TOKEN_UNSUPPORTED", `The paymaster on chain ${chainId} does not take ${token}`);
    // Two clocks judge the quote's window: the block's time on chain (the EntryPoint), and the
    // bundler's own clock before it accepts the operation. A local chain runs ahead of the wall
    // clock (a block per transaction, each a second later), so the window opens at the earlier one.
    const chainNow = Number(block.timestamp);
    const now = Math.min(chainNow, Math.floor(Date.now() / 1000));
    if (state.throttledUntil > chainNow) {
      throw new PaymasterRefusal(
        "PAYMASTER_SENDER_THROTTLED",
        `${sender}'s operations failed too often in a row; the paymaster serves it again after ${new Date(state.throttledUntil * 1000).toISOString()}`,
        { throttledUntil: state.throttledUntil },
      );
    }
    const maxCost = gas * op.maxFeePerGas;
    if (maxCost > limits.maxCostPerOp) {
      throw new PaymasterRefusal(
        "PAYMASTER_OP_COST_TOO_HIGH",
        `The operation may cost up to ${maxCost} wei of gas; the paymaster pays at most ${limits.maxCostPerOp} for one operation`,
        { maxCost: String(maxCost), limit: String(limits.maxCostPerOp) },
      );
    }
    const nativePrice = await priced;
    if ("error" in nativePrice) {
      const { error } = nativePrice;
      if (error instanceof PriceUnavailable) throw new PaymasterRefusal("PAYMASTER_PRICE_UNAVAILABLE", error.message);
      throw error;
    }
    const price = quotePrice(nativePrice.usd, decimals, marginBps);
    const maxTokenCost = tokenCost(maxCost, price);
    if (balance < maxTokenCost) {
      throw new PaymasterRefusal(
        "PAYMASTER_INSUFFICIENT_BALANCE",
        `${sender} holds ${balance} base units of ${token}; the gas of this operation may cost up to ${maxTokenCost}`,
        { balance: String(balance), required: String(maxTokenCost) },
      );
    }
    if (allowance < maxTokenCost) {
      // The deferred path: the batch approves the paymaster first, and only while the sender has no
      // other deferred operation pending and has not missed a payment too often (docs/gas.md).
      const deferredOpen = state.pending === 0 && state.unpaid < limits.maxUnpaidPerSender;
      if (!sponsored.approvesPaymaster || !deferredOpen) {
        throw new PaymasterRefusal(
          "PAYMASTER_APPROVAL_MISSING",
          sponsored.approvesPaymaster
            ? `${sender} cannot approve the paymaster inside a sponsored operation any more; approve ${paymaster} for ${token} first`
            : `${sender} has not approved the paymaster ${paymaster} for ${token}; make approve(paymaster, max) the operation's first call`,
          { paymaster, allowance: String(allowance), required: String(maxTokenCost) },
        );
      }
    }
    const quote: PaymasterQuote = {
      token,
      // The EntryPoint treats validAfter as exclusive: backdated by a second, the quote is usable at once.
      validAfter: now - 1,
      validUntil: now - 1 + Math.min(ttlSeconds, limits.maxQuoteTtl),
      price,
      maxTokenCost,
    };
    return quote;
  }

  return {
    async stubData(params: unknown): Promise<StubData> {
      const request = parseRequest(params, chains);
      const quote = await quoteFor(request, STUB_GAS);
      return {
        paymaster: request.chain.paymaster,
        paymasterData: encodePaymasterData(quote, STUB_QUOTE_SIGNATURE),
        paymasterVerificationGasLimit: numberToHex(PAYMASTER_VERIFICATION_GAS_LIMIT),
        paymasterPostOpGasLimit: numberToHex(PAYMASTER_POST_OP_GAS_LIMIT),
        isFinal: false,
        sponsor: SPONSOR,
      };
    },

    async data(params: unknown): Promise<PaymasterData> {
      const request = parseRequest(params, chains);
      const { op, chain, chainId } = request;
      for (const name of ["callGasLimit", "verificationGasLimit", "preVerificationGas"] as const) {
        if (op[name] === undefined) throw new InvalidPaymasterParams(`userOperation.${name} must be set before the final quote`);
      }
      // The limits this service gave in the stub: a quote signs over them, and the EntryPoint's
      // maximum cost counts them.
      const pmVerification = op.paymasterVerificationGasLimit ?? PAYMASTER_VERIFICATION_GAS_LIMIT;
      const pmPostOp = op.paymasterPostOpGasLimit ?? PAYMASTER_POST_OP_GAS_LIMIT;
      const gas = op.callGasLimit + op.verificationGasLimit + op.preVerificationGas + pmVerification + pmPostOp;
      const quote = await quoteFor(request, gas);
      const packed = toPackedUserOperation({
        ...op,
        paymaster: chain.paymaster,
        paymasterVerificationGasLimit: pmVerification,
        paymasterPostOpGasLimit: pmPostOp,
        paymasterData: "0x",
        signature: "0x",
      });
      const signature = await signer.signTypedData(quoteTypedData(chainId, chain.paymaster, packed, quote));
      return { paymaster: chain.paymaster, paymasterData: encodePaymasterData(quote, signature) };
    },
  };
}

export type QuoteService = ReturnType<typeof createQuoteService>;
