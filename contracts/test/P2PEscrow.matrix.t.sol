// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IP2PEscrow} from "../src/interfaces/IP2PEscrow.sol";
import {DisputePhase, OrderStatus, Ruling} from "../src/types/Types.sol";
import {EscrowTestBase} from "./utils/EscrowTestBase.sol";

/// @notice Every order function against every order status and dispute phase: each call either
/// succeeds (from a state snapshot, so the walk goes on from the same state) or reverts with the
/// exact error.
contract P2PEscrowMatrixTest is EscrowTestBase {
    enum Fn {
        Cancel,
        SellerConfirm,
        BuyerConfirm,
        Expire,
        AutoRelease,
        OpenDispute,
        PayFee,
        ResolveUnanswered,
        Draw,
        Replace,
        Escalate,
        Resolve,
        Propose,
        WithdrawOffer,
        Accept,
        Evidence
    }

    uint256 internal constant SPLIT = AMOUNT / 4;

    function setUp() public override {
        super.setUp();
        _registerArbitrators(3);
    }

    // ---------------------------------------------------------------- Walk helpers

    /// @dev Gives the caller of a deposit-paying call the deposit, outside the expected call.
    function _prepare(Fn fn, uint256 id) internal {
        if (escrow.getOrder(id).buyer == address(0)) return;
        if (fn == Fn.OpenDispute) _fundDeposit(id, buyer);
        else if (fn == Fn.PayFee) _fundDeposit(id, seller);
    }

    /// @dev Makes one call with the caller that has the best claim to make it.
    function _do(Fn fn, uint256 id, address arbitrator) internal {
        if (fn == Fn.Cancel) {
            vm.prank(buyer);
            escrow.cancelOrder(id);
        } else if (fn == Fn.SellerConfirm) {
            vm.prank(seller);
            escrow.sellerConfirmDelivery(id, DELIVERY);
        } else if (fn == Fn.BuyerConfirm) {
            vm.prank(buyer);
            escrow.buyerConfirmReceived(id);
        } else if (fn == Fn.Expire) {
            vm.prank(stranger);
            escrow.expireOrder(id);
        } else if (fn == Fn.AutoRelease) {
            vm.prank(stranger);
            escrow.autoRelease(id);
        } else if (fn == Fn.OpenDispute) {
            vm.prank(buyer);
            escrow.openDispute(id);
        } else if (fn == Fn.PayFee) {
            vm.prank(seller);
            escrow.payDisputeFee(id);
        } else if (fn == Fn.ResolveUnanswered) {
            vm.prank(stranger);
            escrow.resolveUnanswered(id);
        } else if (fn == Fn.Draw) {
            vm.prank(stranger);
            escrow.drawArbitrator(id);
        } else if (fn == Fn.Replace) {
            vm.prank(stranger);
            escrow.replaceArbitrator(id);
        } else if (fn == Fn.Escalate) {
            vm.prank(stranger);
            escrow.escalate(id);
        } else if (fn == Fn.Resolve) {
            vm.prank(arbitrator);
            escrow.resolveDispute(id, Ruling.Buyer);
        } else if (fn == Fn.Propose) {
            vm.prank(buyer);
            escrow.proposeSettlement(id, SPLIT, block.timestamp + OFFER_TTL);
        } else if (fn == Fn.WithdrawOffer) {
            vm.prank(buyer);
            escrow.withdrawSettlement(id);
        } else if (fn == Fn.Accept) {
            vm.prank(seller);
            escrow.acceptSettlement(id, SPLIT);
        } else {
            vm.prank(buyer);
            escrow.submitEvidence(id, "ipfs://evidence");
        }
    }

    /// @dev Expects `fn` to revert with exactly `err`.
    function _reverts(Fn fn, uint256 id, address arbitrator, bytes memory err) internal {
        _prepare(fn, id);
        vm.expectRevert(err);
        _do(fn, id, arbitrator);
    }

    /// @dev Expects `fn` to succeed and leave the order in `after_`, then restores the state.
    function _succeeds(Fn fn, uint256 id, address arbitrator, OrderStatus after_) internal {
        uint256 snap = vm.snapshotState();
        _prepare(fn, id);
        _do(fn, id, arbitrator);
        _assertStatus(id, after_);
        vm.revertToState(snap);
    }

    /// @dev A status nothing can leave: every call reverts with EscrowInvalidStatus.
    function _assertTerminal(OrderStatus status) internal {
        uint256 id = _orderIn(status);
        _assertStatus(id, status);
        address arbitrator = escrow.getDispute(id).arbitrator;
        if (arbitrator == address(0)) arbitrator = arbs[0];
        for (uint256 f; f <= uint256(Fn.Evidence); ++f) {
            _reverts(Fn(f), id, arbitrator, _errStatus(id, status));
        }
        // Even after every window has passed.
        vm.warp(block.timestamp + 365 days);
        for (uint256 f; f <= uint256(Fn.Evidence); ++f) {
            _reverts(Fn(f), id, arbitrator, _errStatus(id, status));
        }
        _assertStatus(id, status);
    }

    /// @dev The calls that only an undisputed order takes revert on a disputed one.
    function _assertOrderCallsRevert(uint256 id, address a) internal {
        OrderStatus s = OrderStatus.Disputed;
        _reverts(Fn.Cancel, id, a, _errStatus(id, s));
        _reverts(Fn.SellerConfirm, id, a, _errStatus(id, s));
        _reverts(Fn.BuyerConfirm, id, a, _errStatus(id, s));
        _reverts(Fn.Expire, id, a, _errStatus(id, s));
        _reverts(Fn.AutoRelease, id, a, _errStatus(id, s));
        _reverts(Fn.OpenDispute, id, a, _errStatus(id, s));
    }

    /// @dev The calls that only a disputed order takes revert on an undisputed one in `s`.
    function _assertDisputeCallsRevert(uint256 id, address a, OrderStatus s) internal {
        _reverts(Fn.PayFee, id, a, _errStatus(id, s));
        _reverts(Fn.ResolveUnanswered, id, a, _errStatus(id, s));
        _reverts(Fn.Draw, id, a, _errStatus(id, s));
        _reverts(Fn.Replace, id, a, _errStatus(id, s));
        _reverts(Fn.Escalate, id, a, _errStatus(id, s));
        _reverts(Fn.Resolve, id, a, _errStatus(id, s));
        _reverts(Fn.Propose, id, a, _errStatus(id, s));
        _reverts(Fn.WithdrawOffer, id, a, _errStatus(id, s));
        _reverts(Fn.Accept, id, a, _errStatus(id, s));
        _reverts(Fn.Evidence, id, a, _errStatus(id, s));
    }

    /// @dev A settlement offer stands: it can be replaced, withdrawn and accepted.
    function _assertOfferOpen(uint256 id, address a) internal {
        _succeeds(Fn.Propose, id, a, OrderStatus.Disputed);
        _succeeds(Fn.WithdrawOffer, id, a, OrderStatus.Disputed);
        _succeeds(Fn.Accept, id, a, OrderStatus.Settled);
        _succeeds(Fn.Evidence, id, a, OrderStatus.Disputed);
    }

    // ---------------------------------------------------------------- None

    function test_allOrderFunctions_none() public {
        uint256 id = _orderIn(OrderStatus.None);
        address a = arbs[0];
        // onlyParty runs first: the zero-address parties of a missing order match no caller.
        _reverts(Fn.Cancel, id, a, _errUnauthorized(id, buyer));
        _reverts(Fn.SellerConfirm, id, a, _errStatus(id, OrderStatus.None));
        _reverts(Fn.BuyerConfirm, id, a, _errStatus(id, OrderStatus.None));
        _reverts(Fn.Expire, id, a, _errStatus(id, OrderStatus.None));
        _reverts(Fn.AutoRelease, id, a, _errStatus(id, OrderStatus.None));
        _reverts(Fn.OpenDispute, id, a, _errUnauthorized(id, buyer));
        _reverts(Fn.PayFee, id, a, _errUnauthorized(id, seller));
        _reverts(Fn.ResolveUnanswered, id, a, _errStatus(id, OrderStatus.None));
        _reverts(Fn.Draw, id, a, _errStatus(id, OrderStatus.None));
        _reverts(Fn.Replace, id, a, _errStatus(id, OrderStatus.None));
        _reverts(Fn.Escalate, id, a, _errStatus(id, OrderStatus.None));
        _reverts(Fn.Resolve, id, a, _errStatus(id, OrderStatus.None));
        _reverts(Fn.Propose, id, a, _errUnauthorized(id, buyer));
        _reverts(Fn.WithdrawOffer, id, a, _errStatus(id, OrderStatus.None));
        _reverts(Fn.Accept, id, a, _errUnauthorized(id, seller));
        _reverts(Fn.Evidence, id, a, _errStatus(id, OrderStatus.None));
        // Order 0 never exists either.
        _reverts(Fn.Expire, 0, a, _errStatus(0, OrderStatus.None));
    }

    // ---------------------------------------------------------------- Created

    function test_allOrderFunctions_created() public {
        uint256 id = _orderIn(OrderStatus.Created);
        address a = arbs[0];
        OrderStatus s = OrderStatus.Created;
        uint256 deadline = block.timestamp + SELLER_WINDOW;
        _succeeds(Fn.Cancel, id, a, OrderStatus.Cancelled);
        _succeeds(Fn.SellerConfirm, id, a, OrderStatus.SellerConfirmed);
        _reverts(Fn.BuyerConfirm, id, a, _errStatus(id, s));
        _reverts(Fn.Expire, id, a, _errWindowOpen(id, deadline));
        _reverts(Fn.AutoRelease, id, a, _errStatus(id, s));
        _succeeds(Fn.OpenDispute, id, a, OrderStatus.Disputed);
        _assertDisputeCallsRevert(id, a, s);
    }

    function test_allOrderFunctions_createdAfterSellerWindow() public {
        uint256 id = _orderIn(OrderStatus.Created);
        address a = arbs[0];
        OrderStatus s = OrderStatus.Created;
        uint256 deadline = block.timestamp + SELLER_WINDOW;
        vm.warp(deadline + 1);
        _succeeds(Fn.Cancel, id, a, OrderStatus.Cancelled);
        _reverts(Fn.SellerConfirm, id, a, _errWindowClosed(id, deadline));
        _reverts(Fn.BuyerConfirm, id, a, _errStatus(id, s));
        _succeeds(Fn.Expire, id, a, OrderStatus.Expired);
        _reverts(Fn.AutoRelease, id, a, _errStatus(id, s));
        _reverts(Fn.OpenDispute, id, a, _errWindowClosed(id, deadline));
        _assertDisputeCallsRevert(id, a, s);
    }

    // ---------------------------------------------------------------- SellerConfirmed

    function test_allOrderFunctions_sellerConfirmed() public {
        uint256 id = _orderIn(OrderStatus.SellerConfirmed);
        address a = arbs[0];
        OrderStatus s = OrderStatus.SellerConfirmed;
        uint256 deadline = block.timestamp + BUYER_WINDOW;
        _reverts(Fn.Cancel, id, a, _errStatus(id, s));
        _reverts(Fn.SellerConfirm, id, a, _errStatus(id, s));
        _succeeds(Fn.BuyerConfirm, id, a, OrderStatus.Completed);
        _reverts(Fn.Expire, id, a, _errStatus(id, s));
        _reverts(Fn.AutoRelease, id, a, _errWindowOpen(id, deadline));
        _succeeds(Fn.OpenDispute, id, a, OrderStatus.Disputed);
        _assertDisputeCallsRevert(id, a, s);
    }

    function test_allOrderFunctions_sellerConfirmedAfterBuyerWindow() public {
        uint256 id = _orderIn(OrderStatus.SellerConfirmed);
        address a = arbs[0];
        OrderStatus s = OrderStatus.SellerConfirmed;
        uint256 deadline = block.timestamp + BUYER_WINDOW;
        vm.warp(deadline + 1);
        _reverts(Fn.Cancel, id, a, _errStatus(id, s));
        _reverts(Fn.SellerConfirm, id, a, _errStatus(id, s));
        // The buyer may still release the funds itself; only disputing is closed.
        _succeeds(Fn.BuyerConfirm, id, a, OrderStatus.Completed);
        _reverts(Fn.Expire, id, a, _errStatus(id, s));
        _succeeds(Fn.AutoRelease, id, a, OrderStatus.Completed);
        _reverts(Fn.OpenDispute, id, a, _errWindowClosed(id, deadline));
        _assertDisputeCallsRevert(id, a, s);
    }

    // ---------------------------------------------------------------- Disputed, by phase

    function test_allOrderFunctions_awaitingDeposit() public {
        uint256 id = _confirmedOrder();
        _openDispute(id, buyer);
        uint256 deadline = block.timestamp + RESPONSE_WINDOW;
        address a = arbs[0];
        DisputePhase p = DisputePhase.AwaitingDeposit;
        _propose(id, buyer, SPLIT);

        _assertOrderCallsRevert(id, a);
        _succeeds(Fn.PayFee, id, a, OrderStatus.Disputed);
        _reverts(Fn.ResolveUnanswered, id, a, _errWindowOpen(id, deadline));
        _reverts(Fn.Draw, id, a, _errPhase(id, p));
        _reverts(Fn.Replace, id, a, _errPhase(id, p));
        _reverts(Fn.Escalate, id, a, _errPhase(id, p));
        _reverts(Fn.Resolve, id, a, _errPhase(id, p));
        _assertOfferOpen(id, a);
    }

    function test_allOrderFunctions_awaitingDepositAfterResponseWindow() public {
        uint256 id = _confirmedOrder();
        _openDispute(id, buyer);
        uint256 deadline = block.timestamp + RESPONSE_WINDOW;
        vm.warp(deadline + 1);
        address a = arbs[0];
        DisputePhase p = DisputePhase.AwaitingDeposit;
        _propose(id, buyer, SPLIT);

        _assertOrderCallsRevert(id, a);
        _reverts(Fn.PayFee, id, a, _errWindowClosed(id, deadline));
        _succeeds(Fn.ResolveUnanswered, id, a, OrderStatus.ResolvedBuyer);
        _reverts(Fn.Draw, id, a, _errPhase(id, p));
        _reverts(Fn.Replace, id, a, _errPhase(id, p));
        _reverts(Fn.Escalate, id, a, _errPhase(id, p));
        _reverts(Fn.Resolve, id, a, _errPhase(id, p));
        _assertOfferOpen(id, a);
    }

    function test_allOrderFunctions_drawing() public {
        uint256 id = _disputedOrder();
        _holdRandomness(id);
        uint256 request = escrow.getDispute(id).randomnessRequest;
        uint256 fallbackAt = block.timestamp + DRAW_WINDOW;
        address a = arbs[0];
        DisputePhase p = DisputePhase.Drawing;
        _propose(id, buyer, SPLIT);

        _assertOrderCallsRevert(id, a);
        _reverts(Fn.PayFee, id, a, _errPhase(id, p));
        _reverts(Fn.ResolveUnanswered, id, a, _errPhase(id, p));
        _reverts(Fn.Draw, id, a, abi.encodeWithSelector(IP2PEscrow.EscrowRandomnessPending.selector, id, request));
        _reverts(Fn.Replace, id, a, _errPhase(id, p));
        _reverts(Fn.Escalate, id, a, _errWindowOpen(id, fallbackAt));
        _reverts(Fn.Resolve, id, a, _errPhase(id, p));
        _assertOfferOpen(id, a);
    }

    function test_allOrderFunctions_drawingAfterDrawWindow() public {
        uint256 id = _disputedOrder();
        uint256 fallbackAt = block.timestamp + DRAW_WINDOW;
        vm.warp(fallbackAt + 1);
        address a = arbs[0];
        DisputePhase p = DisputePhase.Drawing;
        _propose(id, buyer, SPLIT);

        _assertOrderCallsRevert(id, a);
        _reverts(Fn.PayFee, id, a, _errPhase(id, p));
        _reverts(Fn.ResolveUnanswered, id, a, _errPhase(id, p));
        _reverts(Fn.Draw, id, a, _errWindowClosed(id, fallbackAt));
        _reverts(Fn.Replace, id, a, _errPhase(id, p));
        _succeeds(Fn.Escalate, id, a, OrderStatus.Disputed);
        _reverts(Fn.Resolve, id, a, _errPhase(id, p));
        _assertOfferOpen(id, a);
    }

    function test_allOrderFunctions_ruling() public {
        (uint256 id, address a) = _assignedOrder();
        uint256 deadline = block.timestamp + ARBITRATION_WINDOW;
        DisputePhase p = DisputePhase.Ruling;
        _propose(id, buyer, SPLIT);

        _assertOrderCallsRevert(id, a);
        _reverts(Fn.PayFee, id, a, _errPhase(id, p));
        _reverts(Fn.ResolveUnanswered, id, a, _errPhase(id, p));
        _reverts(Fn.Draw, id, a, _errPhase(id, p));
        _reverts(Fn.Replace, id, a, _errWindowOpen(id, deadline));
        _reverts(Fn.Escalate, id, a, _errPhase(id, p));
        _succeeds(Fn.Resolve, id, a, OrderStatus.ResolvedBuyer);
        _assertOfferOpen(id, a);
    }

    function test_allOrderFunctions_rulingAfterArbitrationWindow() public {
        (uint256 id, address a) = _assignedOrder();
        uint256 deadline = block.timestamp + ARBITRATION_WINDOW;
        DisputePhase p = DisputePhase.Ruling;
        vm.warp(deadline + 1);
        _propose(id, buyer, SPLIT);

        _assertOrderCallsRevert(id, a);
        _reverts(Fn.PayFee, id, a, _errPhase(id, p));
        _reverts(Fn.ResolveUnanswered, id, a, _errPhase(id, p));
        _reverts(Fn.Draw, id, a, _errPhase(id, p));
        _succeeds(Fn.Replace, id, a, OrderStatus.Disputed);
        _reverts(Fn.Escalate, id, a, _errPhase(id, p));
        // A late ruling is refused: the arbitrator can only be replaced.
        _reverts(Fn.Resolve, id, a, _errWindowClosed(id, deadline));
        _assertOfferOpen(id, a);
    }

    function test_allOrderFunctions_escalated() public {
        uint256 id = _disputedOrder();
        _escalate(id);
        address a = arbs[0];
        DisputePhase p = DisputePhase.Escalated;
        _propose(id, buyer, SPLIT);

        _assertOrderCallsRevert(id, a);
        _reverts(Fn.PayFee, id, a, _errPhase(id, p));
        _reverts(Fn.ResolveUnanswered, id, a, _errPhase(id, p));
        _reverts(Fn.Draw, id, a, _errPhase(id, p));
        _reverts(Fn.Replace, id, a, _errPhase(id, p));
        _reverts(Fn.Escalate, id, a, _errPhase(id, p));
        _reverts(Fn.Resolve, id, a, _errPhase(id, p));
        _assertOfferOpen(id, a);
    }

    // ---------------------------------------------------------------- Terminal

    function test_allOrderFunctions_completed() public {
        _assertTerminal(OrderStatus.Completed);
    }

    function test_allOrderFunctions_cancelled() public {
        _assertTerminal(OrderStatus.Cancelled);
    }

    function test_allOrderFunctions_expired() public {
        _assertTerminal(OrderStatus.Expired);
    }

    function test_allOrderFunctions_resolvedBuyer() public {
        _assertTerminal(OrderStatus.ResolvedBuyer);
    }

    function test_allOrderFunctions_resolvedSeller() public {
        _assertTerminal(OrderStatus.ResolvedSeller);
    }

    function test_allOrderFunctions_settled() public {
        _assertTerminal(OrderStatus.Settled);
    }
}
