// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {ArbitratorPool} from "../../src/ArbitratorPool.sol";
import {FallbackArbitrator} from "../../src/FallbackArbitrator.sol";
import {P2PEscrow} from "../../src/P2PEscrow.sol";
import {IArbitratorPool} from "../../src/interfaces/IArbitratorPool.sol";
import {IArbitrator} from "../../src/interfaces/IERC792.sol";
import {IP2PEscrow} from "../../src/interfaces/IP2PEscrow.sol";
import {IRNG} from "../../src/interfaces/IRNG.sol";
import {DeterministicRNG} from "../../src/mocks/DeterministicRNG.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {DisputePhase, Order, OrderStatus, RandomnessStatus, Ruling, Windows} from "../../src/types/Types.sol";
import {Test} from "./Test.sol";

/// @notice Shared deployment and small state-building helpers for the escrow tests.
/// The default deployment: a 6-decimal order token (`usdc`, minimum order 10 tokens, minimum
/// arbitration fee 2 tokens, as contracts/chains.ts configures the stablecoins), a separate
/// 6-decimal stake token, a DeterministicRNG whose requests are Ready at once, an owner-run
/// FallbackArbitrator (ruled by `court`), a slash recipient (`treasury`), and the production
/// windows and fees.
abstract contract EscrowTestBase is Test {
    // ---------------------------------------------------------------- Parameters

    uint256 internal constant START = 1_700_000_000;
    uint256 internal constant SELLER_WINDOW = 24 hours;
    uint256 internal constant BUYER_WINDOW = 72 hours;
    uint256 internal constant RESPONSE_WINDOW = 48 hours;
    uint256 internal constant DRAW_WINDOW = 24 hours;
    uint256 internal constant ARBITRATION_WINDOW = 7 days;
    uint256 internal constant ARBITRATOR_FEE_BPS = 500;
    /// @dev The arbitration fee never exceeds this share of the order (P2PEscrow's cap).
    uint256 internal constant MAX_ARBITRATOR_FEE_BPS = 2_000;
    uint256 internal constant MAX_PROTOCOL_FEE_BPS = 100;
    uint256 internal constant MAX_ROUNDS = 3;
    uint256 internal constant COOLDOWN = 7 days;
    uint256 internal constant SLASH_BPS = 1_000;
    uint256 internal constant BPS = 10_000;
    uint8 internal constant DECIMALS = 6;
    uint256 internal constant UNIT = 10 ** DECIMALS;
    uint256 internal constant MIN_STAKE = 500 * UNIT;
    uint256 internal constant MIN_ORDER = 10 * UNIT;
    uint256 internal constant MIN_ARBITRATION_FEE = 2 * UNIT;
    uint256 internal constant AMOUNT = 1_000 * UNIT;
    /// @dev Each side's deposit for an order of AMOUNT: 5%, above the token minimum.
    uint256 internal constant FEE = (AMOUNT * ARBITRATOR_FEE_BPS) / BPS;
    /// @dev How long the offers the helpers make stand.
    uint256 internal constant OFFER_TTL = 1 days;
    bytes32 internal constant PRODUCT = keccak256("listing #1");
    bytes32 internal constant DELIVERY = keccak256("sealed delivery #1");

    // ---------------------------------------------------------------- Actors

    address internal owner = address(0x0A11CE);
    address internal buyer = address(0xB0B);
    address internal seller = address(0x5E11);
    address internal stranger = address(0xBAD);
    address internal feeRecipient = address(0xFEE);
    address internal treasury = address(0x7EA5);
    address internal court = address(0xC0C7);
    address[] internal arbs;

    // ---------------------------------------------------------------- Deployment

    MockERC20 internal usdc;
    MockERC20 internal stakeToken;
    DeterministicRNG internal rng;
    ArbitratorPool internal pool;
    P2PEscrow internal escrow;
    FallbackArbitrator internal fallbackArb;

    function setUp() public virtual {
        vm.warp(START);
        vm.roll(100);
        vm.label(owner, "owner");
        vm.label(buyer, "buyer");
        vm.label(seller, "seller");
        vm.label(stranger, "stranger");
        vm.label(feeRecipient, "feeRecipient");
        vm.label(treasury, "treasury");
        vm.label(court, "court");

        usdc = new MockERC20("USD Coin", "USDC", DECIMALS);
        stakeToken = new MockERC20("Stake USD", "sUSD", DECIMALS);
        rng = new DeterministicRNG();
        (pool, escrow, fallbackArb) = _deploy(IERC20(address(stakeToken)), MIN_STAKE, IRNG(address(rng)), true);
        _configure(address(usdc));
    }

    function _windows() internal pure returns (Windows memory) {
        return
            Windows({
                seller: SELLER_WINDOW,
                buyer: BUYER_WINDOW,
                response: RESPONSE_WINDOW,
                draw: DRAW_WINDOW,
                arbitration: ARBITRATION_WINDOW
            });
    }

    /// @dev Deploys a pool, a fallback arbitrator (unless `withFallback` is false) and an escrow
    /// with the production parameters, and binds them.
    function _deploy(
        IERC20 stake,
        uint256 minStake,
        IRNG rng_,
        bool withFallback
    ) internal returns (ArbitratorPool p, P2PEscrow e, FallbackArbitrator f) {
        p = new ArbitratorPool(owner, stake, minStake, COOLDOWN, SLASH_BPS, treasury);
        if (withFallback) f = new FallbackArbitrator(court);
        e = new P2PEscrow(
            owner,
            IArbitratorPool(address(p)),
            rng_,
            IArbitrator(address(f)),
            _windows(),
            ARBITRATOR_FEE_BPS
        );
        vm.prank(owner);
        p.bindEscrow(address(e));
    }

    /// @dev Replaces the default deployment with one that has no fallback arbitrator: a dispute
    /// nobody in the pool could rule on then ends with the order's timeout outcome.
    function _deployWithoutFallback() internal {
        delete arbs;
        (pool, escrow, fallbackArb) = _deploy(IERC20(address(stakeToken)), MIN_STAKE, IRNG(address(rng)), false);
        _configure(address(usdc));
    }

    /// @dev Allows `token` with the stablecoin bounds of contracts/chains.ts: orders of at least 10
    /// tokens, arbitration fees of at least 2.
    function _configure(address token) internal {
        uint256 unit = 10 ** IERC20Metadata(token).decimals();
        vm.prank(owner);
        escrow.configureToken(token, true, 10 * unit, 0, 2 * unit);
    }

    // ---------------------------------------------------------------- Arbitrators

    function _arbAddress(uint256 i) internal pure returns (address) {
        return address(uint160(0xA4B170000 + i));
    }

    /// @dev Registers `n` more arbitrators with the minimum stake twice over (so one slash leaves
    /// them drawable) and returns the whole list.
    function _registerArbitrators(uint256 n) internal returns (address[] memory) {
        for (uint256 i; i < n; ++i) {
            address a = _arbAddress(arbs.length);
            vm.label(a, string.concat("arb", vm_toString(arbs.length)));
            _register(a, 2 * MIN_STAKE);
            arbs.push(a);
        }
        return arbs;
    }

    function _register(address who, uint256 amount) internal {
        _register(pool, stakeToken, who, amount);
    }

    function _register(ArbitratorPool p, MockERC20 token, address who, uint256 amount) internal {
        token.mint(who, amount);
        vm.startPrank(who);
        token.approve(address(p), amount);
        p.register(amount);
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- Orders

    function _mintAndApprove(MockERC20 token, address who, uint256 amount) internal {
        token.mint(who, amount);
        vm.prank(who);
        token.approve(address(escrow), amount);
    }

    /// @dev The fee rate new orders get now: what a buyer's wallet would show and sign as its limit.
    function _currentFeeBps() internal view returns (uint256 feeBps) {
        (feeBps, ) = escrow.protocolFee();
    }

    function _createOrder() internal returns (uint256) {
        return _createOrder(buyer, seller, AMOUNT);
    }

    function _createOrder(uint256 amount) internal returns (uint256) {
        return _createOrder(buyer, seller, amount);
    }

    function _createOrder(address buyer_, address seller_, uint256 amount) internal returns (uint256) {
        return _createOrder(usdc, buyer_, seller_, amount);
    }

    function _createOrder(
        MockERC20 token,
        address buyer_,
        address seller_,
        uint256 amount
    ) internal returns (uint256 id) {
        _mintAndApprove(token, buyer_, amount);
        uint256 maxFeeBps = _currentFeeBps();
        vm.prank(buyer_);
        id = escrow.createOrder(seller_, address(token), amount, PRODUCT, maxFeeBps);
    }

    /// @dev The seller confirms delivery, then the chain moves to the next block, so that the
    /// trade it records precedes any draw opened afterwards (the pool ignores trades recorded in
    /// or after a draw's block).
    function _toSellerConfirmed(uint256 id) internal {
        vm.prank(escrow.getOrder(id).seller);
        escrow.sellerConfirmDelivery(id, DELIVERY);
        vm.roll(block.number + 1);
    }

    function _confirmedOrder() internal returns (uint256 id) {
        id = _createOrder();
        _toSellerConfirmed(id);
    }

    /// @dev The other party of an order than `party`.
    function _counterparty(uint256 id, address party) internal view returns (address) {
        Order memory o = escrow.getOrder(id);
        return party == o.buyer ? o.seller : o.buyer;
    }

    /// @dev Gives `who` the order's deposit and the allowance for it.
    function _fundDeposit(uint256 id, address who) internal returns (uint256 fee) {
        fee = escrow.arbitrationFeeOf(id);
        _mintAndApprove(MockERC20(escrow.orderToken(id)), who, fee);
    }

    /// @dev `opener` opens a dispute, depositing the fee (phase AwaitingDeposit).
    function _openDispute(uint256 id, address opener) internal {
        _fundDeposit(id, opener);
        vm.prank(opener);
        escrow.openDispute(id);
    }

    /// @dev The party that did not open the dispute matches the deposit (phase Drawing).
    function _payDisputeFee(uint256 id) internal {
        address payer = _counterparty(id, escrow.getDispute(id).opener);
        _fundDeposit(id, payer);
        vm.prank(payer);
        escrow.payDisputeFee(id);
    }

    /// @dev The buyer opens a dispute and the seller matches the deposit: an arbitrator can be
    /// drawn (the order must be Created or SellerConfirmed).
    function _toDisputed(uint256 id) internal {
        _openDispute(id, escrow.getOrder(id).buyer);
        _payDisputeFee(id);
    }

    function _disputedOrder() internal returns (uint256 id) {
        id = _confirmedOrder();
        _toDisputed(id);
    }

    function _draw(uint256 id) internal returns (address arbitrator) {
        vm.prank(stranger);
        arbitrator = escrow.drawArbitrator(id);
    }

    /// @dev A SellerConfirmed order taken to dispute with an arbitrator drawn.
    function _assignedOrder() internal returns (uint256 id, address arbitrator) {
        id = _disputedOrder();
        arbitrator = _draw(id);
    }

    function _resolve(uint256 id, Ruling ruling) internal {
        vm.prank(escrow.getDispute(id).arbitrator);
        escrow.resolveDispute(id, ruling);
    }

    /// @dev `proposer` offers `buyerAmount` to the buyer, standing for OFFER_TTL.
    function _propose(uint256 id, address proposer, uint256 buyerAmount) internal {
        vm.prank(proposer);
        escrow.proposeSettlement(id, buyerAmount, block.timestamp + OFFER_TTL);
    }

    function _settle(uint256 id, uint256 buyerAmount) internal {
        Order memory o = escrow.getOrder(id);
        _propose(id, o.buyer, buyerAmount);
        vm.prank(o.seller);
        escrow.acceptSettlement(id, buyerAmount);
    }

    /// @dev Lets the Drawing phase run out and hands the dispute to the fallback: the fallback
    /// arbitrator if there is one, else the timeout outcome.
    function _escalate(uint256 id) internal {
        uint256 fallbackAt = escrow.deadlineOf(id);
        if (block.timestamp <= fallbackAt) vm.warp(fallbackAt + 1);
        vm.prank(stranger);
        escrow.escalate(id);
    }

    /// @dev The fallback arbitrator's id for the escalated order `id` (they count from 0).
    function _escalationOf(uint256 id) internal view returns (uint256 disputeId) {
        for (; disputeId < 256; ++disputeId) {
            if (escrow.orderOfEscalation(disputeId) == id) return disputeId;
        }
        revert("order not escalated");
    }

    /// @dev The fallback arbitrator's owner rules on escalated order `id` (0 refuses).
    function _fallbackRule(uint256 id, uint256 ruling) internal {
        uint256 disputeId = _escalationOf(id);
        vm.prank(court);
        fallbackArb.giveRuling(disputeId, ruling);
    }

    /// @dev Makes the dispute's current randomness request Pending, so nobody can be drawn yet.
    function _holdRandomness(uint256 id) internal {
        rng.force(escrow.getDispute(id).randomnessRequest, RandomnessStatus.Pending);
    }

    /// @dev Builds a fresh order in `status` (None gives an id that does not exist). Disputed
    /// orders get an arbitrator; needs at least one registered arbitrator for those.
    function _orderIn(OrderStatus status) internal returns (uint256 id) {
        if (status == OrderStatus.None) return escrow.nextOrderId() + 1_000;
        id = _createOrder();
        if (status == OrderStatus.Created) return id;
        if (status == OrderStatus.Cancelled) {
            vm.prank(buyer);
            escrow.cancelOrder(id);
            return id;
        }
        if (status == OrderStatus.Expired) {
            vm.warp(block.timestamp + SELLER_WINDOW + 1);
            escrow.expireOrder(id);
            return id;
        }
        _toSellerConfirmed(id);
        if (status == OrderStatus.SellerConfirmed) return id;
        if (status == OrderStatus.Completed) {
            vm.prank(buyer);
            escrow.buyerConfirmReceived(id);
            return id;
        }
        _toDisputed(id);
        _draw(id);
        if (status == OrderStatus.Disputed) return id;
        if (status == OrderStatus.ResolvedBuyer) _resolve(id, Ruling.Buyer);
        else if (status == OrderStatus.ResolvedSeller) _resolve(id, Ruling.Seller);
        else if (status == OrderStatus.Settled) _settle(id, AMOUNT / 2);
        else revert("unknown status");
    }

    // ---------------------------------------------------------------- Arithmetic the escrow promises

    /// @dev Each side's deposit for an order of `amount` of the default token: the fee rate,
    /// raised to the token's minimum, capped at a fifth of the order.
    function _feeFor(uint256 amount) internal pure returns (uint256 fee) {
        fee = (amount * ARBITRATOR_FEE_BPS) / BPS;
        if (fee < MIN_ARBITRATION_FEE) fee = MIN_ARBITRATION_FEE;
        uint256 cap = (amount * MAX_ARBITRATOR_FEE_BPS) / BPS;
        if (fee > cap) fee = cap;
    }

    // ---------------------------------------------------------------- Permits

    bytes32 internal constant PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );

    /// @dev Signs an EIP-2612 permit of `value` for the escrow with `pk`.
    function _signPermit(
        MockERC20 token,
        uint256 pk,
        uint256 value,
        uint256 deadline
    ) internal view returns (uint8 v, bytes32 r, bytes32 s) {
        address holder = vm.addr(pk);
        bytes32 structHash = keccak256(
            abi.encode(PERMIT_TYPEHASH, holder, address(escrow), value, token.nonces(holder), deadline)
        );
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash));
        (v, r, s) = vm.sign(pk, digest);
    }

    // ---------------------------------------------------------------- Assertions

    function _assertStatus(uint256 id, OrderStatus expected) internal view {
        assertEq(uint256(escrow.getOrder(id).status), uint256(expected), "order status");
    }

    function _assertPhase(uint256 id, DisputePhase expected) internal view {
        assertEq(uint256(escrow.getDispute(id).phase), uint256(expected), "dispute phase");
    }

    function _errStatus(uint256 id, OrderStatus current) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IP2PEscrow.EscrowInvalidStatus.selector, id, current);
    }

    function _errPhase(uint256 id, DisputePhase current) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IP2PEscrow.EscrowInvalidPhase.selector, id, current);
    }

    function _errUnauthorized(uint256 id, address caller) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IP2PEscrow.EscrowUnauthorized.selector, id, caller);
    }

    function _errWindowClosed(uint256 id, uint256 deadline) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IP2PEscrow.EscrowWindowClosed.selector, id, deadline);
    }

    function _errWindowOpen(uint256 id, uint256 deadline) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IP2PEscrow.EscrowWindowOpen.selector, id, deadline);
    }

    function _errLapsed(uint256 id, uint256 expiresAt) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IP2PEscrow.EscrowSettlementLapsed.selector, id, expiresAt);
    }

    function vm_toString(uint256 v) internal pure returns (string memory) {
        if (v == 0) return "0";
        uint256 len;
        for (uint256 t = v; t != 0; t /= 10) ++len;
        bytes memory b = new bytes(len);
        for (; v != 0; v /= 10) b[--len] = bytes1(uint8(48 + (v % 10)));
        return string(b);
    }
}
