// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {OrderStatus} from "../../src/types/Types.sol";
import {EscrowHandler} from "../handlers/EscrowHandler.sol";
import {EscrowInvariantBase} from "./EscrowInvariantBase.sol";

/// @notice Checks the handler itself: a fixed pseudo-random walk of 400 calls reaches every kind
/// of outcome (so the invariant campaigns are not vacuous), and its ghost books balance.
contract EscrowHandlerTest is EscrowInvariantBase {
    function _call(uint256 action, uint256 r) internal {
        EscrowHandler h = handler;
        if (action == 0) h.createOrder(r, r >> 8, r >> 16, r >> 24, (r >> 32) % 2 == 0);
        else if (action == 1) h.sellerConfirmDelivery(r);
        else if (action == 2) h.buyerConfirmReceived(r);
        else if (action == 3) h.cancelOrder(r, r % 2 == 0);
        else if (action == 4) h.expireOrder(r);
        else if (action == 5) h.autoRelease(r);
        else if (action == 6) h.openDispute(r, r % 2 == 0);
        else if (action == 7) h.expireRandomness(r);
        else if (action == 8) h.drawArbitrator(r);
        else if (action == 9) h.resolveDispute(r, r % 2 == 0, r >> 8);
        else if (action == 10) h.replaceArbitrator(r);
        else if (action == 11) h.proposeSettlement(r, r >> 8, r % 2 == 0);
        else if (action == 12) h.acceptSettlement(r);
        else if (action == 13) h.withdrawCredit(r, r >> 8, r >> 16);
        else if (action == 14) h.toggleBlocklist(r);
        else if (action == 15) h.setProtocolFee(r, r >> 8);
        else if (action == 16) h.warp(r);
        else if (action == 17) h.register(r, r >> 8);
        else if (action == 18) h.increaseStake(r, r >> 8);
        else if (action == 19) h.requestUnstake(r);
        else if (action == 20) h.withdrawStake(r);
        else h.withdrawPoolCredit(r, r >> 8);
    }

    function test_handler_walkReachesEveryOutcome() public {
        uint256 reverted;
        for (uint256 i; i < 400; ++i) {
            uint256 r = uint256(keccak256(abi.encode("walk", i)));
            // Create often early on so that there is something to act on.
            uint256 action = r % 22;
            // Only the reverts are counted.
            // solhint-disable-next-line no-empty-blocks
            try this.callHandler(action, r >> 8) {} catch {
                ++reverted;
            }
        }
        assertGe(handler.closedCount(), 8);
        assertGe(handler.draws(), 3);
        assertGe(handler.payouts(), 8);
        assertEq(handler.violations(), 0);
        assertLt(reverted, 20);

        bool settled;
        bool ruled;
        for (uint256 i; i < handler.closedCount(); ++i) {
            (, OrderStatus s, ) = handler.closedAt(i);
            settled = settled || s == OrderStatus.Settled;
            ruled = ruled || s == OrderStatus.ResolvedBuyer || s == OrderStatus.ResolvedSeller;
        }
        assertTrue(settled, "no settlement");
        assertTrue(ruled, "no ruling");

        for (uint256 t; t < 4; ++t) {
            address token = handler.tokens(t);
            assertEq(IERC20(token).balanceOf(address(escrow)), handler.ghostOpen(token) + handler.ghostCredits(token));
        }
        assertEq(bl.balanceOf(address(pool)), pool.totalStaked() + handler.ghostPoolCredits());
    }

    function callHandler(uint256 action, uint256 r) external {
        _call(action, r);
    }
}
