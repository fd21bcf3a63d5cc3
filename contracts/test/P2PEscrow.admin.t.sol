// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ArbitratorPool} from "../src/ArbitratorPool.sol";
import {IArbitratorPool} from "../src/interfaces/IArbitratorPool.sol";
import {IArbitrator} from "../src/interfaces/IERC792.sol";
import {IP2PEscrow} from "../src/interfaces/IP2PEscrow.sol";
import {IRNG} from "../src/interfaces/IRNG.sol";
import {MockBlocklistToken} from "../src/mocks/MockBlocklistToken.sol";
import {MockERC20} from "../src/mocks/MockERC20.sol";
import {P2PEscrow} from "../src/P2PEscrow.sol";
import {DisputePhase, OrderStatus, Ruling, TokenConfig, Windows} from "../src/types/Types.sol";
import {EscrowTestBase} from "./utils/EscrowTestBase.sol";

contract P2PEscrowAdminTest is EscrowTestBase {
    // ---------------------------------------------------------------- pause / unpause

    function test_pause_onlyOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        escrow.pause();
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        escrow.unpause();
    }

    function test_pause_togglesNewOrders() public {
        assertFalse(escrow.paused());
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.Paused(owner);
        vm.prank(owner);
        escrow.pause();
        assertTrue(escrow.paused());
        _mintAndApprove(usdc, buyer, AMOUNT);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowPaused.selector));
        vm.prank(buyer);
        escrow.createOrder(seller, address(usdc), AMOUNT, PRODUCT, 0);

        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.Unpaused(owner);
        vm.prank(owner);
        escrow.unpause();
        assertFalse(escrow.paused());
        vm.prank(buyer);
        escrow.createOrder(seller, address(usdc), AMOUNT, PRODUCT, 0);
    }

    /// @dev Pausing stops only new orders: every call on an existing order, the pool and
    /// withdrawals of credits keep working.
    function test_pause_leavesOrderCallsWorking() public {
        _registerArbitrators(3);
        MockBlocklistToken bl = new MockBlocklistToken("USD Coin", "USDC", 6);
        _configure(address(bl));

        uint256 toCancel = _createOrder();
        uint256 toConfirm = _createOrder();
        uint256 toReceive = _confirmedOrder();
        uint256 toDispute = _confirmedOrder();
        uint256 credited = _createOrder(MockERC20(address(bl)), buyer, seller, AMOUNT);
        bl.setBlocklisted(buyer, true);
        vm.prank(seller);
        escrow.cancelOrder(credited);
        bl.setBlocklisted(buyer, false);
        uint256 toExpire = _createOrder();
        uint256 toRelease = _confirmedOrder();

        vm.prank(owner);
        escrow.pause();

        vm.prank(buyer);
        escrow.cancelOrder(toCancel);
        _assertStatus(toCancel, OrderStatus.Cancelled);
        _toSellerConfirmed(toConfirm);
        _assertStatus(toConfirm, OrderStatus.SellerConfirmed);
        vm.prank(buyer);
        escrow.buyerConfirmReceived(toReceive);
        _assertStatus(toReceive, OrderStatus.Completed);
        _openDispute(toDispute, seller);
        _assertStatus(toDispute, OrderStatus.Disputed);
        vm.prank(buyer);
        assertEq(escrow.withdraw(address(bl)), AMOUNT);

        vm.warp(block.timestamp + BUYER_WINDOW + 1);
        escrow.expireOrder(toExpire);
        _assertStatus(toExpire, OrderStatus.Expired);
        escrow.autoRelease(toRelease);
        _assertStatus(toRelease, OrderStatus.Completed);

        // The pool is not paused either.
        address newcomer = address(0xA4B9);
        _register(newcomer, MIN_STAKE);
        vm.prank(newcomer);
        pool.requestUnstake();
        vm.warp(block.timestamp + COOLDOWN);
        vm.prank(newcomer);
        pool.withdrawStake();
        assertEq(stakeToken.balanceOf(newcomer), MIN_STAKE);
    }

    /// @dev Every dispute call keeps working while new orders are paused.
    function test_pause_leavesDisputeCallsWorking() public {
        _registerArbitrators(3);
        uint256 toAnswer = _confirmedOrder();
        _openDispute(toAnswer, buyer);
        uint256 toDefault = _confirmedOrder();
        _openDispute(toDefault, seller);
        uint256 toRule = _disputedOrder();
        uint256 toSettle = _disputedOrder();
        uint256 toEscalate = _disputedOrder();
        uint256 toReplace = _disputedOrder();
        address missed = _draw(toReplace);

        vm.prank(owner);
        escrow.pause();

        _payDisputeFee(toAnswer);
        _assertPhase(toAnswer, DisputePhase.Drawing);
        address arbitrator = _draw(toRule);
        vm.prank(seller);
        escrow.submitEvidence(toRule, "ipfs://proof");
        vm.prank(arbitrator);
        escrow.resolveDispute(toRule, Ruling.Seller);
        _assertStatus(toRule, OrderStatus.ResolvedSeller);
        _settle(toSettle, MIN_ORDER);
        _assertStatus(toSettle, OrderStatus.Settled);

        _escalate(toEscalate);
        _fallbackRule(toEscalate, 1);
        _assertStatus(toEscalate, OrderStatus.ResolvedBuyer);
        vm.warp(block.timestamp + RESPONSE_WINDOW + 1);
        escrow.resolveUnanswered(toDefault);
        _assertStatus(toDefault, OrderStatus.ResolvedSeller);

        vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);
        escrow.replaceArbitrator(toReplace);
        assertTrue(_draw(toReplace) != missed);
    }

    // ---------------------------------------------------------------- Ownership

    function test_transferOwnership_isTwoStep() public {
        address newOwner = address(0x0E1);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit Ownable2Step.OwnershipTransferStarted(owner, newOwner);
        vm.prank(owner);
        escrow.transferOwnership(newOwner);
        assertEq(escrow.owner(), owner, "not yet");
        assertEq(escrow.pendingOwner(), newOwner);

        // The pending owner has no rights yet; the old owner still has them.
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, newOwner));
        vm.prank(newOwner);
        escrow.pause();
        vm.prank(owner);
        escrow.pause();

        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        escrow.acceptOwnership();

        vm.expectEmit(true, true, true, true, address(escrow));
        emit Ownable.OwnershipTransferred(owner, newOwner);
        vm.prank(newOwner);
        escrow.acceptOwnership();
        assertEq(escrow.owner(), newOwner);
        assertEq(escrow.pendingOwner(), address(0));

        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, owner));
        vm.prank(owner);
        escrow.unpause();
        vm.prank(newOwner);
        escrow.unpause();
    }

    function test_transferOwnership_poolIsTwoStep() public {
        address newOwner = address(0x0E1);
        vm.prank(owner);
        pool.transferOwnership(newOwner);
        assertEq(pool.owner(), owner);
        assertEq(pool.pendingOwner(), newOwner);
        vm.prank(newOwner);
        pool.acceptOwnership();
        assertEq(pool.owner(), newOwner);
    }

    function test_transferOwnership_onlyOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        escrow.transferOwnership(stranger);
    }

    // ---------------------------------------------------------------- configureToken

    function test_configureToken_assignsSequentialIds() public {
        MockERC20 t2 = new MockERC20("T2", "T2", 6);
        MockERC20 t3 = new MockERC20("T3", "T3", 18);
        assertEq(escrow.tokenConfig(address(usdc)).id, 1);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.TokenConfigured(address(t2), 2, true, 20 * UNIT, 5_000 * UNIT, 4 * UNIT);
        vm.prank(owner);
        escrow.configureToken(address(t2), true, 20 * UNIT, 5_000 * UNIT, 4 * UNIT);
        vm.prank(owner);
        escrow.configureToken(address(t3), false, 0, 0, 0);

        TokenConfig memory c = escrow.tokenConfig(address(t2));
        assertTrue(c.allowed);
        assertEq(c.id, 2);
        assertEq(c.decimals, 6);
        assertEq(c.minAmount, 20 * UNIT);
        assertEq(c.maxAmount, 5_000 * UNIT);
        assertEq(c.minArbitrationFee, 4 * UNIT);
        assertEq(escrow.tokenConfig(address(t3)).id, 3);
        assertEq(escrow.tokenConfig(address(t3)).decimals, 18);
        assertFalse(escrow.tokenConfig(address(t3)).allowed);
        assertEq(escrow.tokenById(1), address(usdc));
        assertEq(escrow.tokenById(2), address(t2));
        assertEq(escrow.tokenById(3), address(t3));
        assertEq(escrow.tokenById(4), address(0));
        assertEq(escrow.tokenConfig(address(0xdead)).id, 0);
    }

    function test_configureToken_reconfiguringKeepsId() public {
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.TokenConfigured(address(usdc), 1, false, 10, 70, 2);
        vm.prank(owner);
        escrow.configureToken(address(usdc), false, 10, 70, 2);
        TokenConfig memory c = escrow.tokenConfig(address(usdc));
        assertEq(c.id, 1);
        assertFalse(c.allowed);
        assertEq(c.minAmount, 10);
        assertEq(c.maxAmount, 70);
        assertEq(c.minArbitrationFee, 2);
        vm.prank(owner);
        escrow.configureToken(address(usdc), true, type(uint96).max, type(uint96).max, 0);
        assertEq(escrow.tokenConfig(address(usdc)).id, 1);
        assertEq(escrow.tokenConfig(address(usdc)).maxAmount, type(uint96).max);
    }

    function test_configureToken_disallowingKeepsOpenOrdersPayable() public {
        uint256 id = _confirmedOrder();
        vm.prank(owner);
        escrow.configureToken(address(usdc), false, MIN_ORDER, 0, MIN_ARBITRATION_FEE);
        vm.prank(buyer);
        escrow.buyerConfirmReceived(id);
        assertEq(usdc.balanceOf(seller), AMOUNT);
    }

    function test_configureToken_revertsIfZeroToken() public {
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowTokenNotAllowed.selector, address(0)));
        vm.prank(owner);
        escrow.configureToken(address(0), true, 0, 0, 0);
    }

    function testFuzz_configureToken_revertsIfMinimumAboveUint96(uint256 minAmount) public {
        minAmount = bound(minAmount, uint256(type(uint96).max) + 1, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidAmount.selector, minAmount));
        vm.prank(owner);
        escrow.configureToken(address(usdc), true, minAmount, 0, 0);
    }

    function testFuzz_configureToken_revertsIfCapAboveUint96(uint256 cap) public {
        cap = bound(cap, uint256(type(uint96).max) + 1, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidAmount.selector, cap));
        vm.prank(owner);
        escrow.configureToken(address(usdc), true, 0, cap, 0);
    }

    function testFuzz_configureToken_revertsIfMinimumFeeAboveUint96(uint256 minFee) public {
        minFee = bound(minFee, uint256(type(uint96).max) + 1, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidAmount.selector, minFee));
        vm.prank(owner);
        escrow.configureToken(address(usdc), true, type(uint96).max, 0, minFee);
    }

    function testFuzz_configureToken_revertsIfMinimumAboveCap(uint256 cap, uint256 minAmount) public {
        cap = bound(cap, 1, type(uint96).max - 1);
        minAmount = bound(minAmount, cap + 1, type(uint96).max);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidConfig.selector));
        vm.prank(owner);
        escrow.configureToken(address(usdc), true, minAmount, cap, 0);
        // Equal bounds are one allowed amount; no cap (0) allows any minimum.
        vm.prank(owner);
        escrow.configureToken(address(usdc), true, cap, cap, 0);
        vm.prank(owner);
        escrow.configureToken(address(usdc), true, minAmount, 0, 0);
    }

    /// @dev The minimum fee may be at most 20% of the minimum order, so a deposit never exceeds a
    /// fifth of any order the token allows.
    function testFuzz_configureToken_boundsTheMinimumFeeByTheMinimumOrder(uint256 minAmount, uint256 minFee) public {
        minAmount = bound(minAmount, 0, type(uint96).max);
        minFee = bound(minFee, 0, type(uint96).max);
        bool valid = minFee * BPS <= minAmount * MAX_ARBITRATOR_FEE_BPS;
        if (!valid) vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidConfig.selector));
        vm.prank(owner);
        escrow.configureToken(address(usdc), true, minAmount, 0, minFee);
        if (valid) assertEq(escrow.tokenConfig(address(usdc)).minArbitrationFee, minFee);
    }

    function test_configureToken_minimumFeeBoundaryIsInclusive() public {
        vm.prank(owner);
        escrow.configureToken(address(usdc), true, 10 * UNIT, 0, 2 * UNIT);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidConfig.selector));
        vm.prank(owner);
        escrow.configureToken(address(usdc), true, 10 * UNIT, 0, 2 * UNIT + 1);
    }

    function test_configureToken_revertsIfMoreThan18Decimals() public {
        MockERC20 odd = new MockERC20("Odd", "ODD", 19);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidConfig.selector));
        vm.prank(owner);
        escrow.configureToken(address(odd), true, 0, 0, 0);
    }

    function test_configureToken_onlyOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        escrow.configureToken(address(usdc), true, 0, 0, 0);
    }

    /// @dev A raised minimum fee never prices an existing order out of a dispute: the deposit stays
    /// capped at a fifth of the order.
    function test_configureToken_raisedMinimumFeeStaysCappedForOlderOrders() public {
        uint256 id = _createOrder(MIN_ORDER);
        assertEq(escrow.arbitrationFeeOf(id), MIN_ARBITRATION_FEE);
        vm.prank(owner);
        escrow.configureToken(address(usdc), true, 100 * UNIT, 0, 20 * UNIT);
        assertEq(escrow.arbitrationFeeOf(id), (MIN_ORDER * MAX_ARBITRATOR_FEE_BPS) / BPS);
        _openDispute(id, buyer);
        assertEq(escrow.getDispute(id).fee, 2 * UNIT);
    }

    // ---------------------------------------------------------------- setProtocolFee

    function testFuzz_setProtocolFee_acceptsUpToOnePercent(uint256 feeBps) public {
        feeBps = bound(feeBps, 0, 100);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.ProtocolFeeUpdated(feeBps, feeRecipient);
        vm.prank(owner);
        escrow.setProtocolFee(feeBps, feeRecipient);
        (uint256 bps, address recipient) = escrow.protocolFee();
        assertEq(bps, feeBps);
        assertEq(recipient, feeRecipient);
    }

    function testFuzz_setProtocolFee_revertsAboveOnePercent(uint256 feeBps) public {
        feeBps = bound(feeBps, 101, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowFeeTooHigh.selector, feeBps, 100));
        vm.prank(owner);
        escrow.setProtocolFee(feeBps, feeRecipient);
    }

    function test_setProtocolFee_revertsIfFeeWithoutRecipient() public {
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidRecipient.selector, address(0)));
        vm.prank(owner);
        escrow.setProtocolFee(1, address(0));
    }

    function test_setProtocolFee_zeroFeeNeedsNoRecipient() public {
        vm.prank(owner);
        escrow.setProtocolFee(0, address(0));
        (uint256 bps, address recipient) = escrow.protocolFee();
        assertEq(bps, 0);
        assertEq(recipient, address(0));
        // Orders with no fee complete without paying anybody else.
        uint256 id = _confirmedOrder();
        vm.prank(buyer);
        escrow.buyerConfirmReceived(id);
        assertEq(usdc.balanceOf(seller), AMOUNT);
    }

    function test_setProtocolFee_onlyOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        escrow.setProtocolFee(10, stranger);
    }

    // ---------------------------------------------------------------- setArbitratorFlag

    function test_setArbitratorFlag_onlyPool() public {
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowOnlyPool.selector, owner));
        vm.prank(owner);
        escrow.setArbitratorFlag(stranger, true);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowOnlyPool.selector, stranger));
        vm.prank(stranger);
        escrow.setArbitratorFlag(stranger, true);
        vm.prank(address(pool));
        escrow.setArbitratorFlag(stranger, true);
        assertTrue(escrow.isArbitratorFlagged(stranger));
        vm.prank(address(pool));
        escrow.setArbitratorFlag(stranger, false);
        assertFalse(escrow.isArbitratorFlagged(stranger));
    }

    // ---------------------------------------------------------------- Escrow constructor

    function _newEscrow(
        address pool_,
        address rng_,
        address fallback_,
        Windows memory w,
        uint256 fee
    ) internal returns (P2PEscrow) {
        return new P2PEscrow(owner, IArbitratorPool(pool_), IRNG(rng_), IArbitrator(fallback_), w, fee);
    }

    function _w(uint256 s, uint256 b, uint256 r, uint256 d, uint256 a) internal pure returns (Windows memory) {
        return Windows({seller: s, buyer: b, response: r, draw: d, arbitration: a});
    }

    function test_constructor_emitsConfigAndExposesViews() public {
        vm.expectEmit(true, true, true, true);
        emit IP2PEscrow.EscrowConfigured(address(pool), address(rng), address(fallbackArb), 1, 2, 3, 4, 5, 6);
        P2PEscrow e = _newEscrow(address(pool), address(rng), address(fallbackArb), _w(1, 2, 3, 4, 5), 6);
        assertEq(e.pool(), address(pool));
        assertEq(e.rng(), address(rng));
        assertEq(e.fallbackArbitrator(), address(fallbackArb));
        assertEq(e.sellerWindow(), 1);
        assertEq(e.buyerWindow(), 2);
        assertEq(e.responseWindow(), 3);
        assertEq(e.drawWindow(), 4);
        assertEq(e.arbitrationWindow(), 5);
        assertEq(e.arbitratorFeeBps(), 6);
        assertEq(e.maxRounds(), MAX_ROUNDS);
        assertEq(e.owner(), owner);
        assertEq(e.nextOrderId(), 1);
        assertFalse(e.paused());
        assertEq(e.orderOfEscalation(0), 0);
        // No fallback arbitrator is a valid deployment: the timeout outcome is the fallback.
        assertEq(
            _newEscrow(address(pool), address(rng), address(0), _w(1, 1, 1, 1, 1), 0).fallbackArbitrator(),
            address(0)
        );
    }

    function test_constructor_revertsOnInvalidConfig() public {
        address p = address(pool);
        address r = address(rng);
        address f = address(fallbackArb);
        uint256 tooLong = 365 days + 1;
        bytes memory err = abi.encodeWithSelector(IP2PEscrow.EscrowInvalidConfig.selector);
        vm.expectRevert(err);
        _newEscrow(address(0), r, f, _w(1, 1, 1, 1, 1), 0);
        vm.expectRevert(err);
        _newEscrow(p, address(0), f, _w(1, 1, 1, 1, 1), 0);
        vm.expectRevert(err);
        _newEscrow(p, r, f, _w(0, 1, 1, 1, 1), 0);
        vm.expectRevert(err);
        _newEscrow(p, r, f, _w(1, 0, 1, 1, 1), 0);
        vm.expectRevert(err);
        _newEscrow(p, r, f, _w(1, 1, 0, 1, 1), 0);
        vm.expectRevert(err);
        _newEscrow(p, r, f, _w(1, 1, 1, 0, 1), 0);
        vm.expectRevert(err);
        _newEscrow(p, r, f, _w(1, 1, 1, 1, 0), 0);
        vm.expectRevert(err);
        _newEscrow(p, r, f, _w(tooLong, 1, 1, 1, 1), 0);
        vm.expectRevert(err);
        _newEscrow(p, r, f, _w(1, tooLong, 1, 1, 1), 0);
        vm.expectRevert(err);
        _newEscrow(p, r, f, _w(1, 1, tooLong, 1, 1), 0);
        vm.expectRevert(err);
        _newEscrow(p, r, f, _w(1, 1, 1, tooLong, 1), 0);
        vm.expectRevert(err);
        _newEscrow(p, r, f, _w(1, 1, 1, 1, tooLong), 0);
        vm.expectRevert(err);
        _newEscrow(p, r, f, _w(1, 1, 1, 1, 1), 2_001);
        // The limits themselves are fine.
        _newEscrow(p, r, f, _w(365 days, 365 days, 365 days, 365 days, 365 days), 2_000);
    }

    function test_constructor_revertsIfOwnerZero() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableInvalidOwner.selector, address(0)));
        new P2PEscrow(
            address(0),
            IArbitratorPool(address(pool)),
            IRNG(address(rng)),
            IArbitrator(address(0)),
            _w(1, 1, 1, 1, 1),
            0
        );
    }

    function testFuzz_constructor_windowRange(uint256 window) public {
        window = bound(window, 0, 2 * 365 days);
        bool valid = window != 0 && window <= 365 days;
        if (!valid) vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidConfig.selector));
        _newEscrow(address(pool), address(rng), address(0), _w(window, window, window, window, window), 500);
    }

    function testFuzz_constructor_arbitratorFeeRange(uint256 feeBps) public {
        feeBps = bound(feeBps, 0, 10_000);
        if (feeBps > 2_000) vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidConfig.selector));
        _newEscrow(address(pool), address(rng), address(0), _w(1 days, 1 days, 1 days, 1 days, 1 days), feeBps);
    }

    // ---------------------------------------------------------------- Pool constructor

    function _newPool(
        address token,
        uint256 minStake,
        uint256 cooldown,
        uint256 slash,
        address slashRecipient
    ) internal returns (ArbitratorPool) {
        return new ArbitratorPool(owner, IERC20(token), minStake, cooldown, slash, slashRecipient);
    }

    function test_poolConstructor_emitsConfig() public {
        vm.expectEmit(true, true, true, true);
        emit IArbitratorPool.PoolConfigured(address(stakeToken), 1, 0, 5_000, treasury);
        ArbitratorPool p = _newPool(address(stakeToken), 1, 0, 5_000, treasury);
        assertEq(p.minStake(), 1);
        assertEq(p.unstakeCooldown(), 0);
        assertEq(p.slashBps(), 5_000);
        assertEq(p.slashRecipient(), treasury);
    }

    function test_poolConstructor_revertsOnInvalidConfig() public {
        address t = address(stakeToken);
        bytes memory err = abi.encodeWithSelector(IArbitratorPool.PoolInvalidConfig.selector);
        vm.expectRevert(err);
        _newPool(address(0), MIN_STAKE, COOLDOWN, SLASH_BPS, treasury);
        vm.expectRevert(err);
        _newPool(t, 0, COOLDOWN, SLASH_BPS, treasury);
        vm.expectRevert(err);
        _newPool(t, uint256(type(uint96).max) + 1, COOLDOWN, SLASH_BPS, treasury);
        vm.expectRevert(err);
        _newPool(t, MIN_STAKE, 365 days + 1, SLASH_BPS, treasury);
        vm.expectRevert(err);
        _newPool(t, MIN_STAKE, COOLDOWN, 5_001, treasury);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolInvalidRecipient.selector, address(0)));
        _newPool(t, MIN_STAKE, COOLDOWN, SLASH_BPS, address(0));
        _newPool(t, type(uint96).max, 365 days, 5_000, treasury);
    }
}
