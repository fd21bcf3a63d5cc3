// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IArbitratorPool} from "./interfaces/IArbitratorPool.sol";
import {IP2PEscrow} from "./interfaces/IP2PEscrow.sol";
import {SumTree} from "./libraries/SumTree.sol";
import {Arbitrator, ArbitratorStatus} from "./types/Types.sol";

/// @title ArbitratorPool
/// @notice See IArbitratorPool.
contract ArbitratorPool is IArbitratorPool, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SumTree for SumTree.Tree;

    // ------------------------------------------------------------------ Constants

    uint8 internal constant _INITIAL_REPUTATION = 50;
    uint8 internal constant _MAX_REPUTATION = 100;
    /// @dev Below this reputation an arbitrator is never drawn.
    uint8 internal constant _MIN_DRAWABLE_REPUTATION = 20;
    uint8 internal constant _RULING_REWARD = 2;
    uint8 internal constant _MISSED_PENALTY = 10;
    /// @dev A missed window never costs more than half the stake.
    uint256 internal constant _MAX_SLASH_BPS = 5_000;
    uint256 internal constant _MAX_COOLDOWN = 365 days;
    /// @dev Draws that land on a conflicted arbitrator are retried with fresh entropy this many
    /// times; conflicts are rare, and the bound keeps a draw's cost predictable.
    uint256 internal constant _MAX_DRAW_ATTEMPTS = 16;

    // ------------------------------------------------------------------ Storage

    IERC20 private immutable _stakeToken;
    uint256 private immutable _minStake;
    uint256 private immutable _unstakeCooldown;
    uint256 private immutable _slashBps;

    address private _escrow;
    uint256 private _totalStaked;
    SumTree.Tree private _tree;
    mapping(address account => Arbitrator) private _arbitrators;
    mapping(uint256 treeIndex => address account) private _members;
    mapping(uint256 orderId => mapping(address arbitrator => bool)) private _assigned;
    mapping(address arbitrator => mapping(address party => bool)) private _traded;
    mapping(address account => uint256 amount) private _credits;

    modifier onlyEscrow() {
        if (msg.sender != _escrow) revert PoolOnlyEscrow(msg.sender);
        _;
    }

    /// @notice Deploys the pool with the stake rules it keeps for life; the owner then binds the escrow.
    /// @param initialOwner Who binds the escrow, once.
    /// @param stakeToken_ The stablecoin arbitrators stake.
    /// @param minStake_ The smallest drawable stake, in stake-token units (500 tokens at its decimals).
    /// @param unstakeCooldown_ Seconds between requesting to unstake and withdrawing.
    /// @param slashBps_ Share of the stake slashed for a missed window, at most 50%.
    constructor(
        address initialOwner,
        IERC20 stakeToken_,
        uint256 minStake_,
        uint256 unstakeCooldown_,
        uint256 slashBps_
    ) Ownable(initialOwner) {
        if (
            address(stakeToken_) == address(0)
            || minStake_ == 0
            || minStake_ > type(uint96).max
            || unstakeCooldown_ > _MAX_COOLDOWN
            || slashBps_ > _MAX_SLASH_BPS
        ) revert PoolInvalidConfig();
        _stakeToken = stakeToken_;
        _minStake = minStake_;
        _unstakeCooldown = unstakeCooldown_;
        _slashBps = slashBps_;
        emit PoolConfigured(address(stakeToken_), minStake_, unstakeCooldown_, slashBps_);
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
            uint256 index = _tree.append(0);
            a.treeIndex = SafeCast.toUint32(index);
            a.reputation = _INITIAL_REPUTATION;
            _members[index] = msg.sender;
        }
        a.stake = SafeCast.toUint96(received);
        a.status = ArbitratorStatus.Active;
        _totalStaked += received;
        _syncWeight(a, 0);

        emit ArbitratorRegistered(msg.sender, received, a.reputation);
        IP2PEscrow(escrow_).setArbitratorFlag(msg.sender, true);
    }

    /// @inheritdoc IArbitratorPool
    function increaseStake(uint256 amount) external nonReentrant {
        Arbitrator storage a = _arbitrators[msg.sender];
        if (a.status != ArbitratorStatus.Active) revert PoolNotActive(msg.sender);
        if (amount == 0) revert PoolInvalidAmount(0);

        uint256 weightBefore = _weight(a);
        uint256 received = _pullStake(amount);
        uint256 stake = a.stake + received;
        a.stake = SafeCast.toUint96(stake);
        _totalStaked += received;
        _syncWeight(a, weightBefore);

        emit StakeIncreased(msg.sender, received, stake);
    }

    /// @inheritdoc IArbitratorPool
    function requestUnstake() external {
        Arbitrator storage a = _arbitrators[msg.sender];
        if (a.status != ArbitratorStatus.Active) revert PoolNotActive(msg.sender);

        uint256 weightBefore = _weight(a);
        uint256 availableAt = block.timestamp + _unstakeCooldown;
        a.status = ArbitratorStatus.Unstaking;
        a.unstakeAvailableAt = uint40(availableAt);
        _syncWeight(a, weightBefore);

        emit UnstakeRequested(msg.sender, availableAt);
    }

    /// @inheritdoc IArbitratorPool
    function withdrawStake() external nonReentrant {
        Arbitrator storage a = _arbitrators[msg.sender];
        if (a.status != ArbitratorStatus.Unstaking) revert PoolNotUnstaking(msg.sender);
        if (block.timestamp < a.unstakeAvailableAt) revert PoolCooldownActive(msg.sender, a.unstakeAvailableAt);
        if (a.openCases != 0) revert PoolOpenCases(msg.sender, a.openCases);

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
    function withdraw(address to) external nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert PoolInvalidRecipient(to);
        amount = _credits[msg.sender];
        if (amount == 0) revert PoolNothingToWithdraw(msg.sender);
        _credits[msg.sender] = 0;
        emit Withdrawn(msg.sender, to, amount);
        _stakeToken.safeTransfer(to, amount);
    }

    // ------------------------------------------------------------------ Escrow

    /// @inheritdoc IArbitratorPool
    function bindEscrow(address escrow_) external onlyOwner {
        if (_escrow != address(0) || escrow_ == address(0)) revert PoolInvalidEscrow(escrow_);
        _escrow = escrow_;
        emit EscrowBound(escrow_);
    }

    /// @inheritdoc IArbitratorPool
    function assign(
        uint256 orderId,
        address buyer,
        address seller,
        uint256 seed
    ) external onlyEscrow returns (address arbitrator) {
        uint256 total = _tree.total;
        if (total != 0) {
            for (uint256 attempt; attempt < _MAX_DRAW_ATTEMPTS; ++attempt) {
                uint256 target = uint256(keccak256(abi.encode(seed, attempt))) % total;
                arbitrator = _members[_tree.find(target)];
                if (
                    arbitrator != buyer
                    && arbitrator != seller
                    && !_assigned[orderId][arbitrator]
                    && !_traded[arbitrator][buyer]
                    && !_traded[arbitrator][seller]
                ) {
                    _assigned[orderId][arbitrator] = true;
                    ++_arbitrators[arbitrator].openCases;
                    emit CaseAssigned(arbitrator, orderId);
                    return arbitrator;
                }
            }
        }
        revert PoolNoEligibleArbitrator(orderId);
    }

    /// @inheritdoc IArbitratorPool
    function reportRuling(uint256 orderId, address arbitrator, bool inWindow) external onlyEscrow {
        Arbitrator storage a = _arbitrators[arbitrator];
        --a.openCases;
        if (inWindow) {
            uint256 weightBefore = _weight(a);
            uint256 reputation = a.reputation + _RULING_REWARD;
            a.reputation = uint8(reputation > _MAX_REPUTATION ? _MAX_REPUTATION : reputation);
            _syncWeight(a, weightBefore);
        }
        emit CaseRuled(arbitrator, orderId, inWindow, a.reputation);
    }

    /// @inheritdoc IArbitratorPool
    function reportMissed(uint256 orderId, address arbitrator, address buyer, address seller) external onlyEscrow {
        Arbitrator storage a = _arbitrators[arbitrator];
        --a.openCases;

        uint256 weightBefore = _weight(a);
        uint8 reputation = a.reputation;
        a.reputation = reputation > _MISSED_PENALTY ? reputation - _MISSED_PENALTY : 0;
        uint256 stake = a.stake;
        uint256 slashed = (stake * _slashBps) / 10_000;
        // slashed <= stake because _slashBps <= 10_000.
        unchecked {
            stake -= slashed;
        }
        a.stake = uint96(stake);
        _totalStaked -= slashed;
        _syncWeight(a, weightBefore);

        emit ArbitratorPenalized(arbitrator, orderId, slashed, stake, a.reputation);
        uint256 toBuyer = slashed / 2;
        _payOrCredit(buyer, toBuyer);
        _payOrCredit(seller, slashed - toBuyer);
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
        return _weight(_arbitrators[account]);
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
        return _traded[arbitrator][party];
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
    function escrow() external view returns (address) {
        return _escrow;
    }

    // ------------------------------------------------------------------ Internal

    function _weight(Arbitrator storage a) internal view returns (uint256) {
        if (a.status != ArbitratorStatus.Active) return 0;
        if (a.reputation < _MIN_DRAWABLE_REPUTATION || a.stake < _minStake) return 0;
        return a.reputation;
    }

    /// @dev Moves the arbitrator's leaf from `weightBefore` to its current weight.
    function _syncWeight(Arbitrator storage a, uint256 weightBefore) internal {
        uint256 weightAfter = _weight(a);
        if (weightAfter > weightBefore) _tree.increase(a.treeIndex, weightAfter - weightBefore);
        else if (weightAfter < weightBefore) _tree.decrease(a.treeIndex, weightBefore - weightAfter);
    }

    function _recordTrade(address arbitrator, address counterparty) internal {
        if (_arbitrators[arbitrator].status != ArbitratorStatus.None && !_traded[arbitrator][counterparty]) {
            _traded[arbitrator][counterparty] = true;
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
    /// can never block anyone else's payout.
    function _payOrCredit(address to, uint256 amount) internal {
        if (amount == 0) return;
        if (!_stakeToken.trySafeTransfer(to, amount)) {
            _credits[to] += amount;
            emit PaymentCredited(to, amount);
        }
    }
}
