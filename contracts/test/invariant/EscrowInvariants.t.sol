// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Arbitrator, ArbitratorStatus, Order, OrderStatus} from "../../src/types/Types.sol";
import {EscrowInvariantBase} from "./EscrowInvariantBase.sol";

/// @notice For each token, the escrow holds exactly its open (non-terminal) orders plus the
/// credited balances; nobody donates in this suite.
contract EscrowBalanceInvariantTest is EscrowInvariantBase {
    function invariant_escrowBalanceEqualsOpenOrdersPlusCredits() public view {
        for (uint256 t; t < 4; ++t) {
            address token = handler.tokens(t);
            assertEq(
                IERC20(token).balanceOf(address(escrow)),
                handler.ghostOpen(token) + handler.ghostCredits(token),
                "escrow balance != open orders + credits"
            );
        }
    }
}

/// @notice Completed, Cancelled, Expired, ResolvedBuyer, ResolvedSeller and Settled never change,
/// nor does the time at which they began.
contract TerminalStatesInvariantTest is EscrowInvariantBase {
    function invariant_terminalStatesNeverChange() public view {
        uint256 n = handler.closedCount();
        for (uint256 i; i < n; ++i) {
            (uint256 id, OrderStatus status, uint40 since) = handler.closedAt(i);
            Order memory o = escrow.getOrder(id);
            assertEq(uint256(o.status), uint256(status), "terminal status changed");
            assertEq(o.statusSince, since, "terminal statusSince changed");
        }
        // Every order the handler created is either open or closed, never lost track of.
        assertEq(handler.openCount() + n, escrow.nextOrderId() - 1, "orders unaccounted for");
    }
}

/// @notice Transfers out plus credits per order: nothing while it is open, then exactly its
/// amount, in the one call that closes it.
contract PayoutInvariantTest is EscrowInvariantBase {
    function invariant_eachOrderPaysOutExactlyItsAmountOnce() public view {
        _assertHeld(handler.PAYOUTS(), "an order paid out more or less than its amount, or twice");
    }
}

/// @notice Reputation stays in [0, 100]; draw weights are the reputation or zero and add up to
/// the sum tree's total.
contract ReputationInvariantTest is EscrowInvariantBase {
    function invariant_reputationStaysWithinBounds() public view {
        uint256 weights;
        for (uint256 i; i < 5; ++i) {
            Arbitrator memory a = pool.getArbitrator(handler.arbs(i));
            assertLe(a.reputation, 100, "reputation above 100");
            bool drawable = a.status == ArbitratorStatus.Active && a.reputation >= 20 && a.stake >= MIN_STAKE;
            if (drawable) weights += a.reputation;
        }
        assertEq(pool.totalWeight(), weights, "sum tree total != drawable reputations");
    }
}

/// @notice No order's buyer or seller is ever drawn as its arbitrator.
contract SelfArbitrationInvariantTest is EscrowInvariantBase {
    function invariant_partyIsNeverItsOwnArbitrator() public view {
        _assertHeld(handler.SELF_ARBITRATION(), "a party was drawn as its own arbitrator");
    }
}

/// @notice The pool holds exactly the stakes plus its credited slash payouts and stakes.
contract PoolBalanceInvariantTest is EscrowInvariantBase {
    function invariant_poolBalanceEqualsStakesPlusCredits() public view {
        assertEq(bl.balanceOf(address(pool)), pool.totalStaked() + handler.ghostPoolCredits(), "pool balance");
        uint256 stakes;
        for (uint256 i; i < 5; ++i) {
            stakes += pool.getArbitrator(handler.arbs(i)).stake;
        }
        assertEq(pool.totalStaked(), stakes, "totalStaked != sum of stakes");
    }
}
