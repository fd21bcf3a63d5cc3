// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IP2PEscrow} from "../src/interfaces/IP2PEscrow.sol";
import {DisputePhase, Order, OrderStatus, RandomnessStatus, Ruling} from "../src/types/Types.sol";
import {EscrowTestBase} from "./utils/EscrowTestBase.sol";

/// @notice The happy paths and timeouts: cancel, confirm delivery, confirm receipt, expiry and
/// auto-release, with their windows checked at the exact boundary second.
contract P2PEscrowLifecycleTest is EscrowTestBase {
    // ---------------------------------------------------------------- cancelOrder

    function test_cancelOrder_byBuyerRefundsBuyer() public {
        uint256 id = _createOrder();
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.OrderCancelled(id, buyer, seller, buyer);
        vm.prank(buyer);
        escrow.cancelOrder(id);
        _assertStatus(id, OrderStatus.Cancelled);
        assertEq(usdc.balanceOf(buyer), AMOUNT);
        assertEq(usdc.balanceOf(address(escrow)), 0);
        assertEq(escrow.getOrder(id).statusSince, block.timestamp);
        assertEq(escrow.deadlineOf(id), 0);
    }

    function test_cancelOrder_bySellerRefundsBuyer() public {
        uint256 id = _createOrder();
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.OrderCancelled(id, buyer, seller, seller);
        vm.prank(seller);
        escrow.cancelOrder(id);
        assertEq(usdc.balanceOf(buyer), AMOUNT);
        assertEq(usdc.balanceOf(seller), 0);
    }

    function test_cancelOrder_revertsIfNotParty() public {
        uint256 id = _createOrder();
        vm.expectRevert(_errUnauthorized(id, stranger));
        vm.prank(stranger);
        escrow.cancelOrder(id);
    }

    function test_cancelOrder_revertsIfSellerConfirmed() public {
        uint256 id = _confirmedOrder();
        vm.expectRevert(_errStatus(id, OrderStatus.SellerConfirmed));
        vm.prank(buyer);
        escrow.cancelOrder(id);
    }

    function test_cancelOrder_worksAfterSellerWindow() public {
        uint256 id = _createOrder();
        vm.warp(block.timestamp + 30 days);
        vm.prank(buyer);
        escrow.cancelOrder(id);
        assertEq(usdc.balanceOf(buyer), AMOUNT);
    }

    // ---------------------------------------------------------------- sellerConfirmDelivery

    function test_sellerConfirmDelivery_startsBuyerWindow() public {
        uint256 id = _createOrder();
        vm.warp(block.timestamp + 1 hours);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.DeliveryConfirmed(id, buyer, seller, DELIVERY);
        vm.prank(seller);
        escrow.sellerConfirmDelivery(id, DELIVERY);
        Order memory o = escrow.getOrder(id);
        assertEq(uint256(o.status), uint256(OrderStatus.SellerConfirmed));
        assertEq(o.statusSince, block.timestamp);
        assertEq(escrow.deadlineOf(id), block.timestamp + BUYER_WINDOW);
        assertEq(usdc.balanceOf(address(escrow)), AMOUNT);
    }

    function test_sellerConfirmDelivery_revertsIfBuyer() public {
        uint256 id = _createOrder();
        vm.expectRevert(_errUnauthorized(id, buyer));
        vm.prank(buyer);
        escrow.sellerConfirmDelivery(id, DELIVERY);
    }

    function test_sellerConfirmDelivery_revertsIfStranger() public {
        uint256 id = _createOrder();
        vm.expectRevert(_errUnauthorized(id, stranger));
        vm.prank(stranger);
        escrow.sellerConfirmDelivery(id, DELIVERY);
    }

    function test_sellerConfirmDelivery_succeedsAtDeadline() public {
        uint256 id = _createOrder();
        vm.warp(block.timestamp + SELLER_WINDOW);
        _toSellerConfirmed(id);
        _assertStatus(id, OrderStatus.SellerConfirmed);
    }

    function test_sellerConfirmDelivery_revertsOneSecondAfterDeadline() public {
        uint256 id = _createOrder();
        uint256 deadline = block.timestamp + SELLER_WINDOW;
        vm.warp(deadline + 1);
        vm.expectRevert(_errWindowClosed(id, deadline));
        vm.prank(seller);
        escrow.sellerConfirmDelivery(id, DELIVERY);
    }

    function testFuzz_sellerConfirmDelivery_windowBoundary(uint256 elapsed) public {
        elapsed = bound(elapsed, 0, 3 * SELLER_WINDOW);
        uint256 id = _createOrder();
        uint256 deadline = block.timestamp + SELLER_WINDOW;
        vm.warp(block.timestamp + elapsed);
        if (elapsed > SELLER_WINDOW) vm.expectRevert(_errWindowClosed(id, deadline));
        vm.prank(seller);
        escrow.sellerConfirmDelivery(id, DELIVERY);
    }

    // ---------------------------------------------------------------- buyerConfirmReceived

    function test_buyerConfirmReceived_paysSeller() public {
        uint256 id = _confirmedOrder();
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.OrderCompleted(id, buyer, seller, AMOUNT, 0, address(0), false);
        vm.prank(buyer);
        escrow.buyerConfirmReceived(id);
        _assertStatus(id, OrderStatus.Completed);
        assertEq(usdc.balanceOf(seller), AMOUNT);
        assertEq(usdc.balanceOf(address(escrow)), 0);
    }

    function test_buyerConfirmReceived_revertsIfSeller() public {
        uint256 id = _confirmedOrder();
        vm.expectRevert(_errUnauthorized(id, seller));
        vm.prank(seller);
        escrow.buyerConfirmReceived(id);
    }

    function test_buyerConfirmReceived_revertsIfStranger() public {
        uint256 id = _confirmedOrder();
        vm.expectRevert(_errUnauthorized(id, stranger));
        vm.prank(stranger);
        escrow.buyerConfirmReceived(id);
    }

    function test_buyerConfirmReceived_revertsIfNotConfirmed() public {
        uint256 id = _createOrder();
        vm.expectRevert(_errStatus(id, OrderStatus.Created));
        vm.prank(buyer);
        escrow.buyerConfirmReceived(id);
    }

    function test_buyerConfirmReceived_paysProtocolFee() public {
        vm.prank(owner);
        escrow.setProtocolFee(100, feeRecipient);
        uint256 id = _confirmedOrder();
        uint256 fee = AMOUNT / 100;
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.OrderCompleted(id, buyer, seller, AMOUNT - fee, fee, feeRecipient, false);
        vm.prank(buyer);
        escrow.buyerConfirmReceived(id);
        assertEq(usdc.balanceOf(seller), AMOUNT - fee);
        assertEq(usdc.balanceOf(feeRecipient), fee);
        assertEq(usdc.balanceOf(address(escrow)), 0);
    }

    function test_buyerConfirmReceived_paysFeeToCurrentRecipient() public {
        vm.prank(owner);
        escrow.setProtocolFee(50, feeRecipient);
        uint256 id = _confirmedOrder();
        address newRecipient = address(0xFEE2);
        vm.prank(owner);
        escrow.setProtocolFee(50, newRecipient);
        vm.prank(buyer);
        escrow.buyerConfirmReceived(id);
        assertEq(usdc.balanceOf(newRecipient), (AMOUNT * 50) / BPS);
        assertEq(usdc.balanceOf(feeRecipient), 0);
    }

    /// @dev BUG (P2PEscrow._complete): the fee rate is fixed at creation but the recipient is read at
    /// completion. After the owner turns fees off with setProtocolFee(0, address(0)), an older
    /// order's fee is "paid" to address(0): the transfer fails and the fee is credited to
    /// address(0), where nobody can ever withdraw it. Nothing may be lost: the escrow must end empty.
    function test_buyerConfirmReceived_neverStrandsFeeAfterFeesTurnedOff() public {
        vm.prank(owner);
        escrow.setProtocolFee(100, feeRecipient);
        uint256 id = _confirmedOrder();
        vm.prank(owner);
        escrow.setProtocolFee(0, address(0));

        vm.prank(buyer);
        escrow.buyerConfirmReceived(id);
        assertEq(escrow.creditOf(address(usdc), address(0)), 0, "fee credited to the zero address");
        assertEq(usdc.balanceOf(address(escrow)), 0, "escrow keeps an unpayable fee");
        assertEq(usdc.balanceOf(seller) + usdc.balanceOf(feeRecipient), AMOUNT, "order not paid out in full");
    }

    function test_buyerConfirmReceived_worksAfterBuyerWindow() public {
        uint256 id = _confirmedOrder();
        vm.warp(block.timestamp + 10 * BUYER_WINDOW);
        vm.prank(buyer);
        escrow.buyerConfirmReceived(id);
        assertEq(usdc.balanceOf(seller), AMOUNT);
    }

    function testFuzz_buyerConfirmReceived_splitsProtocolFee(uint256 amount, uint256 feeBps) public {
        amount = bound(amount, MIN_ORDER, type(uint96).max);
        feeBps = bound(feeBps, 0, 100);
        vm.prank(owner);
        escrow.setProtocolFee(feeBps, feeRecipient);
        uint256 id = _createOrder(amount);
        _toSellerConfirmed(id);
        vm.prank(buyer);
        escrow.buyerConfirmReceived(id);

        uint256 fee = (amount * feeBps) / BPS;
        assertEq(usdc.balanceOf(feeRecipient), fee);
        assertEq(usdc.balanceOf(seller), amount - fee);
        assertEq(usdc.balanceOf(address(escrow)), 0);
        assertLe(fee * BPS, amount * 100);
    }

    // ---------------------------------------------------------------- expireOrder

    function test_expireOrder_refundsBuyerAfterDeadline() public {
        uint256 id = _createOrder();
        vm.warp(block.timestamp + SELLER_WINDOW + 1);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.OrderExpired(id, buyer, seller);
        vm.prank(stranger);
        escrow.expireOrder(id);
        _assertStatus(id, OrderStatus.Expired);
        assertEq(usdc.balanceOf(buyer), AMOUNT);
        assertEq(usdc.balanceOf(address(escrow)), 0);
    }

    function test_expireOrder_revertsAtDeadline() public {
        uint256 id = _createOrder();
        uint256 deadline = block.timestamp + SELLER_WINDOW;
        vm.warp(deadline);
        vm.expectRevert(_errWindowOpen(id, deadline));
        escrow.expireOrder(id);
    }

    function test_expireOrder_revertsIfSellerConfirmed() public {
        uint256 id = _confirmedOrder();
        vm.warp(block.timestamp + SELLER_WINDOW + 1);
        vm.expectRevert(_errStatus(id, OrderStatus.SellerConfirmed));
        escrow.expireOrder(id);
    }

    function testFuzz_expireOrder_windowBoundary(uint256 elapsed) public {
        elapsed = bound(elapsed, 0, 3 * SELLER_WINDOW);
        uint256 id = _createOrder();
        uint256 deadline = block.timestamp + SELLER_WINDOW;
        vm.warp(block.timestamp + elapsed);
        if (elapsed <= SELLER_WINDOW) {
            vm.expectRevert(_errWindowOpen(id, deadline));
            escrow.expireOrder(id);
        } else {
            escrow.expireOrder(id);
            assertEq(usdc.balanceOf(buyer), AMOUNT);
        }
    }

    /// @dev Exactly one of "seller confirms / a party disputes" and "anyone expires" is possible
    /// at any second of the seller window.
    function testFuzz_expireOrder_neverOverlapsWithConfirmOrDispute(uint256 elapsed) public {
        elapsed = bound(elapsed, 0, 3 * SELLER_WINDOW);
        uint256 id = _createOrder();
        _fundDeposit(id, buyer);
        vm.warp(block.timestamp + elapsed);
        uint256 snap = vm.snapshotState();
        bool canExpire = _tryCall(address(escrow), abi.encodeCall(escrow.expireOrder, (id)), stranger);
        vm.revertToState(snap);
        bool canConfirm = _tryCall(
            address(escrow),
            abi.encodeCall(escrow.sellerConfirmDelivery, (id, DELIVERY)),
            seller
        );
        vm.revertToState(snap);
        bool canDispute = _tryCall(address(escrow), abi.encodeCall(escrow.openDispute, (id)), buyer);
        assertTrue(canExpire != canConfirm, "expire xor confirm");
        assertEq(canConfirm, canDispute);
    }

    // ---------------------------------------------------------------- autoRelease

    function test_autoRelease_paysSellerAfterDeadline() public {
        vm.prank(owner);
        escrow.setProtocolFee(25, feeRecipient);
        uint256 id = _confirmedOrder();
        vm.warp(block.timestamp + BUYER_WINDOW + 1);
        uint256 fee = (AMOUNT * 25) / BPS;
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.OrderCompleted(id, buyer, seller, AMOUNT - fee, fee, feeRecipient, true);
        vm.prank(stranger);
        escrow.autoRelease(id);
        _assertStatus(id, OrderStatus.Completed);
        assertEq(usdc.balanceOf(seller), AMOUNT - fee);
        assertEq(usdc.balanceOf(feeRecipient), fee);
    }

    function test_autoRelease_revertsAtDeadline() public {
        uint256 id = _confirmedOrder();
        uint256 deadline = block.timestamp + BUYER_WINDOW;
        vm.warp(deadline);
        vm.expectRevert(_errWindowOpen(id, deadline));
        escrow.autoRelease(id);
    }

    function test_autoRelease_revertsIfDisputed() public {
        _registerArbitrators(1);
        uint256 id = _disputedOrder();
        vm.warp(block.timestamp + BUYER_WINDOW + 1);
        vm.expectRevert(_errStatus(id, OrderStatus.Disputed));
        escrow.autoRelease(id);
    }

    function testFuzz_autoRelease_windowBoundary(uint256 elapsed) public {
        elapsed = bound(elapsed, 0, 3 * BUYER_WINDOW);
        uint256 id = _confirmedOrder();
        uint256 deadline = block.timestamp + BUYER_WINDOW;
        vm.warp(block.timestamp + elapsed);
        if (elapsed <= BUYER_WINDOW) {
            vm.expectRevert(_errWindowOpen(id, deadline));
            escrow.autoRelease(id);
        } else {
            escrow.autoRelease(id);
            assertEq(usdc.balanceOf(seller), AMOUNT);
        }
    }

    /// @dev Exactly one of "buyer disputes" and "anyone auto-releases" is possible at any second.
    function testFuzz_autoRelease_neverOverlapsWithDispute(uint256 elapsed) public {
        elapsed = bound(elapsed, 0, 3 * BUYER_WINDOW);
        uint256 id = _confirmedOrder();
        _fundDeposit(id, buyer);
        vm.warp(block.timestamp + elapsed);
        uint256 snap = vm.snapshotState();
        bool canRelease = _tryCall(address(escrow), abi.encodeCall(escrow.autoRelease, (id)), stranger);
        vm.revertToState(snap);
        bool canDispute = _tryCall(address(escrow), abi.encodeCall(escrow.openDispute, (id)), buyer);
        assertTrue(canRelease != canDispute, "release xor dispute");
    }

    // ---------------------------------------------------------------- deadlineOf

    function test_deadlineOf_followsTheCurrentWindowAndDisputePhase() public {
        _registerArbitrators(1);
        assertEq(escrow.deadlineOf(999), 0);
        uint256 id = _createOrder();
        assertEq(escrow.deadlineOf(id), block.timestamp + SELLER_WINDOW);
        vm.warp(block.timestamp + 100);
        _toSellerConfirmed(id);
        assertEq(escrow.deadlineOf(id), block.timestamp + BUYER_WINDOW);
        vm.warp(block.timestamp + 100);
        _openDispute(id, buyer);
        assertEq(escrow.deadlineOf(id), block.timestamp + RESPONSE_WINDOW, "response deadline");
        vm.warp(block.timestamp + 100);
        _payDisputeFee(id);
        _holdRandomness(id);
        assertEq(escrow.deadlineOf(id), block.timestamp + DRAW_WINDOW, "draw deadline (fallbackAt)");
        vm.warp(block.timestamp + 100);
        rng.force(escrow.getDispute(id).randomnessRequest, RandomnessStatus.Ready);
        _draw(id);
        assertEq(escrow.deadlineOf(id), block.timestamp + ARBITRATION_WINDOW, "ruling deadline");
        _resolve(id, Ruling.Seller);
        assertEq(escrow.deadlineOf(id), 0, "terminal");
    }

    function test_deadlineOf_isZeroOnceEscalated() public {
        uint256 id = _disputedOrder();
        _escalate(id);
        _assertPhase(id, DisputePhase.Escalated);
        assertEq(escrow.deadlineOf(id), 0, "the fallback arbitrator keeps no deadline");
    }

    // ---------------------------------------------------------------- withdraw

    function test_withdraw_revertsIfNothingCredited() public {
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowNothingToWithdraw.selector, address(usdc), seller));
        vm.prank(seller);
        escrow.withdraw(address(usdc));
    }

    // ---------------------------------------------------------------- Helpers

    function _tryCall(address target, bytes memory data, address caller) internal returns (bool ok) {
        vm.prank(caller);
        // A low-level call, so the test sees whether the call reverted instead of reverting itself.
        // solhint-disable-next-line avoid-low-level-calls
        (ok, ) = target.call(data);
    }
}
