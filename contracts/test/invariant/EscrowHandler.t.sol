// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {OrderStatus} from "../../src/types/Types.sol";
import {EscrowInvariantBase} from "./EscrowInvariantBase.sol";

/// @notice Checks the handlers themselves: a fixed pseudo-random walk reaches every kind of outcome
/// (so the invariant campaigns are not vacuous), the attacks it tries are refused, and the books
/// balance.
contract EscrowHandlerTest is EscrowInvariantBase {
    /// @dev The actions the walk of every outcome picks from; action 30 (an order paid by EIP-3009
    /// authorization) has a walk of its own, so that this one stays as tuned.
    uint256 internal constant ACTIONS = 30;

    /// @dev The dispute flow, repeated so that the walk takes orders through it more often than a
    /// uniform pick of actions would.
    uint8[15] internal _disputeFlow = [0, 10, 11, 14, 15, 18, 19, 20, 22, 0, 10, 11, 14, 17, 12];

    function _call(uint256 action, uint256 r) internal {
        if (action < 10) _callOrders(action, r);
        else if (action < 24) _callDisputes(action, r);
        else if (action < 30) _callPool(action, r);
        else orders.createOrderWithAuthorization(r, r >> 8, r >> 16, r >> 24, r >> 32, r >> 40);
    }

    function _callOrders(uint256 action, uint256 r) internal {
        if (action == 0) orders.createOrder(r, r >> 8, r >> 16, r >> 24, (r >> 32) % 2 == 0);
        else if (action == 1) orders.sellerConfirmDelivery(r);
        else if (action == 2) orders.buyerConfirmReceived(r);
        else if (action == 3) orders.cancelOrder(r, r % 2 == 0);
        else if (action == 4) orders.expireOrder(r);
        else if (action == 5) orders.autoRelease(r);
        else if (action == 6) orders.withdrawCredit(r, r >> 8);
        else if (action == 7) orders.toggleBlocklist(r);
        else if (action == 8) orders.setProtocolFee(r, r >> 8);
        else orders.warp(r);
    }

    function _callDisputes(uint256 action, uint256 r) internal {
        if (action == 10) disputes.openDispute(r, r % 2 == 0);
        else if (action == 11) disputes.payDisputeFee(r);
        else if (action == 12) disputes.resolveUnanswered(r);
        else if (action == 13) disputes.expireRandomness(r);
        else if (action == 14) disputes.drawArbitrator(r);
        else if (action == 15) disputes.resolveDispute(r, r % 2 == 0, r >> 8);
        else if (action == 16) disputes.lateRuling(r, r % 2 == 0);
        else if (action == 17) disputes.replaceArbitrator(r);
        else if (action == 18) disputes.escalate(r);
        else if (action == 19) disputes.fallbackRule(r, r >> 8);
        else if (action == 20) disputes.proposeSettlement(r, r >> 8, r % 2 == 0, r >> 16);
        else if (action == 21) disputes.withdrawSettlement(r);
        else if (action == 22) disputes.acceptSettlement(r);
        else disputes.acceptLapsedOffer(r);
    }

    function _callPool(uint256 action, uint256 r) internal {
        if (action == 24) arbitration.register(r, r >> 8);
        else if (action == 25) arbitration.increaseStake(r, r >> 8);
        else if (action == 26) arbitration.requestUnstake(r);
        else if (action == 27) arbitration.withdrawStake(r);
        else if (action == 28) arbitration.withdrawPoolCredit(r);
        else arbitration.applyQueuedWeights();
    }

    function test_handler_walkReachesEveryOutcome() public {
        uint256 reverted;
        for (uint256 i; i < 800; ++i) {
            uint256 r = uint256(keccak256(abi.encode("walk", i)));
            uint256 pick = r % (ACTIONS + _disputeFlow.length);
            uint256 action = pick < ACTIONS ? pick : _disputeFlow[pick - ACTIONS];
            // Only the reverts are counted.
            // solhint-disable-next-line no-empty-blocks
            try this.callHandler(action, r >> 8) {} catch {
                ++reverted;
            }
        }
        assertGe(books.closedCount(), 8);
        assertGe(books.reached(books.DRAWS()), 3);
        assertGe(books.reached(books.PAYOUT_CALLS()), 8);
        assertGe(books.reached(books.DEFAULTS()), 1);
        assertGe(books.reached(books.FALLBACK_RULINGS()) + books.reached(books.TIMEOUTS()), 1);
        assertGe(books.reached(books.LATE_RULINGS_REFUSED()) + books.reached(books.LAPSED_OFFERS_REFUSED()), 1);
        assertEq(books.violations(), 0);
        assertLt(reverted, 20);

        bool settled;
        bool ruled;
        for (uint256 i; i < books.closedCount(); ++i) {
            (, OrderStatus s, ) = books.closedAt(i);
            settled = settled || s == OrderStatus.Settled;
            ruled = ruled || s == OrderStatus.ResolvedBuyer || s == OrderStatus.ResolvedSeller;
        }
        assertTrue(settled, "no settlement");
        assertTrue(ruled, "no ruling");

        for (uint256 t; t < 4; ++t) {
            address token = books.tokens(t);
            uint256 balance = IERC20(token).balanceOf(address(escrow));
            assertEq(balance, books.ghostOpen(token) + books.ghostDeposits(token) + books.ghostCredits(token));
            assertEq(balance, books.owedOf(token));
        }
        assertEq(bl.balanceOf(address(pool)), pool.totalStaked() + books.ghostPoolCredits());
    }

    /// @dev Orders paid by EIP-3009 authorization (action 30) among the order lifecycle's actions:
    /// relayers submit them with a fee and without, the fee-on-transfer token's are refused, some
    /// close through the lifecycle and pay out what they held, the relayers hold exactly the fees
    /// the buyers signed, and the books balance.
    function test_handler_walkPaysOrdersByAuthorization() public {
        uint256 reverted;
        for (uint256 i; i < 300; ++i) {
            uint256 r = uint256(keccak256(abi.encode("authorizations", i)));
            uint256 action = r % 13;
            // Only the reverts are counted.
            // solhint-disable-next-line no-empty-blocks
            try this.callHandler(action < 10 ? action : 30, r >> 8) {} catch {
                ++reverted;
            }
        }
        assertEq(reverted, 0, "reverted");
        assertEq(books.violations(), 0, "violations");
        uint256 authorized = books.reached(books.AUTHORIZED_ORDERS());
        uint256 withFee = books.reached(books.RELAYER_FEES_PAID());
        assertGe(withFee, 3, "orders with a relayer fee");
        assertGe(authorized - withFee, 1, "orders without a relayer fee");
        assertGe(books.reached(books.SHORT_AUTHORIZATIONS_REFUSED()), 1, "short authorizations refused");
        uint256 closed;
        for (uint256 i; i < books.closedCount(); ++i) {
            (uint256 id, , ) = books.closedAt(i);
            if (books.authorizedOrder(id)) ++closed;
        }
        assertGe(closed, 3, "authorized orders closed");
        uint256 fees;
        for (uint256 t; t < 4; ++t) {
            address token = books.tokens(t);
            uint256 balance = IERC20(token).balanceOf(address(escrow));
            assertEq(balance, books.ghostOpen(token) + books.ghostDeposits(token) + books.ghostCredits(token));
            assertEq(balance, books.owedOf(token));
            assertEq(books.relayerBalanceOf(token), books.ghostRelayerFees(token));
            fees += books.ghostRelayerFees(token);
        }
        assertGt(fees, 0, "no relayer fee reached a relayer");
    }

    /// @dev Orders made and settled through the EntryPoint: a walk of UserOpHandler's actions (and
    /// OrderHandler's delivery, for orders sold by a plain actor) completes, cancels and disputes
    /// orders of the smart accounts, pays gas both ways (and on the deferred path after an account
    /// revokes the paymaster's allowance), and the books balance.
    function test_userOpHandler_walkSettlesOrdersThroughTheEntryPoint() public {
        uint256 reverted;
        for (uint256 i; i < 120; ++i) {
            uint256 r = uint256(keccak256(abi.encode("userOps", i)));
            // Only the reverts are counted.
            // solhint-disable-next-line no-empty-blocks
            try this.callUserOps(r % 8, r >> 8) {} catch {
                ++reverted;
            }
        }
        assertEq(reverted, 0, "reverted");
        assertEq(books.violations(), 0, "violations");
        assertGe(books.reached(books.SPONSORED_OPS()), 20, "sponsored operations");
        assertGe(books.reached(books.SELF_PAID_OPS()), 5, "self-paid operations");
        assertGe(books.reached(books.DEFERRED_OPS()), 1, "operations that approved the paymaster inside themselves");
        bool completed;
        bool cancelled;
        for (uint256 i; i < books.closedCount(); ++i) {
            (uint256 id, OrderStatus s, ) = books.closedAt(i);
            uint256 code = escrow.getOrder(id).buyer.code.length;
            completed = completed || (code != 0 && s == OrderStatus.Completed);
            cancelled = cancelled || (code != 0 && s == OrderStatus.Cancelled);
        }
        assertTrue(completed && cancelled, "a smart account's order completed and one cancelled");
        bool disputed;
        for (uint256 i; i < books.openCount(); ++i) {
            disputed = disputed || escrow.getOrder(books.openIdAt(i)).status == OrderStatus.Disputed;
        }
        assertTrue(disputed, "an order disputed");
        for (uint256 t; t < 2; ++t) {
            address token = books.tokens(t);
            uint256 balance = IERC20(token).balanceOf(address(escrow));
            assertEq(balance, books.ghostOpen(token) + books.ghostDeposits(token) + books.ghostCredits(token));
            assertEq(balance, books.owedOf(token));
        }
    }

    function callUserOps(uint256 action, uint256 r) external {
        bool selfPaid = (r >> 200) % 4 == 0;
        if (action < 2) userOps.buy(r, r >> 8, r >> 16, r >> 24, selfPaid);
        else if (action == 2) userOps.sellerConfirmDelivery(r, selfPaid);
        else if (action == 3) orders.sellerConfirmDelivery(r);
        else if (action == 4) userOps.buyerConfirmReceived(r, selfPaid);
        else if (action == 5) userOps.cancelOrder(r, r % 2 == 0, selfPaid);
        else if (action == 6) userOps.openDispute(r, r % 2 == 0, selfPaid);
        else userOps.revokePaymaster(r, r >> 8);
    }

    function callHandler(uint256 action, uint256 r) external {
        _call(action, r);
    }
}
