// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Where an order is in its lifecycle. Completed, Cancelled, Expired, ResolvedBuyer,
/// ResolvedSeller and Settled are terminal: nothing changes an order once it reaches one.
enum OrderStatus {
    None, // no such order
    Created, // buyer paid in; the seller window runs
    SellerConfirmed, // seller says it delivered; the buyer window runs
    Completed, // seller paid (by the buyer's confirmation or by auto-release)
    Cancelled, // buyer refunded before delivery
    Expired, // seller never confirmed; buyer refunded
    Disputed, // an arbitrator is drawn or ruling
    ResolvedBuyer, // arbitrator ruled for the buyer
    ResolvedSeller, // arbitrator ruled for the seller
    Settled // both parties agreed on a split
}

/// @notice An arbitrator's decision. The numbering is ERC-792's: 0 refuses to arbitrate.
enum Ruling {
    None, // not a valid ruling from a drawn arbitrator; from the fallback arbitrator, a refusal
    Buyer, // refund the buyer; the seller's deposit pays for the dispute
    Seller // pay the seller; the buyer's deposit pays for the dispute
}

/// @notice Where a dispute stands. Each phase has one deadline, counted from `Dispute.phaseSince`.
enum DisputePhase {
    None, // no dispute
    AwaitingDeposit, // the opener paid its deposit; the other side must match it by the response deadline
    Drawing, // both deposits are in; an arbitrator is drawn, or the fallback takes over at the draw deadline
    Ruling, // the drawn arbitrator must rule by the arbitration deadline
    Escalated // the fallback arbitrator has the case
}

/// @notice How a dispute ended, when not by a settlement.
enum Resolution {
    Arbitrator, // the drawn arbitrator ruled; the loser's deposit paid it
    Default, // the other side never matched the deposit; the opener won
    FallbackArbitrator, // the deployment's fallback arbitrator ruled; the loser's deposit went to the winner
    Timeout // nobody could rule; the outcome the order's timeout would have given, deposits returned
}

/// @notice What an RNG can say about a randomness request.
enum RandomnessStatus {
    Pending, // not available yet
    Ready, // available
    Expired // will never be available: request again
}

/// @notice Where an arbitrator stands in the pool.
enum ArbitratorStatus {
    None, // never registered, or has withdrawn its stake
    Active, // drawable while its reputation and stake are high enough
    Unstaking // waiting out the cooldown; never drawn
}

/// @notice One escrowed order, packed in two storage slots.
struct Order {
    address buyer; // pays in; refunded on cancel, expiry or a buyer ruling
    uint96 amount; // token units that actually arrived (balance difference)
    address seller; // paid on completion
    OrderStatus status; // see OrderStatus
    uint40 statusSince; // unix seconds at which `status` began; the windows run from it
    uint16 tokenId; // the token's id in the escrow's token registry
    uint16 protocolFeeBps; // protocol fee in bps of `amount`, fixed when the order was created
}

/// @notice The arbitration side of a disputed order, in three slots.
struct Dispute {
    address arbitrator; // the drawn arbitrator while `phase` is Ruling, else zero
    uint40 phaseSince; // unix seconds at which `phase` began; its deadline runs from it
    uint8 round; // how many arbitrators were replaced for missing their window
    DisputePhase phase; // see DisputePhase
    uint16 step; // counts phase changes; a settlement offer lapses when it moves on
    bool delivered; // opened after the seller confirmed delivery: the timeout outcome is release, not refund
    uint256 randomnessRequest; // the RNG request the next draw waits for
    address opener; // the party that opened the dispute
    uint96 fee; // each side's deposit, in the order's token: the arbitration fee
}

/// @notice A split one party offered the other while disputed.
struct SettlementOffer {
    address proposer; // the party that made the offer; the other one may accept it
    uint96 buyerAmount; // token units of the order to the buyer; the seller gets the rest
    uint40 expiresAt; // unix seconds after which it can no longer be accepted
    uint16 step; // the dispute's `step` when it was made; it lapses when the dispute moves on
}

/// @notice The escrow's time windows in seconds, fixed at deployment.
struct Windows {
    uint256 seller; // for the seller to confirm delivery
    uint256 buyer; // for the buyer to confirm receipt or dispute after delivery
    uint256 response; // for the other side to match a dispute deposit
    uint256 draw; // for an arbitrator to be drawn before the fallback takes over
    uint256 arbitration; // for a drawn arbitrator to rule
}

/// @notice How the escrow treats a token. The first slot is all that createOrder reads.
struct TokenConfig {
    bool allowed; // new orders may use it
    uint16 id; // 1-based id in the registry, fixed at first configuration
    uint8 decimals; // the token's decimals, read at first configuration
    uint96 minAmount; // smallest order in token units, so that a dispute is worth an arbitrator's time
    uint96 maxAmount; // per-order cap in token units; 0 means no cap
    uint96 minArbitrationFee; // smallest arbitration fee (each side's deposit) in token units
}

// It fills all 256 bits; solhint's packing estimate does not size the enum field.
// solhint-disable gas-struct-packing
/// @notice One arbitrator's record in the pool, packed in one slot.
struct Arbitrator {
    uint96 stake; // stake-token units held for it
    uint8 reputation; // 0..100; scales the draw weight, which is zero below the pool's floor
    ArbitratorStatus status; // see ArbitratorStatus
    uint40 unstakeAvailableAt; // unix seconds after which an unstaking arbitrator may withdraw
    uint32 openCases; // disputes assigned and not yet closed
    uint32 treeIndex; // 1-based position in the pool's sum tree; 0 before the first registration
    uint40 reputationSince; // unix seconds of its last reputation change; recovery counts from it
}
// solhint-enable gas-struct-packing

/// @notice A buyer's EIP-3009 authorization that pays a new order (createOrderWithAuthorization).
/// The signed transfer is `amount + relayerFee` from `buyer` to the escrow, under a nonce that
/// hashes the order's other terms (IP2PEscrow.orderAuthorizationNonce), so whoever submits it can
/// change none of them.
struct PaymentAuthorization {
    address buyer; // the authorization's `from`: who signed, pays and becomes the order's buyer
    uint8 v; // the signature's v, r and s
    bytes32 r;
    bytes32 s;
    uint256 relayerFee; // token units on top of the amount, paid to whoever submits the order
    uint256 validAfter; // unix seconds after which it is valid
    uint256 validBefore; // unix seconds before which it is valid
    bytes32 salt; // the buyer's choice, so two orders on the same terms have distinct nonces
}
