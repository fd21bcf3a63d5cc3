// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {FallbackArbitrator} from "../src/FallbackArbitrator.sol";
import {IArbitratorPool} from "../src/interfaces/IArbitratorPool.sol";
import {IArbitrator} from "../src/interfaces/IERC792.sol";
import {IP2PEscrow} from "../src/interfaces/IP2PEscrow.sol";
import {
    Arbitrator,
    Dispute,
    DisputePhase,
    OrderStatus,
    RandomnessStatus,
    Resolution,
    Ruling,
    SettlementOffer
} from "../src/types/Types.sol";
import {EscrowTestBase} from "./utils/EscrowTestBase.sol";

/// @notice Disputes: deposits, the response window and default, drawing, replacing, ruling,
/// escalating to the fallback, settling and evidence.
contract P2PEscrowDisputeTest is EscrowTestBase {
    function setUp() public override {
        super.setUp();
        _registerArbitrators(3);
    }

    /// @dev Who the next draw for `id` would pick, without drawing.
    function _peekDraw(uint256 id) internal returns (address arbitrator) {
        uint256 snap = vm.snapshotState();
        arbitrator = _draw(id);
        vm.revertToState(snap);
    }

    // ---------------------------------------------------------------- openDispute

    function test_openDispute_byBuyerPullsDepositAndAwaitsResponse() public {
        uint256 id = _createOrder();
        _fundDeposit(id, buyer);
        uint256 requests = rng.requestCount();
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.DisputeOpened(id, buyer, seller, buyer, FEE, block.timestamp + RESPONSE_WINDOW);
        vm.prank(buyer);
        escrow.openDispute(id);

        _assertStatus(id, OrderStatus.Disputed);
        Dispute memory d = escrow.getDispute(id);
        assertEq(uint256(d.phase), uint256(DisputePhase.AwaitingDeposit));
        assertEq(d.opener, buyer);
        assertEq(d.fee, FEE);
        assertFalse(d.delivered);
        assertEq(d.phaseSince, block.timestamp);
        assertEq(d.step, 1);
        assertEq(d.arbitrator, address(0));
        assertEq(escrow.arbitrationFeeOf(id), FEE);
        assertEq(usdc.balanceOf(address(escrow)), AMOUNT + FEE);
        assertEq(usdc.balanceOf(buyer), 0);
        // Nothing is drawn before both sides have paid.
        assertEq(rng.requestCount(), requests, "randomness requested before the response");
        assertEq(pool.openDraws(), 0);
    }

    function test_openDispute_bySellerWhileSellerConfirmed() public {
        uint256 id = _confirmedOrder();
        _fundDeposit(id, seller);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.DisputeOpened(id, buyer, seller, seller, FEE, block.timestamp + RESPONSE_WINDOW);
        vm.prank(seller);
        escrow.openDispute(id);
        _assertStatus(id, OrderStatus.Disputed);
        assertTrue(escrow.getDispute(id).delivered);
        assertEq(usdc.balanceOf(seller), 0);
    }

    /// @dev Before delivery the seller has nothing to claim, and an unanswered dispute goes to its
    /// opener: a seller dispute there could collect an undelivered order from an absent buyer.
    function test_openDispute_revertsIfSellerBeforeDelivery() public {
        uint256 id = _createOrder();
        _fundDeposit(id, seller);
        vm.expectRevert(_errUnauthorized(id, seller));
        vm.prank(seller);
        escrow.openDispute(id);
        _assertStatus(id, OrderStatus.Created);
    }

    function test_openDispute_revertsWithoutAllowance() public {
        uint256 id = _confirmedOrder();
        usdc.mint(buyer, FEE);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(escrow), 0, FEE)
        );
        vm.prank(buyer);
        escrow.openDispute(id);
    }

    function test_openDispute_revertsIfStranger() public {
        uint256 id = _confirmedOrder();
        vm.expectRevert(_errUnauthorized(id, stranger));
        vm.prank(stranger);
        escrow.openDispute(id);
    }

    function test_openDispute_revertsIfAlreadyDisputed() public {
        uint256 id = _confirmedOrder();
        _openDispute(id, buyer);
        vm.expectRevert(_errStatus(id, OrderStatus.Disputed));
        vm.prank(seller);
        escrow.openDispute(id);
    }

    function testFuzz_openDispute_sellerWindowBoundary(uint256 elapsed) public {
        elapsed = bound(elapsed, 0, 3 * SELLER_WINDOW);
        uint256 id = _createOrder();
        _fundDeposit(id, buyer);
        uint256 deadline = block.timestamp + SELLER_WINDOW;
        vm.warp(block.timestamp + elapsed);
        if (elapsed > SELLER_WINDOW) vm.expectRevert(_errWindowClosed(id, deadline));
        vm.prank(buyer);
        escrow.openDispute(id);
    }

    function testFuzz_openDispute_buyerWindowBoundary(uint256 elapsed) public {
        elapsed = bound(elapsed, 0, 3 * BUYER_WINDOW);
        uint256 id = _confirmedOrder();
        _fundDeposit(id, buyer);
        uint256 deadline = block.timestamp + BUYER_WINDOW;
        vm.warp(block.timestamp + elapsed);
        if (elapsed > BUYER_WINDOW) vm.expectRevert(_errWindowClosed(id, deadline));
        vm.prank(buyer);
        escrow.openDispute(id);
    }

    function test_openDispute_atBuyerDeadline() public {
        uint256 id = _confirmedOrder();
        vm.warp(block.timestamp + BUYER_WINDOW);
        _openDispute(id, seller);
        _assertStatus(id, OrderStatus.Disputed);
    }

    function testFuzz_openDispute_depositIsTheClampedFee(uint256 amount) public {
        amount = bound(amount, MIN_ORDER, type(uint96).max);
        uint256 id = _createOrder(amount);
        uint256 fee = _feeFor(amount);
        assertEq(escrow.arbitrationFeeOf(id), fee, "quoted fee");
        assertGe(fee, MIN_ARBITRATION_FEE);
        assertLe(fee * BPS, amount * MAX_ARBITRATOR_FEE_BPS);
        _openDispute(id, buyer);
        assertEq(escrow.getDispute(id).fee, fee);
        assertEq(usdc.balanceOf(address(escrow)), amount + fee);
    }

    function test_openDispute_takesNoDepositWhenTheFeeRoundsToZero() public {
        // A token without a minimum fee: 5% of 19 base units rounds to nothing.
        vm.prank(owner);
        escrow.configureToken(address(usdc), true, 1, 0, 0);
        uint256 id = _createOrder(19);
        assertEq(escrow.arbitrationFeeOf(id), 0);
        vm.prank(buyer);
        escrow.openDispute(id);
        vm.prank(seller);
        escrow.payDisputeFee(id);
        _assertPhase(id, DisputePhase.Drawing);
        assertEq(usdc.balanceOf(address(escrow)), 19);
    }

    // ---------------------------------------------------------------- payDisputeFee

    function test_payDisputeFee_startsTheDraw() public {
        uint256 id = _confirmedOrder();
        _openDispute(id, buyer);
        _fundDeposit(id, seller);
        vm.warp(block.timestamp + 1 hours);
        uint256 nextRequest = rng.requestCount() + 1;
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.DisputeFeePaid(id, seller, FEE);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.RandomnessRequested(id, nextRequest, 0, block.timestamp + DRAW_WINDOW);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.DrawOpened(id);
        vm.prank(seller);
        escrow.payDisputeFee(id);

        Dispute memory d = escrow.getDispute(id);
        assertEq(uint256(d.phase), uint256(DisputePhase.Drawing));
        assertEq(d.phaseSince, block.timestamp);
        assertEq(d.step, 2);
        assertEq(d.randomnessRequest, nextRequest);
        assertEq(pool.openDraws(), 1);
        assertEq(usdc.balanceOf(address(escrow)), AMOUNT + 2 * FEE);
        assertEq(usdc.balanceOf(seller), 0);
    }

    function test_payDisputeFee_revertsIfOpener() public {
        uint256 id = _confirmedOrder();
        _openDispute(id, buyer);
        _fundDeposit(id, buyer);
        vm.expectRevert(_errUnauthorized(id, buyer));
        vm.prank(buyer);
        escrow.payDisputeFee(id);
    }

    function test_payDisputeFee_revertsIfStranger() public {
        uint256 id = _confirmedOrder();
        _openDispute(id, buyer);
        vm.expectRevert(_errUnauthorized(id, stranger));
        vm.prank(stranger);
        escrow.payDisputeFee(id);
    }

    function test_payDisputeFee_revertsIfNotDisputed() public {
        uint256 id = _confirmedOrder();
        vm.expectRevert(_errStatus(id, OrderStatus.SellerConfirmed));
        vm.prank(seller);
        escrow.payDisputeFee(id);
    }

    function test_payDisputeFee_revertsIfAlreadyPaid() public {
        uint256 id = _disputedOrder();
        vm.expectRevert(_errPhase(id, DisputePhase.Drawing));
        vm.prank(seller);
        escrow.payDisputeFee(id);
    }

    function testFuzz_payDisputeFee_responseWindowBoundary(uint256 elapsed) public {
        elapsed = bound(elapsed, 0, 3 * RESPONSE_WINDOW);
        uint256 id = _confirmedOrder();
        _openDispute(id, buyer);
        _fundDeposit(id, seller);
        uint256 deadline = block.timestamp + RESPONSE_WINDOW;
        vm.warp(block.timestamp + elapsed);
        if (elapsed > RESPONSE_WINDOW) vm.expectRevert(_errWindowClosed(id, deadline));
        vm.prank(seller);
        escrow.payDisputeFee(id);
    }

    // ---------------------------------------------------------------- resolveUnanswered

    function test_resolveUnanswered_buyerOpenerGetsRefundAndDeposit() public {
        uint256 id = _createOrder();
        _openDispute(id, buyer);
        vm.warp(block.timestamp + RESPONSE_WINDOW + 1);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.DisputeResolved(
            id,
            buyer,
            seller,
            address(0),
            Ruling.Buyer,
            Resolution.Default,
            AMOUNT + FEE,
            0,
            0,
            0
        );
        vm.prank(stranger);
        escrow.resolveUnanswered(id);
        _assertStatus(id, OrderStatus.ResolvedBuyer);
        assertEq(usdc.balanceOf(buyer), AMOUNT + FEE);
        assertEq(usdc.balanceOf(seller), 0);
        assertEq(usdc.balanceOf(address(escrow)), 0);
    }

    function test_resolveUnanswered_sellerOpenerGetsPaymentLessProtocolFeeAndDeposit() public {
        vm.prank(owner);
        escrow.setProtocolFee(100, feeRecipient);
        uint256 id = _confirmedOrder();
        _openDispute(id, seller);
        vm.warp(block.timestamp + RESPONSE_WINDOW + 1);
        uint256 protocolFee = AMOUNT / 100;
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.DisputeResolved(
            id,
            buyer,
            seller,
            address(0),
            Ruling.Seller,
            Resolution.Default,
            0,
            AMOUNT - protocolFee + FEE,
            0,
            protocolFee
        );
        escrow.resolveUnanswered(id);
        _assertStatus(id, OrderStatus.ResolvedSeller);
        assertEq(usdc.balanceOf(seller), AMOUNT - protocolFee + FEE);
        assertEq(usdc.balanceOf(feeRecipient), protocolFee);
        assertEq(usdc.balanceOf(address(escrow)), 0);
    }

    function test_resolveUnanswered_revertsAtDeadline() public {
        uint256 id = _confirmedOrder();
        _openDispute(id, buyer);
        uint256 deadline = block.timestamp + RESPONSE_WINDOW;
        vm.warp(deadline);
        vm.expectRevert(_errWindowOpen(id, deadline));
        escrow.resolveUnanswered(id);
    }

    function test_resolveUnanswered_revertsOnceAnswered() public {
        uint256 id = _disputedOrder();
        vm.warp(block.timestamp + RESPONSE_WINDOW + 1);
        vm.expectRevert(_errPhase(id, DisputePhase.Drawing));
        escrow.resolveUnanswered(id);
    }

    function test_resolveUnanswered_revertsIfNotDisputed() public {
        uint256 id = _createOrder();
        vm.expectRevert(_errStatus(id, OrderStatus.Created));
        escrow.resolveUnanswered(id);
    }

    // ---------------------------------------------------------------- drawArbitrator

    function test_drawArbitrator_assignsAndEmits() public {
        uint256 id = _disputedOrder();
        address expected = _peekDraw(id);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.CaseAssigned(expected, id);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.ArbitratorAssigned(id, expected, 0, block.timestamp + ARBITRATION_WINDOW);
        address arbitrator = _draw(id);
        assertEq(arbitrator, expected);
        Dispute memory d = escrow.getDispute(id);
        assertEq(d.arbitrator, arbitrator);
        assertEq(uint256(d.phase), uint256(DisputePhase.Ruling));
        assertEq(d.phaseSince, block.timestamp);
        assertEq(d.step, 3);
        assertEq(pool.getArbitrator(arbitrator).openCases, 1);
        assertTrue(pool.wasAssigned(id, arbitrator));
        assertEq(pool.openDraws(), 0, "the draw closed");
    }

    function test_drawArbitrator_revertsWhileAwaitingDeposit() public {
        uint256 id = _confirmedOrder();
        _openDispute(id, buyer);
        vm.expectRevert(_errPhase(id, DisputePhase.AwaitingDeposit));
        _draw(id);
    }

    function test_drawArbitrator_revertsWhileRandomnessPending() public {
        uint256 id = _disputedOrder();
        _holdRandomness(id);
        uint256 request = escrow.getDispute(id).randomnessRequest;
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowRandomnessPending.selector, id, request));
        _draw(id);
    }

    function test_drawArbitrator_rerequestsExpiredRandomnessWithoutMovingTheDeadline() public {
        uint256 id = _disputedOrder();
        uint256 fallbackAt = escrow.deadlineOf(id);
        uint256 oldRequest = escrow.getDispute(id).randomnessRequest;
        rng.force(oldRequest, RandomnessStatus.Expired);
        vm.warp(block.timestamp + 1 hours);
        uint256 newRequest = rng.requestCount() + 1;
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.RandomnessRequested(id, newRequest, 0, fallbackAt);
        assertEq(_draw(id), address(0));
        Dispute memory d = escrow.getDispute(id);
        assertEq(d.randomnessRequest, newRequest);
        assertEq(d.arbitrator, address(0));
        assertEq(escrow.deadlineOf(id), fallbackAt, "a re-request does not extend the draw window");
        assertEq(pool.openDraws(), 1, "still one draw open");
        // The fresh request is answered: the draw goes through.
        assertTrue(_draw(id) != address(0));
    }

    function test_drawArbitrator_revertsIfAlreadyAssigned() public {
        (uint256 id, ) = _assignedOrder();
        vm.expectRevert(_errPhase(id, DisputePhase.Ruling));
        _draw(id);
    }

    function test_drawArbitrator_revertsIfNobodyDrawable() public {
        uint256 id = _confirmedOrder();
        // They leave before the draw opens; a draw already open would still see them.
        for (uint256 i; i < arbs.length; ++i) {
            vm.prank(arbs[i]);
            pool.requestUnstake();
        }
        _toDisputed(id);
        assertEq(pool.totalWeight(), 0);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNoEligibleArbitrator.selector, id));
        _draw(id);
    }

    function test_drawArbitrator_revertsAfterDrawWindow() public {
        uint256 id = _disputedOrder();
        uint256 deadline = block.timestamp + DRAW_WINDOW;
        vm.warp(deadline);
        uint256 snap = vm.snapshotState();
        assertTrue(_draw(id) != address(0), "drawable at the deadline");
        vm.revertToState(snap);
        vm.warp(deadline + 1);
        vm.expectRevert(_errWindowClosed(id, deadline));
        _draw(id);
    }

    function testFuzz_drawArbitrator_neverDrawsAParty(uint256 seed) public {
        // The parties are registered arbitrators too, with the same weight as the others.
        _register(buyer, 2 * MIN_STAKE);
        _register(seller, 2 * MIN_STAKE);
        rng.setSeed(seed);
        (uint256 id, address arbitrator) = _assignedOrder();
        assertTrue(arbitrator != buyer && arbitrator != seller, "party drawn");
        assertTrue(pool.wasAssigned(id, arbitrator));
    }

    // ---------------------------------------------------------------- replaceArbitrator

    function test_replaceArbitrator_revertsIfNoArbitrator() public {
        uint256 id = _disputedOrder();
        vm.expectRevert(_errPhase(id, DisputePhase.Drawing));
        escrow.replaceArbitrator(id);
    }

    function test_replaceArbitrator_revertsAtDeadline() public {
        (uint256 id, ) = _assignedOrder();
        uint256 deadline = block.timestamp + ARBITRATION_WINDOW;
        vm.warp(deadline);
        vm.expectRevert(_errWindowOpen(id, deadline));
        escrow.replaceArbitrator(id);
    }

    function testFuzz_replaceArbitrator_windowBoundary(uint256 elapsed) public {
        elapsed = bound(elapsed, 0, 3 * ARBITRATION_WINDOW);
        (uint256 id, ) = _assignedOrder();
        uint256 deadline = block.timestamp + ARBITRATION_WINDOW;
        vm.warp(block.timestamp + elapsed);
        if (elapsed <= ARBITRATION_WINDOW) vm.expectRevert(_errWindowOpen(id, deadline));
        escrow.replaceArbitrator(id);
    }

    function test_replaceArbitrator_slashesToTreasuryAndRedraws() public {
        (uint256 id, address missed) = _assignedOrder();
        uint256 stakeBefore = pool.getArbitrator(missed).stake;
        // min(2 x the case's fee, 10% of the stake): 2 x 50 = 100 tokens, 10% of 1,000 = 100 tokens.
        uint256 slashed = 2 * FEE < (stakeBefore * SLASH_BPS) / BPS ? 2 * FEE : (stakeBefore * SLASH_BPS) / BPS;
        uint256 nextRequest = rng.requestCount() + 1;
        vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);

        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.ArbitratorReplaced(id, missed, 1);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.RandomnessRequested(id, nextRequest, 1, block.timestamp + DRAW_WINDOW);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.ArbitratorPenalized(missed, id, slashed, stakeBefore - slashed, 40);
        vm.prank(stranger);
        escrow.replaceArbitrator(id);

        Dispute memory d = escrow.getDispute(id);
        assertEq(d.arbitrator, address(0));
        assertEq(uint256(d.phase), uint256(DisputePhase.Drawing));
        assertEq(d.round, 1);
        assertEq(d.randomnessRequest, nextRequest);
        assertEq(escrow.deadlineOf(id), block.timestamp + DRAW_WINDOW);

        Arbitrator memory a = pool.getArbitrator(missed);
        assertEq(a.reputation, 40);
        assertEq(a.stake, stakeBefore - slashed);
        assertEq(a.openCases, 0);
        assertEq(stakeToken.balanceOf(treasury), slashed, "the slash goes to the slash recipient");
        assertEq(stakeToken.balanceOf(buyer) + stakeToken.balanceOf(seller), 0, "never to the parties");
        // The order's funds and both deposits are untouched.
        assertEq(usdc.balanceOf(address(escrow)), AMOUNT + 2 * FEE);

        // The next draw is a different arbitrator, in round 1.
        address next = _peekDraw(id);
        assertTrue(next != missed, "missed arbitrator redrawn");
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.ArbitratorAssigned(id, next, 1, block.timestamp + ARBITRATION_WINDOW);
        _draw(id);
    }

    function test_replaceArbitrator_neverRedrawsAnEarlierArbitratorAndEndsAfterThreeRounds() public {
        (uint256 id, address first) = _assignedOrder();
        vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);
        escrow.replaceArbitrator(id);
        address second = _draw(id);
        vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);
        escrow.replaceArbitrator(id);
        address third = _draw(id);
        assertTrue(first != second && second != third && first != third, "arbitrator drawn twice");
        vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);
        uint256 requests = rng.requestCount();
        escrow.replaceArbitrator(id);

        Dispute memory d = escrow.getDispute(id);
        assertEq(d.round, MAX_ROUNDS);
        assertEq(rng.requestCount(), requests, "no fourth draw is requested");
        assertEq(pool.openDraws(), 0);
        // The fallback is due at once.
        assertEq(escrow.deadlineOf(id), block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowRoundsExhausted.selector, id, MAX_ROUNDS));
        _draw(id);
        vm.warp(block.timestamp + 1);
        vm.prank(stranger);
        escrow.escalate(id);
        _assertPhase(id, DisputePhase.Escalated);
    }

    // ---------------------------------------------------------------- resolveDispute

    function test_resolveDispute_buyerWinsOrderAndDeposit() public {
        (uint256 id, address arbitrator) = _assignedOrder();
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.CaseRuled(arbitrator, id, 50);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.DisputeResolved(
            id,
            buyer,
            seller,
            arbitrator,
            Ruling.Buyer,
            Resolution.Arbitrator,
            AMOUNT + FEE,
            0,
            FEE,
            0
        );
        vm.prank(arbitrator);
        escrow.resolveDispute(id, Ruling.Buyer);
        _assertStatus(id, OrderStatus.ResolvedBuyer);
        assertEq(usdc.balanceOf(buyer), AMOUNT + FEE);
        assertEq(usdc.balanceOf(arbitrator), FEE, "the seller's deposit pays the arbitrator");
        assertEq(usdc.balanceOf(seller), 0);
        assertEq(usdc.balanceOf(address(escrow)), 0);
        assertEq(pool.getArbitrator(arbitrator).openCases, 0);
        assertEq(pool.getArbitrator(arbitrator).reputation, 50, "rulings never raise reputation past the start");
    }

    function test_resolveDispute_sellerWinsPaymentLessProtocolFeeAndDeposit() public {
        vm.prank(owner);
        escrow.setProtocolFee(100, feeRecipient);
        (uint256 id, address arbitrator) = _assignedOrder();
        uint256 protocolFee = AMOUNT / 100;
        vm.prank(arbitrator);
        escrow.resolveDispute(id, Ruling.Seller);
        _assertStatus(id, OrderStatus.ResolvedSeller);
        assertEq(usdc.balanceOf(seller), AMOUNT - protocolFee + FEE);
        assertEq(usdc.balanceOf(arbitrator), FEE, "the buyer's deposit pays the arbitrator");
        assertEq(usdc.balanceOf(feeRecipient), protocolFee);
        assertEq(usdc.balanceOf(buyer), 0);
        assertEq(usdc.balanceOf(address(escrow)), 0);
    }

    function test_resolveDispute_revertsIfNotArbitrator() public {
        (uint256 id, ) = _assignedOrder();
        vm.expectRevert(_errUnauthorized(id, buyer));
        vm.prank(buyer);
        escrow.resolveDispute(id, Ruling.Buyer);
        vm.expectRevert(_errUnauthorized(id, stranger));
        vm.prank(stranger);
        escrow.resolveDispute(id, Ruling.Seller);
    }

    function test_resolveDispute_revertsIfNoArbitratorYet() public {
        uint256 id = _disputedOrder();
        vm.expectRevert(_errPhase(id, DisputePhase.Drawing));
        vm.prank(arbs[0]);
        escrow.resolveDispute(id, Ruling.Buyer);
    }

    function test_resolveDispute_revertsIfRulingNone() public {
        (uint256 id, address arbitrator) = _assignedOrder();
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidRuling.selector, Ruling.None));
        vm.prank(arbitrator);
        escrow.resolveDispute(id, Ruling.None);
    }

    function test_resolveDispute_revertsIfReplacedArbitratorRules() public {
        (uint256 id, address missed) = _assignedOrder();
        vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);
        escrow.replaceArbitrator(id);
        vm.expectRevert(_errPhase(id, DisputePhase.Drawing));
        vm.prank(missed);
        escrow.resolveDispute(id, Ruling.Buyer);
        address next = _draw(id);
        vm.expectRevert(_errUnauthorized(id, missed));
        vm.prank(missed);
        escrow.resolveDispute(id, Ruling.Buyer);
        vm.prank(next);
        escrow.resolveDispute(id, Ruling.Buyer);
        _assertStatus(id, OrderStatus.ResolvedBuyer);
    }

    function test_resolveDispute_atDeadlineCountsAsInWindow() public {
        (uint256 id, address arbitrator) = _assignedOrder();
        vm.warp(block.timestamp + ARBITRATION_WINDOW);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.CaseRuled(arbitrator, id, 50);
        _resolve(id, Ruling.Seller);
    }

    function testFuzz_resolveDispute_rulingWindow(uint256 elapsed) public {
        elapsed = bound(elapsed, 0, 3 * ARBITRATION_WINDOW);
        (uint256 id, address arbitrator) = _assignedOrder();
        uint256 deadline = block.timestamp + ARBITRATION_WINDOW;
        vm.warp(block.timestamp + elapsed);
        if (elapsed > ARBITRATION_WINDOW) vm.expectRevert(_errWindowClosed(id, deadline));
        vm.prank(arbitrator);
        escrow.resolveDispute(id, Ruling.Buyer);
        // A ruling in time closes the case; a late one is refused and leaves it open.
        assertEq(pool.getArbitrator(arbitrator).openCases, elapsed <= ARBITRATION_WINDOW ? 0 : 1);
    }

    function testFuzz_resolveDispute_feeMath(uint256 amount, bool buyerWins) public {
        amount = bound(amount, MIN_ORDER, type(uint96).max);
        uint256 id = _createOrder(amount);
        _toSellerConfirmed(id);
        _toDisputed(id);
        address arbitrator = _draw(id);
        _resolve(id, buyerWins ? Ruling.Buyer : Ruling.Seller);
        uint256 fee = _feeFor(amount);
        assertEq(usdc.balanceOf(arbitrator), fee);
        assertEq(usdc.balanceOf(buyerWins ? buyer : seller), amount + fee, "winner: whole order and deposit");
        assertEq(usdc.balanceOf(buyerWins ? seller : buyer), 0, "loser: its deposit paid the arbitrator");
        assertEq(usdc.balanceOf(address(escrow)), 0);
    }

    // ---------------------------------------------------------------- escalate

    function test_escalate_revertsBeforeTheDrawDeadline() public {
        uint256 id = _disputedOrder();
        uint256 fallbackAt = block.timestamp + DRAW_WINDOW;
        vm.warp(fallbackAt);
        vm.expectRevert(_errWindowOpen(id, fallbackAt));
        escrow.escalate(id);
    }

    function test_escalate_revertsOutsideTheDrawingPhase() public {
        uint256 id = _confirmedOrder();
        _openDispute(id, buyer);
        vm.warp(block.timestamp + 30 days);
        vm.expectRevert(_errPhase(id, DisputePhase.AwaitingDeposit));
        escrow.escalate(id);
        (uint256 ruled, ) = _assignedOrder();
        vm.warp(block.timestamp + 30 days);
        vm.expectRevert(_errPhase(ruled, DisputePhase.Ruling));
        escrow.escalate(ruled);
    }

    function test_escalate_handsTheCaseToTheFallbackArbitrator() public {
        uint256 id = _disputedOrder();
        vm.warp(block.timestamp + DRAW_WINDOW + 1);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.DrawClosed(id, 0);
        vm.expectEmit(true, true, true, true, address(fallbackArb));
        emit IArbitrator.DisputeCreation(0, address(escrow));
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.DisputeEscalated(id, address(fallbackArb), 0);
        vm.prank(stranger);
        escrow.escalate(id);

        _assertStatus(id, OrderStatus.Disputed);
        Dispute memory d = escrow.getDispute(id);
        assertEq(uint256(d.phase), uint256(DisputePhase.Escalated));
        assertEq(d.step, 3);
        assertEq(escrow.orderOfEscalation(0), id);
        assertEq(fallbackArb.arbitrableOf(0), address(escrow));
        assertEq(pool.openDraws(), 0);
        assertEq(usdc.balanceOf(address(escrow)), AMOUNT + 2 * FEE, "nothing paid out yet");
    }

    function test_escalate_revertsIfPaymentDiffersFromCost() public {
        uint256 id = _disputedOrder();
        vm.warp(block.timestamp + DRAW_WINDOW + 1);
        vm.deal(stranger, 1);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidFallbackPayment.selector, 0, 1));
        vm.prank(stranger);
        escrow.escalate{value: 1}(id);
    }

    function test_escalate_endsWithTimeoutOnceTheFallbackWasNotPaidInTime() public {
        uint256 id = _disputedOrder();
        uint256 fallbackAt = block.timestamp + DRAW_WINDOW;
        vm.warp(fallbackAt + DRAW_WINDOW + 1);
        // Delivered: the order's timeout would have released it; each deposit goes back.
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.DisputeResolved(
            id,
            buyer,
            seller,
            address(0),
            Ruling.Seller,
            Resolution.Timeout,
            FEE,
            AMOUNT + FEE,
            0,
            0
        );
        vm.prank(stranger);
        escrow.escalate(id);
        _assertStatus(id, OrderStatus.ResolvedSeller);
        assertEq(usdc.balanceOf(buyer), FEE);
        assertEq(usdc.balanceOf(seller), AMOUNT + FEE);
        assertEq(usdc.balanceOf(address(escrow)), 0);
    }

    function test_escalate_timeoutRevertsIfPaymentSent() public {
        uint256 id = _disputedOrder();
        vm.warp(block.timestamp + 2 * DRAW_WINDOW + 1);
        vm.deal(stranger, 1);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidFallbackPayment.selector, 0, 1));
        vm.prank(stranger);
        escrow.escalate{value: 1}(id);
    }

    function test_escalate_withoutFallbackRefundsAnUndeliveredOrder() public {
        _deployWithoutFallback();
        _registerArbitrators(1);
        uint256 id = _createOrder();
        _toDisputed(id);
        vm.warp(block.timestamp + DRAW_WINDOW + 1);
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
        escrow.escalate(id);
        _assertStatus(id, OrderStatus.ResolvedBuyer);
        assertEq(escrow.fallbackArbitrator(), address(0));
        assertEq(usdc.balanceOf(buyer), AMOUNT + FEE);
        assertEq(usdc.balanceOf(seller), FEE);
    }

    // ---------------------------------------------------------------- rule (the fallback arbitrator)

    function test_rule_buyerWinsOrderAndBothDeposits() public {
        uint256 id = _disputedOrder();
        _escalate(id);
        vm.expectEmit(true, true, true, true, address(fallbackArb));
        emit FallbackArbitrator.RulingGiven(0, address(escrow), 1);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.DisputeResolved(
            id,
            buyer,
            seller,
            address(fallbackArb),
            Ruling.Buyer,
            Resolution.FallbackArbitrator,
            AMOUNT + 2 * FEE,
            0,
            0,
            0
        );
        _fallbackRule(id, 1);
        _assertStatus(id, OrderStatus.ResolvedBuyer);
        assertEq(usdc.balanceOf(buyer), AMOUNT + 2 * FEE, "the loser's deposit goes to the winner");
        assertEq(usdc.balanceOf(address(escrow)), 0);
        assertEq(fallbackArb.arbitrableOf(0), address(0), "ruled once");
    }

    function test_rule_sellerWinsPaymentLessProtocolFeeAndBothDeposits() public {
        vm.prank(owner);
        escrow.setProtocolFee(100, feeRecipient);
        uint256 id = _disputedOrder();
        _escalate(id);
        _fallbackRule(id, 2);
        _assertStatus(id, OrderStatus.ResolvedSeller);
        assertEq(usdc.balanceOf(seller), AMOUNT - AMOUNT / 100 + 2 * FEE);
        assertEq(usdc.balanceOf(feeRecipient), AMOUNT / 100);
        assertEq(usdc.balanceOf(buyer), 0);
    }

    function test_rule_refusalEndsWithTheTimeoutOutcome() public {
        uint256 id = _createOrder();
        _toDisputed(id);
        _escalate(id);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.DisputeResolved(
            id,
            buyer,
            seller,
            address(fallbackArb),
            Ruling.Buyer,
            Resolution.Timeout,
            AMOUNT + FEE,
            FEE,
            0,
            0
        );
        _fallbackRule(id, 0);
        _assertStatus(id, OrderStatus.ResolvedBuyer);
        assertEq(usdc.balanceOf(buyer), AMOUNT + FEE);
        assertEq(usdc.balanceOf(seller), FEE);
    }

    function test_rule_revertsIfUnknownDispute() public {
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowUnknownDispute.selector, 5));
        vm.prank(address(fallbackArb));
        escrow.rule(5, 1);
    }

    function test_rule_revertsIfNotTheFallbackArbitrator() public {
        uint256 id = _disputedOrder();
        _escalate(id);
        vm.expectRevert(_errUnauthorized(id, stranger));
        vm.prank(stranger);
        escrow.rule(0, 1);
        vm.expectRevert(_errUnauthorized(id, court));
        vm.prank(court);
        escrow.rule(0, 1);
    }

    function test_rule_revertsIfRulingOutOfRange() public {
        uint256 id = _disputedOrder();
        _escalate(id);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidRuling.selector, Ruling.None));
        vm.prank(address(fallbackArb));
        escrow.rule(0, 3);
    }

    function test_rule_revertsOnceTheParitesSettled() public {
        uint256 id = _disputedOrder();
        _escalate(id);
        _settle(id, AMOUNT / 2);
        vm.expectRevert(_errStatus(id, OrderStatus.Settled));
        vm.prank(court);
        fallbackArb.giveRuling(0, 1);
    }

    // ---------------------------------------------------------------- proposeSettlement

    function test_proposeSettlement_storesOffer() public {
        uint256 id = _disputedOrder();
        uint256 expiresAt = block.timestamp + 1 hours;
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.SettlementProposed(id, seller, 300 * UNIT, expiresAt);
        vm.prank(seller);
        escrow.proposeSettlement(id, 300 * UNIT, expiresAt);
        SettlementOffer memory offer = escrow.getSettlementOffer(id);
        assertEq(offer.proposer, seller);
        assertEq(offer.buyerAmount, 300 * UNIT);
        assertEq(offer.expiresAt, expiresAt);
        assertEq(offer.step, escrow.getDispute(id).step);
    }

    function test_proposeSettlement_replacesEarlierOffer() public {
        uint256 id = _disputedOrder();
        _propose(id, buyer, AMOUNT);
        _propose(id, seller, 100 * UNIT);
        SettlementOffer memory offer = escrow.getSettlementOffer(id);
        assertEq(offer.proposer, seller);
        assertEq(offer.buyerAmount, 100 * UNIT);
        // The buyer's old offer is gone: the seller cannot accept it.
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowSettlementMismatch.selector, id, 100 * UNIT, AMOUNT));
        vm.prank(seller);
        escrow.acceptSettlement(id, AMOUNT);
    }

    function test_proposeSettlement_acceptsWholeAmountAndZero() public {
        uint256 id = _disputedOrder();
        _propose(id, buyer, AMOUNT);
        _propose(id, buyer, 0);
        assertEq(escrow.getSettlementOffer(id).buyerAmount, 0);
    }

    function testFuzz_proposeSettlement_revertsIfSplitAboveAmount(uint256 buyerAmount) public {
        buyerAmount = bound(buyerAmount, AMOUNT + 1, type(uint256).max);
        uint256 id = _disputedOrder();
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidSplit.selector, id, buyerAmount, AMOUNT));
        vm.prank(buyer);
        escrow.proposeSettlement(id, buyerAmount, block.timestamp + 1);
    }

    function test_proposeSettlement_revertsIfExpiryNotInTheFuture() public {
        uint256 id = _disputedOrder();
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidExpiry.selector, block.timestamp));
        vm.prank(buyer);
        escrow.proposeSettlement(id, 0, block.timestamp);
        uint256 tooLate = uint256(type(uint40).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidExpiry.selector, tooLate));
        vm.prank(buyer);
        escrow.proposeSettlement(id, 0, tooLate);
        vm.prank(buyer);
        escrow.proposeSettlement(id, 0, type(uint40).max);
    }

    function test_proposeSettlement_revertsIfStranger() public {
        uint256 id = _disputedOrder();
        vm.expectRevert(_errUnauthorized(id, stranger));
        vm.prank(stranger);
        escrow.proposeSettlement(id, 0, block.timestamp + 1);
    }

    function test_proposeSettlement_revertsIfArbitrator() public {
        (uint256 id, address arbitrator) = _assignedOrder();
        vm.expectRevert(_errUnauthorized(id, arbitrator));
        vm.prank(arbitrator);
        escrow.proposeSettlement(id, 0, block.timestamp + 1);
    }

    // ---------------------------------------------------------------- withdrawSettlement

    function test_withdrawSettlement_removesTheOffer() public {
        uint256 id = _disputedOrder();
        _propose(id, seller, 300 * UNIT);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.SettlementWithdrawn(id, seller);
        vm.prank(seller);
        escrow.withdrawSettlement(id);
        assertEq(escrow.getSettlementOffer(id).proposer, address(0));
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowSettlementMismatch.selector, id, 0, 300 * UNIT));
        vm.prank(buyer);
        escrow.acceptSettlement(id, 300 * UNIT);
    }

    function test_withdrawSettlement_revertsIfNotTheProposer() public {
        uint256 id = _disputedOrder();
        _propose(id, seller, 300 * UNIT);
        vm.expectRevert(_errUnauthorized(id, buyer));
        vm.prank(buyer);
        escrow.withdrawSettlement(id);
        vm.expectRevert(_errUnauthorized(id, stranger));
        vm.prank(stranger);
        escrow.withdrawSettlement(id);
    }

    function test_withdrawSettlement_revertsIfNotDisputed() public {
        uint256 id = _confirmedOrder();
        vm.expectRevert(_errStatus(id, OrderStatus.SellerConfirmed));
        vm.prank(seller);
        escrow.withdrawSettlement(id);
    }

    // ---------------------------------------------------------------- acceptSettlement

    function testFuzz_acceptSettlement_splitsTheOrderAndReturnsBothDeposits(
        uint256 amount,
        uint256 buyerAmount,
        bool sellerProposes
    ) public {
        amount = bound(amount, MIN_ORDER, type(uint96).max);
        buyerAmount = bound(buyerAmount, 0, amount);
        uint256 id = _createOrder(amount);
        _toSellerConfirmed(id);
        _toDisputed(id);
        address arbitrator = _draw(id);
        uint256 fee = _feeFor(amount);
        (address proposer, address accepter) = sellerProposes ? (seller, buyer) : (buyer, seller);
        _propose(id, proposer, buyerAmount);

        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.DisputeSettled(id, buyer, seller, buyerAmount + fee, amount - buyerAmount + fee, 0);
        vm.prank(accepter);
        escrow.acceptSettlement(id, buyerAmount);

        _assertStatus(id, OrderStatus.Settled);
        assertEq(usdc.balanceOf(buyer), buyerAmount + fee);
        assertEq(usdc.balanceOf(seller), amount - buyerAmount + fee);
        assertEq(usdc.balanceOf(arbitrator), 0, "no arbitrator fee on a settlement");
        assertEq(usdc.balanceOf(address(escrow)), 0);
    }

    function test_acceptSettlement_releasesArbitratorCase() public {
        (uint256 id, address arbitrator) = _assignedOrder();
        _propose(id, seller, 10 * UNIT);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.CaseReleased(arbitrator, id);
        vm.prank(buyer);
        escrow.acceptSettlement(id, 10 * UNIT);
        Arbitrator memory a = pool.getArbitrator(arbitrator);
        assertEq(a.openCases, 0);
        assertEq(a.reputation, 50);
    }

    function test_acceptSettlement_beforeAnyDrawClosesTheDraw() public {
        uint256 id = _disputedOrder();
        _holdRandomness(id);
        assertEq(pool.openDraws(), 1);
        _propose(id, buyer, AMOUNT / 3);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.DrawClosed(id, 0);
        vm.prank(seller);
        escrow.acceptSettlement(id, AMOUNT / 3);
        assertEq(pool.openDraws(), 0);
        assertEq(usdc.balanceOf(buyer), AMOUNT / 3 + FEE);
        assertEq(usdc.balanceOf(seller), AMOUNT - AMOUNT / 3 + FEE);
    }

    function test_acceptSettlement_whileAwaitingDepositReturnsTheOpenersDeposit() public {
        uint256 id = _confirmedOrder();
        _openDispute(id, buyer);
        _settle(id, AMOUNT / 4);
        assertEq(usdc.balanceOf(buyer), AMOUNT / 4 + FEE);
        assertEq(usdc.balanceOf(seller), AMOUNT - AMOUNT / 4);
        assertEq(usdc.balanceOf(address(escrow)), 0);
    }

    function test_acceptSettlement_onceEscalated() public {
        uint256 id = _disputedOrder();
        _escalate(id);
        _settle(id, AMOUNT / 4);
        assertEq(usdc.balanceOf(buyer), AMOUNT / 4 + FEE);
        assertEq(usdc.balanceOf(seller), AMOUNT - AMOUNT / 4 + FEE);
    }

    function test_acceptSettlement_revertsIfNoOffer() public {
        uint256 id = _disputedOrder();
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowSettlementMismatch.selector, id, 0, 0));
        vm.prank(seller);
        escrow.acceptSettlement(id, 0);
    }

    function test_acceptSettlement_revertsIfAmountDiffers() public {
        uint256 id = _disputedOrder();
        _propose(id, buyer, 600 * UNIT);
        vm.expectRevert(
            abi.encodeWithSelector(IP2PEscrow.EscrowSettlementMismatch.selector, id, 600 * UNIT, 500 * UNIT)
        );
        vm.prank(seller);
        escrow.acceptSettlement(id, 500 * UNIT);
    }

    function test_acceptSettlement_revertsIfProposerAccepts() public {
        uint256 id = _disputedOrder();
        _propose(id, buyer, 600 * UNIT);
        vm.expectRevert(_errUnauthorized(id, buyer));
        vm.prank(buyer);
        escrow.acceptSettlement(id, 600 * UNIT);
    }

    function test_acceptSettlement_revertsIfStranger() public {
        uint256 id = _disputedOrder();
        _propose(id, buyer, 600 * UNIT);
        vm.expectRevert(_errUnauthorized(id, stranger));
        vm.prank(stranger);
        escrow.acceptSettlement(id, 600 * UNIT);
    }

    // ---------------------------------------------------------------- submitEvidence

    function test_submitEvidence_byPartiesAndArbitrator() public {
        (uint256 id, address arbitrator) = _assignedOrder();
        address[3] memory submitters = [buyer, seller, arbitrator];
        for (uint256 i; i < 3; ++i) {
            vm.expectEmit(true, true, true, true, address(escrow));
            emit IP2PEscrow.EvidenceSubmitted(id, submitters[i], "ipfs://cid");
            vm.prank(submitters[i]);
            escrow.submitEvidence(id, "ipfs://cid");
        }
    }

    function test_submitEvidence_revertsIfStranger() public {
        (uint256 id, ) = _assignedOrder();
        vm.expectRevert(_errUnauthorized(id, stranger));
        vm.prank(stranger);
        escrow.submitEvidence(id, "ipfs://cid");
    }

    function test_submitEvidence_revertsIfReplacedArbitrator() public {
        (uint256 id, address missed) = _assignedOrder();
        vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);
        escrow.replaceArbitrator(id);
        vm.expectRevert(_errUnauthorized(id, missed));
        vm.prank(missed);
        escrow.submitEvidence(id, "ipfs://late");
    }
}
