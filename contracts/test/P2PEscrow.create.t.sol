// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IArbitratorPool} from "../src/interfaces/IArbitratorPool.sol";
import {IP2PEscrow} from "../src/interfaces/IP2PEscrow.sol";
import {MockERC20} from "../src/mocks/MockERC20.sol";
import {Order, OrderStatus} from "../src/types/Types.sol";
import {EscrowTestBase} from "./utils/EscrowTestBase.sol";

contract P2PEscrowCreateTest is EscrowTestBase {
    // ---------------------------------------------------------------- createOrder: success

    function test_createOrder_storesOrderAndPullsFunds() public {
        uint256 id = _createOrder();
        assertEq(id, 1);
        Order memory o = escrow.getOrder(id);
        assertEq(o.buyer, buyer);
        assertEq(o.seller, seller);
        assertEq(o.amount, AMOUNT);
        assertEq(uint256(o.status), uint256(OrderStatus.Created));
        assertEq(o.statusSince, block.timestamp);
        assertEq(o.tokenId, 1);
        assertEq(o.protocolFeeBps, 0);
        assertEq(escrow.orderToken(id), address(usdc));
        assertEq(usdc.balanceOf(address(escrow)), AMOUNT);
        assertEq(usdc.balanceOf(buyer), 0);
        assertEq(escrow.nextOrderId(), 2);
        assertEq(escrow.deadlineOf(id), block.timestamp + SELLER_WINDOW);
    }

    function test_createOrder_emitsOrderCreated() public {
        _mintAndApprove(usdc, buyer, AMOUNT);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.OrderCreated(1, buyer, seller, address(usdc), AMOUNT, PRODUCT, 0);
        vm.prank(buyer);
        escrow.createOrder(seller, address(usdc), AMOUNT, PRODUCT, 0);
    }

    function test_createOrder_assignsSequentialIds() public {
        assertEq(escrow.nextOrderId(), 1);
        for (uint256 i = 1; i <= 5; ++i) {
            assertEq(_createOrder(), i);
        }
        assertEq(escrow.nextOrderId(), 6);
        assertEq(usdc.balanceOf(address(escrow)), 5 * AMOUNT);
    }

    function test_createOrder_fixesProtocolFeeAtCreation() public {
        vm.prank(owner);
        escrow.setProtocolFee(100, feeRecipient);
        _mintAndApprove(usdc, buyer, AMOUNT);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.OrderCreated(1, buyer, seller, address(usdc), AMOUNT, PRODUCT, 100);
        vm.prank(buyer);
        uint256 id = escrow.createOrder(seller, address(usdc), AMOUNT, PRODUCT, 100);
        vm.prank(owner);
        escrow.setProtocolFee(30, feeRecipient);
        assertEq(escrow.getOrder(id).protocolFeeBps, 100);
        assertEq(escrow.getOrder(_createOrder()).protocolFeeBps, 30);
    }

    // ---------------------------------------------------------------- Trades with arbitrators
    // A trade is recorded when the seller confirms delivery (both sides have acted), and only when
    // one of the parties is a flagged (registered) arbitrator. Cancelled, expired and disputed-
    // before-delivery orders record nothing, so nobody can exclude an arbitrator unilaterally.

    function test_createOrder_defersTradeRecordingUntilDelivery() public {
        _registerArbitrators(1);
        address arb = arbs[0];
        assertTrue(escrow.isArbitratorFlagged(arb));
        uint256 id = _createOrder(arb, seller, AMOUNT);
        assertFalse(pool.hasTraded(arb, seller));

        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.TradeRecorded(arb, seller);
        _toSellerConfirmed(id);
        assertTrue(pool.hasTraded(arb, seller));
        // Only the arbitrator side is recorded: the seller is no arbitrator.
        assertFalse(pool.hasTraded(seller, arb));
    }

    function test_sellerConfirmDelivery_recordsTradeOfArbitratorSeller() public {
        _registerArbitrators(1);
        uint256 id = _createOrder(buyer, arbs[0], AMOUNT);
        _toSellerConfirmed(id);
        assertTrue(pool.hasTraded(arbs[0], buyer));
    }

    function test_cancelOrder_recordsNoTrade() public {
        _registerArbitrators(1);
        // A buyer opening and cancelling an order with an arbitrator must not exclude it.
        uint256 id = _createOrder(buyer, arbs[0], AMOUNT);
        vm.prank(buyer);
        escrow.cancelOrder(id);
        assertFalse(pool.hasTraded(arbs[0], buyer));
    }

    function test_expireOrder_recordsNoTrade() public {
        _registerArbitrators(1);
        uint256 id = _createOrder(buyer, arbs[0], AMOUNT);
        vm.warp(block.timestamp + SELLER_WINDOW + 1);
        escrow.expireOrder(id);
        assertFalse(pool.hasTraded(arbs[0], buyer));
    }

    function test_openDispute_fromCreatedRecordsNoTrade() public {
        _registerArbitrators(2);
        uint256 id = _createOrder(arbs[0], seller, AMOUNT);
        _toDisputed(id);
        assertFalse(pool.hasTraded(arbs[0], seller));
        // The arbitrator is a party, so it is still never drawn for its own order.
        assertEq(_draw(id), arbs[1]);
    }

    function test_createOrder_recordsTradeBetweenTwoArbitrators() public {
        _registerArbitrators(2);
        uint256 id = _createOrder(arbs[0], arbs[1], AMOUNT);
        _toSellerConfirmed(id);
        assertTrue(pool.hasTraded(arbs[0], arbs[1]));
        assertTrue(pool.hasTraded(arbs[1], arbs[0]));
    }

    function test_createOrder_recordsNoTradeForOrdinaryParties() public {
        _registerArbitrators(1);
        uint256 id = _createOrder();
        _toSellerConfirmed(id);
        assertFalse(pool.hasTraded(arbs[0], buyer));
        assertFalse(pool.hasTraded(arbs[0], seller));
        assertFalse(pool.hasTraded(buyer, seller));
    }

    function test_createOrder_recordsTradeOnlyWhileRegistered() public {
        _registerArbitrators(1);
        address arb = arbs[0];
        vm.prank(arb);
        pool.requestUnstake();
        // Still flagged while unstaking: its trades still count.
        _toSellerConfirmed(_createOrder(arb, seller, AMOUNT));
        assertTrue(pool.hasTraded(arb, seller));
        vm.warp(block.timestamp + COOLDOWN);
        vm.prank(arb);
        pool.withdrawStake();
        assertFalse(escrow.isArbitratorFlagged(arb));
        _toSellerConfirmed(_createOrder(arb, buyer, AMOUNT));
        assertFalse(pool.hasTraded(arb, buyer));
    }

    // ---------------------------------------------------------------- createOrder: amounts

    function testFuzz_createOrder_recordsAnyAmountUpToUint96(uint256 amount) public {
        amount = bound(amount, MIN_ORDER, type(uint96).max);
        uint256 id = _createOrder(amount);
        assertEq(escrow.getOrder(id).amount, amount);
        assertEq(usdc.balanceOf(address(escrow)), amount);
    }

    function test_createOrder_revertsIfAmountZero() public {
        _mintAndApprove(usdc, buyer, AMOUNT);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidAmount.selector, 0));
        vm.prank(buyer);
        escrow.createOrder(seller, address(usdc), 0, PRODUCT, 0);
    }

    function testFuzz_createOrder_revertsIfAmountAboveUint96(uint256 amount) public {
        amount = bound(amount, uint256(type(uint96).max) + 1, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidAmount.selector, amount));
        vm.prank(buyer);
        escrow.createOrder(seller, address(usdc), amount, PRODUCT, 0);
    }

    function testFuzz_createOrder_acceptsAmountsUpToCap(uint256 cap, uint256 amount) public {
        cap = bound(cap, MIN_ORDER, type(uint96).max);
        amount = bound(amount, MIN_ORDER, cap);
        vm.prank(owner);
        escrow.configureToken(address(usdc), true, MIN_ORDER, cap, MIN_ARBITRATION_FEE);
        uint256 id = _createOrder(amount);
        assertEq(escrow.getOrder(id).amount, amount);
    }

    function testFuzz_createOrder_revertsIfAmountAboveCap(uint256 cap, uint256 amount) public {
        cap = bound(cap, MIN_ORDER, type(uint96).max - 1);
        amount = bound(amount, cap + 1, type(uint96).max);
        vm.prank(owner);
        escrow.configureToken(address(usdc), true, MIN_ORDER, cap, MIN_ARBITRATION_FEE);
        _mintAndApprove(usdc, buyer, amount);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowAmountAboveCap.selector, address(usdc), amount, cap));
        vm.prank(buyer);
        escrow.createOrder(seller, address(usdc), amount, PRODUCT, 0);
    }

    function test_createOrder_capBoundaryIsInclusive() public {
        vm.prank(owner);
        escrow.configureToken(address(usdc), true, MIN_ORDER, AMOUNT, MIN_ARBITRATION_FEE);
        _createOrder(AMOUNT);
        _mintAndApprove(usdc, buyer, AMOUNT + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IP2PEscrow.EscrowAmountAboveCap.selector, address(usdc), AMOUNT + 1, AMOUNT)
        );
        vm.prank(buyer);
        escrow.createOrder(seller, address(usdc), AMOUNT + 1, PRODUCT, 0);
    }

    function test_createOrder_minimumBoundaryIsInclusive() public {
        uint256 id = _createOrder(MIN_ORDER);
        assertEq(escrow.getOrder(id).amount, MIN_ORDER);
        _mintAndApprove(usdc, buyer, MIN_ORDER - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IP2PEscrow.EscrowAmountBelowMinimum.selector,
                address(usdc),
                MIN_ORDER - 1,
                MIN_ORDER
            )
        );
        vm.prank(buyer);
        escrow.createOrder(seller, address(usdc), MIN_ORDER - 1, PRODUCT, 0);
    }

    function testFuzz_createOrder_revertsBelowMinimum(uint256 minAmount, uint256 amount) public {
        minAmount = bound(minAmount, 2, type(uint96).max);
        amount = bound(amount, 1, minAmount - 1);
        vm.prank(owner);
        escrow.configureToken(address(usdc), true, minAmount, 0, 0);
        _mintAndApprove(usdc, buyer, amount);
        vm.expectRevert(
            abi.encodeWithSelector(IP2PEscrow.EscrowAmountBelowMinimum.selector, address(usdc), amount, minAmount)
        );
        vm.prank(buyer);
        escrow.createOrder(seller, address(usdc), amount, PRODUCT, 0);
        assertEq(usdc.balanceOf(buyer), amount, "nothing pulled");
    }

    function test_createOrder_revertsIfAllowanceMissing() public {
        usdc.mint(buyer, AMOUNT);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(escrow), 0, AMOUNT)
        );
        vm.prank(buyer);
        escrow.createOrder(seller, address(usdc), AMOUNT, PRODUCT, 0);
    }

    function test_createOrder_revertsIfBalanceMissing() public {
        vm.prank(buyer);
        usdc.approve(address(escrow), AMOUNT);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, buyer, 0, AMOUNT));
        vm.prank(buyer);
        escrow.createOrder(seller, address(usdc), AMOUNT, PRODUCT, 0);
    }

    // ---------------------------------------------------------------- createOrder: validation

    function test_createOrder_revertsIfTokenNeverConfigured() public {
        MockERC20 other = new MockERC20("Other", "OTH", 6);
        _mintAndApprove(other, buyer, AMOUNT);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowTokenNotAllowed.selector, address(other)));
        vm.prank(buyer);
        escrow.createOrder(seller, address(other), AMOUNT, PRODUCT, 0);
    }

    function test_createOrder_revertsIfTokenDisallowed() public {
        vm.prank(owner);
        escrow.configureToken(address(usdc), false, MIN_ORDER, 0, MIN_ARBITRATION_FEE);
        _mintAndApprove(usdc, buyer, AMOUNT);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowTokenNotAllowed.selector, address(usdc)));
        vm.prank(buyer);
        escrow.createOrder(seller, address(usdc), AMOUNT, PRODUCT, 0);
    }

    function test_createOrder_revertsIfSellerZero() public {
        _mintAndApprove(usdc, buyer, AMOUNT);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidSeller.selector, address(0)));
        vm.prank(buyer);
        escrow.createOrder(address(0), address(usdc), AMOUNT, PRODUCT, 0);
    }

    function test_createOrder_revertsIfSellerIsBuyer() public {
        _mintAndApprove(usdc, buyer, AMOUNT);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidSeller.selector, buyer));
        vm.prank(buyer);
        escrow.createOrder(buyer, address(usdc), AMOUNT, PRODUCT, 0);
    }

    function test_createOrder_revertsIfPaused() public {
        vm.prank(owner);
        escrow.pause();
        _mintAndApprove(usdc, buyer, AMOUNT);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowPaused.selector));
        vm.prank(buyer);
        escrow.createOrder(seller, address(usdc), AMOUNT, PRODUCT, 0);
    }

    // ---------------------------------------------------------------- createOrderWithPermit

    function test_createOrderWithPermit_usesSignedPermit() public {
        uint256 pk = 0xB0B5EC12E7;
        address signer = vm.addr(pk);
        usdc.mint(signer, AMOUNT);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(usdc, pk, AMOUNT, deadline);

        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.OrderCreated(1, signer, seller, address(usdc), AMOUNT, PRODUCT, 0);
        vm.prank(signer);
        uint256 id = escrow.createOrderWithPermit(seller, address(usdc), AMOUNT, PRODUCT, 0, deadline, v, r, s);
        assertEq(escrow.getOrder(id).buyer, signer);
        assertEq(usdc.nonces(signer), 1);
        assertEq(usdc.allowance(signer, address(escrow)), 0);
        assertEq(usdc.balanceOf(address(escrow)), AMOUNT);
    }

    function test_createOrderWithPermit_revertsIfPermitInvalidAndNoAllowance() public {
        uint256 pk = 0xB0B5EC12E7;
        address signer = vm.addr(pk);
        usdc.mint(signer, AMOUNT);
        uint256 deadline = block.timestamp + 1 hours;
        // Signed for less than the order pulls: the permit fails, and there is no allowance.
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(usdc, pk, AMOUNT - 1, deadline);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(escrow), 0, AMOUNT)
        );
        vm.prank(signer);
        escrow.createOrderWithPermit(seller, address(usdc), AMOUNT, PRODUCT, 0, deadline, v, r, s);
    }

    function test_createOrderWithPermit_ignoresBadPermitWhenAllowanceExists() public {
        _mintAndApprove(usdc, buyer, AMOUNT);
        vm.prank(buyer);
        uint256 id = escrow.createOrderWithPermit(
            seller,
            address(usdc),
            AMOUNT,
            PRODUCT,
            0,
            block.timestamp - 1,
            27,
            bytes32(0),
            bytes32(0)
        );
        assertEq(escrow.getOrder(id).amount, AMOUNT);
    }

    function test_createOrderWithPermit_revertsIfPaused() public {
        _mintAndApprove(usdc, buyer, AMOUNT);
        vm.prank(owner);
        escrow.pause();
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowPaused.selector));
        vm.prank(buyer);
        escrow.createOrderWithPermit(seller, address(usdc), AMOUNT, PRODUCT, 0, block.timestamp, 27, 0, 0);
    }

    function test_createOrderWithPermit_revertsIfTokenNotAllowed() public {
        MockERC20 other = new MockERC20("Other", "OTH", 6);
        _mintAndApprove(other, buyer, AMOUNT);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowTokenNotAllowed.selector, address(other)));
        vm.prank(buyer);
        escrow.createOrderWithPermit(seller, address(other), AMOUNT, PRODUCT, 0, block.timestamp, 27, 0, 0);
    }
}
