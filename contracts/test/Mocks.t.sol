// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IP2PEscrow} from "../src/interfaces/IP2PEscrow.sol";
import {DeterministicRNG} from "../src/mocks/DeterministicRNG.sol";
import {MockERC20} from "../src/mocks/MockERC20.sol";
import {OrderBatcher} from "../src/mocks/OrderBatcher.sol";
import {OrderStatus, RandomnessStatus} from "../src/types/Types.sol";
import {EscrowTestBase} from "./utils/EscrowTestBase.sol";

/// @notice The test doubles behave as the other suites assume.
contract MocksTest is EscrowTestBase {
    function test_decimals_reportsConstructorValue() public {
        assertEq(usdc.decimals(), 6);
        assertEq(new MockERC20("Dai", "DAI", 18).decimals(), 18);
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
