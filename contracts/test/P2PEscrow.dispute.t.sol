// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IArbitratorPool} from "../src/interfaces/IArbitratorPool.sol";
import {IP2PEscrow} from "../src/interfaces/IP2PEscrow.sol";
import {Arbitrator, Dispute, OrderStatus, RandomnessStatus, Ruling, SettlementOffer} from "../src/types/Types.sol";
import {EscrowTestBase} from "./utils/EscrowTestBase.sol";

/// @notice Disputes: opening, drawing, replacing, ruling, settling and evidence.
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

    function test_openDispute_byBuyerWhileCreated() public {
        uint256 id = _createOrder();
        uint256 nextRequest = rng.requestCount() + 1;
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.DisputeOpened(id, buyer, seller, buyer);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.RandomnessRequested(id, nextRequest, 0);
        vm.prank(buyer);
        escrow.openDispute(id);
        _assertStatus(id, OrderStatus.Disputed);
        Dispute memory d = escrow.getDispute(id);
        assertEq(d.randomnessRequest, nextRequest);
        assertEq(d.arbitrator, address(0));
        assertEq(d.round, 0);
        assertEq(escrow.getOrder(id).statusSince, block.timestamp);
    }

    function test_openDispute_bySellerWhileSellerConfirmed() public {
        uint256 id = _confirmedOrder();
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.DisputeOpened(id, buyer, seller, seller);
        vm.prank(seller);
        escrow.openDispute(id);
        _assertStatus(id, OrderStatus.Disputed);
    }

    function test_openDispute_revertsIfStranger() public {
        uint256 id = _confirmedOrder();
        vm.expectRevert(_errUnauthorized(id, stranger));
        vm.prank(stranger);
        escrow.openDispute(id);
    }

    function test_openDispute_revertsIfAlreadyDisputed() public {
        uint256 id = _disputedOrder();
        vm.expectRevert(_errStatus(id, OrderStatus.Disputed));
        vm.prank(seller);
        escrow.openDispute(id);
    }

    function testFuzz_openDispute_sellerWindowBoundary(uint256 elapsed) public {
        elapsed = bound(elapsed, 0, 3 * SELLER_WINDOW);
        uint256 id = _createOrder();
        uint256 deadline = block.timestamp + SELLER_WINDOW;
        vm.warp(block.timestamp + elapsed);
        if (elapsed > SELLER_WINDOW) vm.expectRevert(_errWindowClosed(id, deadline));
        vm.prank(buyer);
        escrow.openDispute(id);
    }

    function testFuzz_openDispute_buyerWindowBoundary(uint256 elapsed) public {
        elapsed = bound(elapsed, 0, 3 * BUYER_WINDOW);
        uint256 id = _confirmedOrder();
        uint256 deadline = block.timestamp + BUYER_WINDOW;
        vm.warp(block.timestamp + elapsed);
        if (elapsed > BUYER_WINDOW) vm.expectRevert(_errWindowClosed(id, deadline));
        vm.prank(buyer);
        escrow.openDispute(id);
    }

    function test_openDispute_atBuyerDeadline() public {
        uint256 id = _confirmedOrder();
        vm.warp(block.timestamp + BUYER_WINDOW);
        vm.prank(seller);
        escrow.openDispute(id);
        _assertStatus(id, OrderStatus.Disputed);
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
        assertEq(d.assignedAt, block.timestamp);
        assertEq(pool.getArbitrator(arbitrator).openCases, 1);
        assertTrue(pool.wasAssigned(id, arbitrator));
    }

    function test_drawArbitrator_revertsWhileRandomnessPending() public {
        uint256 id = _disputedOrder();
        _holdRandomness(id);
        uint256 request = escrow.getDispute(id).randomnessRequest;
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowRandomnessPending.selector, id, request));
        _draw(id);
    }

    function test_drawArbitrator_rerequestsExpiredRandomness() public {
        uint256 id = _disputedOrder();
        uint256 oldRequest = escrow.getDispute(id).randomnessRequest;
        rng.force(oldRequest, RandomnessStatus.Expired);
        uint256 newRequest = rng.requestCount() + 1;
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.RandomnessRequested(id, newRequest, 0);
        assertEq(_draw(id), address(0));
        Dispute memory d = escrow.getDispute(id);
        assertEq(d.randomnessRequest, newRequest);
        assertEq(d.arbitrator, address(0));
        // The fresh request is answered: the draw goes through.
        assertTrue(_draw(id) != address(0));
    }

    function test_drawArbitrator_revertsIfAlreadyAssigned() public {
        (uint256 id, address arbitrator) = _assignedOrder();
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowArbitratorAssigned.selector, id, arbitrator));
        _draw(id);
    }

    function test_drawArbitrator_revertsIfNobodyDrawable() public {
        uint256 id = _disputedOrder();
        for (uint256 i; i < arbs.length; ++i) {
            vm.prank(arbs[i]);
            pool.requestUnstake();
        }
        assertEq(pool.totalWeight(), 0);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNoEligibleArbitrator.selector, id));
        _draw(id);
    }

    function testFuzz_drawArbitrator_neverDrawsAParty(uint256 seed) public {
        // The parties are registered arbitrators too, with the same weight as the others.
        _register(buyer, MIN_STAKE);
        _register(seller, MIN_STAKE);
        rng.setSeed(seed);
        (uint256 id, address arbitrator) = _assignedOrder();
        assertTrue(arbitrator != buyer && arbitrator != seller, "party drawn");
        assertTrue(pool.wasAssigned(id, arbitrator));
    }

    // ---------------------------------------------------------------- replaceArbitrator

    function test_replaceArbitrator_revertsIfNoArbitrator() public {
        uint256 id = _disputedOrder();
        _holdRandomness(id);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowNoArbitrator.selector, id));
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

    function test_replaceArbitrator_penalizesSlashesAndRedraws() public {
        (uint256 id, address missed) = _assignedOrder();
        uint256 stakeBefore = pool.getArbitrator(missed).stake;
        uint256 slashed = (stakeBefore * SLASH_BPS) / BPS;
        uint256 nextRequest = rng.requestCount() + 1;
        vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);

        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.ArbitratorReplaced(id, missed, 1);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.ArbitratorPenalized(missed, id, slashed, stakeBefore - slashed, 40);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.RandomnessRequested(id, nextRequest, 1);
        vm.prank(stranger);
        escrow.replaceArbitrator(id);

        Dispute memory d = escrow.getDispute(id);
        assertEq(d.arbitrator, address(0));
        assertEq(d.assignedAt, 0);
        assertEq(d.round, 1);
        assertEq(d.randomnessRequest, nextRequest);
        assertEq(escrow.deadlineOf(id), 0);

        Arbitrator memory a = pool.getArbitrator(missed);
        assertEq(a.reputation, 40);
        assertEq(a.stake, stakeBefore - slashed);
        assertEq(a.openCases, 0);
        assertEq(stakeToken.balanceOf(buyer), slashed / 2);
        assertEq(stakeToken.balanceOf(seller), slashed - slashed / 2);
        // The order's own funds are untouched.
        assertEq(usdc.balanceOf(address(escrow)), AMOUNT);

        // The next draw is a different arbitrator, in round 1.
        address next = _peekDraw(id);
        assertTrue(next != missed, "missed arbitrator redrawn");
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.ArbitratorAssigned(id, next, 1, block.timestamp + ARBITRATION_WINDOW);
        _draw(id);
    }

    function test_replaceArbitrator_neverRedrawsAnyEarlierArbitrator() public {
        (uint256 id, address first) = _assignedOrder();
        vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);
        escrow.replaceArbitrator(id);
        address second = _draw(id);
        vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);
        escrow.replaceArbitrator(id);
        address third = _draw(id);
        assertTrue(first != second && second != third && first != third, "arbitrator drawn twice");
        vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);
        escrow.replaceArbitrator(id);
        assertEq(escrow.getDispute(id).round, 3);
        // All three had this order: nobody is left to draw.
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNoEligibleArbitrator.selector, id));
        _draw(id);
        // The parties can still settle.
        _settle(id, AMOUNT);
        assertEq(usdc.balanceOf(buyer), AMOUNT);
    }

    // ---------------------------------------------------------------- resolveDispute

    function test_resolveDispute_buyerWins() public {
        (uint256 id, address arbitrator) = _assignedOrder();
        uint256 fee = (AMOUNT * ARBITRATOR_FEE_BPS) / BPS;
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.DisputeResolved(id, buyer, seller, arbitrator, Ruling.Buyer, AMOUNT - fee, fee);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.CaseRuled(arbitrator, id, true, 52);
        vm.prank(arbitrator);
        escrow.resolveDispute(id, Ruling.Buyer);
        _assertStatus(id, OrderStatus.ResolvedBuyer);
        assertEq(usdc.balanceOf(buyer), AMOUNT - fee);
        assertEq(usdc.balanceOf(arbitrator), fee);
        assertEq(usdc.balanceOf(seller), 0);
        assertEq(usdc.balanceOf(address(escrow)), 0);
        assertEq(pool.getArbitrator(arbitrator).openCases, 0);
        assertEq(pool.getArbitrator(arbitrator).reputation, 52);
    }

    function test_resolveDispute_sellerWins() public {
        vm.prank(owner);
        escrow.setProtocolFee(100, feeRecipient);
        (uint256 id, address arbitrator) = _assignedOrder();
        uint256 fee = (AMOUNT * ARBITRATOR_FEE_BPS) / BPS;
        vm.prank(arbitrator);
        escrow.resolveDispute(id, Ruling.Seller);
        _assertStatus(id, OrderStatus.ResolvedSeller);
        assertEq(usdc.balanceOf(seller), AMOUNT - fee);
        assertEq(usdc.balanceOf(arbitrator), fee);
        // No protocol fee on a ruling.
        assertEq(usdc.balanceOf(feeRecipient), 0);
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
        _holdRandomness(id);
        vm.expectRevert(_errUnauthorized(id, arbs[0]));
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
        vm.expectRevert(_errUnauthorized(id, missed));
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
        emit IArbitratorPool.CaseRuled(arbitrator, id, true, 52);
        _resolve(id, Ruling.Seller);
    }

    function test_resolveDispute_lateRulingEarnsNothing() public {
        (uint256 id, address arbitrator) = _assignedOrder();
        vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.CaseRuled(arbitrator, id, false, 50);
        _resolve(id, Ruling.Seller);
        assertEq(pool.getArbitrator(arbitrator).reputation, 50);
        assertEq(pool.getArbitrator(arbitrator).openCases, 0);
        assertEq(usdc.balanceOf(seller), AMOUNT - (AMOUNT * ARBITRATOR_FEE_BPS) / BPS);
    }

    function testFuzz_resolveDispute_rulingWindow(uint256 elapsed) public {
        elapsed = bound(elapsed, 0, 3 * ARBITRATION_WINDOW);
        (uint256 id, address arbitrator) = _assignedOrder();
        vm.warp(block.timestamp + elapsed);
        _resolve(id, Ruling.Buyer);
        assertEq(pool.getArbitrator(arbitrator).reputation, elapsed <= ARBITRATION_WINDOW ? 52 : 50);
    }

    function testFuzz_resolveDispute_feeMath(uint256 amount, bool buyerWins) public {
        amount = bound(amount, 1, type(uint96).max);
        uint256 id = _createOrder(amount);
        _toDisputed(id);
        address arbitrator = _draw(id);
        _resolve(id, buyerWins ? Ruling.Buyer : Ruling.Seller);
        uint256 fee = (amount * ARBITRATOR_FEE_BPS) / BPS;
        assertEq(usdc.balanceOf(arbitrator), fee);
        assertEq(usdc.balanceOf(buyerWins ? buyer : seller), amount - fee);
        assertEq(usdc.balanceOf(buyerWins ? seller : buyer), 0);
        assertEq(usdc.balanceOf(address(escrow)), 0);
    }

    // ---------------------------------------------------------------- proposeSettlement

    function test_proposeSettlement_storesOffer() public {
        uint256 id = _disputedOrder();
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.SettlementProposed(id, seller, 300 * UNIT);
        vm.prank(seller);
        escrow.proposeSettlement(id, 300 * UNIT);
        SettlementOffer memory offer = escrow.getSettlementOffer(id);
        assertEq(offer.proposer, seller);
        assertEq(offer.buyerAmount, 300 * UNIT);
    }

    function test_proposeSettlement_replacesEarlierOffer() public {
        uint256 id = _disputedOrder();
        vm.prank(buyer);
        escrow.proposeSettlement(id, AMOUNT);
        vm.prank(seller);
        escrow.proposeSettlement(id, 100 * UNIT);
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
        vm.prank(buyer);
        escrow.proposeSettlement(id, AMOUNT);
        vm.prank(buyer);
        escrow.proposeSettlement(id, 0);
        assertEq(escrow.getSettlementOffer(id).buyerAmount, 0);
    }

    function testFuzz_proposeSettlement_revertsIfSplitAboveAmount(uint256 buyerAmount) public {
        buyerAmount = bound(buyerAmount, AMOUNT + 1, type(uint256).max);
        uint256 id = _disputedOrder();
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidSplit.selector, id, buyerAmount, AMOUNT));
        vm.prank(buyer);
        escrow.proposeSettlement(id, buyerAmount);
    }

    function test_proposeSettlement_revertsIfStranger() public {
        uint256 id = _disputedOrder();
        vm.expectRevert(_errUnauthorized(id, stranger));
        vm.prank(stranger);
        escrow.proposeSettlement(id, 0);
    }

    function test_proposeSettlement_revertsIfArbitrator() public {
        (uint256 id, address arbitrator) = _assignedOrder();
        vm.expectRevert(_errUnauthorized(id, arbitrator));
        vm.prank(arbitrator);
        escrow.proposeSettlement(id, 0);
    }

    // ---------------------------------------------------------------- acceptSettlement

    function testFuzz_acceptSettlement_splitsTheOrder(uint256 amount, uint256 buyerAmount, bool sellerProposes) public {
        amount = bound(amount, 1, type(uint96).max);
        buyerAmount = bound(buyerAmount, 0, amount);
        uint256 id = _createOrder(amount);
        _toDisputed(id);
        address arbitrator = _draw(id);
        (address proposer, address accepter) = sellerProposes ? (seller, buyer) : (buyer, seller);
        vm.prank(proposer);
        escrow.proposeSettlement(id, buyerAmount);

        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.DisputeSettled(id, buyer, seller, buyerAmount, amount - buyerAmount);
        vm.prank(accepter);
        escrow.acceptSettlement(id, buyerAmount);

        _assertStatus(id, OrderStatus.Settled);
        assertEq(usdc.balanceOf(buyer), buyerAmount);
        assertEq(usdc.balanceOf(seller), amount - buyerAmount);
        assertEq(usdc.balanceOf(arbitrator), 0, "no arbitrator fee on a settlement");
        assertEq(usdc.balanceOf(address(escrow)), 0);
    }

    function test_acceptSettlement_releasesArbitratorCase() public {
        (uint256 id, address arbitrator) = _assignedOrder();
        vm.prank(seller);
        escrow.proposeSettlement(id, 10 * UNIT);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.CaseReleased(arbitrator, id);
        vm.prank(buyer);
        escrow.acceptSettlement(id, 10 * UNIT);
        Arbitrator memory a = pool.getArbitrator(arbitrator);
        assertEq(a.openCases, 0);
        assertEq(a.reputation, 50);
    }

    function test_acceptSettlement_worksBeforeAnyDraw() public {
        uint256 id = _disputedOrder();
        _holdRandomness(id);
        _settle(id, AMOUNT / 3);
        assertEq(usdc.balanceOf(buyer), AMOUNT / 3);
        assertEq(usdc.balanceOf(seller), AMOUNT - AMOUNT / 3);
    }

    function test_acceptSettlement_revertsIfNoOffer() public {
        uint256 id = _disputedOrder();
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowSettlementMismatch.selector, id, 0, 0));
        vm.prank(seller);
        escrow.acceptSettlement(id, 0);
    }

    function test_acceptSettlement_revertsIfAmountDiffers() public {
        uint256 id = _disputedOrder();
        vm.prank(buyer);
        escrow.proposeSettlement(id, 600 * UNIT);
        vm.expectRevert(
            abi.encodeWithSelector(IP2PEscrow.EscrowSettlementMismatch.selector, id, 600 * UNIT, 500 * UNIT)
        );
        vm.prank(seller);
        escrow.acceptSettlement(id, 500 * UNIT);
    }

    function test_acceptSettlement_revertsIfProposerAccepts() public {
        uint256 id = _disputedOrder();
        vm.prank(buyer);
        escrow.proposeSettlement(id, 600 * UNIT);
        vm.expectRevert(_errUnauthorized(id, buyer));
        vm.prank(buyer);
        escrow.acceptSettlement(id, 600 * UNIT);
    }

    function test_acceptSettlement_revertsIfStranger() public {
        uint256 id = _disputedOrder();
        vm.prank(buyer);
        escrow.proposeSettlement(id, 600 * UNIT);
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
