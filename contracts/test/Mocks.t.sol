// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IP2PEscrow} from "../src/interfaces/IP2PEscrow.sol";
import {DeterministicRNG} from "../src/mocks/DeterministicRNG.sol";
import {MockERC20} from "../src/mocks/MockERC20.sol";
import {OrderBatcher} from "../src/mocks/OrderBatcher.sol";
import {OrderStatus, PaymentAuthorization, RandomnessStatus} from "../src/types/Types.sol";
import {EscrowTestBase} from "./utils/EscrowTestBase.sol";
import {FiatTokens} from "./utils/FiatTokens.sol";

/// @notice The test doubles behave as the other suites assume.
contract MocksTest is EscrowTestBase {
    function test_decimals_reportsConstructorValue() public {
        assertEq(usdc.decimals(), 6);
        assertEq(new MockERC20("Dai", "DAI", 18).decimals(), 18);
    }

    // ---------------------------------------------------------------- MockERC20: EIP-3009

    uint256 internal constant HOLDER_KEY = 0x3009;

    /// @dev HOLDER_KEY's authorization of `value` to `to` under `nonce`, valid for an hour.
    function _receive(address to, uint256 value, bytes32 nonce) internal view returns (uint8 v, bytes32 r, bytes32 s) {
        return FiatTokens.signReceive(address(usdc), HOLDER_KEY, to, value, 0, block.timestamp + 1 hours, nonce);
    }

    function test_receiveWithAuthorization_paysAnOrderThroughTheEscrowAsUsdcDoes() public {
        address holder = vm.addr(HOLDER_KEY);
        usdc.mint(holder, AMOUNT);
        PaymentAuthorization memory auth;
        auth.buyer = holder;
        auth.validBefore = block.timestamp + 1 hours;
        bytes32 nonce = escrow.orderAuthorizationNonce(seller, PRODUCT, 0, 0, 0);
        (auth.v, auth.r, auth.s) = _receive(address(escrow), AMOUNT, nonce);
        vm.prank(stranger);
        uint256 id = escrow.createOrderWithAuthorization(seller, address(usdc), AMOUNT, PRODUCT, 0, auth);
        assertEq(escrow.getOrder(id).buyer, holder);
        assertTrue(usdc.authorizationState(holder, nonce));
        assertEq(usdc.balanceOf(address(escrow)), AMOUNT);
    }

    function test_receiveWithAuthorization_refusesAnyCallerButThePayee() public {
        address holder = vm.addr(HOLDER_KEY);
        usdc.mint(holder, AMOUNT);
        (uint8 v, bytes32 r, bytes32 s) = _receive(seller, AMOUNT, bytes32(uint256(1)));
        vm.expectRevert(abi.encodeWithSelector(MockERC20.MockAuthorizationCallerNotPayee.selector, stranger, seller));
        vm.prank(stranger);
        usdc.receiveWithAuthorization(
            holder,
            seller,
            AMOUNT,
            0,
            block.timestamp + 1 hours,
            bytes32(uint256(1)),
            v,
            r,
            s
        );
    }

    function test_receiveWithAuthorization_refusesAReplayAnAlteredValueAndAnExpiredOne() public {
        address holder = vm.addr(HOLDER_KEY);
        usdc.mint(holder, 2 * AMOUNT);
        bytes32 nonce = bytes32(uint256(2));
        uint256 validBefore = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _receive(seller, AMOUNT, nonce);
        vm.startPrank(seller);
        vm.expectRevert(abi.encodeWithSelector(MockERC20.MockAuthorizationInvalidSignature.selector, holder));
        usdc.receiveWithAuthorization(holder, seller, 2 * AMOUNT, 0, validBefore, nonce, v, r, s);
        usdc.receiveWithAuthorization(holder, seller, AMOUNT, 0, validBefore, nonce, v, r, s);
        vm.expectRevert(abi.encodeWithSelector(MockERC20.MockAuthorizationUsed.selector, holder, nonce));
        usdc.receiveWithAuthorization(holder, seller, AMOUNT, 0, validBefore, nonce, v, r, s);
        vm.warp(validBefore);
        vm.expectRevert(
            abi.encodeWithSelector(MockERC20.MockAuthorizationOutsideWindow.selector, validBefore, 0, validBefore)
        );
        usdc.receiveWithAuthorization(holder, seller, AMOUNT, 0, validBefore, bytes32(uint256(3)), v, r, s);
        vm.stopPrank();
        assertEq(usdc.balanceOf(seller), AMOUNT);
    }

    function test_randomnessOf_unknownRequestIsPending() public {
        DeterministicRNG r = new DeterministicRNG();
        (RandomnessStatus status, uint256 value) = r.randomnessOf(0);
        assertEq(uint256(status), uint256(RandomnessStatus.Pending));
        assertEq(value, 0);
        assertEq(r.requestRandomness(), 1);
        (status, ) = r.randomnessOf(2);
        assertEq(uint256(status), uint256(RandomnessStatus.Pending));
        (status, value) = r.randomnessOf(1);
        assertEq(uint256(status), uint256(RandomnessStatus.Ready));
        assertEq(value, uint256(keccak256(abi.encode(uint256(0), uint256(1)))));
        // A forced Ready is just Ready.
        r.force(1, RandomnessStatus.Ready);
        (status, ) = r.randomnessOf(1);
        assertEq(uint256(status), uint256(RandomnessStatus.Ready));
    }

    function test_createOrders_batchesOrdersAndCancelsThem() public {
        OrderBatcher batcher = new OrderBatcher(IP2PEscrow(address(escrow)));
        assertEq(address(batcher.escrow()), address(escrow));
        usdc.mint(address(batcher), 3 * AMOUNT);
        vm.prank(owner);
        escrow.setProtocolFee(30, feeRecipient);
        batcher.createOrders(seller, address(usdc), AMOUNT, 3, 7);
        assertEq(escrow.nextOrderId(), 4);
        for (uint256 id = 1; id <= 3; ++id) {
            assertEq(escrow.getOrder(id).buyer, address(batcher));
            assertEq(escrow.getOrder(id).protocolFeeBps, 30, "the fee in force");
        }
        uint256[] memory ids = new uint256[](2);
        (ids[0], ids[1]) = (1, 3);
        batcher.cancelOrders(ids);
        _assertStatus(1, OrderStatus.Cancelled);
        _assertStatus(2, OrderStatus.Created);
        _assertStatus(3, OrderStatus.Cancelled);
        assertEq(usdc.balanceOf(address(batcher)), 2 * AMOUNT);
    }
}
