// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ArbitratorPool} from "../../src/ArbitratorPool.sol";
import {P2PEscrow} from "../../src/P2PEscrow.sol";
import {DeterministicRNG} from "../../src/mocks/DeterministicRNG.sol";
import {MockBlocklistToken} from "../../src/mocks/MockBlocklistToken.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {MockFeeOnTransferToken} from "../../src/mocks/MockFeeOnTransferToken.sol";
import {MockUSDT} from "../../src/mocks/MockUSDT.sol";
import {
    Arbitrator,
    ArbitratorStatus,
    Dispute,
    Order,
    OrderStatus,
    RandomnessStatus,
    Ruling,
    SettlementOffer
} from "../../src/types/Types.sol";
import {Vm} from "../utils/Vm.sol";

/// @notice Drives the escrow and the pool for the invariant tests with valid-looking calls only:
/// each action picks an order (or account) in a state where the call makes sense and calls with
/// the account that may make it; timeouts are claimed only once due. Time moves by `warp` (up to
/// a day) and by arbitrators taking up to a day to rule.
///
/// Ghost accounting, all measured from real balances and credits around each call:
/// - per order: what left the escrow plus what was credited (`paidOut`), and in how many calls;
/// - per token: the sum of open orders (`ghostOpen`) and of escrow credits (`ghostCredits`);
/// - the pool's credits (`ghostPoolCredits`);
/// - each order's terminal status and when it began, the first time the handler sees it.
/// The per-call checks that need the call's context (a payout that is not exactly the order's
/// amount, a party drawn as arbitrator) are recorded in `violations`.
contract EscrowHandler {
    // forge-std's name for the cheatcode handle.
    // solhint-disable-next-line const-name-snakecase
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    uint256 public constant MAX_ORDERS = 40;
    uint256 internal constant MAX_ORDER_AMOUNT = 1_000_000e6;

    uint256 public constant PAYOUTS = 1 << 0;
    uint256 public constant SELF_ARBITRATION = 1 << 1;

    // No immutables and no constructor arguments: the invariant runner finds a target's ABI by
    // matching its deployed code against the artifacts. `init` wires the handler up once.
    P2PEscrow public escrow;
    ArbitratorPool public pool;
    DeterministicRNG public rng;
    MockERC20 public usdc;
    MockUSDT public usdt;
    MockFeeOnTransferToken public fot;
    MockBlocklistToken public bl; // also the pool's stake token
    address public owner;

    address[] public tokens;
    uint256[] internal _keys;
    address[] public actors; // buyers and sellers, two of them arbitrators
    address[] public arbs;
    address[] public feeRecipients;
    address[] public accounts; // everyone who can ever hold a credit

    // The handler owns the clock and re-applies it on every call.
    uint256 public time;
    uint256 public blockNumber;

    // Ghost accounting.
    mapping(uint256 orderId => uint256) public paidOut;
    mapping(uint256 orderId => uint256) public payoutActions;
    mapping(uint256 orderId => OrderStatus) public terminalStatus;
    mapping(uint256 orderId => uint40) public terminalSince;
    mapping(address token => uint256) public ghostOpen;
    mapping(address token => uint256) public ghostCredits;
    uint256 public ghostPoolCredits;
    uint256[] public closedIds;
    uint256[] internal _openIds;
    mapping(uint256 orderId => uint256) internal _openSlot; // 1-based position in _openIds

    uint256 public violations; // bitmask of per-call properties ever seen broken
    uint256 public firstViolationOrder;
    uint256 public draws;
    uint256 public payouts;

    function init(
        P2PEscrow escrow_,
        ArbitratorPool pool_,
        DeterministicRNG rng_,
        MockERC20 usdc_,
        MockUSDT usdt_,
        MockFeeOnTransferToken fot_,
        MockBlocklistToken bl_,
        address owner_,
        uint256[] memory keys_,
        address[] memory arbs_,
        address[] memory feeRecipients_
    ) external {
        require(address(escrow) == address(0), "initialised");
        escrow = escrow_;
        pool = pool_;
        rng = rng_;
        usdc = usdc_;
        usdt = usdt_;
        fot = fot_;
        bl = bl_;
        owner = owner_;
        tokens.push(address(usdc_));
        tokens.push(address(usdt_));
        tokens.push(address(fot_));
        tokens.push(address(bl_));
        _keys = keys_;
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
        time = block.timestamp;
        blockNumber = block.number;
    }

    modifier step() {
        vm.warp(time);
        vm.roll(blockNumber);
        _;
    }

    // ================================================================ Orders

    function createOrder(
        uint256 buyerSeed,
        uint256 sellerSeed,
        uint256 tokenSeed,
        uint256 amount,
        bool withPermit
    ) external step {
        if (escrow.nextOrderId() - 1 >= MAX_ORDERS) return;
        uint256 b = buyerSeed % actors.length;
        uint256 s = sellerSeed % actors.length;
        if (b == s) s = (s + 1) % actors.length;
        address token = tokens[tokenSeed % tokens.length];
        if (_blocked(token, actors[b])) return;
        amount = _bound(amount, 1, MAX_ORDER_AMOUNT);

        if (token == address(usdt)) {
            _createUsdt(actors[b], actors[s], amount);
        } else if (withPermit && b < _keys.length) {
            _createWithPermit(b, actors[s], MockERC20(token), amount);
        } else {
            address buyer = actors[b];
            MockERC20(token).mint(buyer, amount);
            vm.prank(buyer);
            MockERC20(token).approve(address(escrow), amount);
            vm.prank(buyer);
            escrow.createOrder(actors[s], token, amount, keccak256(abi.encode(amount)));
        }
        uint256 id = escrow.nextOrderId() - 1;
        _openIds.push(id);
        _openSlot[id] = _openIds.length;
        ghostOpen[token] += escrow.getOrder(id).amount;
    }

    function _createUsdt(address buyer, address seller, uint256 amount) internal {
        usdt.mint(buyer, amount);
        vm.startPrank(buyer);
        // Tether's approve-race guard: go through zero.
        usdt.approve(address(escrow), 0);
        usdt.approve(address(escrow), amount);
        escrow.createOrder(seller, address(usdt), amount, keccak256(abi.encode(amount)));
        vm.stopPrank();
    }

    function _createWithPermit(uint256 keyIndex, address seller, MockERC20 token, uint256 amount) internal {
        address buyer = actors[keyIndex];
        token.mint(buyer, amount);
        uint256 deadline = time + 1 hours;
        (uint8 v, bytes32 r, bytes32 sig) = _signPermit(token, _keys[keyIndex], amount, deadline);
        vm.prank(buyer);
        escrow.createOrderWithPermit(
            seller,
            address(token),
            amount,
            keccak256(abi.encode(amount)),
            deadline,
            v,
            r,
            sig
        );
    }

    function sellerConfirmDelivery(uint256 seed) external step {
        uint256 id = _pick(seed, _mask(OrderStatus.Created), WINDOW_OPEN);
        if (id == 0) return;
        vm.prank(escrow.getOrder(id).seller);
        escrow.sellerConfirmDelivery(id);
    }

    function buyerConfirmReceived(uint256 seed) external step {
        if (seed % 2 == 0) return; // keep orders around long enough to be disputed
        uint256 id = _pick(seed >> 1, _mask(OrderStatus.SellerConfirmed), ANY);
        if (id == 0) return;
        (address token, uint256 bal, uint256 credits) = _pre(id);
        vm.prank(escrow.getOrder(id).buyer);
        escrow.buyerConfirmReceived(id);
        _post(id, token, bal, credits);
    }

    function cancelOrder(uint256 seed, bool bySeller) external step {
        if (seed % 4 != 0) return; // keep orders around long enough to be disputed
        uint256 id = _pick(seed >> 2, _mask(OrderStatus.Created), ANY);
        if (id == 0) return;
        Order memory o = escrow.getOrder(id);
        (address token, uint256 bal, uint256 credits) = _pre(id);
        vm.prank(bySeller ? o.seller : o.buyer);
        escrow.cancelOrder(id);
        _post(id, token, bal, credits);
    }

    function expireOrder(uint256 seed) external step {
        uint256 id = _pick(seed, _mask(OrderStatus.Created), WINDOW_PASSED);
        if (id == 0) return;
        (address token, uint256 bal, uint256 credits) = _pre(id);
        escrow.expireOrder(id);
        _post(id, token, bal, credits);
    }

    function autoRelease(uint256 seed) external step {
        uint256 id = _pick(seed, _mask(OrderStatus.SellerConfirmed), WINDOW_PASSED);
        if (id == 0) return;
        (address token, uint256 bal, uint256 credits) = _pre(id);
        escrow.autoRelease(id);
        _post(id, token, bal, credits);
    }

    // ================================================================ Disputes

    function openDispute(uint256 seed, bool bySeller) external step {
        uint256 id = _pick(seed, _mask(OrderStatus.Created) | _mask(OrderStatus.SellerConfirmed), WINDOW_OPEN);
        if (id == 0) return;
        Order memory o = escrow.getOrder(id);
        vm.prank(bySeller ? o.seller : o.buyer);
        escrow.openDispute(id);
    }

    function expireRandomness(uint256 seed) external step {
        uint256 id = _pick(seed, _mask(OrderStatus.Disputed), NO_ARBITRATOR);
        if (id == 0) return;
        rng.force(escrow.getDispute(id).randomnessRequest, RandomnessStatus.Expired);
    }

    function drawArbitrator(uint256 seed) external step {
        uint256 id = _pick(seed, _mask(OrderStatus.Disputed), NO_ARBITRATOR);
        if (id == 0) return;
        address arbitrator = escrow.drawArbitrator(id);
        if (arbitrator != address(0)) {
            ++draws;
            Order memory o = escrow.getOrder(id);
            if (arbitrator == o.buyer || arbitrator == o.seller || escrow.getDispute(id).arbitrator != arbitrator) {
                _violate(SELF_ARBITRATION, id);
            }
        }
    }

    function resolveDispute(uint256 seed, bool buyerWins, uint256 delay) external step {
        uint256 id = _pick(seed, _mask(OrderStatus.Disputed), HAS_ARBITRATOR);
        if (id == 0) return;
        Dispute memory d = escrow.getDispute(id);
        // Rules after a short delay; late rulings happen when the clock has already moved on.
        _advanceTo(time + _bound(delay, 0, 1 days));
        (address token, uint256 bal, uint256 credits) = _pre(id);
        vm.prank(d.arbitrator);
        escrow.resolveDispute(id, buyerWins ? Ruling.Buyer : Ruling.Seller);
        _post(id, token, bal, credits);
    }

    function replaceArbitrator(uint256 seed) external step {
        uint256 id = _pick(seed, _mask(OrderStatus.Disputed), WINDOW_PASSED);
        if (id == 0) return;
        Order memory o = escrow.getOrder(id);
        uint256 before = pool.creditOf(o.buyer) + pool.creditOf(o.seller);
        escrow.replaceArbitrator(id);
        ghostPoolCredits += pool.creditOf(o.buyer) + pool.creditOf(o.seller) - before;
    }

    function proposeSettlement(uint256 seed, uint256 buyerAmount, bool bySeller) external step {
        uint256 id = _pick(seed, _mask(OrderStatus.Disputed), ANY);
        if (id == 0) return;
        Order memory o = escrow.getOrder(id);
        vm.prank(bySeller ? o.seller : o.buyer);
        escrow.proposeSettlement(id, _bound(buyerAmount, 0, o.amount));
    }

    function acceptSettlement(uint256 seed) external step {
        uint256 id = _pick(seed, _mask(OrderStatus.Disputed), HAS_OFFER);
        if (id == 0) return;
        Order memory o = escrow.getOrder(id);
        SettlementOffer memory offer = escrow.getSettlementOffer(id);
        (address token, uint256 bal, uint256 credits) = _pre(id);
        vm.prank(offer.proposer == o.buyer ? o.seller : o.buyer);
        escrow.acceptSettlement(id, offer.buyerAmount);
        _post(id, token, bal, credits);
    }

    // ================================================================ Credits, blocklists, fees, time

    function withdrawCredit(uint256 accountSeed, uint256 tokenSeed, uint256 toSeed) external step {
        address account = accounts[accountSeed % accounts.length];
        address token = tokens[tokenSeed % tokens.length];
        uint256 credit = escrow.creditOf(token, account);
        if (credit == 0) return;
        address to = actors[toSeed % actors.length];
        if (_blocked(token, to)) return;
        vm.prank(account);
        escrow.withdraw(token, to);
        ghostCredits[token] -= credit;
    }

    function toggleBlocklist(uint256 accountSeed) external step {
        address account = accounts[accountSeed % accounts.length];
        bl.setBlocklisted(account, !bl.isBlocklisted(account));
        usdt.setBlackListed(account, !usdt.isBlackListed(account));
    }

    function setProtocolFee(uint256 feeBps, uint256 recipientSeed) external step {
        vm.prank(owner);
        escrow.setProtocolFee(_bound(feeBps, 0, 100), feeRecipients[recipientSeed % feeRecipients.length]);
    }

    function warp(uint256 secondsForward) external step {
        _advanceTo(time + _bound(secondsForward, 1, 1 days));
    }

    // ================================================================ Arbitrators

    function register(uint256 arbSeed, uint256 amount) external step {
        address a = arbs[arbSeed % arbs.length];
        if (pool.getArbitrator(a).status != ArbitratorStatus.None || bl.isBlocklisted(a)) return;
        uint256 minStake = pool.minStake();
        amount = _bound(amount, minStake, 10 * minStake);
        bl.mint(a, amount);
        vm.startPrank(a);
        bl.approve(address(pool), amount);
        pool.register(amount);
        vm.stopPrank();
    }

    function increaseStake(uint256 arbSeed, uint256 amount) external step {
        address a = arbs[arbSeed % arbs.length];
        if (pool.getArbitrator(a).status != ArbitratorStatus.Active || bl.isBlocklisted(a)) return;
        amount = _bound(amount, 1, 5 * pool.minStake());
        bl.mint(a, amount);
        vm.startPrank(a);
        bl.approve(address(pool), amount);
        pool.increaseStake(amount);
        vm.stopPrank();
    }

    function requestUnstake(uint256 arbSeed) external step {
        address a = arbs[arbSeed % arbs.length];
        if (pool.getArbitrator(a).status != ArbitratorStatus.Active) return;
        // Keep a few arbitrators around, or every later dispute would stall without a draw.
        uint256 active;
        for (uint256 i; i < arbs.length; ++i) {
            if (pool.getArbitrator(arbs[i]).status == ArbitratorStatus.Active) ++active;
        }
        if (active <= 3) return;
        vm.prank(a);
        pool.requestUnstake();
    }

    function withdrawStake(uint256 arbSeed) external step {
        address a = arbs[arbSeed % arbs.length];
        Arbitrator memory rec = pool.getArbitrator(a);
        if (rec.status != ArbitratorStatus.Unstaking || rec.openCases != 0 || time < rec.unstakeAvailableAt) return;
        uint256 before = pool.creditOf(a);
        vm.prank(a);
        pool.withdrawStake();
        ghostPoolCredits += pool.creditOf(a) - before;
    }

    function withdrawPoolCredit(uint256 accountSeed, uint256 toSeed) external step {
        address account = accounts[accountSeed % accounts.length];
        uint256 credit = pool.creditOf(account);
        if (credit == 0) return;
        address to = actors[toSeed % actors.length];
        if (bl.isBlocklisted(to)) return;
        vm.prank(account);
        pool.withdraw(to);
        ghostPoolCredits -= credit;
    }

    // ================================================================ Views for the invariants

    function tokenCount() external view returns (uint256) {
        return tokens.length;
    }

    function arbCount() external view returns (uint256) {
        return arbs.length;
    }

    function closedCount() external view returns (uint256) {
        return closedIds.length;
    }

    function openCount() external view returns (uint256) {
        return _openIds.length;
    }

    /// @notice For a closed order: its recorded terminal status and when that began.
    function closedAt(uint256 i) external view returns (uint256 id, OrderStatus status, uint40 since) {
        id = closedIds[i];
        return (id, terminalStatus[id], terminalSince[id]);
    }

    // ================================================================ Internals

    function _violate(uint256 property, uint256 id) internal {
        if (violations == 0) firstViolationOrder = id;
        violations |= property;
    }

    function _mask(OrderStatus s) internal pure returns (uint256) {
        return 1 << uint256(s);
    }

    // What `_pick` asks of an order besides its status.
    uint256 internal constant ANY = 0;
    uint256 internal constant NO_ARBITRATOR = 1; // disputed, waiting for a draw
    uint256 internal constant HAS_ARBITRATOR = 2; // disputed, arbitrator drawn
    uint256 internal constant HAS_OFFER = 3; // disputed, a settlement offer stands
    uint256 internal constant WINDOW_OPEN = 4; // the current window has not closed
    uint256 internal constant WINDOW_PASSED = 5; // the current window closed (timeouts are due)

    /// @dev Picks one open order whose status is in `mask` and that meets `want`; 0 if none.
    function _pick(uint256 seed, uint256 mask, uint256 want) internal view returns (uint256) {
        uint256 count = _openIds.length;
        uint256[] memory matches = new uint256[](count);
        uint256 n;
        for (uint256 i; i < count; ++i) {
            uint256 id = _openIds[i];
            if (mask & _mask(escrow.getOrder(id).status) == 0) continue;
            if (want == NO_ARBITRATOR && escrow.getDispute(id).arbitrator != address(0)) continue;
            if (want == HAS_ARBITRATOR && escrow.getDispute(id).arbitrator == address(0)) continue;
            if (want == HAS_OFFER && escrow.getSettlementOffer(id).proposer == address(0)) continue;
            if (want == WINDOW_OPEN && time > escrow.deadlineOf(id)) continue;
            if (want == WINDOW_PASSED) {
                uint256 deadline = escrow.deadlineOf(id);
                if (deadline == 0 || time <= deadline) continue;
            }
            matches[n++] = id;
        }
        return n == 0 ? 0 : matches[seed % n];
    }

    function _pre(uint256 id) internal view returns (address token, uint256 balance, uint256 credits) {
        token = escrow.orderToken(id);
        balance = IERC20(token).balanceOf(address(escrow));
        credits = _payeeCredits(id, token);
    }

    /// @dev Books what left the escrow and what was credited during a call that closes order `id`,
    /// and checks it is exactly the order's amount, paid in this one call.
    function _post(uint256 id, address token, uint256 balanceBefore, uint256 creditsBefore) internal {
        uint256 out = balanceBefore - IERC20(token).balanceOf(address(escrow));
        uint256 credited = _payeeCredits(id, token) - creditsBefore;
        ghostCredits[token] += credited;
        if (out + credited != 0) {
            paidOut[id] += out + credited;
            ++payoutActions[id];
            ++payouts;
        }
        Order memory o = escrow.getOrder(id);
        if (!_isTerminal(o.status)) {
            if (paidOut[id] != 0) _violate(PAYOUTS, id);
            return;
        }
        if (paidOut[id] != o.amount || payoutActions[id] != 1) _violate(PAYOUTS, id);
        terminalStatus[id] = o.status;
        terminalSince[id] = o.statusSince;
        closedIds.push(id);
        ghostOpen[token] -= o.amount;
        uint256 slot = _openSlot[id];
        uint256 last = _openIds[_openIds.length - 1];
        _openIds[slot - 1] = last;
        _openSlot[last] = slot;
        _openIds.pop();
        delete _openSlot[id];
    }

    /// @dev Credits of everyone an order can pay: its parties, its arbitrator and the fee
    /// recipient. A credit to anybody else shows up in the balance invariant.
    function _payeeCredits(uint256 id, address token) internal view returns (uint256 sum) {
        Order memory o = escrow.getOrder(id);
        sum = escrow.creditOf(token, o.buyer) + escrow.creditOf(token, o.seller);
        address arbitrator = escrow.getDispute(id).arbitrator;
        if (arbitrator != address(0)) sum += escrow.creditOf(token, arbitrator);
        (, address feeRecipient) = escrow.protocolFee();
        if (feeRecipient != address(0)) sum += escrow.creditOf(token, feeRecipient);
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

    function _advanceTo(uint256 t) internal {
        if (t > time) {
            blockNumber += 1 + (t - time) / 12;
            time = t;
            vm.warp(time);
            vm.roll(blockNumber);
        }
    }

    function _blocked(address token, address account) internal view returns (bool) {
        if (token == address(bl)) return bl.isBlocklisted(account);
        if (token == address(usdt)) return usdt.isBlackListed(account);
        return false;
    }

    function _bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        if (x >= min && x <= max) return x;
        return min + (x % (max - min + 1));
    }

    function _signPermit(
        MockERC20 token,
        uint256 pk,
        uint256 value,
        uint256 deadline
    ) internal view returns (uint8 v, bytes32 r, bytes32 s) {
        address holder = vm.addr(pk);
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                holder,
                address(escrow),
                value,
                token.nonces(holder),
                deadline
            )
        );
        (v, r, s) = vm.sign(pk, keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash)));
    }
}
