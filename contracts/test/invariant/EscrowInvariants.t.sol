// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Arbitrator, ArbitratorStatus, Order, OrderStatus} from "../../src/types/Types.sol";
import {EscrowInvariantBase} from "./EscrowInvariantBase.sol";

/// @notice For each token, the escrow holds exactly what it owes: its open (non-terminal) orders,
/// the dispute deposits it holds for them and the credited balances. Checked twice: against the
/// handler's books, and against the escrow's own state (order amounts, dispute phases and fees,
/// credits); nobody donates in this suite. And the relayer fees of orders paid by EIP-3009
/// authorization never stay in the escrow: the relayers, who only relay, hold exactly the fees the
/// buyers signed, and each such order moved the amount to the escrow and the fee to its relayer,
/// both from its buyer. Checked here rather than in an invariant of its own, which would cost a
/// whole campaign.
contract EscrowBalanceInvariantTest is EscrowInvariantBase {
    function invariant_escrowBalanceEqualsOpenOrdersPlusDepositsPlusCredits() public view {
        for (uint256 t; t < 4; ++t) {
            address token = books.tokens(t);
            uint256 balance = IERC20(token).balanceOf(address(escrow));
            assertEq(
                balance,
                books.ghostOpen(token) + books.ghostDeposits(token) + books.ghostCredits(token),
                "escrow balance != open orders + deposits + credits (handler's books)"
            );
            assertEq(balance, books.owedOf(token), "escrow balance != what its state says it owes");
            assertEq(books.relayerBalanceOf(token), books.ghostRelayerFees(token), "relayers != the fees signed");
        }
        _assertHeld(books.RELAYER_FEES(), "an authorized order moved other sums, or a short one was accepted");
    }
}

/// @notice Completed, Cancelled, Expired, ResolvedBuyer, ResolvedSeller and Settled never change,
/// nor does the time at which they began.
contract TerminalStatesInvariantTest is EscrowInvariantBase {
    function invariant_terminalStatesNeverChange() public view {
        uint256 n = books.closedCount();
        for (uint256 i; i < n; ++i) {
            (uint256 id, OrderStatus status, uint40 since) = books.closedAt(i);
            Order memory o = escrow.getOrder(id);
            assertEq(uint256(o.status), uint256(status), "terminal status changed");
            assertEq(o.statusSince, since, "terminal statusSince changed");
        }
        // Every order the handler created is either open or closed, never lost track of.
        assertEq(books.openCount() + n, escrow.nextOrderId() - 1, "orders unaccounted for");
    }
}

/// @notice Transfers out plus credits per order: nothing while it is open, then exactly its
/// amount and the deposits it held, in the one call that closes it. Each deposit arrives whole.
/// And what the parties of orders made through the EntryPoint pay besides: each bundle's gas, paid
/// right (the payer's EntryPoint deposit falls by exactly what the EntryPoint charged; the
/// paymaster gains in the order's token at least that gas at the quoted price and at most the
/// signed maximum, nothing when the account paid from its own deposit). Checked here rather than
/// in a contract of its own, which would cost a whole campaign for one flag.
contract PayoutInvariantTest is EscrowInvariantBase {
    function invariant_eachOrderPaysOutExactlyWhatItHeldOnce() public view {
        _assertHeld(books.PAYOUTS(), "an order paid out more or less than it held, or twice");
        _assertHeld(books.DEPOSITS(), "a deposit arrived short or long");
        _assertHeld(books.GAS_PAYMENT(), "a bundle's gas was paid wrong");
    }
}

/// @notice The attacks the handler keeps trying never work: a ruling after the arbitration window
/// is refused, and so is accepting an offer that expired or whose dispute moved on. Escalations
/// map to their orders.
contract DisputeRulesInvariantTest is EscrowInvariantBase {
    function invariant_lateRulingsAndStaleOffersAreRefused() public view {
        _assertHeld(books.LATE_RULING(), "a ruling after the window was accepted");
        _assertHeld(books.STALE_OFFER(), "a lapsed offer was accepted");
        _assertHeld(books.ESCALATION(), "an escalation does not map to its order");
    }
}

/// @notice Reputation stays in [0, 100]; the sum tree's total is the sum of the applied weights,
/// and an arbitrator without a queued change has the weight its record calls for:
/// stake x reputation / 100 while active with reputation >= 20 and the minimum stake, else 0.
contract ReputationInvariantTest is EscrowInvariantBase {
    function invariant_reputationAndWeightsStayConsistent() public view {
        uint256 weights;
        for (uint256 i; i < 5; ++i) {
            address account = books.arbs(i);
            Arbitrator memory a = pool.getArbitrator(account);
            assertLe(a.reputation, 100, "reputation above 100");
            uint256 applied = pool.weightOf(account);
            weights += applied;
            if (pool.isWeightQueued(account)) continue;
            bool drawable = a.status == ArbitratorStatus.Active && a.reputation >= 20 && a.stake >= MIN_STAKE;
            assertEq(applied, drawable ? (uint256(a.stake) * a.reputation) / 100 : 0, "weight != record");
        }
        assertEq(pool.totalWeight(), weights, "sum tree total != applied weights");
    }
}

/// @notice No order's buyer or seller is ever drawn as its arbitrator.
contract SelfArbitrationInvariantTest is EscrowInvariantBase {
    function invariant_partyIsNeverItsOwnArbitrator() public view {
        _assertHeld(books.SELF_ARBITRATION(), "a party was drawn as its own arbitrator");
    }
}

/// @notice The pool holds exactly the stakes plus its credited payouts.
contract PoolBalanceInvariantTest is EscrowInvariantBase {
    function invariant_poolBalanceEqualsStakesPlusCredits() public view {
        assertEq(bl.balanceOf(address(pool)), pool.totalStaked() + books.ghostPoolCredits(), "pool balance");
        uint256 stakes;
        for (uint256 i; i < 5; ++i) {
            stakes += pool.getArbitrator(books.arbs(i)).stake;
        }
        assertEq(pool.totalStaked(), stakes, "totalStaked != sum of stakes");
    }
}
