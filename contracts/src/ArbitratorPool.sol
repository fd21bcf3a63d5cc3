// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IArbitratorPool} from "./interfaces/IArbitratorPool.sol";
import {IP2PEscrow} from "./interfaces/IP2PEscrow.sol";
import {SumTree} from "./libraries/SumTree.sol";
import {Arbitrator, ArbitratorStatus} from "./types/Types.sol";

/// @title ArbitratorPool
/// @notice See IArbitratorPool.
/// @dev The economics, and why each number is what it is:
///
/// - **Weight = stake × reputation / 100.** Linear in stake, so a stake split over k accounts
///   draws no more often than the whole (each account's weight rounds down, so splitting can only
///   lose weight), and every account must hold the minimum stake. Reputation scales it, and below
///   `_MIN_DRAWABLE_REPUTATION` (20) or below the minimum stake the weight is 0.
/// - **A missed window takes 10 reputation (down to 0); a ruling gives back 2, never past the
///   starting 50.** One lapse undoes five rulings. Rulings only restore what lapses took: if they
///   could raise reputation past where everyone starts, an arbitrator's owner could farm it for
///   free by disputing with itself (ruling and collecting the loser's deposit when its own account
///   is drawn, settling for both deposits back when another is) and double its draw weight.
/// - **Slash = min(2 × the case's fee, slashBps of the stake)**, paid to the slash recipient. The
///   fee is what ruling would have earned, so a lapse forgoes it and, unless the cap binds, costs
///   twice it on top. Tying the slash to the fee keeps a dust case from costing a large part of a
///   stake, and the slashBps cap (at most 50%) bounds what one window can take. The slash never
///   goes to the order's parties: if it did, two accounts of one person could dispute with each
///   other and profit whenever the drawn arbitrator lapsed.
/// - **Reputation recovers one point per `_RECOVERY_PERIOD` (7 days), up to 50**, through
///   `recoverReputation`. 50 is where a new account starts, so recovery never gives more than
///   leaving and registering afresh would (reputation below 50 is not sybil-proof: the slash is
///   the cost a lapse surely has). Seven days is as long as the default arbitration window and
///   unstake cooldown: one missed window costs ten weeks of recovery, so recovery never outpaces
///   lapses, while an arbitrator pushed just below the floor by a few cheap lapses is drawable
///   again within months.
///
/// A draw is fixed when its randomness is requested, as in Kleros v2, which delays stake changes
/// during drawing: `openDraw` counts the draw open, and while any draw is open every weight change
/// (register, increaseStake, requestUnstake, a ruling, a miss, a recovery) is queued instead of
/// reaching the sum tree, and nothing else moves the tree. `applyQueuedWeights` applies the queue
/// once no draw is open. The tree a draw reads is therefore the tree as it stood when the draw
/// opened, so whoever sees the seed before `assign` cannot change who is drawn by registering,
/// restaking, unstaking or lapsing. Trades are stamped with their block, and a draw excludes only
/// trades recorded before the block its draw opened in, so a trade made after seeing the seed
/// cannot push the draw off its arbitrator either. An arbitrator that requested to unstake while a
/// draw was open can still be drawn by it; it then keeps its stake until it closes that case.
/// Queued changes wait for a moment with no open draw: the escrow closes every draw it opens (by
/// assigning, or by `closeDraw` when the dispute no longer needs one).
contract ArbitratorPool is IArbitratorPool, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SumTree for SumTree.Tree;

    // ------------------------------------------------------------------ Constants

    uint8 internal constant _INITIAL_REPUTATION = 50;
    /// @dev Reputation is out of 100; nothing raises it past `_INITIAL_REPUTATION`, only lapses lower it.
    uint8 internal constant _REPUTATION_SCALE = 100;
    /// @dev Below this reputation an arbitrator is never drawn.
    uint8 internal constant _MIN_DRAWABLE_REPUTATION = 20;
    uint8 internal constant _RULING_REWARD = 2;
    uint8 internal constant _MISSED_PENALTY = 10;
    /// @dev Reputation recovers by time up to this, the starting reputation, and never past it.
    uint8 internal constant _RECOVERY_CAP = _INITIAL_REPUTATION;
    /// @dev One reputation point recovers per period: one arbitration window, one unstake cooldown.
    uint256 internal constant _RECOVERY_PERIOD = 7 days;
    /// @dev A missed window slashes this many times the case's fee (before the slashBps cap).
    uint256 internal constant _SLASH_FEE_MULTIPLE = 2;
    uint256 internal constant _BPS = 10_000;
    /// @dev A missed window never costs more than half the stake.
    uint256 internal constant _MAX_SLASH_BPS = 5_000;
    uint256 internal constant _MAX_COOLDOWN = 365 days;
    /// @dev Case fees arrive scaled to 18 decimals; a stake token may have at most as many.
    uint8 internal constant _WAD_DECIMALS = 18;
    /// @dev Draws that land on a conflicted arbitrator are retried with fresh entropy this many
    /// times; conflicts are rare, and the bound keeps a draw's cost predictable.
    uint256 internal constant _MAX_DRAW_ATTEMPTS = 16;

    // ------------------------------------------------------------------ Storage

    IERC20 private immutable _stakeToken;
    uint256 private immutable _minStake;
    uint256 private immutable _unstakeCooldown;
    uint256 private immutable _slashBps;
    address private immutable _slashRecipient;
    /// @dev 10^(18 - the stake token's decimals): a fee in wad divided by this is in stake units.
    uint256 private immutable _wadPerStakeUnit;

    address private _escrow;
    uint256 private _totalStaked;
    uint256 private _openDraws;
    SumTree.Tree private _tree;
    mapping(address account => Arbitrator) private _arbitrators;
    mapping(uint256 treeIndex => address account) private _members;
    /// @dev What the tree holds for each account. It differs from `_weight` only while a change
    /// is queued.
    mapping(address account => uint256 weight) private _appliedWeights;
    mapping(address account => bool) private _queued;
    /// @dev The block in which each open draw opened; 0 when none is open (no transaction runs in
    /// block 0, the genesis block).
    mapping(uint256 orderId => uint256 blockNumber) private _drawOpenedAt;
    mapping(uint256 orderId => mapping(address arbitrator => bool)) private _assigned;
    /// @dev The block of the first recorded trade between an arbitrator and a party; 0 for none.
    mapping(address arbitrator => mapping(address party => uint256 blockNumber)) private _tradedAt;
    mapping(address account => uint256 amount) private _credits;

    modifier onlyEscrow() {
        if (msg.sender != _escrow) revert PoolOnlyEscrow(msg.sender);
        _;
    }

    /// @notice Deploys the pool with the stake rules it keeps for life; the owner then binds the escrow.
    /// @param initialOwner Who binds the escrow, once.
    /// @param stakeToken_ The stablecoin arbitrators stake, with at most 18 decimals.
    /// @param minStake_ The smallest drawable stake, in stake-token units (500 tokens at its decimals).
    /// @param unstakeCooldown_ Seconds between requesting to unstake and withdrawing, at most a year.
    /// @param slashBps_ The most of its stake an arbitrator can lose for one missed window, at most 50%.
    /// @param slashRecipient_ Who receives slashed stake (a treasury); never a party of the case.
    constructor(
        address initialOwner,
        IERC20 stakeToken_,
        uint256 minStake_,
        uint256 unstakeCooldown_,
        uint256 slashBps_,
        address slashRecipient_
    ) Ownable(initialOwner) {
        if (
            address(stakeToken_) == address(0)
            || minStake_ == 0
            || minStake_ > type(uint96).max
            || unstakeCooldown_ > _MAX_COOLDOWN
            || slashBps_ > _MAX_SLASH_BPS
        ) revert PoolInvalidConfig();
        if (slashRecipient_ == address(0)) revert PoolInvalidRecipient(slashRecipient_);
        // Read once: the fee conversion in reportMissed then costs no external call.
        uint8 decimals = IERC20Metadata(address(stakeToken_)).decimals();
        if (decimals > _WAD_DECIMALS) revert PoolInvalidConfig();
        _stakeToken = stakeToken_;
        _minStake = minStake_;
        _unstakeCooldown = unstakeCooldown_;
        _slashBps = slashBps_;
        _slashRecipient = slashRecipient_;
        _wadPerStakeUnit = 10 ** (_WAD_DECIMALS - decimals);
        emit PoolConfigured(address(stakeToken_), minStake_, unstakeCooldown_, slashBps_, slashRecipient_);
    }

    // ------------------------------------------------------------------ Arbitrators

    /// @inheritdoc IArbitratorPool
    function register(uint256 amount) external nonReentrant {
        address escrow_ = _escrow;
        if (escrow_ == address(0)) revert PoolInvalidEscrow(address(0));
        Arbitrator storage a = _arbitrators[msg.sender];
        if (a.status != ArbitratorStatus.None) revert PoolAlreadyRegistered(msg.sender);
        if (amount < _minStake) revert PoolStakeTooLow(amount, _minStake);

        uint256 received = _pullStake(amount);
        if (received < _minStake) revert PoolStakeTooLow(received, _minStake);
        if (a.treeIndex == 0) {
            // A new leaf starts at weight 0, so appending one while a draw is open changes no
            // prefix sum and therefore no draw; the weight itself follows the queue rule below.
            uint256 index = _tree.append(0);
            a.treeIndex = SafeCast.toUint32(index);
            a.reputation = _INITIAL_REPUTATION;
            a.reputationSince = uint40(block.timestamp);
            _members[index] = msg.sender;
        }
        a.stake = SafeCast.toUint96(received);
        a.status = ArbitratorStatus.Active;
        _totalStaked += received;

        emit ArbitratorRegistered(msg.sender, received, a.reputation);
        _syncWeight(msg.sender, a);
        IP2PEscrow(escrow_).setArbitratorFlag(msg.sender, true);
    }

    /// @inheritdoc IArbitratorPool
    function increaseStake(uint256 amount) external nonReentrant {
        Arbitrator storage a = _arbitrators[msg.sender];
        if (a.status != ArbitratorStatus.Active) revert PoolNotActive(msg.sender);
        if (amount == 0) revert PoolInvalidAmount(0);

        uint256 received = _pullStake(amount);
        uint256 stake = a.stake + received;
        a.stake = SafeCast.toUint96(stake);
        _totalStaked += received;

        emit StakeIncreased(msg.sender, received, stake);
        _syncWeight(msg.sender, a);
    }

    /// @inheritdoc IArbitratorPool
    function requestUnstake() external {
        Arbitrator storage a = _arbitrators[msg.sender];
        if (a.status != ArbitratorStatus.Active) revert PoolNotActive(msg.sender);

        uint256 availableAt = block.timestamp + _unstakeCooldown;
        a.status = ArbitratorStatus.Unstaking;
        a.unstakeAvailableAt = uint40(availableAt);

        emit UnstakeRequested(msg.sender, availableAt);
        _syncWeight(msg.sender, a);
    }

    /// @inheritdoc IArbitratorPool
    /// @dev The tree must not keep a weight for an account that leaves. An unstaking account's
    /// weight is 0, so a nonzero leaf here is a queued change: it is applied now if no draw is
    /// open, else the withdrawal waits (PoolDrawPending), since removing it would move the draw.
    function withdrawStake() external nonReentrant {
        Arbitrator storage a = _arbitrators[msg.sender];
        if (a.status != ArbitratorStatus.Unstaking) revert PoolNotUnstaking(msg.sender);
        if (block.timestamp < a.unstakeAvailableAt) revert PoolCooldownActive(msg.sender, a.unstakeAvailableAt);
        if (a.openCases != 0) revert PoolOpenCases(msg.sender, a.openCases);
        uint256 openDraws_ = _openDraws;
        if (_appliedWeights[msg.sender] != 0 && openDraws_ != 0) revert PoolDrawPending(openDraws_);
        // Sets the leaf to 0 and clears any queued change (which can only be towards 0 now).
        _applyWeight(msg.sender, a);

        uint256 amount = a.stake;
        a.stake = 0;
        a.status = ArbitratorStatus.None;
        a.unstakeAvailableAt = 0;
        _totalStaked -= amount;

        emit StakeWithdrawn(msg.sender, amount);
        IP2PEscrow(_escrow).setArbitratorFlag(msg.sender, false);
        _payOrCredit(msg.sender, amount);
    }

    /// @inheritdoc IArbitratorPool
    function withdraw() external nonReentrant returns (uint256 amount) {
        amount = _credits[msg.sender];
        if (amount == 0) revert PoolNothingToWithdraw(msg.sender);
        _credits[msg.sender] = 0;
        emit Withdrawn(msg.sender, amount);
        // Only ever to the caller: a credit exists because the token refused a transfer to this
        // address, and sending it elsewhere would let a blocked address move funds past the issuer.
        _stakeToken.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IArbitratorPool
    /// @dev Only whole periods count, and `reputationSince` advances by exactly the periods used,
    /// so calling often loses no partial period. At or above 50 nothing changes: time never lowers
    /// a reputation earned by rulings. A call with nothing to recover does nothing.
    function recoverReputation() external {
        Arbitrator storage a = _arbitrators[msg.sender];
        if (a.status != ArbitratorStatus.Active) revert PoolNotActive(msg.sender);
        uint256 reputation = a.reputation;
        if (reputation >= _RECOVERY_CAP) return;
        uint256 since = a.reputationSince;
        uint256 gained = Math.min((block.timestamp - since) / _RECOVERY_PERIOD, _RECOVERY_CAP - reputation);
        if (gained == 0) return;

        // gained <= 50 - reputation, and since + gained periods <= block.timestamp: both fit.
        unchecked {
            reputation += gained;
            since += gained * _RECOVERY_PERIOD;
        }
        a.reputation = uint8(reputation);
        a.reputationSince = uint40(since);

        emit ReputationRecovered(msg.sender, reputation);
        _syncWeight(msg.sender, a);
    }

    /// @inheritdoc IArbitratorPool
    function applyQueuedWeights(address[] calldata accounts) external {
        uint256 openDraws_ = _openDraws;
        if (openDraws_ != 0) revert PoolDrawPending(openDraws_);
        for (uint256 i; i < accounts.length; ++i) {
            address account = accounts[i];
            if (_queued[account]) _applyWeight(account, _arbitrators[account]);
        }
    }

    // ------------------------------------------------------------------ Escrow

    /// @inheritdoc IArbitratorPool
    function bindEscrow(address escrow_) external onlyOwner {
        if (_escrow != address(0) || escrow_ == address(0)) revert PoolInvalidEscrow(escrow_);
        _escrow = escrow_;
        emit EscrowBound(escrow_);
    }

    /// @inheritdoc IArbitratorPool
    function openDraw(uint256 orderId) external onlyEscrow {
        if (_drawOpenedAt[orderId] != 0) return;
        _drawOpenedAt[orderId] = block.number;
        ++_openDraws;
        emit DrawOpened(orderId);
    }

    /// @inheritdoc IArbitratorPool
    function closeDraw(uint256 orderId) external onlyEscrow {
        if (_drawOpenedAt[orderId] != 0) _closeDraw(orderId);
    }

    /// @inheritdoc IArbitratorPool
    /// @dev Everything a draw reads is fixed while it is open: the tree (changes queue), the
    /// parties, the order's past arbitrators (only this function adds to them) and the trades
    /// recorded before the draw's block. The attempts are bounded, so a draw's cost is too.
    function assign(
        uint256 orderId,
        address buyer,
        address seller,
        uint256 seed
    ) external onlyEscrow returns (address arbitrator) {
        uint256 openedAt = _drawOpenedAt[orderId];
        if (openedAt == 0) revert PoolNoOpenDraw(orderId);
        uint256 total = _tree.total;
        if (total != 0) {
            for (uint256 attempt; attempt < _MAX_DRAW_ATTEMPTS; ++attempt) {
                uint256 target = uint256(keccak256(abi.encode(seed, attempt))) % total;
                arbitrator = _members[_tree.find(target)];
                if (
                    arbitrator != buyer
                    && arbitrator != seller
                    && !_assigned[orderId][arbitrator]
                    && !_tradedBefore(arbitrator, buyer, openedAt)
                    && !_tradedBefore(arbitrator, seller, openedAt)
                ) {
                    _assigned[orderId][arbitrator] = true;
                    ++_arbitrators[arbitrator].openCases;
                    emit CaseAssigned(arbitrator, orderId);
                    _closeDraw(orderId);
                    return arbitrator;
                }
            }
        }
        revert PoolNoEligibleArbitrator(orderId);
    }

    /// @inheritdoc IArbitratorPool
    function reportRuling(uint256 orderId, address arbitrator) external onlyEscrow {
        Arbitrator storage a = _arbitrators[arbitrator];
        --a.openCases;
        uint256 reputation = Math.min(a.reputation + _RULING_REWARD, _INITIAL_REPUTATION);
        a.reputation = uint8(reputation);
        a.reputationSince = uint40(block.timestamp);

        emit CaseRuled(arbitrator, orderId, reputation);
        _syncWeight(arbitrator, a);
    }

    /// @inheritdoc IArbitratorPool
    /// @dev slash = min(2 × fee, stake × slashBps / 10_000), the fee converted from wad to stake
    /// units rounding down. The fee is capped before doubling, so no fee, however large, overflows.
    function reportMissed(uint256 orderId, address arbitrator, uint256 caseFeeWad) external onlyEscrow {
        Arbitrator storage a = _arbitrators[arbitrator];
        --a.openCases;
        uint8 reputation = a.reputation;
        a.reputation = reputation > _MISSED_PENALTY ? reputation - _MISSED_PENALTY : 0;
        a.reputationSince = uint40(block.timestamp);

        uint256 stake = a.stake;
        uint256 cap = (stake * _slashBps) / _BPS;
        uint256 fee = caseFeeWad / _wadPerStakeUnit;
        uint256 slashed = Math.min(Math.min(fee, cap) * _SLASH_FEE_MULTIPLE, cap);
        // slashed <= cap <= stake, since _slashBps <= _MAX_SLASH_BPS < _BPS.
        unchecked {
            stake -= slashed;
        }
        a.stake = uint96(stake);
        _totalStaked -= slashed;

        emit ArbitratorPenalized(arbitrator, orderId, slashed, stake, a.reputation);
        _syncWeight(arbitrator, a);
        _payOrCredit(_slashRecipient, slashed);
    }

    /// @inheritdoc IArbitratorPool
    function releaseCase(uint256 orderId, address arbitrator) external onlyEscrow {
        --_arbitrators[arbitrator].openCases;
        emit CaseReleased(arbitrator, orderId);
    }

    /// @inheritdoc IArbitratorPool
    function recordTrade(address buyer, address seller) external onlyEscrow {
        _recordTrade(buyer, seller);
        _recordTrade(seller, buyer);
    }

    // ------------------------------------------------------------------ Views

    /// @inheritdoc IArbitratorPool
    function getArbitrator(address account) external view returns (Arbitrator memory) {
        return _arbitrators[account];
    }

    /// @inheritdoc IArbitratorPool
    function weightOf(address account) external view returns (uint256) {
        return _appliedWeights[account];
    }

    /// @inheritdoc IArbitratorPool
    function totalWeight() external view returns (uint256) {
        return _tree.total;
    }

    /// @inheritdoc IArbitratorPool
    function arbitratorCount() external view returns (uint256) {
        return _tree.size;
    }

    /// @inheritdoc IArbitratorPool
    function hasTraded(address arbitrator, address party) external view returns (bool) {
        return _tradedAt[arbitrator][party] != 0;
    }

    /// @inheritdoc IArbitratorPool
    function openDraws() external view returns (uint256) {
        return _openDraws;
    }

    /// @inheritdoc IArbitratorPool
    function isWeightQueued(address account) external view returns (bool) {
        return _queued[account];
    }

    /// @inheritdoc IArbitratorPool
    function wasAssigned(uint256 orderId, address arbitrator) external view returns (bool) {
        return _assigned[orderId][arbitrator];
    }

    /// @inheritdoc IArbitratorPool
    function creditOf(address account) external view returns (uint256) {
        return _credits[account];
    }

    /// @inheritdoc IArbitratorPool
    function totalStaked() external view returns (uint256) {
        return _totalStaked;
    }

    /// @inheritdoc IArbitratorPool
    function stakeToken() external view returns (address) {
        return address(_stakeToken);
    }

    /// @inheritdoc IArbitratorPool
    function minStake() external view returns (uint256) {
        return _minStake;
    }

    /// @inheritdoc IArbitratorPool
    function unstakeCooldown() external view returns (uint256) {
        return _unstakeCooldown;
    }

    /// @inheritdoc IArbitratorPool
    function slashBps() external view returns (uint256) {
        return _slashBps;
    }

    /// @inheritdoc IArbitratorPool
    function slashRecipient() external view returns (address) {
        return _slashRecipient;
    }

    /// @inheritdoc IArbitratorPool
    function escrow() external view returns (address) {
        return _escrow;
    }

    // ------------------------------------------------------------------ Internal

    /// @dev The weight the arbitrator's record calls for: stake × reputation / 100, or 0 when it
    /// is not active, below the reputation floor or below the minimum stake. At most
    /// type(uint96).max, so the uint128 tree total cannot overflow before 2^32 arbitrators.
    function _weight(Arbitrator storage a) internal view returns (uint256) {
        if (a.status != ArbitratorStatus.Active) return 0;
        uint256 reputation = a.reputation;
        uint256 stake = a.stake;
        if (reputation < _MIN_DRAWABLE_REPUTATION || stake < _minStake) return 0;
        return (stake * reputation) / _REPUTATION_SCALE;
    }

    /// @dev Called after every change to a record's weight inputs. With no draw open the tree
    /// follows at once; otherwise the change is queued (announced once) for applyQueuedWeights.
    function _syncWeight(address account, Arbitrator storage a) internal {
        if (_openDraws == 0) {
            _applyWeight(account, a);
        } else if (!_queued[account] && _weight(a) != _appliedWeights[account]) {
            _queued[account] = true;
            emit WeightQueued(account);
        }
    }

    /// @dev Moves the account's leaf to its current weight and clears its queued flag. Emits
    /// WeightUpdated when the leaf moved or a queued change was settled, so a reader that saw
    /// WeightQueued always sees the queue end.
    function _applyWeight(address account, Arbitrator storage a) internal {
        uint256 weight = _weight(a);
        uint256 applied = _appliedWeights[account];
        bool queued = _queued[account];
        if (weight == applied && !queued) return;
        if (weight > applied) _tree.increase(a.treeIndex, weight - applied);
        else if (weight < applied) _tree.decrease(a.treeIndex, applied - weight);
        _appliedWeights[account] = weight;
        if (queued) _queued[account] = false;
        emit WeightUpdated(account, weight);
    }

    function _closeDraw(uint256 orderId) internal {
        delete _drawOpenedAt[orderId];
        uint256 remaining = _openDraws - 1;
        _openDraws = remaining;
        emit DrawClosed(orderId, remaining);
    }

    /// @dev Whether a trade between `arbitrator` and `party` was recorded before the block the
    /// draw opened in. A trade in that block or later is ignored: the seed comes from a later
    /// block than the draw's opening, so only such a trade could be timed on the seed.
    function _tradedBefore(address arbitrator, address party, uint256 openedAt) internal view returns (bool) {
        uint256 tradedAt = _tradedAt[arbitrator][party];
        return tradedAt != 0 && tradedAt < openedAt;
    }

    /// @dev Keeps the first trade's block: the earliest record excludes from the most draws.
    function _recordTrade(address arbitrator, address counterparty) internal {
        if (_arbitrators[arbitrator].status != ArbitratorStatus.None && _tradedAt[arbitrator][counterparty] == 0) {
            _tradedAt[arbitrator][counterparty] = block.number;
            emit TradeRecorded(arbitrator, counterparty);
        }
    }

    /// @dev Pulls stake and returns what actually arrived, so fee-taking tokens cannot inflate stakes.
    function _pullStake(uint256 amount) internal returns (uint256) {
        uint256 balanceBefore = _stakeToken.balanceOf(address(this));
        _stakeToken.safeTransferFrom(msg.sender, address(this), amount);
        return _stakeToken.balanceOf(address(this)) - balanceBefore;
    }

    /// @dev A recipient that cannot receive (a blocklisted address) is credited instead, so it
    /// can never block anyone else's call; it withdraws the credit itself later.
    function _payOrCredit(address to, uint256 amount) internal {
        if (amount == 0) return;
        if (!_stakeToken.trySafeTransfer(to, amount)) {
            _credits[to] += amount;
            emit PaymentCredited(to, amount);
        }
    }
}
