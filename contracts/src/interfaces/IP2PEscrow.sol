// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Dispute, Order, OrderStatus, Ruling, SettlementOffer, TokenConfig} from "../types/Types.sol";

/// @title Peer-to-peer stablecoin escrow
/// @notice A buyer pays an allowlisted stablecoin into an order. The seller confirms delivery, the
/// buyer confirms receipt and the seller is paid. Timeouts refund or release automatically, and a
/// dispute goes to an arbitrator drawn at random from a staked pool. No recipient can freeze funds:
/// a payout that fails is credited to its recipient, who withdraws it later.
/// @dev The events carry everything needed to rebuild every order's state without contract reads.
interface IP2PEscrow {
    // ------------------------------------------------------------------ Errors

    /// @notice The order is not in a status that allows the call.
    error EscrowInvalidStatus(uint256 orderId, OrderStatus current);
    /// @notice The caller may not make this call on this order.
    error EscrowUnauthorized(uint256 orderId, address caller);
    /// @notice The token is not allowlisted for new orders.
    error EscrowTokenNotAllowed(address token);
    /// @notice The amount is above the token's per-order cap.
    error EscrowAmountAboveCap(address token, uint256 amount, uint256 cap);
    /// @notice The amount is zero, or too large to escrow.
    error EscrowInvalidAmount(uint256 amount);
    /// @notice The seller is the zero address or the buyer.
    error EscrowInvalidSeller(address seller);
    /// @notice New orders are paused.
    error EscrowPaused();
    /// @notice The window for this call closed at `deadline` (unix seconds).
    error EscrowWindowClosed(uint256 orderId, uint256 deadline);
    /// @notice The timeout is not due before `deadline` (unix seconds) has passed.
    error EscrowWindowOpen(uint256 orderId, uint256 deadline);
    /// @notice `Ruling.None` is not a ruling.
    error EscrowInvalidRuling(Ruling ruling);
    /// @notice The dispute has no arbitrator yet.
    error EscrowNoArbitrator(uint256 orderId);
    /// @notice The dispute already has an arbitrator.
    error EscrowArbitratorAssigned(uint256 orderId, address arbitrator);
    /// @notice The randomness for the draw is not available yet.
    error EscrowRandomnessPending(uint256 orderId, uint256 requestId);
    /// @notice A settlement split gives the buyer more than the order holds.
    error EscrowInvalidSplit(uint256 orderId, uint256 buyerAmount, uint256 amount);
    /// @notice There is no offer to accept, or it differs from what the caller accepts.
    error EscrowSettlementMismatch(uint256 orderId, uint256 offeredBuyerAmount, uint256 acceptedBuyerAmount);
    /// @notice The caller has no credited balance in this token.
    error EscrowNothingToWithdraw(address token, address account);
    /// @notice A payout recipient may not be the zero address.
    error EscrowInvalidRecipient(address recipient);
    /// @notice The protocol fee is above its hard cap.
    error EscrowFeeTooHigh(uint256 feeBps, uint256 maxFeeBps);
    /// @notice A deployment parameter is out of range.
    error EscrowInvalidConfig();
    /// @notice Only the arbitrator pool may make this call.
    error EscrowOnlyPool(address caller);

    // ------------------------------------------------------------------ Events

    /// @notice Emitted once, at deployment, with the parameters that never change.
    /// @param pool The arbitrator pool.
    /// @param rng The randomness source for arbitrator draws.
    /// @param sellerWindow Seconds the seller has to confirm delivery.
    /// @param buyerWindow Seconds the buyer has to confirm receipt or dispute after delivery.
    /// @param arbitrationWindow Seconds an arbitrator has to rule.
    /// @param arbitratorFeeBps The arbitrator's fee in bps of the order amount.
    event EscrowConfigured(
        address pool,
        address rng,
        uint256 sellerWindow,
        uint256 buyerWindow,
        uint256 arbitrationWindow,
        uint256 arbitratorFeeBps
    );
    /// @notice Emitted when the owner allows, caps or disallows a token.
    /// @param token The token.
    /// @param tokenId Its 1-based registry id, fixed at its first configuration.
    /// @param allowed Whether new orders may use it.
    /// @param maxAmount The per-order cap in token units; 0 means none.
    event TokenConfigured(address indexed token, uint256 tokenId, bool allowed, uint256 maxAmount);
    /// @notice Emitted when the owner changes the protocol fee taken from future orders.
    /// @param feeBps The fee in bps of the order amount, for orders created from now on.
    /// @param recipient Who receives protocol fees; zero when fees are off, which existing orders then skip too.
    event ProtocolFeeUpdated(uint256 feeBps, address recipient);
    /// @notice Emitted when new orders are paused.
    /// @param account The owner that paused them.
    event Paused(address account);
    /// @notice Emitted when new orders are allowed again.
    /// @param account The owner that unpaused them.
    event Unpaused(address account);

    /// @notice Emitted when a buyer pays into a new order. `amount` is what actually arrived.
    /// @param orderId The new order's id.
    /// @param buyer Who paid.
    /// @param seller Who is paid on completion.
    /// @param token The stablecoin paid in.
    /// @param amount Token units the escrow received.
    /// @param productHash Commits to the off-chain listing and deliverable.
    /// @param protocolFeeBps The protocol fee rate fixed for this order, in bps.
    event OrderCreated(
        uint256 indexed orderId,
        address indexed buyer,
        address indexed seller,
        address token,
        uint256 amount,
        bytes32 productHash,
        uint256 protocolFeeBps
    );
    /// @notice Emitted when the buyer or the seller cancels; the buyer is refunded `amount`.
    /// @param orderId The order.
    /// @param buyer The order's buyer.
    /// @param seller The order's seller.
    /// @param cancelledBy The party that cancelled.
    event OrderCancelled(uint256 indexed orderId, address indexed buyer, address indexed seller, address cancelledBy);
    /// @notice Emitted when the seller confirms delivery; the buyer window starts.
    /// @param orderId The order.
    /// @param buyer The order's buyer.
    /// @param seller The order's seller.
    event DeliveryConfirmed(uint256 indexed orderId, address indexed buyer, address indexed seller);
    /// @notice Emitted when the seller is paid, by the buyer's confirmation or by auto-release.
    /// @param orderId The order.
    /// @param buyer The order's buyer.
    /// @param seller The order's seller.
    /// @param sellerAmount Token units paid (or credited) to the seller.
    /// @param protocolFee Token units taken as protocol fee.
    /// @param feeRecipient Who received the fee; zero when no fee was taken.
    /// @param autoReleased True when released after the buyer window, false when the buyer confirmed.
    event OrderCompleted(
        uint256 indexed orderId,
        address indexed buyer,
        address indexed seller,
        uint256 sellerAmount,
        uint256 protocolFee,
        address feeRecipient,
        bool autoReleased
    );
    /// @notice Emitted when an order times out before the seller confirmed; the buyer is refunded.
    /// @param orderId The order.
    /// @param buyer The order's buyer.
    /// @param seller The order's seller.
    event OrderExpired(uint256 indexed orderId, address indexed buyer, address indexed seller);
    /// @notice Emitted when a party opens a dispute.
    /// @param orderId The order.
    /// @param buyer The order's buyer.
    /// @param seller The order's seller.
    /// @param openedBy The party that opened it.
    event DisputeOpened(uint256 indexed orderId, address indexed buyer, address indexed seller, address openedBy);
    /// @notice Emitted when a draw waits for randomness; `round` counts replaced arbitrators.
    /// @param orderId The disputed order.
    /// @param requestId The randomness request the draw waits for.
    /// @param round How many arbitrators of this order have been replaced.
    event RandomnessRequested(uint256 indexed orderId, uint256 requestId, uint256 round);
    /// @notice Emitted when an arbitrator is drawn; it must rule by `deadline` (unix seconds).
    /// @param orderId The disputed order.
    /// @param arbitrator The drawn arbitrator.
    /// @param round How many arbitrators of this order have been replaced.
    /// @param deadline When its arbitration window closes (unix seconds).
    event ArbitratorAssigned(uint256 indexed orderId, address indexed arbitrator, uint256 round, uint256 deadline);
    /// @notice Emitted when an arbitrator that missed its window is replaced.
    /// @param orderId The disputed order.
    /// @param arbitrator The arbitrator that missed its window.
    /// @param round The new round: how many arbitrators of this order have now been replaced.
    event ArbitratorReplaced(uint256 indexed orderId, address indexed arbitrator, uint256 round);
    /// @notice Emitted when the arbitrator rules; the winner gets `winnerAmount`.
    /// @param orderId The disputed order.
    /// @param buyer The order's buyer.
    /// @param seller The order's seller.
    /// @param arbitrator The arbitrator that ruled.
    /// @param ruling Who won.
    /// @param winnerAmount Token units paid (or credited) to the winner.
    /// @param arbitratorFee Token units paid (or credited) to the arbitrator.
    event DisputeResolved(
        uint256 indexed orderId,
        address indexed buyer,
        address indexed seller,
        address arbitrator,
        Ruling ruling,
        uint256 winnerAmount,
        uint256 arbitratorFee
    );
    /// @notice Emitted when a party offers a split; it replaces any earlier offer.
    /// @param orderId The disputed order.
    /// @param proposer The party that made the offer.
    /// @param buyerAmount Token units offered to the buyer; the seller gets the rest.
    event SettlementProposed(uint256 indexed orderId, address indexed proposer, uint256 buyerAmount);
    /// @notice Emitted when the other party accepts the offered split.
    /// @param orderId The disputed order.
    /// @param buyer The order's buyer.
    /// @param seller The order's seller.
    /// @param buyerAmount Token units paid (or credited) to the buyer.
    /// @param sellerAmount Token units paid (or credited) to the seller.
    event DisputeSettled(
        uint256 indexed orderId,
        address indexed buyer,
        address indexed seller,
        uint256 buyerAmount,
        uint256 sellerAmount
    );
    /// @notice ERC-1497-style evidence: `evidenceUri` points at the (encrypted) evidence.
    /// @param orderId The disputed order.
    /// @param submitter The party or arbitrator that submitted it.
    /// @param evidenceUri Where the evidence is.
    event EvidenceSubmitted(uint256 indexed orderId, address indexed submitter, string evidenceUri);
    /// @notice Emitted when a payout could not be sent and was credited to `account` instead.
    /// @param orderId The order whose payout it was.
    /// @param account Who may withdraw it.
    /// @param token The token credited.
    /// @param amount Token units credited.
    event PaymentCredited(uint256 indexed orderId, address indexed account, address indexed token, uint256 amount);
    /// @notice Emitted when `account` withdraws its credited balance to `to`.
    /// @param account Whose credit was withdrawn.
    /// @param token The token withdrawn.
    /// @param to Where it was sent.
    /// @param amount Token units sent.
    event Withdrawn(address indexed account, address indexed token, address to, uint256 amount);

    // ------------------------------------------------------------------ Orders

    /// @notice Pays `amount` of `token` into a new order. Needs an allowance for the escrow.
    /// @param seller Who is paid on completion.
    /// @param token An allowlisted stablecoin.
    /// @param amount Token units to pull; the order records what actually arrived.
    /// @param productHash Commits to the off-chain listing and deliverable.
    /// @return orderId The new order's id.
    function createOrder(
        address seller,
        address token,
        uint256 amount,
        bytes32 productHash
    ) external returns (uint256 orderId);

    /// @notice `createOrder` with an EIP-2612 permit, in one transaction.
    /// @dev A permit that fails (for example because someone front-ran it) is ignored; the
    /// transfer then succeeds only if the allowance is already in place.
    /// @param seller Who is paid on completion.
    /// @param token An allowlisted stablecoin (the permit's token).
    /// @param amount Token units to pull, and the permit's value; the order records what actually arrived.
    /// @param productHash Commits to the off-chain listing and deliverable.
    /// @param deadline The permit's deadline.
    /// @param v The permit signature's v.
    /// @param r The permit signature's r.
    /// @param s The permit signature's s.
    /// @return orderId The new order's id.
    function createOrderWithPermit(
        address seller,
        address token,
        uint256 amount,
        bytes32 productHash,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 orderId);

    /// @notice Buyer or seller cancels an order the seller has not confirmed. Refunds the buyer.
    /// @param orderId The order.
    function cancelOrder(uint256 orderId) external;

    /// @notice Seller confirms delivery inside the seller window; the buyer window starts.
    /// @param orderId The order.
    function sellerConfirmDelivery(uint256 orderId) external;

    /// @notice Buyer confirms receipt; the seller is paid, less the protocol fee fixed at creation
    /// (waived if fees have since been switched off).
    /// @param orderId The order.
    function buyerConfirmReceived(uint256 orderId) external;

    /// @notice Anyone refunds the buyer once the seller window has passed without confirmation.
    /// @param orderId The order.
    function expireOrder(uint256 orderId) external;

    /// @notice Anyone pays the seller once the buyer window has passed without a dispute.
    /// @param orderId The order.
    function autoRelease(uint256 orderId) external;

    // ------------------------------------------------------------------ Disputes

    /// @notice Buyer or seller disputes while the current status's window is open, so that a
    /// dispute and a timeout can never both be claimable. Requests randomness for the draw.
    /// @param orderId The order.
    function openDispute(uint256 orderId) external;

    /// @notice Anyone draws the arbitrator once the randomness is ready. If the randomness
    /// expired, it is requested again and nobody is drawn yet.
    /// @param orderId The disputed order.
    /// @return arbitrator The drawn arbitrator, or zero if randomness was requested again.
    function drawArbitrator(uint256 orderId) external returns (address arbitrator);

    /// @notice Anyone replaces an arbitrator that did not rule inside the arbitration window.
    /// The pool penalises it, and the next draw never picks an arbitrator this order had.
    /// @param orderId The disputed order.
    function replaceArbitrator(uint256 orderId) external;

    /// @notice The assigned arbitrator rules. It earns the arbitrator fee; the winner gets the rest.
    /// @param orderId The disputed order.
    /// @param ruling `Buyer` refunds the buyer, `Seller` pays the seller.
    function resolveDispute(uint256 orderId, Ruling ruling) external;

    /// @notice A party offers a split of a disputed order; it replaces any earlier offer.
    /// @param orderId The disputed order.
    /// @param buyerAmount Token units to the buyer; the seller gets the rest.
    function proposeSettlement(uint256 orderId, uint256 buyerAmount) external;

    /// @notice The party that did not make the standing offer accepts it. No arbitrator fee is due.
    /// @param orderId The disputed order.
    /// @param buyerAmount Must equal the offer, so that a changed offer cannot be accepted unseen.
    function acceptSettlement(uint256 orderId, uint256 buyerAmount) external;

    /// @notice A party or the assigned arbitrator points at evidence. Nothing is stored.
    /// @param orderId The disputed order.
    /// @param evidenceUri Where the evidence is.
    function submitEvidence(uint256 orderId, string calldata evidenceUri) external;

    // ------------------------------------------------------------------ Credits

    /// @notice Sends the caller's credited balance in `token` to `to`.
    /// @param token The token to withdraw.
    /// @param to Where to send it.
    /// @return amount Token units sent.
    function withdraw(address token, address to) external returns (uint256 amount);

    // ------------------------------------------------------------------ Owner

    /// @notice Allows or disallows `token` for new orders, with a per-order cap (0: none).
    /// @param token The token; it gets a registry id at its first configuration.
    /// @param allowed Whether new orders may use it.
    /// @param maxAmount The per-order cap in token units; 0 means none.
    function configureToken(address token, bool allowed, uint256 maxAmount) external;

    /// @notice Sets the protocol fee for orders created from now on (hard cap 1%).
    /// @param feeBps The fee in bps of the order amount.
    /// @param recipient Who receives protocol fees; zero only with a zero fee, which existing orders then skip too.
    function setProtocolFee(uint256 feeBps, address recipient) external;

    /// @notice Stops new orders. Every other call keeps working.
    function pause() external;

    /// @notice Allows new orders again.
    function unpause() external;

    // ------------------------------------------------------------------ Pool

    /// @notice The pool marks accounts that are registered arbitrators, so that their trades are
    /// recorded for conflict-of-interest checks and nobody else's order pays for that. A trade is
    /// recorded when its seller confirms delivery, once both sides have acted.
    /// @param account The account.
    /// @param registered Whether it is now a registered arbitrator.
    function setArbitratorFlag(address account, bool registered) external;

    // ------------------------------------------------------------------ Views

    /// @notice The stored order.
    /// @param orderId The order.
    function getOrder(uint256 orderId) external view returns (Order memory);
    /// @notice The token an order holds.
    /// @param orderId The order.
    function orderToken(uint256 orderId) external view returns (address);
    /// @notice The arbitration state of an order.
    /// @param orderId The order.
    function getDispute(uint256 orderId) external view returns (Dispute memory);
    /// @notice The standing settlement offer of an order.
    /// @param orderId The order.
    function getSettlementOffer(uint256 orderId) external view returns (SettlementOffer memory);
    /// @notice When the current status's window closes (unix seconds), or 0 if none runs.
    /// @param orderId The order.
    function deadlineOf(uint256 orderId) external view returns (uint256);
    /// @notice How the escrow treats `token`.
    /// @param token The token.
    function tokenConfig(address token) external view returns (TokenConfig memory);
    /// @notice The token with registry id `tokenId`.
    /// @param tokenId A registry id (1-based).
    function tokenById(uint256 tokenId) external view returns (address);
    /// @notice `account`'s credited balance in `token`.
    /// @param token The token.
    /// @param account The account.
    function creditOf(address token, address account) external view returns (uint256);
    /// @notice The fee for new orders and who receives fees.
    /// @return feeBps The fee in bps of the order amount for orders created now.
    /// @return recipient Who receives protocol fees; zero when fees are off.
    function protocolFee() external view returns (uint256 feeBps, address recipient);
    /// @notice Whether new orders are paused.
    function paused() external view returns (bool);
    /// @notice The id the next order will get.
    function nextOrderId() external view returns (uint256);
    /// @notice Whether `account` is flagged as a registered arbitrator.
    /// @param account The account.
    function isArbitratorFlagged(address account) external view returns (bool);
    /// @notice The arbitrator pool.
    function pool() external view returns (address);
    /// @notice The randomness source for draws.
    function rng() external view returns (address);
    /// @notice Seconds the seller has to confirm delivery.
    function sellerWindow() external view returns (uint256);
    /// @notice Seconds the buyer has to confirm receipt or dispute after delivery.
    function buyerWindow() external view returns (uint256);
    /// @notice Seconds an arbitrator has to rule.
    function arbitrationWindow() external view returns (uint256);
    /// @notice The arbitrator's fee in bps of the order amount.
    function arbitratorFeeBps() external view returns (uint256);
}
