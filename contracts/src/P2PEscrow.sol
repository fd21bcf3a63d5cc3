// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IArbitratorPool} from "./interfaces/IArbitratorPool.sol";
import {IArbitrable, IArbitrator} from "./interfaces/IERC792.sol";
import {IERC3009} from "./interfaces/IERC3009.sol";
import {IP2PEscrow} from "./interfaces/IP2PEscrow.sol";
import {IRNG} from "./interfaces/IRNG.sol";
import {
    Dispute,
    DisputePhase,
    Order,
    OrderStatus,
    PaymentAuthorization,
    RandomnessStatus,
    Resolution,
    Ruling,
    SettlementOffer,
    TokenConfig,
    Windows
} from "./types/Types.sol";

/// @title P2PEscrow
/// @notice See IP2PEscrow.
/// @dev Incentives, in short (docs/disputes.md has the whole threat model):
/// - The loser pays. Each side deposits the arbitration fee; the ruling returns the winner's and
///   pays the loser's to the arbitrator. A frivolous dispute costs its opener, and an honest
///   winner receives the whole order. A settlement returns both deposits, so the fee is no lever
///   for extortion: refusing an unfair offer costs an honest party nothing but time.
/// - The fee is at least the token's minimum and at most a fifth of the order, so a dust order
///   cannot buy an arbitrator's time for nothing, and no deposit dwarfs the case.
/// - No dispute lasts forever: the response window, the draw window, the arbitration window and a
///   bounded number of replacement rounds each end in a defined outcome.
/// - Offers carry the step of the dispute they were made in, so moving on (a deposit, a draw, a
///   replacement, an escalation) makes them lapse, and a ruling ends the dispute outright.
contract P2PEscrow is IP2PEscrow, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    // ------------------------------------------------------------------ Constants

    uint256 internal constant _BPS = 10_000;
    uint256 internal constant _MAX_PROTOCOL_FEE_BPS = 100;
    /// @dev The arbitration fee never exceeds this share of the order, whatever the token minimum.
    uint256 internal constant _MAX_ARBITRATOR_FEE_BPS = 2_000;
    uint256 internal constant _MAX_WINDOW = 365 days;
    /// @dev Arbitrators a dispute may lose to missed windows before the fallback takes it: enough
    /// to survive an absent arbitrator or two, few enough to bound the dispute's length.
    uint8 internal constant _MAX_ROUNDS = 3;
    /// @dev ERC-792 choices: 1 the buyer, 2 the seller (matching `Ruling`); 0 is a refusal.
    uint256 internal constant _CHOICES = 2;
    /// @dev Tags the nonce of createOrderWithAuthorization, so it cannot equal a nonce the buyer
    /// made for anything else. A type string hashed at compile time: its length costs nothing.
    // solhint-disable-next-line gas-small-strings
    bytes32 internal constant _ORDER_AUTHORIZATION_TYPEHASH = keccak256(
        "OrderAuthorization(address seller,bytes32 productHash,uint256 maxProtocolFeeBps,uint256 relayerFee,bytes32 salt)"
    );

    // ------------------------------------------------------------------ Storage

    IArbitratorPool private immutable _pool;
    IRNG private immutable _rng;
    IArbitrator private immutable _fallbackArbitrator;
    uint256 private immutable _sellerWindow;
    uint256 private immutable _buyerWindow;
    uint256 private immutable _responseWindow;
    uint256 private immutable _drawWindow;
    uint256 private immutable _arbitrationWindow;
    uint256 private immutable _arbitratorFeeBps;

    // The order counter, the pause flag and the fee for new orders share one slot: createOrder
    // reads all three, so they cost one cold read between them.
    uint64 private _orderCount;
    bool private _paused;
    uint16 private _protocolFeeBps;
    address private _feeRecipient;
    uint16 private _tokenCount;

    mapping(uint256 orderId => Order) private _orders;
    mapping(uint256 orderId => Dispute) private _disputes;
    mapping(uint256 orderId => SettlementOffer) private _offers;
    mapping(address token => TokenConfig) private _tokenConfigs;
    mapping(uint256 tokenId => address token) private _tokensById;
    mapping(address token => mapping(address account => uint256 amount)) private _credits;
    mapping(address account => bool registered) private _arbitratorFlags;
    mapping(uint256 disputeId => uint256 orderId) private _escalations;

    /// @dev What a dispute's end pays out, deposits included.
    struct Payout {
        uint256 buyer;
        uint256 seller;
        uint256 arbitratorFee;
        uint256 protocolFee;
        address feeRecipient;
    }

    /// @notice Deploys the escrow with the windows and the arbitration fee it keeps for life.
    /// @param initialOwner Who configures tokens and the protocol fee, and may pause new orders.
    /// @param pool_ The arbitrator pool; it must bind this escrow.
    /// @param rng_ The randomness source for arbitrator draws.
    /// @param fallbackArbitrator_ The ERC-792 arbitrator for cases nobody in the pool could rule
    /// on; zero for none (such a dispute then ends with the order's timeout outcome).
    /// @param windows The seller, buyer, response, draw and arbitration windows, in seconds.
    /// @param arbitratorFeeBps_ The arbitration fee in bps of the order (e.g. 500), at most 20%.
    constructor(
        address initialOwner,
        IArbitratorPool pool_,
        IRNG rng_,
        IArbitrator fallbackArbitrator_,
        Windows memory windows,
        uint256 arbitratorFeeBps_
    ) Ownable(initialOwner) {
        if (
            address(pool_) == address(0)
            || address(rng_) == address(0)
            || !_validWindow(windows.seller)
            || !_validWindow(windows.buyer)
            || !_validWindow(windows.response)
            || !_validWindow(windows.draw)
            || !_validWindow(windows.arbitration)
            || arbitratorFeeBps_ > _MAX_ARBITRATOR_FEE_BPS
        ) revert EscrowInvalidConfig();
        _pool = pool_;
        _rng = rng_;
        _fallbackArbitrator = fallbackArbitrator_;
        _sellerWindow = windows.seller;
        _buyerWindow = windows.buyer;
        _responseWindow = windows.response;
        _drawWindow = windows.draw;
        _arbitrationWindow = windows.arbitration;
        _arbitratorFeeBps = arbitratorFeeBps_;
        emit EscrowConfigured(
            address(pool_),
            address(rng_),
            address(fallbackArbitrator_),
            windows.seller,
            windows.buyer,
            windows.response,
            windows.draw,
            windows.arbitration,
            arbitratorFeeBps_
        );
    }

    modifier onlyParty(uint256 orderId) {
        Order storage o = _orders[orderId];
        if (msg.sender != o.buyer && msg.sender != o.seller) revert EscrowUnauthorized(orderId, msg.sender);
        _;
    }

    // ------------------------------------------------------------------ Orders

    /// @inheritdoc IP2PEscrow
    function createOrder(
        address seller,
        address token,
        uint256 amount,
        bytes32 productHash,
        uint256 maxProtocolFeeBps
    ) external nonReentrant returns (uint256) {
        return _createOrder(msg.sender, seller, token, amount, productHash, maxProtocolFeeBps, 0);
    }

    /// @inheritdoc IP2PEscrow
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
    ) external nonReentrant returns (uint256) {
        // Anyone can replay a permit seen in the mempool; ignoring its failure keeps that from
        // blocking the order, which then proceeds on the allowance the replay set.
        // solhint-disable-next-line no-empty-blocks
        try IERC20Permit(token).permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
        return _createOrder(msg.sender, seller, token, amount, productHash, maxProtocolFeeBps, 0);
    }

    /// @inheritdoc IP2PEscrow
    function createOrderWithAuthorization(
        address seller,
        address token,
        uint256 amount,
        bytes32 productHash,
        uint256 maxProtocolFeeBps,
        PaymentAuthorization calldata auth
    ) external nonReentrant returns (uint256) {
        // _createOrder refuses this too, but only after the pull: the buyer's error comes first here.
        if (amount > type(uint96).max) revert EscrowInvalidAmount(amount);
        bytes32 nonce = orderAuthorizationNonce(seller, productHash, maxProtocolFeeBps, auth.relayerFee, auth.salt);
        _receiveWithAuthorization(token, amount + auth.relayerFee, nonce, auth);
        if (auth.relayerFee != 0) IERC20(token).safeTransfer(msg.sender, auth.relayerFee);
        return _createOrder(auth.buyer, seller, token, amount, productHash, maxProtocolFeeBps, amount);
    }

    /// @inheritdoc IP2PEscrow
    function orderAuthorizationNonce(
        address seller,
        bytes32 productHash,
        uint256 maxProtocolFeeBps,
        uint256 relayerFee,
        bytes32 salt
    ) public pure returns (bytes32) {
        return
            keccak256(
                abi.encode(_ORDER_AUTHORIZATION_TYPEHASH, seller, productHash, maxProtocolFeeBps, relayerFee, salt)
            );
    }

    /// @inheritdoc IP2PEscrow
    function cancelOrder(uint256 orderId) external nonReentrant onlyParty(orderId) {
        Order memory o = _requireStatus(orderId, OrderStatus.Created);
        _transition(orderId, OrderStatus.Cancelled);
        emit OrderCancelled(orderId, o.buyer, o.seller, msg.sender);
        _pay(orderId, o.tokenId, o.buyer, o.amount);
    }

    /// @inheritdoc IP2PEscrow
    function sellerConfirmDelivery(uint256 orderId, bytes32 deliveryHash) external {
        Order memory o = _requireStatus(orderId, OrderStatus.Created);
        if (msg.sender != o.seller) revert EscrowUnauthorized(orderId, msg.sender);
        _requireWindowOpen(orderId, o.statusSince + _sellerWindow);
        _transition(orderId, OrderStatus.SellerConfirmed);
        emit DeliveryConfirmed(orderId, o.buyer, o.seller, deliveryHash);
        // A trade counts once both sides have acted: the buyer paid, the seller delivered. Counting
        // orders that were only created (and cancelled) would let a party exclude any arbitrator
        // from its disputes by opening and cancelling a one-unit order with it. Doing it here, not
        // in createOrder, also keeps the two flag reads off the hottest path.
        if (_arbitratorFlags[o.buyer] || _arbitratorFlags[o.seller]) _pool.recordTrade(o.buyer, o.seller);
    }

    /// @inheritdoc IP2PEscrow
    function buyerConfirmReceived(uint256 orderId) external nonReentrant {
        Order memory o = _requireStatus(orderId, OrderStatus.SellerConfirmed);
        if (msg.sender != o.buyer) revert EscrowUnauthorized(orderId, msg.sender);
        _complete(orderId, o, false);
    }

    /// @inheritdoc IP2PEscrow
    function expireOrder(uint256 orderId) external nonReentrant {
        Order memory o = _requireStatus(orderId, OrderStatus.Created);
        _requireWindowPassed(orderId, o.statusSince + _sellerWindow);
        _transition(orderId, OrderStatus.Expired);
        emit OrderExpired(orderId, o.buyer, o.seller);
        _pay(orderId, o.tokenId, o.buyer, o.amount);
    }

    /// @inheritdoc IP2PEscrow
    function autoRelease(uint256 orderId) external nonReentrant {
        Order memory o = _requireStatus(orderId, OrderStatus.SellerConfirmed);
        _requireWindowPassed(orderId, o.statusSince + _buyerWindow);
        _complete(orderId, o, true);
    }

    // ------------------------------------------------------------------ Disputes

    /// @inheritdoc IP2PEscrow
    function openDispute(uint256 orderId) external nonReentrant onlyParty(orderId) {
        Order memory o = _orders[orderId];
        bool delivered = o.status == OrderStatus.SellerConfirmed;
        if (o.status == OrderStatus.Created) {
            // Before delivery the seller has nothing to claim (it can confirm or cancel), and an
            // unanswered dispute goes to its opener: a seller could collect an undelivered order
            // from a buyer who was away for the response window.
            if (msg.sender != o.buyer) revert EscrowUnauthorized(orderId, msg.sender);
            _requireWindowOpen(orderId, o.statusSince + _sellerWindow);
        } else if (delivered) {
            _requireWindowOpen(orderId, o.statusSince + _buyerWindow);
        } else {
            revert EscrowInvalidStatus(orderId, o.status);
        }
        uint256 fee = _arbitrationFee(o.amount, o.tokenId);
        _transition(orderId, OrderStatus.Disputed);
        Dispute storage d = _disputes[orderId];
        d.opener = msg.sender;
        // fee <= 20% of o.amount, a uint96.
        d.fee = uint96(fee);
        d.delivered = delivered;
        _enterPhase(d, DisputePhase.AwaitingDeposit);
        emit DisputeOpened(orderId, o.buyer, o.seller, msg.sender, fee, block.timestamp + _responseWindow);
        _pullDeposit(o.tokenId, fee);
    }

    /// @inheritdoc IP2PEscrow
    function payDisputeFee(uint256 orderId) external nonReentrant onlyParty(orderId) {
        _requireStatus(orderId, OrderStatus.Disputed);
        Dispute storage d = _requirePhase(orderId, DisputePhase.AwaitingDeposit);
        if (msg.sender == d.opener) revert EscrowUnauthorized(orderId, msg.sender);
        _requireWindowOpen(orderId, d.phaseSince + _responseWindow);
        _enterPhase(d, DisputePhase.Drawing);
        uint256 fee = d.fee;
        emit DisputeFeePaid(orderId, msg.sender, fee);
        _requestDraw(orderId, 0);
        _pullDeposit(_orders[orderId].tokenId, fee);
    }

    /// @inheritdoc IP2PEscrow
    function resolveUnanswered(uint256 orderId) external nonReentrant {
        Order memory o = _requireStatus(orderId, OrderStatus.Disputed);
        Dispute memory d = _requirePhase(orderId, DisputePhase.AwaitingDeposit);
        _requireWindowPassed(orderId, d.phaseSince + _responseWindow);
        _resolve(orderId, o, d, d.opener == o.buyer ? Ruling.Buyer : Ruling.Seller, Resolution.Default, address(0));
    }

    /// @inheritdoc IP2PEscrow
    function drawArbitrator(uint256 orderId) external nonReentrant returns (address arbitrator) {
        Order memory o = _requireStatus(orderId, OrderStatus.Disputed);
        Dispute storage d = _requirePhase(orderId, DisputePhase.Drawing);
        uint8 round = d.round;
        if (round >= _MAX_ROUNDS) revert EscrowRoundsExhausted(orderId, round);
        // After the draw window only the fallback may take the case: a party that sees the
        // randomness must not get to choose between the draw and the fallback.
        _requireWindowOpen(orderId, d.phaseSince + _drawWindow);

        uint256 requestId = d.randomnessRequest;
        (RandomnessStatus status, uint256 value) = _rng.randomnessOf(requestId);
        if (status == RandomnessStatus.Pending) revert EscrowRandomnessPending(orderId, requestId);
        if (status == RandomnessStatus.Expired) {
            _requestDraw(orderId, round);
            return address(0);
        }

        arbitrator = _pool.assign(orderId, o.buyer, o.seller, uint256(keccak256(abi.encode(value, orderId, round))));
        d.arbitrator = arbitrator;
        _enterPhase(d, DisputePhase.Ruling);
        emit ArbitratorAssigned(orderId, arbitrator, round, block.timestamp + _arbitrationWindow);
    }

    /// @inheritdoc IP2PEscrow
    function replaceArbitrator(uint256 orderId) external nonReentrant {
        Order memory o = _requireStatus(orderId, OrderStatus.Disputed);
        Dispute storage d = _requirePhase(orderId, DisputePhase.Ruling);
        _requireWindowPassed(orderId, d.phaseSince + _arbitrationWindow);

        address missed = d.arbitrator;
        uint8 round = d.round + 1;
        d.arbitrator = address(0);
        d.round = round;
        _enterPhase(d, DisputePhase.Drawing);
        emit ArbitratorReplaced(orderId, missed, round);
        // The next draw's randomness is requested, and its draw opened, before the pool hears of
        // the lapse: the penalty's weight change then queues behind this draw instead of racing it.
        if (round < _MAX_ROUNDS) _requestDraw(orderId, round);
        _pool.reportMissed(orderId, missed, _toWad(d.fee, o.tokenId));
    }

    /// @inheritdoc IP2PEscrow
    function escalate(uint256 orderId) external payable nonReentrant {
        Order memory o = _requireStatus(orderId, OrderStatus.Disputed);
        Dispute storage d = _requirePhase(orderId, DisputePhase.Drawing);
        uint256 fallbackAt = _fallbackAt(d);
        _requireWindowPassed(orderId, fallbackAt);
        _pool.closeDraw(orderId);

        // A paid fallback waits one more draw window for someone to pay it; after that, or with
        // no fallback at all, the order's timeout outcome ends the dispute.
        if (address(_fallbackArbitrator) == address(0) || block.timestamp > fallbackAt + _drawWindow) {
            if (msg.value != 0) revert EscrowInvalidFallbackPayment(0, msg.value);
            _resolve(orderId, o, d, _timeoutRuling(d), Resolution.Timeout, address(0));
            return;
        }
        uint256 cost = _fallbackArbitrator.arbitrationCost("");
        if (msg.value != cost) revert EscrowInvalidFallbackPayment(cost, msg.value);
        _enterPhase(d, DisputePhase.Escalated);
        uint256 disputeId = _fallbackArbitrator.createDispute{value: cost}(_CHOICES, "");
        _escalations[disputeId] = orderId;
        emit DisputeEscalated(orderId, address(_fallbackArbitrator), disputeId);
    }

    /// @inheritdoc IP2PEscrow
    function resolveDispute(uint256 orderId, Ruling ruling) external nonReentrant {
        Order memory o = _requireStatus(orderId, OrderStatus.Disputed);
        Dispute memory d = _requirePhase(orderId, DisputePhase.Ruling);
        if (msg.sender != d.arbitrator) revert EscrowUnauthorized(orderId, msg.sender);
        if (ruling == Ruling.None) revert EscrowInvalidRuling(ruling);
        // A ruling after the window is refused: the arbitrator can be replaced, and a late ruling
        // earns nothing.
        _requireWindowOpen(orderId, d.phaseSince + _arbitrationWindow);

        _pool.reportRuling(orderId, msg.sender);
        _resolve(orderId, o, d, ruling, Resolution.Arbitrator, msg.sender);
    }

    /// @inheritdoc IArbitrable
    function rule(uint256 disputeId, uint256 ruling) external nonReentrant {
        uint256 orderId = _escalations[disputeId];
        if (orderId == 0) revert EscrowUnknownDispute(disputeId);
        if (msg.sender != address(_fallbackArbitrator)) revert EscrowUnauthorized(orderId, msg.sender);
        if (ruling > _CHOICES) revert EscrowInvalidRuling(Ruling.None);
        Order memory o = _requireStatus(orderId, OrderStatus.Disputed);
        Dispute memory d = _requirePhase(orderId, DisputePhase.Escalated);

        // A refusal (0) leaves nobody to rule: the timeout outcome, deposits returned.
        if (ruling == 0) _resolve(orderId, o, d, _timeoutRuling(d), Resolution.Timeout, msg.sender);
        else _resolve(orderId, o, d, Ruling(ruling), Resolution.FallbackArbitrator, msg.sender);
    }

    /// @inheritdoc IP2PEscrow
    function proposeSettlement(uint256 orderId, uint256 buyerAmount, uint256 expiresAt) external onlyParty(orderId) {
        Order memory o = _requireStatus(orderId, OrderStatus.Disputed);
        if (buyerAmount > o.amount) revert EscrowInvalidSplit(orderId, buyerAmount, o.amount);
        if (expiresAt <= block.timestamp || expiresAt > type(uint40).max) revert EscrowInvalidExpiry(expiresAt);
        // buyerAmount <= o.amount, a uint96; expiresAt was bounded above.
        _offers[orderId] = SettlementOffer({
            proposer: msg.sender,
            buyerAmount: uint96(buyerAmount),
            expiresAt: uint40(expiresAt),
            step: _disputes[orderId].step
        });
        emit SettlementProposed(orderId, msg.sender, buyerAmount, expiresAt);
    }

    /// @inheritdoc IP2PEscrow
    function withdrawSettlement(uint256 orderId) external {
        _requireStatus(orderId, OrderStatus.Disputed);
        if (_offers[orderId].proposer != msg.sender) revert EscrowUnauthorized(orderId, msg.sender);
        delete _offers[orderId];
        emit SettlementWithdrawn(orderId, msg.sender);
    }

    /// @inheritdoc IP2PEscrow
    function acceptSettlement(uint256 orderId, uint256 buyerAmount) external nonReentrant onlyParty(orderId) {
        Order memory o = _requireStatus(orderId, OrderStatus.Disputed);
        SettlementOffer memory offer = _offers[orderId];
        if (offer.proposer == address(0) || offer.buyerAmount != buyerAmount) {
            revert EscrowSettlementMismatch(orderId, offer.buyerAmount, buyerAmount);
        }
        if (offer.proposer == msg.sender) revert EscrowUnauthorized(orderId, msg.sender);
        Dispute memory d = _disputes[orderId];
        if (block.timestamp > offer.expiresAt || offer.step != d.step) {
            revert EscrowSettlementLapsed(orderId, offer.expiresAt);
        }

        _transition(orderId, OrderStatus.Settled);
        Payout memory p;
        (p.buyer, p.seller) = _depositsHeld(o, d);
        p.buyer += buyerAmount;
        uint256 sellerShare;
        (sellerShare, p.protocolFee, p.feeRecipient) = _sellerProceeds(o, o.amount - buyerAmount);
        p.seller += sellerShare;
        emit DisputeSettled(orderId, o.buyer, o.seller, p.buyer, p.seller, p.protocolFee);

        if (d.phase == DisputePhase.Drawing) _pool.closeDraw(orderId);
        else if (d.phase == DisputePhase.Ruling) _pool.releaseCase(orderId, d.arbitrator);
        _payOut(orderId, o, p, address(0));
    }

    /// @inheritdoc IP2PEscrow
    function submitEvidence(uint256 orderId, string calldata evidenceUri) external {
        Order memory o = _requireStatus(orderId, OrderStatus.Disputed);
        if (msg.sender != o.buyer && msg.sender != o.seller && msg.sender != _disputes[orderId].arbitrator) {
            revert EscrowUnauthorized(orderId, msg.sender);
        }
        emit EvidenceSubmitted(orderId, msg.sender, evidenceUri);
    }

    // ------------------------------------------------------------------ Credits

    /// @inheritdoc IP2PEscrow
    function withdraw(address token) external nonReentrant returns (uint256 amount) {
        amount = _credits[token][msg.sender];
        if (amount == 0) revert EscrowNothingToWithdraw(token, msg.sender);
        _credits[token][msg.sender] = 0;
        emit Withdrawn(msg.sender, token, amount);
        // To the credited address only: while the token blocks it, this reverts and the credit stays.
        IERC20(token).safeTransfer(msg.sender, amount);
    }

    // ------------------------------------------------------------------ Owner

    /// @inheritdoc IP2PEscrow
    function configureToken(
        address token,
        bool allowed,
        uint256 minAmount,
        uint256 maxAmount,
        uint256 minArbitrationFee
    ) external onlyOwner {
        if (token == address(0)) revert EscrowTokenNotAllowed(token);
        if (minAmount > type(uint96).max) revert EscrowInvalidAmount(minAmount);
        if (minArbitrationFee > type(uint96).max) revert EscrowInvalidAmount(minArbitrationFee);
        if (maxAmount > type(uint96).max) revert EscrowInvalidAmount(maxAmount);
        // The fee bound keeps every deposit within a fifth of any order the token allows.
        if ((maxAmount != 0 && minAmount > maxAmount) || minArbitrationFee * _BPS > minAmount * _MAX_ARBITRATOR_FEE_BPS)
            revert EscrowInvalidConfig();
        TokenConfig storage config = _tokenConfigs[token];
        uint16 id = config.id;
        if (id == 0) {
            uint8 decimals = IERC20Metadata(token).decimals();
            if (decimals > 18) revert EscrowInvalidConfig();
            id = ++_tokenCount;
            config.id = id;
            config.decimals = decimals;
            _tokensById[id] = token;
        }
        config.allowed = allowed;
        // All three were bounded above: minArbitrationFee <= 20% of minAmount.
        config.minAmount = uint96(minAmount);
        config.maxAmount = uint96(maxAmount);
        config.minArbitrationFee = uint96(minArbitrationFee);
        emit TokenConfigured(token, id, allowed, minAmount, maxAmount, minArbitrationFee);
    }

    /// @inheritdoc IP2PEscrow
    function setProtocolFee(uint256 feeBps, address recipient) external onlyOwner {
        if (feeBps > _MAX_PROTOCOL_FEE_BPS) revert EscrowFeeTooHigh(feeBps, _MAX_PROTOCOL_FEE_BPS);
        if (feeBps != 0 && recipient == address(0)) revert EscrowInvalidRecipient(recipient);
        _protocolFeeBps = uint16(feeBps);
        _feeRecipient = recipient;
        emit ProtocolFeeUpdated(feeBps, recipient);
    }

    /// @inheritdoc IP2PEscrow
    function pause() external onlyOwner {
        _paused = true;
        emit Paused(msg.sender);
    }

    /// @inheritdoc IP2PEscrow
    function unpause() external onlyOwner {
        _paused = false;
        emit Unpaused(msg.sender);
    }

    /// @inheritdoc IP2PEscrow
    function setArbitratorFlag(address account, bool registered) external {
        if (msg.sender != address(_pool)) revert EscrowOnlyPool(msg.sender);
        _arbitratorFlags[account] = registered;
    }

    // ------------------------------------------------------------------ Views

    /// @inheritdoc IP2PEscrow
    function getOrder(uint256 orderId) external view returns (Order memory) {
        return _orders[orderId];
    }

    /// @inheritdoc IP2PEscrow
    function orderToken(uint256 orderId) external view returns (address) {
        return _tokensById[_orders[orderId].tokenId];
    }

    /// @inheritdoc IP2PEscrow
    function getDispute(uint256 orderId) external view returns (Dispute memory) {
        return _disputes[orderId];
    }

    /// @inheritdoc IP2PEscrow
    function getSettlementOffer(uint256 orderId) external view returns (SettlementOffer memory) {
        return _offers[orderId];
    }

    /// @inheritdoc IP2PEscrow
    function arbitrationFeeOf(uint256 orderId) external view returns (uint256) {
        Dispute storage d = _disputes[orderId];
        if (d.phase != DisputePhase.None) return d.fee;
        Order storage o = _orders[orderId];
        return _arbitrationFee(o.amount, o.tokenId);
    }

    /// @inheritdoc IP2PEscrow
    function deadlineOf(uint256 orderId) external view returns (uint256) {
        Order storage o = _orders[orderId];
        OrderStatus status = o.status;
        if (status == OrderStatus.Created) return o.statusSince + _sellerWindow;
        if (status == OrderStatus.SellerConfirmed) return o.statusSince + _buyerWindow;
        if (status != OrderStatus.Disputed) return 0;
        Dispute storage d = _disputes[orderId];
        DisputePhase phase = d.phase;
        if (phase == DisputePhase.AwaitingDeposit) return d.phaseSince + _responseWindow;
        if (phase == DisputePhase.Drawing) return _fallbackAt(d);
        if (phase == DisputePhase.Ruling) return d.phaseSince + _arbitrationWindow;
        return 0;
    }

    /// @inheritdoc IP2PEscrow
    function tokenConfig(address token) external view returns (TokenConfig memory) {
        return _tokenConfigs[token];
    }

    /// @inheritdoc IP2PEscrow
    function tokenById(uint256 tokenId) external view returns (address) {
        return _tokensById[tokenId];
    }

    /// @inheritdoc IP2PEscrow
    function creditOf(address token, address account) external view returns (uint256) {
        return _credits[token][account];
    }

    /// @inheritdoc IP2PEscrow
    function protocolFee() external view returns (uint256 feeBps, address recipient) {
        return (_protocolFeeBps, _feeRecipient);
    }

    /// @inheritdoc IP2PEscrow
    function paused() external view returns (bool) {
        return _paused;
    }

    /// @inheritdoc IP2PEscrow
    function nextOrderId() external view returns (uint256) {
        return uint256(_orderCount) + 1;
    }

    /// @inheritdoc IP2PEscrow
    function isArbitratorFlagged(address account) external view returns (bool) {
        return _arbitratorFlags[account];
    }

    /// @inheritdoc IP2PEscrow
    function orderOfEscalation(uint256 disputeId) external view returns (uint256) {
        return _escalations[disputeId];
    }

    /// @inheritdoc IP2PEscrow
    function pool() external view returns (address) {
        return address(_pool);
    }

    /// @inheritdoc IP2PEscrow
    function rng() external view returns (address) {
        return address(_rng);
    }

    /// @inheritdoc IP2PEscrow
    function fallbackArbitrator() external view returns (address) {
        return address(_fallbackArbitrator);
    }

    /// @inheritdoc IP2PEscrow
    function sellerWindow() external view returns (uint256) {
        return _sellerWindow;
    }

    /// @inheritdoc IP2PEscrow
    function buyerWindow() external view returns (uint256) {
        return _buyerWindow;
    }

    /// @inheritdoc IP2PEscrow
    function responseWindow() external view returns (uint256) {
        return _responseWindow;
    }

    /// @inheritdoc IP2PEscrow
    function drawWindow() external view returns (uint256) {
        return _drawWindow;
    }

    /// @inheritdoc IP2PEscrow
    function arbitrationWindow() external view returns (uint256) {
        return _arbitrationWindow;
    }

    /// @inheritdoc IP2PEscrow
    function arbitratorFeeBps() external view returns (uint256) {
        return _arbitratorFeeBps;
    }

    /// @inheritdoc IP2PEscrow
    function maxRounds() external pure returns (uint256) {
        return _MAX_ROUNDS;
    }

    // ------------------------------------------------------------------ Internal

    /// @dev Takes `value` from the buyer by its EIP-3009 authorization under `nonce`. The order then
    /// holds an exact sum, so a token that moved any other is not one this path takes.
    function _receiveWithAuthorization(
        address token,
        uint256 value,
        bytes32 nonce,
        PaymentAuthorization calldata auth
    ) internal {
        uint256 balanceBefore = IERC20(token).balanceOf(address(this));
        IERC3009(token).receiveWithAuthorization(
            auth.buyer,
            address(this),
            value,
            auth.validAfter,
            auth.validBefore,
            nonce,
            auth.v,
            auth.r,
            auth.s
        );
        uint256 received = IERC20(token).balanceOf(address(this)) - balanceBefore;
        if (received != value) revert EscrowInvalidAmount(received);
    }

    /// @dev Pulls `amount` from `from` by allowance and answers what arrived, not what was asked
    /// for, so a fee-taking token cannot under-fund an order.
    function _pull(address token, address from, uint256 amount) internal returns (uint256) {
        uint256 balanceBefore = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(from, address(this), amount);
        return IERC20(token).balanceOf(address(this)) - balanceBefore;
    }

    /// @dev Opens an order for `buyer`. With `prepaid` zero it pulls `amount` from the buyer by
    /// allowance and records what arrived; otherwise the caller has already received `prepaid`.
    function _createOrder(
        address buyer,
        address seller,
        address token,
        uint256 amount,
        bytes32 productHash,
        uint256 maxProtocolFeeBps,
        uint256 prepaid
    ) internal returns (uint256 orderId) {
        if (_paused) revert EscrowPaused();
        uint16 feeBps = _protocolFeeBps;
        if (feeBps > maxProtocolFeeBps) revert EscrowFeeAboveLimit(feeBps, maxProtocolFeeBps);
        // Read through a storage pointer: the fields below share the first slot, and the second
        // (the arbitration fee minimum) is only needed when a dispute opens.
        TokenConfig storage config = _tokenConfigs[token];
        if (!config.allowed) revert EscrowTokenNotAllowed(token);
        if (amount == 0 || amount > type(uint96).max) revert EscrowInvalidAmount(amount);
        uint256 minAmount = config.minAmount;
        uint256 maxAmount = config.maxAmount;
        if (amount < minAmount) revert EscrowAmountBelowMinimum(token, amount, minAmount);
        if (maxAmount != 0 && amount > maxAmount) revert EscrowAmountAboveCap(token, amount, maxAmount);
        if (seller == address(0) || seller == buyer) revert EscrowInvalidSeller(seller);
        uint16 tokenId = config.id;

        uint256 received = prepaid == 0 ? _pull(token, buyer, amount) : prepaid;
        if (received == 0 || received > amount) revert EscrowInvalidAmount(received);
        if (received < minAmount) revert EscrowAmountBelowMinimum(token, received, minAmount);

        // The counter is 64 bits wide; a chain cannot host 2^64 orders.
        unchecked {
            orderId = ++_orderCount;
        }
        _orders[orderId] = Order({
            buyer: buyer,
            amount: uint96(received), // received <= amount <= type(uint96).max
            seller: seller,
            status: OrderStatus.Created,
            statusSince: uint40(block.timestamp),
            tokenId: tokenId,
            protocolFeeBps: feeBps
        });
        emit OrderCreated(orderId, buyer, seller, token, received, productHash, feeBps);
    }

    function _complete(uint256 orderId, Order memory o, bool autoReleased) internal {
        _transition(orderId, OrderStatus.Completed);
        (uint256 sellerAmount, uint256 fee, address feeRecipient) = _sellerProceeds(o, o.amount);
        emit OrderCompleted(orderId, o.buyer, o.seller, sellerAmount, fee, feeRecipient, autoReleased);
        _pay(orderId, o.tokenId, o.seller, sellerAmount);
        _pay(orderId, o.tokenId, feeRecipient, fee);
    }

    /// @dev Ends a dispute other than by settlement. The winner gets the order (the seller less the
    /// protocol fee) and its own deposit back. The loser's deposit pays the drawn arbitrator, or
    /// goes to the winner when the fallback arbitrator ruled (it was paid in its own currency by
    /// whoever escalated). A timeout returns every deposit to whoever paid it.
    function _resolve(
        uint256 orderId,
        Order memory o,
        Dispute memory d,
        Ruling ruling,
        Resolution resolution,
        address arbitrator
    ) internal {
        bool buyerWins = ruling == Ruling.Buyer;
        _transition(orderId, buyerWins ? OrderStatus.ResolvedBuyer : OrderStatus.ResolvedSeller);
        Payout memory p;
        (uint256 buyerDeposit, uint256 sellerDeposit) = _depositsHeld(o, d);
        if (buyerWins) {
            p.buyer = o.amount;
        } else {
            (p.seller, p.protocolFee, p.feeRecipient) = _sellerProceeds(o, o.amount);
        }
        if (resolution == Resolution.Timeout) {
            p.buyer += buyerDeposit;
            p.seller += sellerDeposit;
        } else {
            uint256 loserDeposit = buyerWins ? sellerDeposit : buyerDeposit;
            uint256 winnerTake =
                (buyerWins ? buyerDeposit : sellerDeposit) + (resolution == Resolution.Arbitrator ? 0 : loserDeposit);
            if (resolution == Resolution.Arbitrator) p.arbitratorFee = loserDeposit;
            if (buyerWins) p.buyer += winnerTake;
            else p.seller += winnerTake;
        }
        emit DisputeResolved(
            orderId,
            o.buyer,
            o.seller,
            arbitrator,
            ruling,
            resolution,
            p.buyer,
            p.seller,
            p.arbitratorFee,
            p.protocolFee
        );
        _payOut(orderId, o, p, arbitrator);
    }

    function _payOut(uint256 orderId, Order memory o, Payout memory p, address arbitrator) internal {
        _pay(orderId, o.tokenId, o.buyer, p.buyer);
        _pay(orderId, o.tokenId, o.seller, p.seller);
        _pay(orderId, o.tokenId, arbitrator, p.arbitratorFee);
        _pay(orderId, o.tokenId, p.feeRecipient, p.protocolFee);
    }

    /// @dev The deposits the escrow holds for a dispute: the opener's always, the other side's once
    /// it matched it (any phase past AwaitingDeposit).
    function _depositsHeld(
        Order memory o,
        Dispute memory d
    ) internal pure returns (uint256 buyerDeposit, uint256 sellerDeposit) {
        bool bothPaid = d.phase != DisputePhase.AwaitingDeposit;
        if (bothPaid || d.opener == o.buyer) buyerDeposit = d.fee;
        if (bothPaid || d.opener == o.seller) sellerDeposit = d.fee;
    }

    /// @dev Splits what the seller receives into its share and the protocol fee. The rate was
    /// fixed at creation; if fees have since been switched off (no recipient), the seller keeps it
    /// rather than it being sent nowhere. Fee-free orders skip the recipient read. Every path that
    /// pays the seller goes through here, so a dispute or a settlement cannot skip the fee.
    function _sellerProceeds(
        Order memory o,
        uint256 gross
    ) internal view returns (uint256 net, uint256 fee, address feeRecipient) {
        if (o.protocolFeeBps != 0) {
            feeRecipient = _feeRecipient;
            if (feeRecipient != address(0)) fee = (gross * o.protocolFeeBps) / _BPS;
            if (fee == 0) feeRecipient = address(0);
        }
        net = gross - fee;
    }

    /// @dev Each side's deposit: the fee rate, raised to the token's minimum, capped at a fifth
    /// of the order so that a raised minimum can never price an existing order out of a dispute.
    function _arbitrationFee(uint256 amount, uint16 tokenId) internal view returns (uint256 fee) {
        fee = (amount * _arbitratorFeeBps) / _BPS;
        uint256 minimum = _tokenConfigs[_tokensById[tokenId]].minArbitrationFee;
        if (fee < minimum) fee = minimum;
        uint256 cap = (amount * _MAX_ARBITRATOR_FEE_BPS) / _BPS;
        if (fee > cap) fee = cap;
    }

    /// @dev A token amount in 18 decimals, so that the pool can compare cases across stablecoins.
    function _toWad(uint256 amount, uint16 tokenId) internal view returns (uint256) {
        return amount * 10 ** (18 - _tokenConfigs[_tokensById[tokenId]].decimals);
    }

    /// @dev Pulls a dispute deposit from the caller; it must arrive whole, or the escrow would owe
    /// more than it holds.
    function _pullDeposit(uint16 tokenId, uint256 fee) internal {
        if (fee == 0) return;
        IERC20 token = IERC20(_tokensById[tokenId]);
        uint256 balanceBefore = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), fee);
        uint256 received = token.balanceOf(address(this)) - balanceBefore;
        if (received != fee) revert EscrowInvalidAmount(received);
    }

    /// @dev Requests the draw's randomness first, then opens the pool's draw, so that no pool
    /// change after the request can alter who this request draws.
    function _requestDraw(uint256 orderId, uint8 round) internal {
        uint256 requestId = _rng.requestRandomness();
        Dispute storage d = _disputes[orderId];
        d.randomnessRequest = requestId;
        emit RandomnessRequested(orderId, requestId, round, _fallbackAt(d));
        _pool.openDraw(orderId);
    }

    /// @dev When the fallback may take a case in the Drawing phase: at once when every round was
    /// used, else once the draw window has passed.
    function _fallbackAt(Dispute storage d) internal view returns (uint256) {
        return d.round >= _MAX_ROUNDS ? d.phaseSince : d.phaseSince + _drawWindow;
    }

    /// @dev The outcome the order's timeout would have given had nobody disputed.
    function _timeoutRuling(Dispute memory d) internal pure returns (Ruling) {
        return d.delivered ? Ruling.Seller : Ruling.Buyer;
    }

    function _enterPhase(Dispute storage d, DisputePhase phase) internal {
        d.phase = phase;
        d.phaseSince = uint40(block.timestamp);
        // A dispute changes phase a handful of times: 1 + 2 per round at most, far below 2^16.
        unchecked {
            ++d.step;
        }
    }

    function _transition(uint256 orderId, OrderStatus status) internal {
        Order storage o = _orders[orderId];
        o.status = status;
        o.statusSince = uint40(block.timestamp);
    }

    /// @dev Sends `amount`, or credits it to `to` when the token refuses (a blocklisted recipient),
    /// so no recipient can hold up anyone else's payout.
    function _pay(uint256 orderId, uint16 tokenId, address to, uint256 amount) internal {
        if (amount == 0) return;
        address token = _tokensById[tokenId];
        if (!IERC20(token).trySafeTransfer(to, amount)) {
            _credits[token][to] += amount;
            emit PaymentCredited(orderId, to, token, amount);
        }
    }

    function _requireStatus(uint256 orderId, OrderStatus expected) internal view returns (Order memory o) {
        o = _orders[orderId];
        if (o.status != expected) revert EscrowInvalidStatus(orderId, o.status);
    }

    function _requirePhase(uint256 orderId, DisputePhase expected) internal view returns (Dispute storage d) {
        d = _disputes[orderId];
        if (d.phase != expected) revert EscrowInvalidPhase(orderId, d.phase);
    }

    function _requireWindowOpen(uint256 orderId, uint256 deadline) internal view {
        if (block.timestamp > deadline) revert EscrowWindowClosed(orderId, deadline);
    }

    function _requireWindowPassed(uint256 orderId, uint256 deadline) internal view {
        if (block.timestamp <= deadline) revert EscrowWindowOpen(orderId, deadline);
    }

    function _validWindow(uint256 window) private pure returns (bool) {
        return window != 0 && window <= _MAX_WINDOW;
    }
}
