// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ArbitratorPool} from "../src/ArbitratorPool.sol";
import {P2PEscrow} from "../src/P2PEscrow.sol";
import {IArbitratorPool} from "../src/interfaces/IArbitratorPool.sol";
import {IArbitrator} from "../src/interfaces/IERC792.sol";
import {IP2PEscrow} from "../src/interfaces/IP2PEscrow.sol";
import {IRNG} from "../src/interfaces/IRNG.sol";
import {DisputePhase, OrderStatus, RandomnessStatus, Resolution, Ruling} from "../src/types/Types.sol";
import {AttackTestBase} from "./utils/AttackTestBase.sol";
import {OrderingRNG, PaidArbitrator} from "./utils/EscrowProbes.sol";
import {Vm} from "./utils/Vm.sol";

// Each test plays an attack on the dispute rules of issue #12 and measures what it gains: the
// attacker's tokens (wallet plus escrow credits) after the attack against before, next to what
// honest play would have left it with. Amounts: an order of 1,000 tokens, a deposit of 50 (5%),
// a protocol fee of 1% (10 tokens on a full payout).

// ==================================================================== Property 2: the loser pays

/// @notice Property 2: the loser pays for the dispute, not the winner; a settlement returns both
/// deposits, so the fee is no lever for extortion; an unanswered dispute goes to its opener.
contract P2PEscrowLoserPaysAttackTest is AttackTestBase {
    function setUp() public override {
        super.setUp();
        _registerArbitrators(3);
    }

    /// @dev The buyer got the goods, then disputes hoping for a refund. Honest play (confirming)
    /// costs it the order (-1,000); the attack costs it the order and its deposit (-1,050), and the
    /// seller ends exactly where a confirmation would have left it (+990).
    function test_resolveDispute_buyerWhoReceivedTheGoodsAndDisputesGetsNothingBack() public {
        uint256 buyerBefore = _worth(buyer);
        uint256 sellerBefore = _worth(seller);
        uint256 id = _buy(buyer, seller, AMOUNT);
        _toSellerConfirmed(id);
        _disputeFromWallet(id, buyer);
        _answerFromWallet(id);
        address arbitrator = _draw(id);
        _resolve(id, Ruling.Seller);

        assertEq(_gain(buyerBefore, _worth(buyer)), -int256(AMOUNT + FEE), "buyer: order and deposit lost");
        assertEq(_gain(sellerBefore, _worth(seller)), int256(AMOUNT - PROTOCOL_FEE), "seller: as if confirmed");
        assertEq(usdc.balanceOf(arbitrator), FEE, "the loser's deposit paid the arbitrator");
        assertEq(usdc.balanceOf(feeRecipient), PROTOCOL_FEE);
        assertEq(usdc.balanceOf(address(escrow)), 0);
    }

    /// @dev The seller disputes instead of delivering, hoping to keep part of the money. Before
    /// delivery it may not dispute at all (it could collect by default from an absent buyer). So
    /// it confirms a delivery it never made and disputes at once; the buyer matches the deposit
    /// and wins: its whole refund and its deposit come back (gain 0, as a cancellation would have
    /// left it), and the seller loses its deposit (-50).
    function test_resolveDispute_sellerWhoDisputesInsteadOfDeliveringLeavesTheRefundWhole() public {
        uint256 buyerBefore = _worth(buyer);
        uint256 sellerBefore = _worth(seller);
        uint256 id = _buy(buyer, seller, AMOUNT);
        vm.expectRevert(_errUnauthorized(id, seller));
        vm.prank(seller);
        escrow.openDispute(id);

        _toSellerConfirmed(id);
        _disputeFromWallet(id, seller);
        _answerFromWallet(id);
        address arbitrator = _draw(id);
        _resolve(id, Ruling.Buyer);

        assertEq(_gain(buyerBefore, _worth(buyer)), 0, "buyer: whole refund and deposit back");
        assertEq(_gain(sellerBefore, _worth(seller)), -int256(FEE), "seller: its deposit paid the arbitrator");
        assertEq(usdc.balanceOf(arbitrator), FEE);
        assertEq(usdc.balanceOf(feeRecipient), 0, "a refund pays no protocol fee");
    }

    /// @dev A buyer who received the goods disputes and offers to split 50/50 "or you pay the
    /// arbitrator". Refusing leaves the honest seller with what confirming would have paid (+990):
    /// the threat is empty. Accepting would leave it +495; the settlement returns both deposits.
    function test_acceptSettlement_theFeeThreatCannotExtortAnHonestSeller() public {
        uint256 buyerBefore = _worth(buyer);
        uint256 sellerBefore = _worth(seller);
        uint256 id = _buy(buyer, seller, AMOUNT);
        _toSellerConfirmed(id);
        _disputeFromWallet(id, buyer);
        _answerFromWallet(id);
        _propose(id, buyer, AMOUNT / 2);

        uint256 snap = vm.snapshotState();
        _draw(id);
        _resolve(id, Ruling.Seller);
        int256 sellerRefuses = _gain(sellerBefore, _worth(seller));
        vm.revertToState(snap);

        vm.prank(seller);
        escrow.acceptSettlement(id, AMOUNT / 2);
        int256 sellerAccepts = _gain(sellerBefore, _worth(seller));

        assertEq(sellerRefuses, int256(AMOUNT - PROTOCOL_FEE), "refusing costs the honest seller nothing");
        assertEq(sellerAccepts, int256(_net(id, AMOUNT / 2)), "accepting: half, less its protocol fee");
        assertLt(sellerAccepts, sellerRefuses, "the threat is worth nothing");
        assertEq(_gain(buyerBefore, _worth(buyer)), -int256(AMOUNT / 2), "the buyer's deposit came back");
    }

    /// @dev A seller who confirmed a delivery it never made disputes and offers 100 back "or you
    /// pay the arbitrator". Refusing leaves the honest buyer whole (gain 0, as a cancellation
    /// would); accepting would cost it 900. The extortion attempt costs the seller its deposit (-50).
    function test_acceptSettlement_theFeeThreatCannotExtortAnHonestBuyer() public {
        uint256 buyerBefore = _worth(buyer);
        uint256 sellerBefore = _worth(seller);
        uint256 id = _buy(buyer, seller, AMOUNT);
        _toSellerConfirmed(id);
        _disputeFromWallet(id, seller);
        _answerFromWallet(id);
        _propose(id, seller, 100 * UNIT);

        uint256 snap = vm.snapshotState();
        vm.prank(buyer);
        escrow.acceptSettlement(id, 100 * UNIT);
        int256 buyerAccepts = _gain(buyerBefore, _worth(buyer));
        vm.revertToState(snap);

        _draw(id);
        _resolve(id, Ruling.Buyer);
        int256 buyerRefuses = _gain(buyerBefore, _worth(buyer));

        assertEq(buyerRefuses, 0, "refusing costs the honest buyer nothing");
        assertEq(buyerAccepts, -int256(900 * UNIT), "accepting would have cost the buyer 900");
        assertEq(_gain(sellerBefore, _worth(seller)), -int256(FEE), "the extortion cost the seller its deposit");
    }

    /// @dev The buyer disputes a delivery that never arrived; the seller does not answer. One
    /// second after the response window anyone ends it for the buyer: refund and deposit back.
    function test_resolveUnanswered_defaultsToTheOpenerAfterTheResponseWindow() public {
        uint256 buyerBefore = _worth(buyer);
        uint256 sellerBefore = _worth(seller);
        uint256 id = _buy(buyer, seller, AMOUNT);
        _toSellerConfirmed(id);
        _disputeFromWallet(id, buyer);
        uint256 deadline = block.timestamp + RESPONSE_WINDOW;

        vm.warp(deadline);
        vm.expectRevert(_errWindowOpen(id, deadline));
        escrow.resolveUnanswered(id);
        vm.warp(deadline + 1);
        vm.prank(stranger);
        escrow.resolveUnanswered(id);

        _assertStatus(id, OrderStatus.ResolvedBuyer);
        assertEq(_gain(buyerBefore, _worth(buyer)), 0, "buyer: refund and deposit");
        assertEq(_gain(sellerBefore, _worth(seller)), 0);
    }

    /// @dev The rule cuts both ways: a seller that disputes is paid if the buyer never answers.
    function test_resolveUnanswered_sellerOpenerIsPaidIfTheBuyerNeverAnswers() public {
        uint256 sellerBefore = _worth(seller);
        uint256 id = _buy(buyer, seller, AMOUNT);
        _toSellerConfirmed(id);
        _disputeFromWallet(id, seller);
        vm.warp(block.timestamp + RESPONSE_WINDOW + 1);
        escrow.resolveUnanswered(id);
        assertEq(_gain(sellerBefore, _worth(seller)), int256(AMOUNT - PROTOCOL_FEE));
    }

    /// @dev The respondent can pay up to the deadline second, not after it: a late deposit cannot
    /// reopen a dispute the opener has already won by default.
    function test_payDisputeFee_respondentCannotPayAfterTheResponseWindow() public {
        uint256 sellerBefore = _worth(seller);
        uint256 id = _buy(buyer, seller, AMOUNT);
        _toSellerConfirmed(id);
        _disputeFromWallet(id, buyer);
        uint256 deadline = block.timestamp + RESPONSE_WINDOW;

        vm.warp(deadline);
        uint256 snap = vm.snapshotState();
        _answerFromWallet(id);
        _assertPhase(id, DisputePhase.Drawing);
        vm.revertToState(snap);

        vm.warp(deadline + 1);
        vm.expectRevert(_errWindowClosed(id, deadline));
        vm.prank(seller);
        escrow.payDisputeFee(id);
        assertEq(_worth(seller), sellerBefore, "nothing pulled from the late respondent");
        escrow.resolveUnanswered(id);
        _assertStatus(id, OrderStatus.ResolvedBuyer);
    }
}

// ==================================================================== Property 3: dust

/// @notice Property 3 (the escrow's side): a dispute is worth an arbitrator's time. Orders have a
/// minimum, the deposit is the fee rate raised to a minimum and capped at a fifth of the order,
/// and disputing with oneself against one arbitrator never pays, whether it rules or lapses: the
/// slash of a lapse goes to the slash recipient, never to the parties.
contract P2PEscrowDustAttackTest is AttackTestBase {
    address internal alice = address(0xA11CE5); // the attacker as buyer
    address internal bob = address(0xB0B5); // the attacker as seller
    address internal honest; // the only arbitrator

    function setUp() public override {
        super.setUp();
        _fundWallet(alice);
        _fundWallet(bob);
        honest = _registerArbitrators(1)[0];
    }

    function _attackerWorth() internal view returns (uint256) {
        return _worth(alice) + _worth(bob);
    }

    function test_createOrder_revertsBelowTheTokenMinimum() public {
        uint256 before = _worth(alice);
        bytes memory err = abi.encodeWithSelector(
            IP2PEscrow.EscrowAmountBelowMinimum.selector,
            address(usdc),
            MIN_ORDER - 1,
            MIN_ORDER
        );
        vm.expectRevert(err);
        vm.prank(alice);
        escrow.createOrder(bob, address(usdc), MIN_ORDER - 1, PRODUCT, PROTOCOL_FEE_BPS);
        vm.expectRevert(err);
        vm.prank(alice);
        escrow.createOrderWithPermit(bob, address(usdc), MIN_ORDER - 1, PRODUCT, PROTOCOL_FEE_BPS, 0, 27, 0, 0);
        assertEq(_worth(alice), before);
        // The minimum itself is an order.
        assertEq(escrow.getOrder(_buy(alice, bob, MIN_ORDER)).amount, MIN_ORDER);
    }

    /// @dev Whatever the owner later sets (within its bounds), an order's deposit is the 5% rate
    /// raised to the token's minimum fee and never above a fifth of the order.
    function testFuzz_arbitrationFeeOf_isTheRateRaisedToTheMinimumCappedAtAFifth(
        uint256 amount,
        uint256 minAmount,
        uint256 minFee
    ) public {
        amount = bound(amount, MIN_ORDER, WALLET / 2);
        uint256 id = _buy(alice, bob, amount);
        minAmount = bound(minAmount, 0, type(uint96).max);
        minFee = bound(minFee, 0, (minAmount * MAX_ARBITRATOR_FEE_BPS) / BPS);
        vm.prank(owner);
        escrow.configureToken(address(usdc), true, minAmount, 0, minFee);

        uint256 expected = (amount * ARBITRATOR_FEE_BPS) / BPS;
        if (expected < minFee) expected = minFee;
        if (expected > amount / 5) expected = amount / 5;
        assertEq(escrow.arbitrationFeeOf(id), expected);
        uint256 before = _worth(alice);
        _disputeFromWallet(id, alice);
        assertEq(before - _worth(alice), expected, "deposit pulled");
        assertLe(expected * 5, amount);
    }

    /// @dev The owner cannot set a minimum fee above a fifth of the minimum order: no deposit can
    /// ever be asked that dwarfs the case.
    function test_configureToken_cannotSetAMinimumFeeAboveAFifthOfTheMinimumOrder() public {
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidConfig.selector));
        vm.prank(owner);
        escrow.configureToken(address(usdc), true, MIN_ORDER, 0, MIN_ORDER / 5 + 1);
        vm.prank(owner);
        escrow.configureToken(address(usdc), true, MIN_ORDER, 0, MIN_ORDER / 5);
    }

    /// @dev Ten minimum orders between the attacker's two accounts, each disputed and ruled: the
    /// loser's 2-token deposit pays the arbitrator every time. Attacker: -20 tokens (less the
    /// protocol fee where the seller side won); the arbitrator earned them.
    function test_resolveDispute_selfDealingWithTinyOrdersPaysTheArbitrator() public {
        uint256 before = _attackerWorth();
        for (uint256 i; i < 10; ++i) {
            uint256 id = _buy(alice, bob, MIN_ORDER);
            _disputeFromWallet(id, alice);
            _answerFromWallet(id);
            assertEq(_draw(id), honest);
            _resolve(id, i % 2 == 0 ? Ruling.Buyer : Ruling.Seller);
        }
        int256 gain = _gain(before, _attackerWorth());
        assertEq(usdc.balanceOf(honest), 10 * MIN_ARBITRATION_FEE, "the arbitrator was paid every case");
        assertEq(usdc.balanceOf(feeRecipient), (5 * MIN_ORDER) / 100, "five seller wins at 1% of 10 tokens");
        assertEq(gain, -int256(10 * MIN_ARBITRATION_FEE + (5 * MIN_ORDER) / 100), "attacker net: -20.5 tokens");
        assertLt(gain, 0, "self-dealing cost the attacker");
    }

    /// @dev The same, against an arbitrator that lapses on every case. Each lapse slashes it
    /// min(2 x 2 tokens, 10% of its stake) = 4 tokens, to the treasury; the attacker gets none of
    /// it. The cases end with the fallback arbitrator (whose ruling moves the loser's deposit to
    /// the winner, inside the attacker) or the timeout: the attacker's net is at best 0.
    function test_replaceArbitrator_selfDealingAgainstALapsingArbitratorPaysTheTreasuryNotTheParties() public {
        uint256 before = _attackerWorth();
        uint256 stakeBefore = pool.getArbitrator(honest).stake;
        uint256 lapses;
        for (uint256 i; i < 10; ++i) {
            uint256 id = _buy(alice, bob, MIN_ORDER);
            _toSellerConfirmed(id);
            _disputeFromWallet(id, i % 2 == 0 ? alice : bob);
            _answerFromWallet(id);
            if (_tryDraw(id) != address(0)) {
                vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);
                escrow.replaceArbitrator(id);
                ++lapses;
            }
            // Nobody else can be drawn: the fallback arbitrator takes it and favours the opener.
            _escalate(id);
            _fallbackRule(id, i % 2 == 0 ? 1 : 2);
            address[] memory queued = new address[](1);
            queued[0] = honest;
            pool.applyQueuedWeights(queued);
        }
        // Drawn at reputation 50, 40, 30 and 20; at 10 it is below the floor and nobody is drawn.
        assertEq(lapses, 4);
        uint256 slashed = stakeBefore - pool.getArbitrator(honest).stake;
        assertEq(slashed, lapses * 2 * MIN_ARBITRATION_FEE, "4 tokens a lapse");
        assertEq(stakeToken.balanceOf(treasury), slashed, "the slash goes to the treasury");
        assertEq(stakeToken.balanceOf(alice) + stakeToken.balanceOf(bob), 0, "none of it to the parties");
        assertEq(pool.creditOf(alice) + pool.creditOf(bob), 0);
        int256 gain = _gain(before, _attackerWorth());
        // Five of the ten went to the seller side, each paying 1% of 10 tokens.
        assertEq(gain, -int256((5 * MIN_ORDER) / 100), "attacker net: only the protocol fees");
        assertEq(usdc.balanceOf(feeRecipient), (5 * MIN_ORDER) / 100);
        assertLe(gain, 0, "self-dealing never pays");
    }

    /// @dev Self-dealing in every shape the attacker controls: who buys and opens, whether the
    /// other account answers, settles (at any split), lets the arbitrator rule or lapse, and how
    /// the fallback rules. The attacker's net is never positive: it loses exactly what the
    /// arbitrator and the protocol earned, and the treasury's slashes never reach it.
    function testFuzz_selfDealing_netIsNeverPositive(uint256 seed) public {
        uint256 before = _attackerWorth();
        uint256 n = 1 + (seed % 5);
        for (uint256 i; i < n; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            _selfDeal(r);
        }
        int256 gain = _gain(before, _attackerWorth());
        assertLe(gain, 0, "self-dealing paid");
        assertEq(
            gain,
            -int256(usdc.balanceOf(honest) + usdc.balanceOf(feeRecipient)),
            "the attacker loses what the arbitrator and the protocol earned"
        );
        assertEq(stakeToken.balanceOf(alice) + stakeToken.balanceOf(bob), 0, "no slash reaches the parties");
        assertEq(usdc.balanceOf(address(escrow)), 0);
    }

    function _selfDeal(uint256 r) internal {
        uint256 amount = MIN_ORDER * (1 + (r % 10));
        uint256 id = _buy(alice, bob, amount);
        bool delivered = (r >> 8) % 2 == 0;
        if (delivered) _toSellerConfirmed(id);
        // Before delivery only the buyer may dispute.
        _disputeFromWallet(id, !delivered || (r >> 9) % 2 == 0 ? alice : bob);
        uint256 branch = (r >> 10) % 5;
        if (branch == 0) {
            vm.warp(block.timestamp + RESPONSE_WINDOW + 1);
            escrow.resolveUnanswered(id);
            return;
        }
        _answerFromWallet(id);
        if (branch == 1) {
            uint256 split = (r >> 16) % (amount + 1);
            _propose(id, (r >> 12) % 2 == 0 ? alice : bob, split);
            vm.prank((r >> 12) % 2 == 0 ? bob : alice);
            escrow.acceptSettlement(id, split);
            return;
        }
        if (_tryDraw(id) != address(0)) {
            if (branch == 2) {
                _resolve(id, (r >> 12) % 2 == 0 ? Ruling.Buyer : Ruling.Seller);
                return;
            }
            vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);
            escrow.replaceArbitrator(id);
        }
        if (branch == 4) vm.warp(escrow.deadlineOf(id) + DRAW_WINDOW + 1); // the timeout
        _escalate(id);
        if (escrow.getOrder(id).status == OrderStatus.Disputed) _fallbackRule(id, (r >> 14) % 3);
        address[] memory queued = new address[](1);
        queued[0] = honest;
        pool.applyQueuedWeights(queued);
    }
}

// ==================================================================== Property 4: no dispute lasts forever

/// @notice Property 4: a seller who stalls, at the last second of its window, with an empty pool or
/// with its own alter egos as the only arbitrators, cannot keep the buyer's refund locked past the
/// draw deadline: the fallback arbitrator takes the case, or without one the order's timeout
/// outcome ends it (refund before delivery, release after), deposits returned.
///
/// The bound on any dispute, counted from its opening, with every honest step taken as soon as it
/// is due: the response window, then at most three rounds of a draw window and an arbitration
/// window (a second each past their inclusive deadlines), then one second: 26 days and 4 seconds.
/// From there the fallback arbitrator (trusted) rules, or without one the timeout outcome is paid
/// at once.
contract P2PEscrowStallingAttackTest is AttackTestBase {
    /// @dev The latest second a dispute opened at `openedAt` can still hold funds before the
    /// fallback (or, without one, the timeout outcome) takes it.
    function _latestEscalation(uint256 openedAt) internal pure returns (uint256) {
        return openedAt + RESPONSE_WINDOW + MAX_ROUNDS * (DRAW_WINDOW + ARBITRATION_WINDOW + 1) + 1;
    }

    /// @dev The seller's stall: at the last second of its window it confirms a delivery it never
    /// made and disputes at once (before delivery it may not dispute). The buyer answers.
    function _lastSecondStall() internal returns (uint256 id) {
        id = _buy(buyer, seller, AMOUNT);
        vm.warp(block.timestamp + SELLER_WINDOW);
        _toSellerConfirmed(id);
        _disputeFromWallet(id, seller);
        _answerFromWallet(id);
    }

    /// @dev The original move, disputing at the last second of the seller window before
    /// delivering, is refused: the order simply expires and refunds the buyer a second later.
    function test_openDispute_sellerCannotDisputeAtTheLastSecondBeforeDelivering() public {
        uint256 buyerBefore = _worth(buyer);
        uint256 id = _buy(buyer, seller, AMOUNT);
        uint256 deadline = block.timestamp + SELLER_WINDOW;
        vm.warp(deadline);
        vm.expectRevert(_errUnauthorized(id, seller));
        vm.prank(seller);
        escrow.openDispute(id);
        vm.warp(deadline + 1);
        escrow.expireOrder(id);
        assertEq(_gain(buyerBefore, _worth(buyer)), 0, "refunded one second after the seller window");
    }

    /// @dev With an empty pool, one draw window after the buyer's deposit the fallback arbitrator
    /// has the case, and rules: the buyer gets its refund, its deposit and the seller's. Seller's
    /// gain from the stall: -50.
    function test_escalate_emptyPoolLastSecondStallGoesToTheFallbackArbitrator() public {
        uint256 buyerBefore = _worth(buyer);
        uint256 sellerBefore = _worth(seller);
        uint256 id = _lastSecondStall();
        uint256 openedAt = block.timestamp;
        uint256 fallbackAt = block.timestamp + DRAW_WINDOW;
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNoEligibleArbitrator.selector, id));
        _draw(id);

        vm.warp(fallbackAt);
        vm.expectRevert(_errWindowOpen(id, fallbackAt));
        escrow.escalate(id);
        vm.warp(fallbackAt + 1);
        vm.prank(buyer);
        escrow.escalate(id);
        assertLe(block.timestamp, _latestEscalation(openedAt));
        _fallbackRule(id, uint256(Ruling.Buyer));

        assertEq(_gain(buyerBefore, _worth(buyer)), int256(FEE), "refund, deposit and the seller's deposit");
        assertEq(_gain(sellerBefore, _worth(seller)), -int256(FEE));
    }

    /// @dev Without a fallback arbitrator, a buyer's dispute before delivery that nobody can rule
    /// on ends at the draw deadline with the order's timeout outcome: a refund, each deposit back.
    function test_escalate_withoutFallbackRefundsAnUndeliveredOrderAtTheDrawDeadline() public {
        _redeployWithoutFallback();
        uint256 buyerBefore = _worth(buyer);
        uint256 sellerBefore = _worth(seller);
        uint256 id = _buy(buyer, seller, AMOUNT);
        vm.warp(block.timestamp + SELLER_WINDOW);
        _disputeFromWallet(id, buyer);
        _answerFromWallet(id);
        uint256 releaseAt = block.timestamp + DRAW_WINDOW + 1;

        vm.warp(releaseAt);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.DisputeResolved(
            id,
            buyer,
            seller,
            address(0),
            Ruling.Buyer,
            Resolution.Timeout,
            AMOUNT + FEE,
            FEE,
            0,
            0
        );
        vm.prank(buyer);
        escrow.escalate(id);
        assertEq(_gain(buyerBefore, _worth(buyer)), 0, "whole refund and deposit");
        assertEq(_gain(sellerBefore, _worth(seller)), 0, "deposit back, nothing more");
    }

    /// @dev Without a fallback arbitrator, the timeout outcome of a delivered order is the release:
    /// a buyer that disputes at the last second of its window with an empty pool cannot hold the
    /// seller's payment past the draw deadline either.
    function test_escalate_withoutFallbackReleasesADeliveredOrderWithDepositsBack() public {
        _redeployWithoutFallback();
        uint256 buyerBefore = _worth(buyer);
        uint256 sellerBefore = _worth(seller);
        uint256 id = _buy(buyer, seller, AMOUNT);
        _toSellerConfirmed(id);
        vm.warp(block.timestamp + BUYER_WINDOW);
        _disputeFromWallet(id, buyer);
        _answerFromWallet(id);
        vm.warp(block.timestamp + DRAW_WINDOW + 1);
        escrow.escalate(id);
        _assertStatus(id, OrderStatus.ResolvedSeller);
        assertEq(_gain(sellerBefore, _worth(seller)), int256(AMOUNT - PROTOCOL_FEE), "paid as on auto-release");
        assertEq(_gain(buyerBefore, _worth(buyer)), -int256(AMOUNT), "deposit back, goods kept");
    }

    /// @dev The seller's three alter egos are the only arbitrators. Each is drawn in turn and
    /// stalls; each is replaced (and slashed 100 stake tokens, to the treasury) one second after
    /// its window. After the third, the fallback is due at once and rules for the buyer. The
    /// seller's side loses its deposit and 300 stake tokens; the buyer gains the seller's deposit.
    function test_escalate_alterEgoArbitratorsStallingUntilRoundsRunOutCannotLockTheRefund() public {
        address[] memory egos = _registerArbitrators(3);
        uint256 buyerBefore = _worth(buyer);
        uint256 sellerBefore = _worth(seller);
        uint256 id = _lastSecondStall();
        uint256 openedAt = block.timestamp;
        for (uint256 round; round < MAX_ROUNDS; ++round) {
            address drawn = _draw(id);
            assertTrue(drawn == egos[0] || drawn == egos[1] || drawn == egos[2]);
            vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);
            vm.prank(buyer);
            escrow.replaceArbitrator(id);
        }
        assertEq(escrow.deadlineOf(id), block.timestamp, "the fallback is due at once");
        vm.warp(block.timestamp + 1);
        escrow.escalate(id);
        assertLe(block.timestamp, _latestEscalation(openedAt));
        _fallbackRule(id, uint256(Ruling.Buyer));

        assertEq(_gain(buyerBefore, _worth(buyer)), int256(FEE));
        assertEq(_gain(sellerBefore, _worth(seller)), -int256(FEE));
        assertEq(stakeToken.balanceOf(treasury), 3 * 2 * FEE, "each stalling ego lost 2 x the fee");
    }

    /// @dev A single alter ego is never drawn twice for the order: after its replacement nobody is
    /// eligible, and the case goes to the fallback one draw window later.
    function test_escalate_aSingleAlterEgoIsNotRedrawnAfterItsReplacement() public {
        address ego = _registerArbitrators(1)[0];
        uint256 id = _lastSecondStall();
        assertEq(_draw(id), ego);
        vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);
        escrow.replaceArbitrator(id);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNoEligibleArbitrator.selector, id));
        _draw(id);
        _escalate(id);
        _assertPhase(id, DisputePhase.Escalated);
    }

    /// @dev The worst case, every step taking its whole window: the seller confirms and disputes
    /// at the last second of its window, the buyer deposits at the last second of its response
    /// window, each of three draws lands at the last second of its draw window and each alter ego
    /// stalls its whole arbitration window. The fallback arbitrator gets the case at exactly the
    /// bound, 26 days and 4 seconds after the dispute opened (27 days and 4 seconds after the
    /// order), and rules; without one, the timeout outcome is paid at that same second.
    function test_escalate_theLatestEscalationIsTheBoundEvenIfEveryStepTakesItsWholeWindow() public {
        _registerArbitrators(3);
        uint256 createdAt = block.timestamp;
        uint256 id = _buy(buyer, seller, AMOUNT);
        vm.warp(createdAt + SELLER_WINDOW);
        _toSellerConfirmed(id);
        _disputeFromWallet(id, seller);
        uint256 openedAt = block.timestamp;
        _stallEveryStep(id);

        assertEq(block.timestamp, _latestEscalation(openedAt), "escalated at the bound");
        assertEq(_latestEscalation(openedAt) - openedAt, 26 days + 4);
        assertEq(_latestEscalation(openedAt) - createdAt, 27 days + 4);
        _assertPhase(id, DisputePhase.Escalated);
        uint256 buyerBefore = _worth(buyer);
        _fallbackRule(id, uint256(Ruling.Buyer));
        assertEq(_worth(buyer) - buyerBefore, AMOUNT + 2 * FEE, "refund and both deposits");
    }

    function test_escalate_theTimeoutOutcomeIsPaidAtTheBoundWithoutAFallbackArbitrator() public {
        _redeployWithoutFallback();
        _registerArbitrators(3);
        uint256 sellerBefore = _worth(seller);
        uint256 id = _buy(buyer, seller, AMOUNT);
        vm.warp(block.timestamp + SELLER_WINDOW);
        _toSellerConfirmed(id);
        _disputeFromWallet(id, seller);
        uint256 openedAt = block.timestamp;
        _stallEveryStep(id);

        assertEq(block.timestamp, _latestEscalation(openedAt), "paid at the bound");
        _assertStatus(id, OrderStatus.ResolvedSeller);
        assertEq(_gain(sellerBefore, _worth(seller)), int256(AMOUNT - PROTOCOL_FEE), "released, deposit back");
    }

    /// @dev The buyer answers at the last second; three draws land at the last second of their
    /// draw windows and each drawn arbitrator stalls; the escalation comes one second after the
    /// fallback is due.
    function _stallEveryStep(uint256 id) internal {
        vm.warp(block.timestamp + RESPONSE_WINDOW);
        _answerFromWallet(id);
        for (uint256 round; round < MAX_ROUNDS; ++round) {
            uint256 request = escrow.getDispute(id).randomnessRequest;
            rng.force(request, RandomnessStatus.Pending);
            vm.warp(escrow.deadlineOf(id));
            rng.force(request, RandomnessStatus.Ready);
            _draw(id);
            vm.warp(escrow.deadlineOf(id) + 1);
            escrow.replaceArbitrator(id);
        }
        vm.warp(escrow.deadlineOf(id) + 1);
        escrow.escalate(id);
    }

    /// @dev A fallback that charges (an external court) waits one more draw window for someone to
    /// pay it; if nobody does, the timeout outcome ends the dispute anyway.
    function test_escalate_paidFallbackIsPaidOrTimesOut() public {
        PaidArbitrator court_ = new PaidArbitrator(0.01 ether);
        ArbitratorPool p = new ArbitratorPool(
            owner,
            IERC20(address(stakeToken)),
            MIN_STAKE,
            COOLDOWN,
            SLASH_BPS,
            treasury
        );
        escrow = new P2PEscrow(
            owner,
            IArbitratorPool(address(p)),
            IRNG(address(rng)),
            IArbitrator(address(court_)),
            _windows(),
            ARBITRATOR_FEE_BPS
        );
        vm.prank(owner);
        p.bindEscrow(address(escrow));
        pool = p;
        _configure(address(usdc));
        _fundWallet(buyer);
        _fundWallet(seller);

        uint256 paid = _buy(buyer, seller, AMOUNT);
        uint256 unpaid = _buy(buyer, seller, AMOUNT);
        _disputeFromWallet(paid, buyer);
        _answerFromWallet(paid);
        _disputeFromWallet(unpaid, buyer);
        _answerFromWallet(unpaid);
        uint256 fallbackAt = block.timestamp + DRAW_WINDOW;

        vm.warp(fallbackAt + 1);
        vm.deal(buyer, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidFallbackPayment.selector, 0.01 ether, 0));
        vm.prank(buyer);
        escrow.escalate(paid);
        vm.prank(buyer);
        escrow.escalate{value: 0.01 ether}(paid);
        assertEq(address(court_).balance, 0.01 ether);
        court_.giveRuling(0, uint256(Ruling.Buyer));
        _assertStatus(paid, OrderStatus.ResolvedBuyer);

        // Nobody pays for the other one: a draw window later it ends with the timeout outcome.
        vm.warp(fallbackAt + DRAW_WINDOW);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidFallbackPayment.selector, 0.01 ether, 0));
        escrow.escalate(unpaid);
        vm.warp(fallbackAt + DRAW_WINDOW + 1);
        escrow.escalate(unpaid);
        _assertStatus(unpaid, OrderStatus.ResolvedBuyer);
        assertEq(court_.disputes(), 1, "nobody paid for the second");
    }
}

// ==================================================================== Property 5: offers cannot be sniped

/// @notice Property 5: an offer can be accepted only until its expiry, only while it stands, and
/// only while the dispute is where it was made: a deposit, a draw, a replacement or an escalation
/// makes it lapse, so the losing side cannot accept a stale offer just before the ruling lands.
contract P2PEscrowSnipingAttackTest is AttackTestBase {
    function setUp() public override {
        super.setUp();
        _registerArbitrators(3);
    }

    function _disputed() internal returns (uint256 id) {
        id = _buy(buyer, seller, AMOUNT);
        _toSellerConfirmed(id);
        _disputeFromWallet(id, buyer);
        _answerFromWallet(id);
    }

    function test_acceptSettlement_revertsOnceTheOfferExpired() public {
        uint256 id = _disputed();
        uint256 expiresAt = block.timestamp + 1 hours;
        vm.prank(buyer);
        escrow.proposeSettlement(id, 600 * UNIT, expiresAt);
        vm.warp(expiresAt);
        uint256 snap = vm.snapshotState();
        vm.prank(seller);
        escrow.acceptSettlement(id, 600 * UNIT);
        _assertStatus(id, OrderStatus.Settled);
        vm.revertToState(snap);

        vm.warp(expiresAt + 1);
        vm.expectRevert(_errLapsed(id, expiresAt));
        vm.prank(seller);
        escrow.acceptSettlement(id, 600 * UNIT);
    }

    function test_withdrawSettlement_theOfferCanNoLongerBeAccepted() public {
        uint256 id = _disputed();
        _propose(id, buyer, 600 * UNIT);
        vm.prank(buyer);
        escrow.withdrawSettlement(id);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowSettlementMismatch.selector, id, 0, 600 * UNIT));
        vm.prank(seller);
        escrow.acceptSettlement(id, 600 * UNIT);
    }

    function test_acceptSettlement_offerLapsesWhenTheDepositIsPaid() public {
        uint256 id = _buy(buyer, seller, AMOUNT);
        _disputeFromWallet(id, buyer);
        _propose(id, buyer, 600 * UNIT);
        _answerFromWallet(id);
        uint256 expiresAt = escrow.getSettlementOffer(id).expiresAt;
        vm.expectRevert(_errLapsed(id, expiresAt));
        vm.prank(seller);
        escrow.acceptSettlement(id, 600 * UNIT);
    }

    function test_acceptSettlement_offerLapsesWhenAnArbitratorIsDrawn() public {
        uint256 id = _disputed();
        _propose(id, seller, 300 * UNIT);
        _draw(id);
        uint256 expiresAt = escrow.getSettlementOffer(id).expiresAt;
        vm.expectRevert(_errLapsed(id, expiresAt));
        vm.prank(buyer);
        escrow.acceptSettlement(id, 300 * UNIT);
    }

    function test_acceptSettlement_offerLapsesWhenTheArbitratorIsReplaced() public {
        uint256 id = _disputed();
        _draw(id);
        vm.warp(block.timestamp + ARBITRATION_WINDOW);
        vm.prank(seller);
        escrow.proposeSettlement(id, 300 * UNIT, block.timestamp + 30 days);
        vm.warp(block.timestamp + 1);
        escrow.replaceArbitrator(id);
        vm.expectRevert(_errLapsed(id, escrow.getSettlementOffer(id).expiresAt));
        vm.prank(buyer);
        escrow.acceptSettlement(id, 300 * UNIT);
    }

    function test_acceptSettlement_offerLapsesWhenEscalated() public {
        uint256 id = _disputed();
        vm.prank(seller);
        escrow.proposeSettlement(id, 300 * UNIT, block.timestamp + 30 days);
        _escalate(id);
        vm.expectRevert(_errLapsed(id, escrow.getSettlementOffer(id).expiresAt));
        vm.prank(buyer);
        escrow.acceptSettlement(id, 300 * UNIT);
    }

    /// @dev The buyer never got the goods. Before the draw it offered to take 700 back to end the
    /// dispute quickly; the seller declined. Once the arbitrator is drawn, the seller sees the
    /// ruling for the buyer coming and races it to accept the old offer: refused. Had it worked
    /// the seller would have kept 297 (300 less its protocol fee) and its 50 deposit; instead it
    /// loses its deposit (-50) and the buyer is made whole.
    function test_acceptSettlement_losingSellerCannotAcceptAStaleOfferBeforeTheRuling() public {
        uint256 buyerBefore = _worth(buyer);
        uint256 sellerBefore = _worth(seller);
        uint256 id = _disputed();
        vm.prank(buyer);
        escrow.proposeSettlement(id, 700 * UNIT, block.timestamp + 30 days);
        address arbitrator = _draw(id);

        vm.expectRevert(_errLapsed(id, escrow.getSettlementOffer(id).expiresAt));
        vm.prank(seller);
        escrow.acceptSettlement(id, 700 * UNIT);
        vm.prank(arbitrator);
        escrow.resolveDispute(id, Ruling.Buyer);

        assertEq(_gain(sellerBefore, _worth(seller)), -int256(FEE), "the snipe gained nothing");
        assertEq(_gain(buyerBefore, _worth(buyer)), 0, "the buyer is made whole");
    }

    /// @dev And the other way round: the buyer cannot grab the seller's old offer before a ruling
    /// for the seller.
    function test_acceptSettlement_losingBuyerCannotAcceptAStaleOfferBeforeTheRuling() public {
        uint256 buyerBefore = _worth(buyer);
        uint256 id = _disputed();
        vm.prank(seller);
        escrow.proposeSettlement(id, 200 * UNIT, block.timestamp + 30 days);
        address arbitrator = _draw(id);

        vm.expectRevert(_errLapsed(id, escrow.getSettlementOffer(id).expiresAt));
        vm.prank(buyer);
        escrow.acceptSettlement(id, 200 * UNIT);
        vm.prank(arbitrator);
        escrow.resolveDispute(id, Ruling.Seller);

        assertEq(_gain(buyerBefore, _worth(buyer)), -int256(AMOUNT + FEE), "the snipe gained nothing");
    }

    /// @dev A lapsed offer blocks nothing: the parties can still settle on a fresh one.
    function test_proposeSettlement_aFreshOfferInTheNewPhaseCanBeAccepted() public {
        uint256 id = _disputed();
        _propose(id, buyer, 700 * UNIT);
        _draw(id);
        _propose(id, buyer, 650 * UNIT);
        vm.prank(seller);
        escrow.acceptSettlement(id, 650 * UNIT);
        _assertStatus(id, OrderStatus.Settled);
    }
}

// ==================================================================== Property 7: rule in time or not at all

/// @notice Property 7: a ruling after the arbitration window is refused; the arbitrator can then
/// be replaced, and the late arbitrator earns nothing (and is slashed for the lapse).
contract P2PEscrowLateRulingAttackTest is AttackTestBase {
    function setUp() public override {
        super.setUp();
        _registerArbitrators(3);
    }

    /// @dev The drawn arbitrator sits on the case and tries to rule one second late, to collect
    /// the fee anyway. Refused; replaced; slashed 100 stake tokens; its fee (50) goes to the
    /// arbitrator that rules in time. Late arbitrator's gain: 0 tokens, -100 stake.
    function test_resolveDispute_lateRulingIsRefusedAndTheLateArbitratorEarnsNothing() public {
        uint256 id = _buy(buyer, seller, AMOUNT);
        _toSellerConfirmed(id);
        _disputeFromWallet(id, buyer);
        _answerFromWallet(id);
        address late = _draw(id);
        uint256 stakeBefore = pool.getArbitrator(late).stake;
        uint256 deadline = block.timestamp + ARBITRATION_WINDOW;

        vm.warp(deadline + 1);
        vm.expectRevert(_errWindowClosed(id, deadline));
        vm.prank(late);
        escrow.resolveDispute(id, Ruling.Seller);

        escrow.replaceArbitrator(id);
        vm.expectRevert(_errPhase(id, DisputePhase.Drawing));
        vm.prank(late);
        escrow.resolveDispute(id, Ruling.Seller);
        address next = _draw(id);
        vm.expectRevert(_errUnauthorized(id, late));
        vm.prank(late);
        escrow.resolveDispute(id, Ruling.Seller);
        vm.prank(next);
        escrow.resolveDispute(id, Ruling.Seller);

        assertEq(usdc.balanceOf(late), 0, "the late arbitrator earned nothing");
        assertEq(stakeBefore - pool.getArbitrator(late).stake, 2 * FEE, "and was slashed");
        assertEq(usdc.balanceOf(next), FEE, "the fee went to the arbitrator that ruled in time");
    }

    function testFuzz_resolveDispute_noRulingAfterTheWindow(uint256 late) public {
        late = bound(late, 1, 365 days);
        (uint256 id, address arbitrator) = _assignedOrder();
        uint256 deadline = block.timestamp + ARBITRATION_WINDOW;
        vm.warp(deadline + late);
        vm.expectRevert(_errWindowClosed(id, deadline));
        vm.prank(arbitrator);
        escrow.resolveDispute(id, Ruling.Buyer);
        assertEq(usdc.balanceOf(arbitrator), 0);
    }
}

// ==================================================================== Property 8: what the user signed

/// @notice Property 8: the buyer's fee limit binds: a fee rise that lands first makes the order
/// revert. The protocol fee is taken from whatever the seller receives, so disputing and settling
/// (or winning a dispute) never skips it.
contract P2PEscrowFeeLimitAttackTest is AttackTestBase {
    uint256 internal constant BUYER_PK = 0xB1B1;

    function setUp() public override {
        super.setUp();
        _registerArbitrators(3);
    }

    /// @dev The buyer saw a 0.5% fee and signed that as its limit; the owner's rise to 1% lands
    /// first.
    function _feeRiseLandsFirst() internal {
        vm.prank(owner);
        escrow.setProtocolFee(50, feeRecipient);
        vm.prank(owner);
        escrow.setProtocolFee(100, feeRecipient);
    }

    function test_createOrder_revertsWithEscrowFeeAboveLimitWhenAFeeRiseLandsFirst() public {
        _feeRiseLandsFirst();
        uint256 before = _worth(buyer);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowFeeAboveLimit.selector, 100, 50));
        vm.prank(buyer);
        escrow.createOrder(seller, address(usdc), AMOUNT, PRODUCT, 50);
        assertEq(_worth(buyer), before, "nothing charged");
        assertEq(escrow.nextOrderId(), 1);
    }

    function test_createOrderWithPermit_revertsWithEscrowFeeAboveLimitWhenAFeeRiseLandsFirst() public {
        address signer = vm.addr(BUYER_PK);
        usdc.mint(signer, AMOUNT);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(usdc, BUYER_PK, AMOUNT, deadline);
        _feeRiseLandsFirst();
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowFeeAboveLimit.selector, 100, 50));
        vm.prank(signer);
        escrow.createOrderWithPermit(seller, address(usdc), AMOUNT, PRODUCT, 50, deadline, v, r, s);
        assertEq(usdc.balanceOf(signer), AMOUNT, "nothing charged");
        assertEq(usdc.allowance(signer, address(escrow)), 0, "the permit was rolled back too");
        assertEq(usdc.nonces(signer), 0);
    }

    function test_createOrder_aFeeCutLandingFirstChargesTheLowerFee() public {
        vm.prank(owner);
        escrow.setProtocolFee(20, feeRecipient);
        vm.prank(buyer);
        uint256 id = escrow.createOrder(seller, address(usdc), AMOUNT, PRODUCT, 100);
        assertEq(escrow.getOrder(id).protocolFeeBps, 20);
    }

    /// @dev Dispute and settle with the seller taking it all: the fee recipient gets exactly what a
    /// plain completion would have paid it (10 tokens). Skipping the fee gains 0.
    function test_acceptSettlement_disputeAndSettleCannotSkipTheProtocolFee() public {
        uint256 id = _buy(buyer, seller, AMOUNT);
        _toSellerConfirmed(id);
        uint256 snap = vm.snapshotState();
        vm.prank(buyer);
        escrow.buyerConfirmReceived(id);
        uint256 completionFee = usdc.balanceOf(feeRecipient);
        vm.revertToState(snap);

        _disputeFromWallet(id, buyer);
        _answerFromWallet(id);
        _propose(id, seller, 0);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.DisputeSettled(id, buyer, seller, FEE, AMOUNT - PROTOCOL_FEE + FEE, PROTOCOL_FEE);
        vm.prank(buyer);
        escrow.acceptSettlement(id, 0);
        assertEq(completionFee, PROTOCOL_FEE);
        assertEq(usdc.balanceOf(feeRecipient), completionFee, "the same fee as a completion");
    }

    /// @dev Any split: the protocol fee is the rate on the seller's share.
    function testFuzz_acceptSettlement_chargesTheProtocolFeeOnTheSellersShare(uint256 buyerAmount) public {
        buyerAmount = bound(buyerAmount, 0, AMOUNT);
        uint256 id = _buy(buyer, seller, AMOUNT);
        _disputeFromWallet(id, buyer);
        _answerFromWallet(id);
        _settle(id, buyerAmount);
        assertEq(usdc.balanceOf(feeRecipient), ((AMOUNT - buyerAmount) * PROTOCOL_FEE_BPS) / BPS);
    }

    /// @dev Every way a dispute can pay the seller takes the protocol fee: an arbitrator's ruling,
    /// a default, the fallback arbitrator's ruling and a timeout.
    function test_resolveDispute_everySellerWinPaysTheProtocolFee() public {
        // The arbitrator rules for the seller.
        uint256 ruled = _buy(buyer, seller, AMOUNT);
        _toSellerConfirmed(ruled);
        _disputeFromWallet(ruled, buyer);
        _answerFromWallet(ruled);
        _draw(ruled);
        _resolve(ruled, Ruling.Seller);
        assertEq(usdc.balanceOf(feeRecipient), PROTOCOL_FEE, "ruling");

        // The buyer never answers the seller's dispute.
        uint256 defaulted = _buy(buyer, seller, AMOUNT);
        _toSellerConfirmed(defaulted);
        _disputeFromWallet(defaulted, seller);
        vm.warp(block.timestamp + RESPONSE_WINDOW + 1);
        escrow.resolveUnanswered(defaulted);
        assertEq(usdc.balanceOf(feeRecipient), 2 * PROTOCOL_FEE, "default");

        // The fallback arbitrator rules for the seller.
        uint256 escalated = _buy(buyer, seller, AMOUNT);
        _toSellerConfirmed(escalated);
        _disputeFromWallet(escalated, buyer);
        _answerFromWallet(escalated);
        _escalate(escalated);
        _fallbackRule(escalated, uint256(Ruling.Seller));
        assertEq(usdc.balanceOf(feeRecipient), 3 * PROTOCOL_FEE, "fallback ruling");

        // Nobody rules a delivered order: the timeout releases it.
        uint256 timedOut = _buy(buyer, seller, AMOUNT);
        _toSellerConfirmed(timedOut);
        _disputeFromWallet(timedOut, buyer);
        _answerFromWallet(timedOut);
        vm.warp(escrow.deadlineOf(timedOut) + DRAW_WINDOW + 1);
        escrow.escalate(timedOut);
        _assertStatus(timedOut, OrderStatus.ResolvedSeller);
        assertEq(usdc.balanceOf(feeRecipient), 4 * PROTOCOL_FEE, "timeout");
    }
}

// ==================================================================== The draw is fixed at the request

/// @notice replaceArbitrator requests the next draw's randomness before it tells the pool about
/// the lapse, so the penalty's weight change queues behind the new draw instead of racing it.
contract P2PEscrowDrawOrderTest is AttackTestBase {
    OrderingRNG internal orderingRng;

    function setUp() public override {
        super.setUp();
        orderingRng = new OrderingRNG();
        (pool, escrow, fallbackArb) = _deploy(IERC20(address(stakeToken)), MIN_STAKE, IRNG(address(orderingRng)), true);
        _configure(address(usdc));
        _fundWallet(buyer);
        _fundWallet(seller);
        _registerArbitrators(3);
    }

    function test_replaceArbitrator_requestsRandomnessBeforeCallingThePool() public {
        (uint256 id, address missed) = _assignedOrder();
        orderingRng.watch(IArbitratorPool(address(pool)), missed);
        uint256 weightBefore = pool.weightOf(missed);
        vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);
        vm.recordLogs();
        escrow.replaceArbitrator(id);
        Vm.Log[] memory logs = vm.getRecordedLogs();

        // What the RNG saw when asked: the pool had heard nothing yet.
        assertEq(orderingRng.seenReputation(), 50, "penalty not applied yet");
        assertEq(orderingRng.seenOpenCases(), 1, "case not closed yet");
        assertEq(orderingRng.seenStake(), 2 * MIN_STAKE, "not slashed yet");
        assertEq(orderingRng.seenOpenDraws(), 0, "draw not opened yet");

        // The order of events: replaced, randomness requested, draw opened, then the penalty.
        uint256 requested = _indexOf(logs, address(escrow), IP2PEscrow.RandomnessRequested.selector);
        uint256 opened = _indexOf(logs, address(pool), IArbitratorPool.DrawOpened.selector);
        uint256 penalized = _indexOf(logs, address(pool), IArbitratorPool.ArbitratorPenalized.selector);
        assertLt(_indexOf(logs, address(escrow), IP2PEscrow.ArbitratorReplaced.selector), requested);
        assertLt(requested, opened);
        assertLt(opened, penalized);

        // So the penalty waits behind the new draw: the tree the draw reads is unchanged.
        assertTrue(pool.isWeightQueued(missed), "the penalty's weight change is queued");
        assertEq(pool.weightOf(missed), weightBefore);
        assertEq(pool.getArbitrator(missed).reputation, 40);
    }

    function _indexOf(Vm.Log[] memory logs, address emitter, bytes32 topic) internal pure returns (uint256) {
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter == emitter && logs[i].topics[0] == topic) return i;
        }
        revert("event not emitted");
    }
}
