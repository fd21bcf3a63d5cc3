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

/// @notice An arbitrator's decision.
enum Ruling {
    None, // not a valid ruling; rejected
    Buyer, // refund the buyer, less the arbitrator's fee
    Seller // pay the seller, less the arbitrator's fee
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

/// @notice The arbitration side of a disputed order.
struct Dispute {
    address arbitrator; // zero while a draw is pending
    uint40 assignedAt; // unix seconds at which `arbitrator` was drawn
    uint8 round; // how many arbitrators were replaced for missing their window
    uint256 randomnessRequest; // the RNG request the next draw waits for
}

/// @notice A split one party offered the other while disputed.
struct SettlementOffer {
    address proposer; // the party that made the offer; the other one may accept it
    uint96 buyerAmount; // token units to the buyer; the seller gets the rest
}

/// @notice How the escrow treats a token.
struct TokenConfig {
    bool allowed; // new orders may use it
    uint16 id; // 1-based id in the registry, fixed at first configuration
    uint96 maxAmount; // per-order cap in token units; 0 means no cap
}

// It fills 216 of 256 bits; solhint's packing estimate does not size the enum field.
// solhint-disable gas-struct-packing
/// @notice One arbitrator's record in the pool, packed in one slot.
struct Arbitrator {
    uint96 stake; // stake-token units held for it
    uint8 reputation; // 0..100; drawn with this weight when at least the pool's floor
    ArbitratorStatus status; // see ArbitratorStatus
    uint40 unstakeAvailableAt; // unix seconds after which an unstaking arbitrator may withdraw
    uint32 openCases; // disputes assigned and not yet closed
    uint32 treeIndex; // 1-based position in the pool's sum tree; 0 before the first registration
}
// solhint-enable gas-struct-packing
