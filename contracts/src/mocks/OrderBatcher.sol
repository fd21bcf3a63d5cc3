// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IP2PEscrow} from "../interfaces/IP2PEscrow.sol";

/// @notice Benchmark and load-test helper: creates many orders in one transaction, as their buyer,
/// so a local chain can hold tens of thousands of order events without one block per order.
contract OrderBatcher {
    using SafeERC20 for IERC20;

    IP2PEscrow public immutable escrow;

    constructor(IP2PEscrow escrow_) {
        escrow = escrow_;
    }

    /// @notice Creates `count` orders of `amount` each to `seller`; the batcher must hold the tokens.
    /// Each order accepts the protocol fee in force now, as a buyer that just read it would.
    function createOrders(address seller, address token, uint256 amount, uint256 count, uint256 salt) external {
        IERC20(token).forceApprove(address(escrow), amount * count);
        (uint256 feeBps, ) = escrow.protocolFee();
        for (uint256 i; i < count; ++i) {
            escrow.createOrder(seller, token, amount, keccak256(abi.encode(salt, i)), feeBps);
        }
    }

    /// @notice Cancels orders the batcher bought, refunding it.
    function cancelOrders(uint256[] calldata orderIds) external {
        for (uint256 i; i < orderIds.length; ++i) {
            escrow.cancelOrder(orderIds[i]);
        }
    }
}
