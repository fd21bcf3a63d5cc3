// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IArbitratorPool} from "./interfaces/IArbitratorPool.sol";
import {IP2PEscrow} from "./interfaces/IP2PEscrow.sol";
import {IRNG} from "./interfaces/IRNG.sol";
import {Dispute, Order, OrderStatus, RandomnessStatus, Ruling, SettlementOffer, TokenConfig} from "./types/Types.sol";

/// @title P2PEscrow
/// @notice See IP2PEscrow.
contract P2PEscrow is IP2PEscrow, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    // ------------------------------------------------------------------ Constants

    uint256 internal constant _BPS = 10_000;
    uint256 internal constant _MAX_PROTOCOL_FEE_BPS = 100;
    uint256 internal constant _MAX_ARBITRATOR_FEE_BPS = 2_000;
    uint256 internal constant _MAX_WINDOW = 365 days;

    // ------------------------------------------------------------------ Storage

    IArbitratorPool private immutable _pool;
    IRNG private immutable _rng;
    uint256 private immutable _sellerWindow;
    uint256 private immutable _buyerWindow;
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

    /// @notice Deploys the escrow with the windows and the arbitrator fee it keeps for life.
    /// @param initialOwner Who configures tokens and the protocol fee, and may pause new orders.
    /// @param pool_ The arbitrator pool; it must bind this escrow.
    /// @param rng_ The randomness source for arbitrator draws.
    /// @param sellerWindow_ Seconds the seller has to confirm delivery (e.g. 24 hours).
    /// @param buyerWindow_ Seconds the buyer has to confirm or dispute after delivery (e.g. 72 hours).
    /// @param arbitrationWindow_ Seconds an arbitrator has to rule (e.g. 7 days).
    /// @param arbitratorFeeBps_ The arbitrator's fee in bps of the order (e.g. 500), at most 20%.
    constructor(
        address initialOwner,
        IArbitratorPool pool_,
        IRNG rng_,
        uint256 sellerWindow_,
        uint256 buyerWindow_,
        uint256 arbitrationWindow_,
        uint256 arbitratorFeeBps_
    ) Ownable(initialOwner) {
        if (
            address(pool_) == address(0)
            || address(rng_) == address(0)
            || !_validWindow(sellerWindow_)
            || !_validWindow(buyerWindow_)
            || !_validWindow(arbitrationWindow_)
            || arbitratorFeeBps_ > _MAX_ARBITRATOR_FEE_BPS
        ) revert EscrowInvalidConfig();
        _pool = pool_;
        _rng = rng_;
        _sellerWindow = sellerWindow_;
        _buyerWindow = buyerWindow_;
        _arbitrationWindow = arbitrationWindow_;
        _arbitratorFeeBps = arbitratorFeeBps_;
        emit EscrowConfigured(
            address(pool_),
            address(rng_),
            sellerWindow_,
            buyerWindow_,
            arbitrationWindow_,
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
        bytes32 productHash
    ) external nonReentrant returns (uint256) {
        return _createOrder(seller, token, amount, productHash);
    }

    /// @inheritdoc IP2PEscrow
    function createOrderWithPermit(
        address seller,
        address token,
        uint256 amount,
        bytes32 productHash,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint256) {
        // Anyone can replay a permit seen in the mempool; ignoring its failure keeps that from
        // blocking the order, which then proceeds on the allowance the replay set.
        // solhint-disable-next-line no-empty-blocks
        try IERC20Permit(token).permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
        return _createOrder(seller, token, amount, productHash);
    }

    /// @inheritdoc IP2PEscrow
    function cancelOrder(uint256 orderId) external nonReentrant onlyParty(orderId) {
        Order memory o = _requireStatus(orderId, OrderStatus.Created);
        _transition(orderId, OrderStatus.Cancelled);
        emit OrderCancelled(orderId, o.buyer, o.seller, msg.sender);
        _pay(orderId, o.tokenId, o.buyer, o.amount);
    }

    /// @inheritdoc IP2PEscrow
    function sellerConfirmDelivery(uint256 orderId) external {
        Order memory o = _requireStatus(orderId, OrderStatus.Created);
        if (msg.sender != o.seller) revert EscrowUnauthorized(orderId, msg.sender);
        _requireWindowOpen(orderId, o.statusSince + _sellerWindow);
        _transition(orderId, OrderStatus.SellerConfirmed);
        emit DeliveryConfirmed(orderId, o.buyer, o.seller);
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
        if (o.status == OrderStatus.Created) {
            _requireWindowOpen(orderId, o.statusSince + _sellerWindow);
        } else if (o.status == OrderStatus.SellerConfirmed) {
            _requireWindowOpen(orderId, o.statusSince + _buyerWindow);
        } else {
            revert EscrowInvalidStatus(orderId, o.status);
        }
        _transition(orderId, OrderStatus.Disputed);
        emit DisputeOpened(orderId, o.buyer, o.seller, msg.sender);
        _requestRandomness(orderId, 0);
    }

    /// @inheritdoc IP2PEscrow
    function drawArbitrator(uint256 orderId) external nonReentrant returns (address arbitrator) {
        Order memory o = _requireStatus(orderId, OrderStatus.Disputed);
        Dispute storage d = _disputes[orderId];
        if (d.arbitrator != address(0)) revert EscrowArbitratorAssigned(orderId, d.arbitrator);

        uint256 requestId = d.randomnessRequest;
        uint8 round = d.round;
        (RandomnessStatus status, uint256 value) = _rng.randomnessOf(requestId);
        if (status == RandomnessStatus.Pending) revert EscrowRandomnessPending(orderId, requestId);
        if (status == RandomnessStatus.Expired) {
            _requestRandomness(orderId, round);
            return address(0);
        }

        arbitrator = _pool.assign(orderId, o.buyer, o.seller, uint256(keccak256(abi.encode(value, orderId, round))));
        d.arbitrator = arbitrator;
        d.assignedAt = uint40(block.timestamp);
        emit ArbitratorAssigned(orderId, arbitrator, round, block.timestamp + _arbitrationWindow);
    }

    /// @inheritdoc IP2PEscrow
    function replaceArbitrator(uint256 orderId) external nonReentrant {
        Order memory o = _requireStatus(orderId, OrderStatus.Disputed);
        Dispute storage d = _disputes[orderId];
        address missed = d.arbitrator;
        if (missed == address(0)) revert EscrowNoArbitrator(orderId);
        _requireWindowPassed(orderId, d.assignedAt + _arbitrationWindow);

        uint8 round = d.round + 1;
        d.arbitrator = address(0);
        d.assignedAt = 0;
        d.round = round;
        emit ArbitratorReplaced(orderId, missed, round);
        _pool.reportMissed(orderId, missed, o.buyer, o.seller);
        _requestRandomness(orderId, round);
    }

    /// @inheritdoc IP2PEscrow
    function resolveDispute(uint256 orderId, Ruling ruling) external nonReentrant {
        Order memory o = _requireStatus(orderId, OrderStatus.Disputed);
        Dispute memory d = _disputes[orderId];
        if (d.arbitrator == address(0) || msg.sender != d.arbitrator) revert EscrowUnauthorized(orderId, msg.sender);
        if (ruling == Ruling.None) revert EscrowInvalidRuling(ruling);

        bool buyerWins = ruling == Ruling.Buyer;
        _transition(orderId, buyerWins ? OrderStatus.ResolvedBuyer : OrderStatus.ResolvedSeller);
        uint256 fee = (uint256(o.amount) * _arbitratorFeeBps) / _BPS;
        uint256 winnerAmount = o.amount - fee;
        address winner = buyerWins ? o.buyer : o.seller;
        emit DisputeResolved(orderId, o.buyer, o.seller, msg.sender, ruling, winnerAmount, fee);

        _pool.reportRuling(orderId, msg.sender, block.timestamp <= d.assignedAt + _arbitrationWindow);
        _pay(orderId, o.tokenId, winner, winnerAmount);
        _pay(orderId, o.tokenId, msg.sender, fee);
    }

    /// @inheritdoc IP2PEscrow
    function proposeSettlement(uint256 orderId, uint256 buyerAmount) external onlyParty(orderId) {
        Order memory o = _requireStatus(orderId, OrderStatus.Disputed);
        if (buyerAmount > o.amount) revert EscrowInvalidSplit(orderId, buyerAmount, o.amount);
        // buyerAmount <= o.amount, a uint96.
        _offers[orderId] = SettlementOffer({proposer: msg.sender, buyerAmount: uint96(buyerAmount)});
        emit SettlementProposed(orderId, msg.sender, buyerAmount);
    }

    /// @inheritdoc IP2PEscrow
    function acceptSettlement(uint256 orderId, uint256 buyerAmount) external nonReentrant onlyParty(orderId) {
        Order memory o = _requireStatus(orderId, OrderStatus.Disputed);
        SettlementOffer memory offer = _offers[orderId];
        if (offer.proposer == address(0) || offer.buyerAmount != buyerAmount) {
            revert EscrowSettlementMismatch(orderId, offer.buyerAmount, buyerAmount);
        }
        if (offer.proposer == msg.sender) revert EscrowUnauthorized(orderId, msg.sender);

        _transition(orderId, OrderStatus.Settled);
        uint256 sellerAmount = o.amount - buyerAmount;
        emit DisputeSettled(orderId, o.buyer, o.seller, buyerAmount, sellerAmount);

        address arbitrator = _disputes[orderId].arbitrator;
        if (arbitrator != address(0)) _pool.releaseCase(orderId, arbitrator);
        _pay(orderId, o.tokenId, o.buyer, buyerAmount);
        _pay(orderId, o.tokenId, o.seller, sellerAmount);
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
    function withdraw(address token, address to) external nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert EscrowInvalidRecipient(to);
        amount = _credits[token][msg.sender];
        if (amount == 0) revert EscrowNothingToWithdraw(token, msg.sender);
        _credits[token][msg.sender] = 0;
        emit Withdrawn(msg.sender, token, to, amount);
        IERC20(token).safeTransfer(to, amount);
    }

    // ------------------------------------------------------------------ Owner

    /// @inheritdoc IP2PEscrow
    function configureToken(address token, bool allowed, uint256 maxAmount) external onlyOwner {
        if (token == address(0)) revert EscrowTokenNotAllowed(token);
        if (maxAmount > type(uint96).max) revert EscrowInvalidAmount(maxAmount);
        TokenConfig storage config = _tokenConfigs[token];
        uint16 id = config.id;
        if (id == 0) {
            id = ++_tokenCount;
            config.id = id;
            _tokensById[id] = token;
        }
        config.allowed = allowed;
        config.maxAmount = uint96(maxAmount);
        emit TokenConfigured(token, id, allowed, maxAmount);
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
    function deadlineOf(uint256 orderId) external view returns (uint256) {
        Order storage o = _orders[orderId];
        OrderStatus status = o.status;
        if (status == OrderStatus.Created) return o.statusSince + _sellerWindow;
        if (status == OrderStatus.SellerConfirmed) return o.statusSince + _buyerWindow;
        if (status == OrderStatus.Disputed) {
            Dispute storage d = _disputes[orderId];
            if (d.arbitrator != address(0)) return d.assignedAt + _arbitrationWindow;
        }
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
    function pool() external view returns (address) {
        return address(_pool);
    }

    /// @inheritdoc IP2PEscrow
    function rng() external view returns (address) {
        return address(_rng);
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
    function arbitrationWindow() external view returns (uint256) {
        return _arbitrationWindow;
    }

    /// @inheritdoc IP2PEscrow
    function arbitratorFeeBps() external view returns (uint256) {
        return _arbitratorFeeBps;
    }

    // ------------------------------------------------------------------ Internal

    function _createOrder(
        address seller,
        address token,
        uint256 amount,
        bytes32 productHash
    ) internal returns (uint256 orderId) {
        if (_paused) revert EscrowPaused();
        TokenConfig memory config = _tokenConfigs[token];
        if (!config.allowed) revert EscrowTokenNotAllowed(token);
        if (amount == 0 || amount > type(uint96).max) revert EscrowInvalidAmount(amount);
        if (config.maxAmount != 0 && amount > config.maxAmount) {
            revert EscrowAmountAboveCap(token, amount, config.maxAmount);
        }
        if (seller == address(0) || seller == msg.sender) revert EscrowInvalidSeller(seller);

        // Record what arrived, not what was asked for, so a fee-taking token cannot under-fund the order.
        uint256 balanceBefore = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - balanceBefore;
        if (received == 0 || received > amount) revert EscrowInvalidAmount(received);

        uint16 feeBps = _protocolFeeBps;
        // The counter is 64 bits wide; a chain cannot host 2^64 orders.
        unchecked {
            orderId = ++_orderCount;
        }
        _orders[orderId] = Order({
            buyer: msg.sender,
            amount: uint96(received), // received <= amount <= type(uint96).max
            seller: seller,
            status: OrderStatus.Created,
            statusSince: uint40(block.timestamp),
            tokenId: config.id,
            protocolFeeBps: feeBps
        });
        emit OrderCreated(orderId, msg.sender, seller, token, received, productHash, feeBps);
    }

    function _complete(uint256 orderId, Order memory o, bool autoReleased) internal {
        _transition(orderId, OrderStatus.Completed);
        // The rate was fixed at creation; if fees have since been switched off (no recipient), the
        // seller keeps it rather than it being sent nowhere. Fee-free orders skip the recipient read.
        uint256 fee;
        address feeRecipient;
        if (o.protocolFeeBps != 0) {
            feeRecipient = _feeRecipient;
            if (feeRecipient != address(0)) fee = (uint256(o.amount) * o.protocolFeeBps) / _BPS;
            if (fee == 0) feeRecipient = address(0);
        }
        uint256 sellerAmount = o.amount - fee;
        emit OrderCompleted(orderId, o.buyer, o.seller, sellerAmount, fee, feeRecipient, autoReleased);
        _pay(orderId, o.tokenId, o.seller, sellerAmount);
        _pay(orderId, o.tokenId, feeRecipient, fee);
    }

    function _requestRandomness(uint256 orderId, uint8 round) internal {
        uint256 requestId = _rng.requestRandomness();
        _disputes[orderId].randomnessRequest = requestId;
        emit RandomnessRequested(orderId, requestId, round);
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
