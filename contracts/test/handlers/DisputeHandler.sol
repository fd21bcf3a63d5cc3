// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {
    Dispute,
    DisputePhase,
    Order,
    OrderStatus,
    RandomnessStatus,
    Ruling,
    SettlementOffer
} from "../../src/types/Types.sol";
import {HandlerBase} from "./HandlerBase.sol";

/// @notice Invariant handler for disputes: deposits, default, draws, rulings (by arbitrators that
/// take up to a day), replacements, escalation to the fallback arbitrator and its rulings, and
/// settlement offers. Two actions are attacks that must always fail: a ruling after the
/// arbitration window, and accepting an offer that expired or whose dispute moved on.
contract DisputeHandler is HandlerBase {
    function openDispute(uint256 seed, bool bySeller) external step {
        uint256 mask = _mask(OrderStatus.Created) | _mask(OrderStatus.SellerConfirmed);
        uint256 id = books.pick(seed, mask, 0, books.WINDOW_OPEN());
        if (id == 0) return;
        Order memory o = _escrow.getOrder(id);
        // Before delivery only the buyer may dispute.
        address opener = bySeller && o.status == OrderStatus.SellerConfirmed ? o.seller : o.buyer;
        address token = _escrow.orderToken(id);
        // A deposit must arrive whole: a fee-on-transfer token cannot be disputed over.
        if (token == address(_d.fot) || books.blocked(token, opener)) return;
        _fund(token, opener, _escrow.arbitrationFeeOf(id));
        uint256 balanceBefore = IERC20(token).balanceOf(address(_escrow));
        vm.prank(opener);
        _escrow.openDispute(id);
        books.deposited(id, IERC20(token).balanceOf(address(_escrow)) - balanceBefore);
    }

    function payDisputeFee(uint256 seed) external step {
        uint256 phases = _phase(DisputePhase.AwaitingDeposit);
        uint256 id = books.pick(seed, _mask(OrderStatus.Disputed), phases, books.WINDOW_OPEN());
        if (id == 0) return;
        Order memory o = _escrow.getOrder(id);
        Dispute memory d = _escrow.getDispute(id);
        address payer = d.opener == o.buyer ? o.seller : o.buyer;
        address token = _escrow.orderToken(id);
        if (books.blocked(token, payer)) return;
        _fund(token, payer, d.fee);
        uint256 balanceBefore = IERC20(token).balanceOf(address(_escrow));
        vm.prank(payer);
        _escrow.payDisputeFee(id);
        books.deposited(id, IERC20(token).balanceOf(address(_escrow)) - balanceBefore);
    }

    function resolveUnanswered(uint256 seed) external step {
        uint256 phases = _phase(DisputePhase.AwaitingDeposit);
        uint256 id = books.pick(seed, _mask(OrderStatus.Disputed), phases, books.WINDOW_PASSED());
        if (id == 0) return;
        (uint256 bal, uint256 credits) = books.pre(id);
        _escrow.resolveUnanswered(id);
        books.post(id, bal, credits);
        books.count(books.DEFAULTS());
    }

    function expireRandomness(uint256 seed) external step {
        uint256 id = books.pick(seed, _mask(OrderStatus.Disputed), _phase(DisputePhase.Drawing), books.WINDOW_OPEN());
        if (id == 0) return;
        _d.rng.force(_escrow.getDispute(id).randomnessRequest, RandomnessStatus.Expired);
    }

    function drawArbitrator(uint256 seed) external step {
        uint256 id = books.pick(seed, _mask(OrderStatus.Disputed), _phase(DisputePhase.Drawing), books.WINDOW_OPEN());
        if (id == 0 || _escrow.getDispute(id).round >= _escrow.maxRounds()) return;
        // Nobody may be eligible (every arbitrator a party, conflicted or already had the case):
        // then the dispute waits for the fallback.
        try _escrow.drawArbitrator(id) returns (address arbitrator) {
            if (arbitrator == address(0)) return;
            books.count(books.DRAWS());
            Order memory o = _escrow.getOrder(id);
            if (arbitrator == o.buyer || arbitrator == o.seller || _escrow.getDispute(id).arbitrator != arbitrator) {
                books.violate(books.SELF_ARBITRATION(), id);
            }
            // solhint-disable-next-line no-empty-blocks
        } catch {}
    }

    function resolveDispute(uint256 seed, bool buyerWins, uint256 delay) external step {
        uint256 id = books.pick(seed, _mask(OrderStatus.Disputed), _phase(DisputePhase.Ruling), books.WINDOW_OPEN());
        if (id == 0) return;
        // Rules after a short delay, if still in time; a late arbitrator is lateRuling's.
        uint256 t = _time() + _bound(delay, 0, 1 days);
        if (t > _escrow.deadlineOf(id)) return;
        books.advanceTo(t);
        address arbitrator = _escrow.getDispute(id).arbitrator;
        (uint256 bal, uint256 credits) = books.pre(id);
        vm.prank(arbitrator);
        _escrow.resolveDispute(id, buyerWins ? Ruling.Buyer : Ruling.Seller);
        books.post(id, bal, credits);
    }

    /// @dev Attack: the drawn arbitrator rules after its window. It must always be refused.
    function lateRuling(uint256 seed, bool buyerWins) external step {
        uint256 id = books.pick(seed, _mask(OrderStatus.Disputed), _phase(DisputePhase.Ruling), books.WINDOW_PASSED());
        if (id == 0) return;
        address arbitrator = _escrow.getDispute(id).arbitrator;
        vm.prank(arbitrator);
        try _escrow.resolveDispute(id, buyerWins ? Ruling.Buyer : Ruling.Seller) {
            books.violate(books.LATE_RULING(), id);
        } catch {
            books.count(books.LATE_RULINGS_REFUSED());
        }
    }

    function replaceArbitrator(uint256 seed) external step {
        uint256 id = books.pick(seed, _mask(OrderStatus.Disputed), _phase(DisputePhase.Ruling), books.WINDOW_PASSED());
        if (id == 0) return;
        // The slash goes to the treasury, or is credited to it while the stake token refuses it.
        uint256 before = _pool.creditOf(_d.treasury);
        _escrow.replaceArbitrator(id);
        books.poolCredited(_pool.creditOf(_d.treasury) - before, 0);
    }

    function escalate(uint256 seed) external step {
        uint256 id = books.pick(seed, _mask(OrderStatus.Disputed), _phase(DisputePhase.Drawing), books.WINDOW_PASSED());
        if (id == 0) return;
        uint256 disputeId = books.escalations();
        (uint256 bal, uint256 credits) = books.pre(id);
        _escrow.escalate(id);
        if (_escrow.getOrder(id).status == OrderStatus.Disputed) {
            books.escalated(id, disputeId);
        } else {
            books.post(id, bal, credits);
            books.count(books.TIMEOUTS());
        }
    }

    function fallbackRule(uint256 seed, uint256 ruling) external step {
        uint256 id = books.pick(seed, _mask(OrderStatus.Disputed), _phase(DisputePhase.Escalated), books.ANY());
        if (id == 0) return;
        uint256 disputeId = books.escalationOf(id);
        (uint256 bal, uint256 credits) = books.pre(id);
        vm.prank(_d.court);
        _d.fallbackArb.giveRuling(disputeId, ruling % 3);
        books.post(id, bal, credits);
        books.count(books.FALLBACK_RULINGS());
    }

    function proposeSettlement(uint256 seed, uint256 buyerAmount, bool bySeller, uint256 ttl) external step {
        uint256 id = books.pick(seed, _mask(OrderStatus.Disputed), 0, books.ANY());
        if (id == 0) return;
        Order memory o = _escrow.getOrder(id);
        uint256 expiresAt = _time() + _bound(ttl, 1, 3 days);
        vm.prank(bySeller ? o.seller : o.buyer);
        _escrow.proposeSettlement(id, _bound(buyerAmount, 0, o.amount), expiresAt);
    }

    function withdrawSettlement(uint256 seed) external step {
        uint256 id = books.pick(seed, _mask(OrderStatus.Disputed), 0, books.HAS_OFFER());
        if (id == 0) return;
        address proposer = _escrow.getSettlementOffer(id).proposer;
        vm.prank(proposer);
        _escrow.withdrawSettlement(id);
    }

    function acceptSettlement(uint256 seed) external step {
        uint256 id = books.pick(seed, _mask(OrderStatus.Disputed), 0, books.LIVE_OFFER());
        if (id == 0) return;
        (address accepter, uint256 buyerAmount) = _accepter(id);
        (uint256 bal, uint256 credits) = books.pre(id);
        vm.prank(accepter);
        _escrow.acceptSettlement(id, buyerAmount);
        books.post(id, bal, credits);
    }

    /// @dev Attack: the other party accepts an offer that expired or whose dispute moved on. It
    /// must always be refused.
    function acceptLapsedOffer(uint256 seed) external step {
        uint256 id = books.pick(seed, _mask(OrderStatus.Disputed), 0, books.LAPSED_OFFER());
        if (id == 0) return;
        (address accepter, uint256 buyerAmount) = _accepter(id);
        vm.prank(accepter);
        try _escrow.acceptSettlement(id, buyerAmount) {
            books.violate(books.STALE_OFFER(), id);
        } catch {
            books.count(books.LAPSED_OFFERS_REFUSED());
        }
    }

    function _accepter(uint256 id) internal view returns (address accepter, uint256 buyerAmount) {
        Order memory o = _escrow.getOrder(id);
        SettlementOffer memory offer = _escrow.getSettlementOffer(id);
        accepter = offer.proposer == o.buyer ? o.seller : o.buyer;
        buyerAmount = offer.buyerAmount;
    }
}
