// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Arbitrator} from "../types/Types.sol";

/// @title Staked arbitrator pool
/// @notice Arbitrators stake one stablecoin to be drawn for disputes. An arbitrator's draw weight
/// is its stake times its reputation (out of 100, starting at 50 and never above it): linear in
/// stake, so splitting a stake over many accounts draws no more often, and scaled by reputation,
/// so a lapsing arbitrator is drawn less. A missed window takes reputation, which rulings inside
/// the window give back, and slashes a multiple of that case's fee (capped at a share of the stake) to the slash
/// recipient, never to the order's parties, so that nobody gains by disputing with itself.
/// Reputation recovers with time, so a few cheap lapses never remove an arbitrator for good.
/// @dev Draws cost O(log n) in the number of arbitrators: weights live in a Fenwick sum tree.
/// A draw is fixed when its randomness is requested: while any draw is open, weight changes
/// queue and reach the tree only once no draw is open, and trades recorded after a draw opened
/// do not exclude anyone from it.
interface IArbitratorPool {
    // ------------------------------------------------------------------ Errors

    /// @notice Only the bound escrow may make this call.
    error PoolOnlyEscrow(address caller);
    /// @notice The escrow is already bound, or the given one is the zero address.
    error PoolInvalidEscrow(address escrow);
    /// @notice The account is already registered.
    error PoolAlreadyRegistered(address account);
    /// @notice The account is not an active arbitrator.
    error PoolNotActive(address account);
    /// @notice The account is not unstaking.
    error PoolNotUnstaking(address account);
    /// @notice The stake would be below the minimum.
    error PoolStakeTooLow(uint256 stake, uint256 minimum);
    /// @notice The amount is zero, or too large to stake.
    error PoolInvalidAmount(uint256 amount);
    /// @notice The unstaking cooldown runs until `availableAt` (unix seconds).
    error PoolCooldownActive(address account, uint256 availableAt);
    /// @notice The arbitrator still has disputes to close.
    error PoolOpenCases(address account, uint256 openCases);
    /// @notice No arbitrator free of conflicts could be drawn for the order.
    error PoolNoEligibleArbitrator(uint256 orderId);
    /// @notice A draw is open, so the change must wait until it closes.
    error PoolDrawPending(uint256 openDraws);
    /// @notice No draw is open for the order.
    error PoolNoOpenDraw(uint256 orderId);
    /// @notice The account has no credited balance.
    error PoolNothingToWithdraw(address account);
    /// @notice A recipient may not be the zero address.
    error PoolInvalidRecipient(address recipient);
    /// @notice A deployment parameter is out of range.
    error PoolInvalidConfig();

    // ------------------------------------------------------------------ Events

    /// @notice Emitted once, at deployment, with the parameters that never change.
    /// @param stakeToken The stablecoin arbitrators stake.
    /// @param minStake The smallest drawable stake, in stake-token units.
    /// @param unstakeCooldown Seconds between requesting to unstake and withdrawing.
    /// @param slashBps The most of its stake an arbitrator can lose for one missed window, in bps.
    /// @param slashRecipient Who receives slashed stake; never a party of the case.
    event PoolConfigured(
        address stakeToken,
        uint256 minStake,
        uint256 unstakeCooldown,
        uint256 slashBps,
        address slashRecipient
    );
    /// @notice Emitted when the owner binds the escrow that may assign cases.
    /// @param escrow The escrow.
    event EscrowBound(address escrow);
    /// @notice Emitted when an account registers (or returns) with `stake`.
    /// @param arbitrator The account.
    /// @param stake Stake-token units that arrived.
    /// @param reputation Its reputation: 50 when new, what it left with when returning.
    event ArbitratorRegistered(address indexed arbitrator, uint256 stake, uint256 reputation);
    /// @notice Emitted when an arbitrator adds `amount` to its stake.
    /// @param arbitrator The arbitrator.
    /// @param amount Stake-token units that arrived.
    /// @param stake Its stake now.
    event StakeIncreased(address indexed arbitrator, uint256 amount, uint256 stake);
    /// @notice Emitted when an arbitrator starts unstaking; it may withdraw after `availableAt`.
    /// @param arbitrator The arbitrator.
    /// @param availableAt When the cooldown ends (unix seconds).
    event UnstakeRequested(address indexed arbitrator, uint256 availableAt);
    /// @notice Emitted when an arbitrator leaves with its whole stake.
    /// @param arbitrator The arbitrator.
    /// @param amount Stake-token units returned (or credited).
    event StakeWithdrawn(address indexed arbitrator, uint256 amount);
    /// @notice Emitted when an arbitrator is drawn for an order.
    /// @param arbitrator The drawn arbitrator.
    /// @param orderId The disputed order.
    event CaseAssigned(address indexed arbitrator, uint256 indexed orderId);
    /// @notice Emitted when an arbitrator rules (always inside its window); it earns reputation.
    /// @param arbitrator The arbitrator.
    /// @param orderId The disputed order.
    /// @param reputation Its reputation now.
    event CaseRuled(address indexed arbitrator, uint256 indexed orderId, uint256 reputation);
    /// @notice Emitted when the parties settle a case before its arbitrator ruled.
    /// @param arbitrator The arbitrator.
    /// @param orderId The settled order.
    event CaseReleased(address indexed arbitrator, uint256 indexed orderId);
    /// @notice Emitted when an arbitrator missed its window: `slashed` went to the slash recipient.
    /// @param arbitrator The arbitrator.
    /// @param orderId The disputed order.
    /// @param slashed Stake-token units taken from its stake.
    /// @param stake Its stake now.
    /// @param reputation Its reputation now.
    event ArbitratorPenalized(
        address indexed arbitrator,
        uint256 indexed orderId,
        uint256 slashed,
        uint256 stake,
        uint256 reputation
    );
    /// @notice Emitted when an arbitrator's reputation recovers with time.
    /// @param arbitrator The arbitrator.
    /// @param reputation Its reputation now.
    event ReputationRecovered(address indexed arbitrator, uint256 reputation);
    /// @notice Emitted when a draw opens; weight changes queue until no draw is open.
    /// @param orderId The disputed order.
    event DrawOpened(uint256 indexed orderId);
    /// @notice Emitted when a draw closes, by a draw or because the dispute no longer needs one.
    /// @param orderId The disputed order.
    /// @param openDraws How many draws are still open.
    event DrawClosed(uint256 indexed orderId, uint256 openDraws);
    /// @notice Emitted when a weight change waits for open draws to close.
    /// @param arbitrator The arbitrator whose weight will change.
    event WeightQueued(address indexed arbitrator);
    /// @notice Emitted when an arbitrator's weight in the draw tree changes.
    /// @param arbitrator The arbitrator.
    /// @param weight Its draw weight now.
    event WeightUpdated(address indexed arbitrator, uint256 weight);
    /// @notice Emitted when an arbitrator trades with `counterparty`; it is never drawn for them.
    /// @param arbitrator The arbitrator.
    /// @param counterparty The other party of the trade.
    event TradeRecorded(address indexed arbitrator, address indexed counterparty);
    /// @notice Emitted when a payout could not be sent and was credited instead.
    /// @param account Who may withdraw it.
    /// @param amount Stake-token units credited.
    event PaymentCredited(address indexed account, uint256 amount);
    /// @notice Emitted when `account` withdraws its credited balance.
    /// @param account Whose credit was withdrawn, and where it was sent.
    /// @param amount Stake-token units sent.
    event Withdrawn(address indexed account, uint256 amount);

    // ------------------------------------------------------------------ Arbitrators

    /// @notice Registers the caller with `amount` of the stake token (at least the minimum).
    /// A returning arbitrator keeps its reputation.
    /// @param amount Stake-token units to pull.
    function register(uint256 amount) external;

    /// @notice Adds `amount` to the caller's stake.
    /// @param amount Stake-token units to pull.
    function increaseStake(uint256 amount) external;

    /// @notice Stops the caller from being drawn and starts the cooldown.
    function requestUnstake() external;

    /// @notice After the cooldown, with no open cases, returns the caller's whole stake.
    function withdrawStake() external;

    /// @notice Sends the caller's credited balance to the caller: never elsewhere, so that an
    /// address the token blocks cannot move its funds past the issuer through the pool.
    /// @return amount Stake-token units sent.
    function withdraw() external returns (uint256 amount);

    /// @notice Raises the caller's reputation by one point per recovery period since its last
    /// change, up to the starting reputation.
    function recoverReputation() external;

    /// @notice Applies queued weight changes once no draw is open. Anyone may call it.
    /// @param accounts Arbitrators whose weight changes are queued; others are skipped.
    function applyQueuedWeights(address[] calldata accounts) external;

    // ------------------------------------------------------------------ Escrow

    /// @notice Binds the escrow, once.
    /// @param escrow The escrow that may assign cases.
    function bindEscrow(address escrow) external;

    /// @notice Opens a draw for `orderId` when its randomness is requested: from now until it
    /// closes, weight changes queue. Opening an open draw again does nothing.
    /// @param orderId The disputed order.
    function openDraw(uint256 orderId) external;

    /// @notice Closes the draw of `orderId` without drawing, when the dispute no longer needs one.
    /// Closing a closed draw does nothing.
    /// @param orderId The disputed order.
    function closeDraw(uint256 orderId) external;

    /// @notice Draws an arbitrator for `orderId` from the weights as they stood when its draw
    /// opened, and closes the draw. Excludes the parties, arbitrators who traded with either party
    /// before the draw opened, and arbitrators this order already had.
    /// @param orderId The disputed order.
    /// @param buyer The order's buyer.
    /// @param seller The order's seller.
    /// @param seed Randomness for the draw.
    /// @return arbitrator The drawn arbitrator.
    function assign(uint256 orderId, address buyer, address seller, uint256 seed) external returns (address arbitrator);

    /// @notice Closes a ruled case; the ruling (always inside the window) earns reputation.
    /// @param orderId The disputed order.
    /// @param arbitrator The arbitrator that ruled.
    function reportRuling(uint256 orderId, address arbitrator) external;

    /// @notice Closes a case whose arbitrator missed its window: reputation falls, and the slash
    /// (a multiple of the case's fee, capped at a share of the stake) goes to the slash recipient.
    /// @param orderId The disputed order.
    /// @param arbitrator The arbitrator that missed its window.
    /// @param caseFeeWad The case's arbitration fee, scaled to 18 decimals (stablecoins at par).
    function reportMissed(uint256 orderId, address arbitrator, uint256 caseFeeWad) external;

    /// @notice Closes a case the parties settled themselves.
    /// @param orderId The settled order.
    /// @param arbitrator The arbitrator of the case.
    function releaseCase(uint256 orderId, address arbitrator) external;

    /// @notice Records that the order's parties traded, for whichever of them is an arbitrator.
    /// @param buyer The order's buyer.
    /// @param seller The order's seller.
    function recordTrade(address buyer, address seller) external;

    // ------------------------------------------------------------------ Views

    /// @notice An arbitrator's record.
    /// @param account The account.
    function getArbitrator(address account) external view returns (Arbitrator memory);
    /// @notice The weight the draw tree holds for `account` (0 when not drawable); a queued change is not in it yet.
    /// @param account The account.
    function weightOf(address account) external view returns (uint256);
    /// @notice The sum of all draw weights.
    function totalWeight() external view returns (uint256);
    /// @notice How many accounts ever registered.
    function arbitratorCount() external view returns (uint256);
    /// @notice Whether `arbitrator` traded with `party` while registered.
    /// @param arbitrator The arbitrator.
    /// @param party The other account.
    function hasTraded(address arbitrator, address party) external view returns (bool);
    /// @notice How many draws are open; weight changes queue while it is not zero.
    function openDraws() external view returns (uint256);

    /// @notice Whether `account` has a weight change waiting for open draws to close.
    /// @param account The account.
    function isWeightQueued(address account) external view returns (bool);

    /// @notice Whether `arbitrator` was ever assigned to `orderId`.
    /// @param orderId The order.
    /// @param arbitrator The arbitrator.
    function wasAssigned(uint256 orderId, address arbitrator) external view returns (bool);
    /// @notice `account`'s credited slash payouts.
    /// @param account The account.
    function creditOf(address account) external view returns (uint256);
    /// @notice The sum of all stakes.
    function totalStaked() external view returns (uint256);
    /// @notice The token arbitrators stake.
    function stakeToken() external view returns (address);
    /// @notice The smallest stake that can be drawn, in stake-token units.
    function minStake() external view returns (uint256);
    /// @notice Seconds between requesting to unstake and withdrawing.
    function unstakeCooldown() external view returns (uint256);
    /// @notice The most of its stake an arbitrator can lose for one missed window, in bps.
    function slashBps() external view returns (uint256);

    /// @notice Who receives slashed stake.
    function slashRecipient() external view returns (address);
    /// @notice The escrow allowed to assign cases.
    function escrow() external view returns (address);
}
