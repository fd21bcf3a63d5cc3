// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ArbitratorPool} from "../../src/ArbitratorPool.sol";
import {FallbackArbitrator} from "../../src/FallbackArbitrator.sol";
import {P2PEscrow} from "../../src/P2PEscrow.sol";
import {DeterministicRNG} from "../../src/mocks/DeterministicRNG.sol";
import {MockBlocklistToken} from "../../src/mocks/MockBlocklistToken.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {MockFeeOnTransferToken} from "../../src/mocks/MockFeeOnTransferToken.sol";
import {MockUSDT} from "../../src/mocks/MockUSDT.sol";
import {Dispute, DisputePhase, Order, OrderStatus, SettlementOffer} from "../../src/types/Types.sol";
import {Vm} from "../utils/Vm.sol";

/// @notice What the invariant handlers share: the deployment, the actors, the clock, and the
/// ghost books. The handlers (OrderHandler, DisputeHandler, PoolHandler, UserOpHandler) are the
/// fuzz targets and stay small (the invariant runner identifies a target by its code, which must
/// fit EIP-170); they act, then book here what each call did.
///
/// Ghost accounting, all measured from real balances and credits around each call:
/// - per order: what the escrow says it holds for it (`held`: the amount, then each deposit it
///   pulled), and what left the escrow plus what was credited when it closed (`paidOut`);
/// - per token: the sum of open orders (`ghostOpen`), of their deposits (`ghostDeposits`) and of
///   escrow credits (`ghostCredits`);
/// - the pool's credits (`ghostPoolCredits`);
/// - per token, the relayer fees buyers signed in the orders relayers submitted (`ghostRelayerFees`);
/// - each order's terminal status and when it began, the first time the books see it.
/// The per-call checks that need the call's context are recorded in `violations`.
contract EscrowBooks {
    // forge-std's name for the cheatcode handle.
    // solhint-disable-next-line const-name-snakecase
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    uint256 public constant PAYOUTS = 1 << 0;
    uint256 public constant SELF_ARBITRATION = 1 << 1;
    uint256 public constant LATE_RULING = 1 << 2;
    uint256 public constant STALE_OFFER = 1 << 3;
    uint256 public constant DEPOSITS = 1 << 4;
    uint256 public constant ESCALATION = 1 << 5;
    uint256 public constant GAS_PAYMENT = 1 << 6;
    uint256 public constant RELAYER_FEES = 1 << 7;

    // What `pick` asks of an order besides its status and dispute phase.
    uint256 public constant ANY = 0;
    uint256 public constant HAS_OFFER = 1; // an offer stands (live or not)
    uint256 public constant LIVE_OFFER = 2; // an offer that can be accepted
    uint256 public constant LAPSED_OFFER = 3; // an offer that expired or whose dispute moved on
    uint256 public constant WINDOW_OPEN = 4; // the current window has not closed
    uint256 public constant WINDOW_PASSED = 5; // the current window closed (timeouts are due)

    // Outcomes the walk reached, so that a campaign is known not to be vacuous.
    uint256 public constant DRAWS = 0;
    uint256 public constant PAYOUT_CALLS = 1;
    uint256 public constant DEFAULTS = 2;
    uint256 public constant FALLBACK_RULINGS = 3;
    uint256 public constant TIMEOUTS = 4;
    uint256 public constant LATE_RULINGS_REFUSED = 5;
    uint256 public constant LAPSED_OFFERS_REFUSED = 6;
    uint256 public constant SPONSORED_OPS = 7; // user operations the paymaster paid for
    uint256 public constant SELF_PAID_OPS = 8; // user operations paid from the account's deposit
    uint256 public constant DEFERRED_OPS = 9; // sponsored operations that approved the paymaster inside themselves
    uint256 public constant AUTHORIZED_ORDERS = 10; // orders paid by an EIP-3009 authorization
    uint256 public constant RELAYER_FEES_PAID = 11; // of those, the ones with a relayer fee
    uint256 public constant SHORT_AUTHORIZATIONS_REFUSED = 12; // authorizations on the fee-on-transfer token

    struct Deployment {
        P2PEscrow escrow;
        ArbitratorPool pool;
        DeterministicRNG rng;
        FallbackArbitrator fallbackArb;
        MockERC20 usdc;
        MockUSDT usdt;
        MockFeeOnTransferToken fot;
        MockBlocklistToken bl;
        address owner;
        address court;
        address treasury;
    }

    Deployment internal _d;
    address[] public tokens;
    uint256[] public keys;
    address[] public actors; // buyers and sellers, two of them arbitrators
    address[] public arbs;
    address[] public feeRecipients;
    address[] public accounts; // everyone who can ever hold a credit
    address[] public relayers; // submit orders paid by EIP-3009 authorization, and do nothing else

    // The books own the clock; every handler call re-applies it first.
    uint256 public time;
    uint256 public blockNumber;

    mapping(uint256 orderId => uint256) public held;
    mapping(uint256 orderId => uint256) public paidOut;
    mapping(uint256 orderId => uint256) public payoutActions;
    mapping(uint256 orderId => OrderStatus) public terminalStatus;
    mapping(uint256 orderId => uint40) public terminalSince;
    mapping(address token => uint256) public ghostOpen;
    mapping(address token => uint256) public ghostDeposits;
    mapping(address token => uint256) public ghostCredits;
    uint256 public ghostPoolCredits;
    mapping(address token => uint256) public ghostRelayerFees;
    mapping(uint256 orderId => bool) public authorizedOrder; // paid by an EIP-3009 authorization
    uint256[] public closedIds;
    uint256[] internal _openIds;
    mapping(uint256 orderId => uint256) internal _openSlot; // 1-based position in _openIds
    mapping(uint256 orderId => uint256) public escalationOf;
    uint256 public escalations;

    uint256 public violations; // bitmask of per-call properties ever seen broken
    uint256 public firstViolationOrder;
    mapping(uint256 kind => uint256) public reached;

    function init(
        Deployment calldata d,
        uint256[] calldata keys_,
        address[] calldata arbs_,
        address[] calldata feeRecipients_
    ) external {
        require(address(_d.escrow) == address(0), "initialised");
        _d = d;
        tokens.push(address(d.usdc));
        tokens.push(address(d.usdt));
        tokens.push(address(d.fot));
        tokens.push(address(d.bl));
        keys = keys_;
        for (uint256 i; i < keys_.length; ++i) {
            actors.push(vm.addr(keys_[i]));
            accounts.push(vm.addr(keys_[i]));
        }
        for (uint256 i; i < arbs_.length; ++i) {
            arbs.push(arbs_[i]);
            accounts.push(arbs_[i]);
            // The first two arbitrators also trade, so conflicts of interest arise; the others
            // never do, so most disputes can still find someone to draw.
            if (i < 2) actors.push(arbs_[i]);
        }
        for (uint256 i; i < feeRecipients_.length; ++i) {
            feeRecipients.push(feeRecipients_[i]);
            accounts.push(feeRecipients_[i]);
        }
        accounts.push(d.treasury);
        time = block.timestamp;
        blockNumber = block.number;
    }

    /// @notice Adds an account that trades only through UserOpHandler (a smart account), so that
    /// its credits are counted and the plain handlers may blocklist it and withdraw for it.
    function addAccount(address account) external {
        accounts.push(account);
    }

    /// @notice Adds an account that only submits orders paid by EIP-3009 authorization, so that
    /// everything it ever holds is a relayer fee (it never trades, nor holds a credit).
    function addRelayer(address relayer) external {
        relayers.push(relayer);
    }

    // ================================================================ The deployment

    function deployment() external view returns (Deployment memory) {
        return _d;
    }

    function escrow() external view returns (P2PEscrow) {
        return _d.escrow;
    }

    function pool() external view returns (ArbitratorPool) {
        return _d.pool;
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function keyCount() external view returns (uint256) {
        return keys.length;
    }

    function tokenCount() external view returns (uint256) {
        return tokens.length;
    }

    function arbCount() external view returns (uint256) {
        return arbs.length;
    }

    function allArbs() external view returns (address[] memory) {
        return arbs;
    }

    function accountCount() external view returns (uint256) {
        return accounts.length;
    }

    function feeRecipientCount() external view returns (uint256) {
        return feeRecipients.length;
    }

    function relayerCount() external view returns (uint256) {
        return relayers.length;
    }

    /// @notice Whether `token` refuses to move funds from or to `account`.
    function blocked(address token, address account) public view returns (bool) {
        if (token == address(_d.bl)) return _d.bl.isBlocklisted(account);
        if (token == address(_d.usdt)) return _d.usdt.isBlackListed(account);
        return false;
    }

    // ================================================================ The clock

    /// @notice Re-applies the books' clock (the runner may have moved the chain's).
    function sync() external {
        vm.warp(time);
        vm.roll(blockNumber);
    }

    /// @notice Moves the clock forward to `t`, a block per 12 seconds (at least one).
    function advanceTo(uint256 t) public {
        if (t > time) {
            blockNumber += 1 + (t - time) / 12;
            time = t;
            vm.warp(time);
            vm.roll(blockNumber);
        }
    }

    // ================================================================ Orders

    /// @notice Books a new order at the amount the escrow recorded.
    function opened(uint256 id) external {
        _openIds.push(id);
        _openSlot[id] = _openIds.length;
        uint256 recorded = _d.escrow.getOrder(id).amount;
        held[id] = recorded;
        ghostOpen[_d.escrow.orderToken(id)] += recorded;
    }

    /// @notice Books the relayer fee `fee` that `buyer` signed for order `id` (booked by `opened`),
    /// submitted by a relayer, and checks where the money went in that call: the escrow received
    /// exactly the order's amount (none of the fee), the relayer exactly the fee, and the buyer,
    /// who is the order's buyer, paid both.
    function relayed(
        uint256 id,
        address buyer,
        uint256 fee,
        uint256 toEscrow,
        uint256 toRelayer,
        uint256 fromBuyer
    ) external {
        Order memory o = _d.escrow.getOrder(id);
        if (o.buyer != buyer || toEscrow != o.amount || toRelayer != fee || fromBuyer != o.amount + fee) {
            _violate(RELAYER_FEES, id);
        }
        ghostRelayerFees[_d.escrow.orderToken(id)] += fee;
        authorizedOrder[id] = true;
        ++reached[AUTHORIZED_ORDERS];
        if (fee != 0) ++reached[RELAYER_FEES_PAID];
    }

    /// @notice Books a deposit the escrow says it now holds for order `id`; `arrived` is what its
    /// balance grew by, which must be exactly that.
    function deposited(uint256 id, uint256 arrived) external {
        uint256 fee = _d.escrow.getDispute(id).fee;
        if (arrived != fee) _violate(DEPOSITS, id);
        held[id] += fee;
        ghostDeposits[_d.escrow.orderToken(id)] += fee;
    }

    /// @notice The escrow's balance and the credits before a call that may close order `id`.
    function pre(uint256 id) external view returns (uint256 balance, uint256 credits) {
        address token = _d.escrow.orderToken(id);
        balance = IERC20(token).balanceOf(address(_d.escrow));
        credits = _creditsOf(token);
    }

    /// @notice Books what left the escrow and what was credited during a call that may close
    /// order `id`, and checks it is exactly what the escrow held for the order, paid in one call.
    function post(uint256 id, uint256 balanceBefore, uint256 creditsBefore) external {
        address token = _d.escrow.orderToken(id);
        uint256 out = balanceBefore - IERC20(token).balanceOf(address(_d.escrow));
        uint256 credited = _creditsOf(token) - creditsBefore;
        ghostCredits[token] += credited;
        if (out + credited != 0) {
            paidOut[id] += out + credited;
            ++payoutActions[id];
            ++reached[PAYOUT_CALLS];
        }
        Order memory o = _d.escrow.getOrder(id);
        if (!_isTerminal(o.status)) {
            if (paidOut[id] != 0) _violate(PAYOUTS, id);
            return;
        }
        if (paidOut[id] != held[id] || payoutActions[id] != 1) _violate(PAYOUTS, id);
        terminalStatus[id] = o.status;
        terminalSince[id] = o.statusSince;
        closedIds.push(id);
        ghostOpen[token] -= o.amount;
        ghostDeposits[token] -= held[id] - o.amount;
        uint256 slot = _openSlot[id];
        uint256 last = _openIds[_openIds.length - 1];
        _openIds[slot - 1] = last;
        _openSlot[last] = slot;
        _openIds.pop();
        delete _openSlot[id];
    }

    /// @notice Books a credit withdrawn from the escrow.
    function creditWithdrawn(address token, uint256 amount) external {
        ghostCredits[token] -= amount;
    }

    /// @notice Books a change of the pool's credits.
    function poolCredited(uint256 added, uint256 withdrawn) external {
        ghostPoolCredits = ghostPoolCredits + added - withdrawn;
    }

    /// @notice Books that order `id` went to the fallback arbitrator as its dispute `disputeId`.
    function escalated(uint256 id, uint256 disputeId) external {
        // The fallback arbitrator numbers its disputes from 0, and only this escrow makes any.
        if (disputeId != escalations || _d.escrow.orderOfEscalation(disputeId) != id) _violate(ESCALATION, id);
        escalationOf[id] = disputeId;
        ++escalations;
    }

    function violate(uint256 property, uint256 id) external {
        _violate(property, id);
    }

    function count(uint256 kind) external {
        ++reached[kind];
    }

    // ================================================================ Picking orders

    /// @notice Picks one open order whose status is in `mask`, whose dispute phase is in `phases`
    /// (0: any) and that meets `want`; 0 if none.
    function pick(uint256 seed, uint256 mask, uint256 phases, uint256 want) external view returns (uint256) {
        uint256 n = _openIds.length;
        uint256[] memory matches = new uint256[](n);
        uint256 found;
        for (uint256 i; i < n; ++i) {
            uint256 id = _openIds[i];
            if (mask & (1 << uint256(_d.escrow.getOrder(id).status)) == 0) continue;
            Dispute memory d = _d.escrow.getDispute(id);
            if (phases != 0 && phases & (1 << uint256(d.phase)) == 0) continue;
            if (!_meets(id, d, want)) continue;
            matches[found++] = id;
        }
        return found == 0 ? 0 : matches[seed % found];
    }

    function _meets(uint256 id, Dispute memory d, uint256 want) internal view returns (bool) {
        if (want == ANY) return true;
        if (want == WINDOW_OPEN) return time <= _d.escrow.deadlineOf(id);
        if (want == WINDOW_PASSED) {
            uint256 deadline = _d.escrow.deadlineOf(id);
            return deadline != 0 && time > deadline;
        }
        SettlementOffer memory offer = _d.escrow.getSettlementOffer(id);
        if (offer.proposer == address(0)) return false;
        bool live = time <= offer.expiresAt && offer.step == d.step;
        if (want == LIVE_OFFER) return live;
        if (want == LAPSED_OFFER) return !live;
        return true; // HAS_OFFER
    }

    // ================================================================ Views for the invariants

    function closedCount() external view returns (uint256) {
        return closedIds.length;
    }

    function openCount() external view returns (uint256) {
        return _openIds.length;
    }

    function openIdAt(uint256 i) external view returns (uint256) {
        return _openIds[i];
    }

    /// @notice For a closed order: its recorded terminal status and when that began.
    function closedAt(uint256 i) external view returns (uint256 id, OrderStatus status, uint40 since) {
        id = closedIds[i];
        return (id, terminalStatus[id], terminalSince[id]);
    }

    /// @notice What the escrow, by its own state, owes in `token`: each open order's amount and
    /// the deposits its dispute holds (the opener's, and the other side's once past
    /// AwaitingDeposit), plus every account's credit.
    function owedOf(address token) external view returns (uint256 owed) {
        for (uint256 i; i < _openIds.length; ++i) {
            uint256 id = _openIds[i];
            if (_d.escrow.orderToken(id) != token) continue;
            owed += _d.escrow.getOrder(id).amount;
            Dispute memory d = _d.escrow.getDispute(id);
            if (d.phase == DisputePhase.AwaitingDeposit) owed += d.fee;
            else if (d.phase != DisputePhase.None) owed += 2 * uint256(d.fee);
        }
        owed += _creditsOf(token);
    }

    /// @notice What the relayers hold of `token`: only ever relayer fees.
    function relayerBalanceOf(address token) external view returns (uint256 sum) {
        for (uint256 i; i < relayers.length; ++i) {
            sum += IERC20(token).balanceOf(relayers[i]);
        }
    }

    // ================================================================ Internals

    function _violate(uint256 property, uint256 id) internal {
        if (violations == 0) firstViolationOrder = id;
        violations |= property;
    }

    function _creditsOf(address token) internal view returns (uint256 sum) {
        for (uint256 i; i < accounts.length; ++i) {
            sum += _d.escrow.creditOf(token, accounts[i]);
        }
    }

    function _isTerminal(OrderStatus s) internal pure returns (bool) {
        return
            s == OrderStatus.Completed
            || s == OrderStatus.Cancelled
            || s == OrderStatus.Expired
            || s == OrderStatus.ResolvedBuyer
            || s == OrderStatus.ResolvedSeller
            || s == OrderStatus.Settled;
    }
}
