// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {
    Dispute,
    DisputePhase,
    Order,
    OrderStatus,
    PaymentAuthorization,
    Resolution,
    Ruling,
    SettlementOffer,
    TokenConfig
} from "../types/Types.sol";
import {IArbitrable} from "./IERC792.sol";

/// @title Peer-to-peer stablecoin escrow
/// @notice A buyer pays an allowlisted stablecoin into an order. The seller confirms delivery,
/// committing to a hash of what it delivered; the buyer confirms receipt and the seller is paid.
/// Timeouts refund or release automatically. A dispute goes to an arbitrator drawn at random from
/// a staked pool.
///
/// Disputes are paid for by whoever loses them (Kleros escrow's rule). The opener deposits the
/// arbitration fee in the order's token; the other side matches it within the response window or
/// loses by default. The winner receives the whole order (the seller less the protocol fee, which
/// a dispute cannot skip) and its deposit back; the loser's deposit pays the arbitrator. A
/// settlement returns both deposits. No dispute lasts forever: if nobody is drawn within the draw
/// window, or after the last replacement round, anyone hands the case to the deployment's
/// fallback arbitrator (ERC-792), or, without one, ends it with the outcome the order's timeout
/// would have given, deposits returned.
///
/// No recipient can freeze anyone else's funds: a payout the token refuses is credited to its
/// recipient, and only that recipient can withdraw it, to itself, once the token lets it receive.
/// @dev The events carry everything needed to rebuild every order's state without contract reads.
interface IP2PEscrow is IArbitrable {
    // ------------------------------------------------------------------ Errors

    /// @notice The order is not in a status that allows the call.
    error EscrowInvalidStatus(uint256 orderId, OrderStatus current);
    /// @notice The dispute is not in a phase that allows the call.
    error EscrowInvalidPhase(uint256 orderId, DisputePhase current);
    /// @notice The caller may not make this call on this order.
    error EscrowUnauthorized(uint256 orderId, address caller);
    /// @notice The token is not allowlisted for new orders.
    error EscrowTokenNotAllowed(address token);
    /// @notice The amount is above the token's per-order cap.
    error EscrowAmountAboveCap(address token, uint256 amount, uint256 cap);
    /// @notice The amount is below the token's minimum order.
    error EscrowAmountBelowMinimum(address token, uint256 amount, uint256 minimum);
    /// @notice The amount is zero, too large to escrow, or not what arrived.
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
    /// @notice The randomness for the draw is not available yet.
    error EscrowRandomnessPending(uint256 orderId, uint256 requestId);
    /// @notice Every replacement round was used; the fallback takes the case.
    error EscrowRoundsExhausted(uint256 orderId, uint256 round);
    /// @notice A settlement split gives the buyer more than the order holds.
    error EscrowInvalidSplit(uint256 orderId, uint256 buyerAmount, uint256 amount);
    /// @notice There is no offer to accept, or it differs from what the caller accepts.
    error EscrowSettlementMismatch(uint256 orderId, uint256 offeredBuyerAmount, uint256 acceptedBuyerAmount);
    /// @notice The offer expired at `expiresAt`, or the dispute moved on since it was made.
    error EscrowSettlementLapsed(uint256 orderId, uint256 expiresAt);
    /// @notice An offer's expiry must lie in the future.
    error EscrowInvalidExpiry(uint256 expiresAt);
    /// @notice The caller has no credited balance in this token.
    error EscrowNothingToWithdraw(address token, address account);
    /// @notice A payout recipient may not be the zero address.
    error EscrowInvalidRecipient(address recipient);
    /// @notice The protocol fee is above its hard cap.
    error EscrowFeeTooHigh(uint256 feeBps, uint256 maxFeeBps);
    /// @notice The protocol fee for new orders is above what the buyer accepted.
    error EscrowFeeAboveLimit(uint256 feeBps, uint256 maxFeeBps);
    /// @notice The fallback arbitrator's cost, in wei, was not what was sent.
    error EscrowInvalidFallbackPayment(uint256 cost, uint256 sent);
    /// @notice No escalated dispute has this fallback-arbitrator id.
    error EscrowUnknownDispute(uint256 disputeId);
    /// @notice A deployment or token parameter is out of range.
    error EscrowInvalidConfig();
    /// @notice Only the arbitrator pool may make this call.
    error EscrowOnlyPool(address caller);

    // ------------------------------------------------------------------ Events

    /// @notice Emitted once, at deployment, with the parameters that never change.
    /// @param pool The arbitrator pool.
    /// @param rng The randomness source for arbitrator draws.
    /// @param fallbackArbitrator The ERC-792 arbitrator that takes cases nobody in the pool could
    /// rule on; zero for none, in which case such a dispute ends with the order's timeout outcome.
    /// @param sellerWindow Seconds the seller has to confirm delivery.
    /// @param buyerWindow Seconds the buyer has to confirm receipt or dispute after delivery.
    /// @param responseWindow Seconds the other side has to match a dispute deposit.
    /// @param drawWindow Seconds for an arbitrator to be drawn before the fallback takes over.
    /// @param arbitrationWindow Seconds an arbitrator has to rule.
    /// @param arbitratorFeeBps The arbitration fee in bps of the order amount (each side's deposit),
    /// raised to the token's minimum fee.
    event EscrowConfigured(
        address pool,
        address rng,
        address fallbackArbitrator,
        uint256 sellerWindow,
        uint256 buyerWindow,
        uint256 responseWindow,
        uint256 drawWindow,
        uint256 arbitrationWindow,
        uint256 arbitratorFeeBps
    );
    /// @notice Emitted when the owner allows, bounds or disallows a token.
    /// @param token The token.
    /// @param tokenId Its 1-based registry id, fixed at its first configuration.
    /// @param allowed Whether new orders may use it.
    /// @param minAmount The smallest order in token units.
    /// @param maxAmount The per-order cap in token units; 0 means none.
    /// @param minArbitrationFee The smallest arbitration fee (each side's deposit) in token units.
    event TokenConfigured(
        address indexed token,
        uint256 tokenId,
        bool allowed,
        uint256 minAmount,
        uint256 maxAmount,
        uint256 minArbitrationFee
    );
    /// @notice Emitted when the owner changes the protocol fee taken from future orders.
    /// @param feeBps The fee in bps of the seller's proceeds, for orders created from now on.
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
    /// @param productHash Commits to the off-chain listing.
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
    /// @param deliveryHash Commits to the sealed delivery, so an arbitrator can check what the buyer got.
    event DeliveryConfirmed(
        uint256 indexed orderId,
        address indexed buyer,
        address indexed seller,
        bytes32 deliveryHash
    );
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
    /// @notice Emitted when a party opens a dispute and deposits the arbitration fee.
    /// @param orderId The order.
    /// @param buyer The order's buyer.
    /// @param seller The order's seller.
    /// @param openedBy The party that opened it.
    /// @param fee Each side's deposit, in the order's token.
    /// @param responseDeadline When the other side's deposit is due (unix seconds); without it,
    /// the opener wins by default.
    event DisputeOpened(
        uint256 indexed orderId,
        address indexed buyer,
        address indexed seller,
        address openedBy,
        uint256 fee,
        uint256 responseDeadline
    );
    /// @notice Emitted when the other side matches the opener's deposit; the draw starts.
    /// @param orderId The order.
    /// @param payer The party that paid.
    /// @param fee Token units deposited.
    event DisputeFeePaid(uint256 indexed orderId, address indexed payer, uint256 fee);
    /// @notice Emitted when a draw waits for randomness; `round` counts replaced arbitrators.
    /// @param orderId The disputed order.
    /// @param requestId The randomness request the draw waits for.
    /// @param round How many arbitrators of this order have been replaced.
    /// @param fallbackAt When the fallback may take the case if nobody was drawn (unix seconds).
    event RandomnessRequested(uint256 indexed orderId, uint256 requestId, uint256 round, uint256 fallbackAt);
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
    /// @notice Emitted when nobody in the pool could rule and the fallback arbitrator took the case.
    /// @param orderId The disputed order.
    /// @param fallbackArbitrator The ERC-792 arbitrator.
    /// @param disputeId Its id for the case.
    event DisputeEscalated(uint256 indexed orderId, address indexed fallbackArbitrator, uint256 disputeId);
    /// @notice Emitted when a dispute ends other than by settlement. Amounts include deposits returned.
    /// @param orderId The disputed order.
    /// @param buyer The order's buyer.
    /// @param seller The order's seller.
    /// @param arbitrator Who ruled: the drawn or the fallback arbitrator; zero by default or timeout.
    /// @param ruling Who won; for a timeout, the side the order's timeout favoured.
    /// @param resolution How it ended.
    /// @param buyerPaid Token units paid (or credited) to the buyer.
    /// @param sellerPaid Token units paid (or credited) to the seller.
    /// @param arbitratorFee Token units paid (or credited) to the drawn arbitrator.
    /// @param protocolFee Token units taken as protocol fee from the seller's proceeds.
    event DisputeResolved(
        uint256 indexed orderId,
        address indexed buyer,
        address indexed seller,
        address arbitrator,
        Ruling ruling,
        Resolution resolution,
        uint256 buyerPaid,
        uint256 sellerPaid,
        uint256 arbitratorFee,
        uint256 protocolFee
    );
    /// @notice Emitted when a party offers a split; it replaces any earlier offer.
    /// @param orderId The disputed order.
    /// @param proposer The party that made the offer.
    /// @param buyerAmount Token units of the order offered to the buyer; the seller gets the rest.
    /// @param expiresAt When the offer lapses (unix seconds); it also lapses when the dispute moves on.
    event SettlementProposed(uint256 indexed orderId, address indexed proposer, uint256 buyerAmount, uint256 expiresAt);
    /// @notice Emitted when the proposer withdraws its offer.
    /// @param orderId The disputed order.
    /// @param proposer The party that withdrew it.
    event SettlementWithdrawn(uint256 indexed orderId, address indexed proposer);
    /// @notice Emitted when the other party accepts the offered split. Amounts include deposits returned.
    /// @param orderId The disputed order.
    /// @param buyer The order's buyer.
    /// @param seller The order's seller.
    /// @param buyerPaid Token units paid (or credited) to the buyer.
    /// @param sellerPaid Token units paid (or credited) to the seller.
    /// @param protocolFee Token units taken as protocol fee from the seller's share.
    event DisputeSettled(
        uint256 indexed orderId,
        address indexed buyer,
        address indexed seller,
        uint256 buyerPaid,
        uint256 sellerPaid,
        uint256 protocolFee
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
    /// @notice Emitted when `account` withdraws its credited balance, to itself.
    /// @param account Whose credit was withdrawn, and where it was sent.
    /// @param token The token withdrawn.
    /// @param amount Token units sent.
    event Withdrawn(address indexed account, address indexed token, uint256 amount);

    // ------------------------------------------------------------------ Orders

    /// @notice Pays `amount` of `token` into a new order. Needs an allowance for the escrow.
    /// @param seller Who is paid on completion.
    /// @param token An allowlisted stablecoin.
    /// @param amount Token units to pull; the order records what actually arrived.
    /// @param productHash Commits to the off-chain listing.
    /// @param maxProtocolFeeBps The highest protocol fee the buyer accepts; a fee change that lands
    /// first makes the order revert instead of charging more.
    /// @return orderId The new order's id.
    function createOrder(
        address seller,
        address token,
        uint256 amount,
        bytes32 productHash,
        uint256 maxProtocolFeeBps
    ) external returns (uint256 orderId);

    /// @notice `createOrder` with an EIP-2612 permit, in one transaction.
    /// @dev A permit that fails (for example because someone front-ran it) is ignored; the
    /// transfer then succeeds only if the allowance is already in place.
    /// @param seller Who is paid on completion.
    /// @param token An allowlisted stablecoin (the permit's token).
    /// @param amount Token units to pull, and the permit's value; the order records what actually arrived.
    /// @param productHash Commits to the off-chain listing.
    /// @param maxProtocolFeeBps The highest protocol fee the buyer accepts.
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
        uint256 maxProtocolFeeBps,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 orderId);

    /// @notice `createOrder` paid by the buyer's EIP-3009 authorization (USDC's gasless transfer),
    /// submitted by anyone: a buyer holding only the stablecoin signs, and a relayer pays the gas.
    /// @dev The token moves `amount + auth.relayerFee` from `auth.buyer` to the escrow by
    /// `receiveWithAuthorization`, which only the escrow may execute, so a copied authorization
    /// cannot be spent elsewhere. Its nonce must be `orderAuthorizationNonce` of the other terms, so
    /// a relayer that alters the seller, listing, fee limit or its own fee submits an authorization
    /// the token refuses. The token's nonce makes it single-use. `auth.relayerFee` goes to
    /// `msg.sender`: a bot that copies a pending authorization takes the relayer's fee, never more
    /// of the buyer's money than the buyer signed. Needs a token that moves exactly what it is asked to.
    /// @param seller Who is paid on completion.
    /// @param token An allowlisted stablecoin that implements EIP-3009.
    /// @param amount Token units the order holds.
    /// @param productHash Commits to the off-chain listing.
    /// @param maxProtocolFeeBps The highest protocol fee the buyer accepts.
    /// @param auth The buyer's signed authorization.
    /// @return orderId The new order's id.
    function createOrderWithAuthorization(
        address seller,
        address token,
        uint256 amount,
        bytes32 productHash,
        uint256 maxProtocolFeeBps,
        PaymentAuthorization calldata auth
    ) external returns (uint256 orderId);

    /// @notice The EIP-3009 nonce a buyer signs for `createOrderWithAuthorization`: the order terms
    /// that its transfer does not already bind (the token, payer, payee and value bind the rest).
    /// @param seller Who is paid on completion.
    /// @param productHash Commits to the off-chain listing.
    /// @param maxProtocolFeeBps The highest protocol fee the buyer accepts.
    /// @param relayerFee Token units paid to the submitter, on top of the order's amount.
    /// @param salt The buyer's, so that two orders on the same terms differ.
    /// @return The nonce.
    function orderAuthorizationNonce(
        address seller,
        bytes32 productHash,
        uint256 maxProtocolFeeBps,
        uint256 relayerFee,
        bytes32 salt
    ) external pure returns (bytes32);

    /// @notice Buyer or seller cancels an order the seller has not confirmed. Refunds the buyer.
    /// @param orderId The order.
    function cancelOrder(uint256 orderId) external;

    /// @notice Seller confirms delivery inside the seller window; the buyer window starts and the
    /// buyer can no longer cancel. Only now may the sealed delivery reach the buyer.
    /// @param orderId The order.
    /// @param deliveryHash Commits to the sealed delivery (its hash), for an arbitrator to check.
    function sellerConfirmDelivery(uint256 orderId, bytes32 deliveryHash) external;

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

    /// @notice A party disputes while the current status's window is open, so that a dispute and
    /// a timeout can never both be claimable, and deposits the arbitration fee (`arbitrationFeeOf`)
    /// in the order's token. Needs an allowance for the escrow. Before delivery only the buyer may
    /// dispute: the seller has nothing to claim yet, and an unanswered dispute goes to its opener.
    /// @param orderId The order.
    function openDispute(uint256 orderId) external;

    /// @notice The other party matches the opener's deposit before the response deadline; the draw
    /// starts. Needs an allowance for the escrow.
    /// @param orderId The disputed order.
    function payDisputeFee(uint256 orderId) external;

    /// @notice Anyone ends a dispute whose other side did not match the deposit in time: the
    /// opener wins the order and gets its deposit back. Nobody ruled, so nobody is paid a fee.
    /// @param orderId The disputed order.
    function resolveUnanswered(uint256 orderId) external;

    /// @notice Anyone draws the arbitrator once the randomness is ready. If the randomness
    /// expired, it is requested again and nobody is drawn yet.
    /// @param orderId The disputed order.
    /// @return arbitrator The drawn arbitrator, or zero if randomness was requested again.
    function drawArbitrator(uint256 orderId) external returns (address arbitrator);

    /// @notice Anyone replaces an arbitrator that did not rule inside the arbitration window.
    /// The pool penalises it, and the next draw never picks an arbitrator this order had.
    /// @param orderId The disputed order.
    function replaceArbitrator(uint256 orderId) external;

    /// @notice Anyone hands a dispute nobody could be drawn for to the fallback: after the draw
    /// window, or once every replacement round was used. With a fallback arbitrator, send its
    /// `arbitrationCost` in wei; without one, the dispute ends now with the outcome the order's
    /// timeout would have given (Created: refund; SellerConfirmed: release), deposits returned.
    /// @param orderId The disputed order.
    function escalate(uint256 orderId) external payable;

    /// @notice The drawn arbitrator rules inside its window; a late ruling is refused, so the
    /// arbitrator can be replaced. The winner gets the order and its deposit back; the loser's
    /// deposit is the arbitrator's fee.
    /// @param orderId The disputed order.
    /// @param ruling `Buyer` refunds the buyer, `Seller` pays the seller.
    function resolveDispute(uint256 orderId, Ruling ruling) external;

    /// @notice A party offers a split of a disputed order; it replaces any earlier offer. It can
    /// be accepted until `expiresAt`, and only while the dispute stays in the phase and round it
    /// was made in.
    /// @param orderId The disputed order.
    /// @param buyerAmount Token units of the order to the buyer; the seller gets the rest.
    /// @param expiresAt When the offer lapses (unix seconds, in the future).
    function proposeSettlement(uint256 orderId, uint256 buyerAmount, uint256 expiresAt) external;

    /// @notice The proposer withdraws its standing offer.
    /// @param orderId The disputed order.
    function withdrawSettlement(uint256 orderId) external;

    /// @notice The party that did not make the standing offer accepts it. Both deposits return;
    /// the protocol fee is taken from the seller's share.
    /// @param orderId The disputed order.
    /// @param buyerAmount Must equal the offer, so that a changed offer cannot be accepted unseen.
    function acceptSettlement(uint256 orderId, uint256 buyerAmount) external;

    /// @notice A party or the assigned arbitrator points at evidence. Nothing is stored.
    /// @param orderId The disputed order.
    /// @param evidenceUri Where the evidence is.
    function submitEvidence(uint256 orderId, string calldata evidenceUri) external;

    // ------------------------------------------------------------------ Credits

    /// @notice Sends the caller's credited balance in `token` to the caller, and nowhere else: an
    /// address the token blocks keeps its credit here until the token lets it receive, so the
    /// escrow is never a way around an issuer's freeze.
    /// @param token The token to withdraw.
    /// @return amount Token units sent.
    function withdraw(address token) external returns (uint256 amount);

    // ------------------------------------------------------------------ Owner

    /// @notice Allows or disallows `token` for new orders, within bounds: the minimum fee is at
    /// most the arbitration fee cap (20%) of the minimum order, so a deposit never exceeds a fifth
    /// of any order it could be asked for.
    /// @param token The token; it gets a registry id at its first configuration.
    /// @param allowed Whether new orders may use it.
    /// @param minAmount The smallest order in token units.
    /// @param maxAmount The per-order cap in token units; 0 means none.
    /// @param minArbitrationFee The smallest arbitration fee (each side's deposit) in token units.
    function configureToken(
        address token,
        bool allowed,
        uint256 minAmount,
        uint256 maxAmount,
        uint256 minArbitrationFee
    ) external;

    /// @notice Sets the protocol fee for orders created from now on (hard cap 1%).
    /// @param feeBps The fee in bps of the seller's proceeds.
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
    /// @notice The standing settlement offer of an order (lapsed or not).
    /// @param orderId The order.
    function getSettlementOffer(uint256 orderId) external view returns (SettlementOffer memory);
    /// @notice The deposit a dispute on the order asks of each side: the one fixed when it was
    /// opened, or what opening one would ask now.
    /// @param orderId The order.
    function arbitrationFeeOf(uint256 orderId) external view returns (uint256);
    /// @notice When the current status's or dispute phase's window closes (unix seconds), or 0 if none runs.
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
    /// @return feeBps The fee in bps of the seller's proceeds for orders created now.
    /// @return recipient Who receives protocol fees; zero when fees are off.
    function protocolFee() external view returns (uint256 feeBps, address recipient);
    /// @notice Whether new orders are paused.
    function paused() external view returns (bool);
    /// @notice The id the next order will get.
    function nextOrderId() external view returns (uint256);
    /// @notice Whether `account` is flagged as a registered arbitrator.
    /// @param account The account.
    function isArbitratorFlagged(address account) external view returns (bool);
    /// @notice The order an escalated dispute of the fallback arbitrator belongs to (0 if none).
    /// @param disputeId The fallback arbitrator's id for the dispute.
    function orderOfEscalation(uint256 disputeId) external view returns (uint256);
    /// @notice The arbitrator pool.
    function pool() external view returns (address);
    /// @notice The randomness source for draws.
    function rng() external view returns (address);
    /// @notice The ERC-792 fallback arbitrator; zero when the fallback is the timeout outcome.
    function fallbackArbitrator() external view returns (address);
    /// @notice Seconds the seller has to confirm delivery.
    function sellerWindow() external view returns (uint256);
    /// @notice Seconds the buyer has to confirm receipt or dispute after delivery.
    function buyerWindow() external view returns (uint256);
    /// @notice Seconds the other side has to match a dispute deposit.
    function responseWindow() external view returns (uint256);
    /// @notice Seconds for an arbitrator to be drawn before the fallback takes over.
    function drawWindow() external view returns (uint256);
    /// @notice Seconds an arbitrator has to rule.
    function arbitrationWindow() external view returns (uint256);
    /// @notice The arbitration fee in bps of the order amount, before the token's minimum.
    function arbitratorFeeBps() external view returns (uint256);
    /// @notice How many arbitrators a dispute may have before the fallback takes it.
    function maxRounds() external view returns (uint256);
}
