// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ArbitratorPool} from "../../src/ArbitratorPool.sol";
import {P2PEscrow} from "../../src/P2PEscrow.sol";
import {IArbitratorPool} from "../../src/interfaces/IArbitratorPool.sol";
import {IP2PEscrow} from "../../src/interfaces/IP2PEscrow.sol";
import {IRNG} from "../../src/interfaces/IRNG.sol";
import {DeterministicRNG} from "../../src/mocks/DeterministicRNG.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {Order, OrderStatus, RandomnessStatus, Ruling} from "../../src/types/Types.sol";
import {Test} from "./Test.sol";

/// @notice Shared deployment and small state-building helpers for the escrow and pool tests.
/// The default deployment: a 6-decimal order token (`usdc`), a separate 6-decimal stake token,
/// a DeterministicRNG whose requests are Ready at once, and the production parameters.
abstract contract EscrowTestBase is Test {
    // ---------------------------------------------------------------- Parameters

    uint256 internal constant START = 1_700_000_000;
    uint256 internal constant SELLER_WINDOW = 24 hours;
    uint256 internal constant BUYER_WINDOW = 72 hours;
    uint256 internal constant ARBITRATION_WINDOW = 7 days;
    uint256 internal constant ARBITRATOR_FEE_BPS = 500;
    uint256 internal constant COOLDOWN = 7 days;
    uint256 internal constant SLASH_BPS = 1_000;
    uint256 internal constant BPS = 10_000;
    uint8 internal constant DECIMALS = 6;
    uint256 internal constant UNIT = 10 ** DECIMALS;
    uint256 internal constant MIN_STAKE = 500 * UNIT;
    uint256 internal constant AMOUNT = 1_000 * UNIT;
    bytes32 internal constant PRODUCT = keccak256("listing #1");

    // ---------------------------------------------------------------- Actors

    address internal owner = address(0x0A11CE);
    address internal buyer = address(0xB0B);
    address internal seller = address(0x5E11);
    address internal stranger = address(0xBAD);
    address internal feeRecipient = address(0xFEE);
    address[] internal arbs;

    // ---------------------------------------------------------------- Deployment

    MockERC20 internal usdc;
    MockERC20 internal stakeToken;
    DeterministicRNG internal rng;
    ArbitratorPool internal pool;
    P2PEscrow internal escrow;

    function setUp() public virtual {
        vm.warp(START);
        vm.roll(100);
        vm.label(owner, "owner");
        vm.label(buyer, "buyer");
        vm.label(seller, "seller");
        vm.label(stranger, "stranger");
        vm.label(feeRecipient, "feeRecipient");

        usdc = new MockERC20("USD Coin", "USDC", DECIMALS);
        stakeToken = new MockERC20("Stake USD", "sUSD", DECIMALS);
        rng = new DeterministicRNG();
        (pool, escrow) = _deploy(IERC20(address(stakeToken)), MIN_STAKE, IRNG(address(rng)));
        vm.prank(owner);
        escrow.configureToken(address(usdc), true, 0);
    }

    /// @dev Deploys a pool and an escrow with the production parameters and binds them.
    function _deploy(IERC20 stake, uint256 minStake, IRNG rng_) internal returns (ArbitratorPool p, P2PEscrow e) {
        p = new ArbitratorPool(owner, stake, minStake, COOLDOWN, SLASH_BPS);
        e = new P2PEscrow(
            owner,
            IArbitratorPool(address(p)),
            rng_,
            SELLER_WINDOW,
            BUYER_WINDOW,
            ARBITRATION_WINDOW,
            ARBITRATOR_FEE_BPS
        );
        vm.prank(owner);
        p.bindEscrow(address(e));
    }

    // ---------------------------------------------------------------- Arbitrators

    function _arbAddress(uint256 i) internal pure returns (address) {
        return address(uint160(0xA4B170000 + i));
    }

    /// @dev Registers `n` more arbitrators with the minimum stake twice over (so one slash leaves
    /// them drawable) and returns the whole list.
    function _registerArbitrators(uint256 n) internal returns (address[] memory) {
        for (uint256 i; i < n; ++i) {
            address a = _arbAddress(arbs.length);
            vm.label(a, string.concat("arb", vm_toString(arbs.length)));
            _register(a, 2 * MIN_STAKE);
            arbs.push(a);
        }
        return arbs;
    }

    function _register(address who, uint256 amount) internal {
        _register(pool, stakeToken, who, amount);
    }

    function _register(ArbitratorPool p, MockERC20 token, address who, uint256 amount) internal {
        token.mint(who, amount);
        vm.startPrank(who);
        token.approve(address(p), amount);
        p.register(amount);
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- Orders

    function _mintAndApprove(MockERC20 token, address who, uint256 amount) internal {
        token.mint(who, amount);
        vm.prank(who);
        token.approve(address(escrow), amount);
    }

    function _createOrder() internal returns (uint256) {
        return _createOrder(buyer, seller, AMOUNT);
    }

    function _createOrder(uint256 amount) internal returns (uint256) {
        return _createOrder(buyer, seller, amount);
    }

    function _createOrder(address buyer_, address seller_, uint256 amount) internal returns (uint256) {
        return _createOrder(usdc, buyer_, seller_, amount);
    }

    function _createOrder(
        MockERC20 token,
        address buyer_,
        address seller_,
        uint256 amount
    ) internal returns (uint256 id) {
        _mintAndApprove(token, buyer_, amount);
        vm.prank(buyer_);
        id = escrow.createOrder(seller_, address(token), amount, PRODUCT);
    }

    function _toSellerConfirmed(uint256 id) internal {
        vm.prank(escrow.getOrder(id).seller);
        escrow.sellerConfirmDelivery(id);
    }

    function _confirmedOrder() internal returns (uint256 id) {
        id = _createOrder();
        _toSellerConfirmed(id);
    }

    /// @dev Opens a dispute as the buyer (the order must be Created or SellerConfirmed).
    function _toDisputed(uint256 id) internal {
        vm.prank(escrow.getOrder(id).buyer);
        escrow.openDispute(id);
    }

    function _disputedOrder() internal returns (uint256 id) {
        id = _confirmedOrder();
        _toDisputed(id);
    }

    function _draw(uint256 id) internal returns (address arbitrator) {
        vm.prank(stranger);
        arbitrator = escrow.drawArbitrator(id);
    }

    /// @dev A SellerConfirmed order taken to dispute with an arbitrator drawn.
    function _assignedOrder() internal returns (uint256 id, address arbitrator) {
        id = _disputedOrder();
        arbitrator = _draw(id);
    }

    function _resolve(uint256 id, Ruling ruling) internal {
        vm.prank(escrow.getDispute(id).arbitrator);
        escrow.resolveDispute(id, ruling);
    }

    function _settle(uint256 id, uint256 buyerAmount) internal {
        Order memory o = escrow.getOrder(id);
        vm.prank(o.buyer);
        escrow.proposeSettlement(id, buyerAmount);
        vm.prank(o.seller);
        escrow.acceptSettlement(id, buyerAmount);
    }

    /// @dev Makes the dispute's current randomness request Pending, so nobody can be drawn yet.
    function _holdRandomness(uint256 id) internal {
        rng.force(escrow.getDispute(id).randomnessRequest, RandomnessStatus.Pending);
    }

    /// @dev Builds a fresh order in `status` (None gives an id that does not exist). Disputed
    /// orders get an arbitrator; needs at least one registered arbitrator for those.
    function _orderIn(OrderStatus status) internal returns (uint256 id) {
        if (status == OrderStatus.None) return escrow.nextOrderId() + 1_000;
        id = _createOrder();
        if (status == OrderStatus.Created) return id;
        if (status == OrderStatus.Cancelled) {
            vm.prank(buyer);
            escrow.cancelOrder(id);
            return id;
        }
        if (status == OrderStatus.Expired) {
            vm.warp(block.timestamp + SELLER_WINDOW + 1);
            escrow.expireOrder(id);
            return id;
        }
        _toSellerConfirmed(id);
        if (status == OrderStatus.SellerConfirmed) return id;
        if (status == OrderStatus.Completed) {
            vm.prank(buyer);
            escrow.buyerConfirmReceived(id);
            return id;
        }
        _toDisputed(id);
        _draw(id);
        if (status == OrderStatus.Disputed) return id;
        if (status == OrderStatus.ResolvedBuyer) _resolve(id, Ruling.Buyer);
        else if (status == OrderStatus.ResolvedSeller) _resolve(id, Ruling.Seller);
        else if (status == OrderStatus.Settled) _settle(id, AMOUNT / 2);
        else revert("unknown status");
    }

    // ---------------------------------------------------------------- Permits

    bytes32 internal constant PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );

    /// @dev Signs an EIP-2612 permit of `value` for the escrow with `pk`.
    function _signPermit(
        MockERC20 token,
        uint256 pk,
        uint256 value,
        uint256 deadline
    ) internal view returns (uint8 v, bytes32 r, bytes32 s) {
        address holder = vm.addr(pk);
        bytes32 structHash = keccak256(
            abi.encode(PERMIT_TYPEHASH, holder, address(escrow), value, token.nonces(holder), deadline)
        );
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash));
        (v, r, s) = vm.sign(pk, digest);
    }

    // ---------------------------------------------------------------- Assertions

    function _assertStatus(uint256 id, OrderStatus expected) internal view {
        assertEq(uint256(escrow.getOrder(id).status), uint256(expected), "order status");
    }

    function _errStatus(uint256 id, OrderStatus current) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IP2PEscrow.EscrowInvalidStatus.selector, id, current);
    }

    function _errUnauthorized(uint256 id, address caller) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IP2PEscrow.EscrowUnauthorized.selector, id, caller);
    }

    function _errWindowClosed(uint256 id, uint256 deadline) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IP2PEscrow.EscrowWindowClosed.selector, id, deadline);
    }

    function _errWindowOpen(uint256 id, uint256 deadline) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IP2PEscrow.EscrowWindowOpen.selector, id, deadline);
    }

    function vm_toString(uint256 v) internal pure returns (string memory) {
        if (v == 0) return "0";
        uint256 len;
        for (uint256 t = v; t != 0; t /= 10) ++len;
        bytes memory b = new bytes(len);
        for (; v != 0; v /= 10) b[--len] = bytes1(uint8(48 + (v % 10)));
        return string(b);
    }
}
