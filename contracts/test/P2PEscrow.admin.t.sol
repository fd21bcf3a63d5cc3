// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ArbitratorPool} from "../src/ArbitratorPool.sol";
import {IArbitratorPool} from "../src/interfaces/IArbitratorPool.sol";
import {IP2PEscrow} from "../src/interfaces/IP2PEscrow.sol";
import {IRNG} from "../src/interfaces/IRNG.sol";
import {MockBlocklistToken} from "../src/mocks/MockBlocklistToken.sol";
import {MockERC20} from "../src/mocks/MockERC20.sol";
import {P2PEscrow} from "../src/P2PEscrow.sol";
import {OrderStatus, Ruling, TokenConfig} from "../src/types/Types.sol";
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
        escrow.createOrder(seller, address(usdc), AMOUNT, PRODUCT);

        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.Unpaused(owner);
        vm.prank(owner);
        escrow.unpause();
        assertFalse(escrow.paused());
        vm.prank(buyer);
        escrow.createOrder(seller, address(usdc), AMOUNT, PRODUCT);
    }

    /// @dev Pausing stops only new orders: every call on an existing order, the pool and
    /// withdrawals of credits keep working.
    function test_pause_leavesEverythingElseWorking() public {
        _registerArbitrators(3);
        MockBlocklistToken bl = new MockBlocklistToken("USD Coin", "USDC", 6);
        vm.prank(owner);
        escrow.configureToken(address(bl), true, 0);

        uint256 toCancel = _createOrder();
        uint256 toConfirm = _createOrder();
        uint256 toReceive = _confirmedOrder();
        uint256 toDispute = _confirmedOrder();
        uint256 toRule = _disputedOrder();
        uint256 toSettle = _disputedOrder();
        uint256 toReplace = _disputedOrder();
        address missed = _draw(toReplace);
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
        vm.prank(seller);
        escrow.openDispute(toDispute);
        _assertStatus(toDispute, OrderStatus.Disputed);

        address arbitrator = _draw(toRule);
        vm.prank(seller);
        escrow.submitEvidence(toRule, "ipfs://proof");
        vm.prank(arbitrator);
        escrow.resolveDispute(toRule, Ruling.Seller);
        _assertStatus(toRule, OrderStatus.ResolvedSeller);

        _settle(toSettle, 1);
        _assertStatus(toSettle, OrderStatus.Settled);

        vm.prank(buyer);
        assertEq(escrow.withdraw(address(bl), buyer), AMOUNT);

        vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);
        escrow.replaceArbitrator(toReplace);
        assertTrue(_draw(toReplace) != missed);
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
        emit IP2PEscrow.TokenConfigured(address(t2), 2, true, 5_000 * UNIT);
        vm.prank(owner);
        escrow.configureToken(address(t2), true, 5_000 * UNIT);
        vm.prank(owner);
        escrow.configureToken(address(t3), false, 0);

        TokenConfig memory c = escrow.tokenConfig(address(t2));
        assertTrue(c.allowed);
        assertEq(c.id, 2);
        assertEq(c.maxAmount, 5_000 * UNIT);
        assertEq(escrow.tokenConfig(address(t3)).id, 3);
        assertFalse(escrow.tokenConfig(address(t3)).allowed);
        assertEq(escrow.tokenById(1), address(usdc));
        assertEq(escrow.tokenById(2), address(t2));
        assertEq(escrow.tokenById(3), address(t3));
        assertEq(escrow.tokenById(4), address(0));
        assertEq(escrow.tokenConfig(address(0xdead)).id, 0);
    }

    function test_configureToken_reconfiguringKeepsId() public {
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.TokenConfigured(address(usdc), 1, false, 7);
        vm.prank(owner);
        escrow.configureToken(address(usdc), false, 7);
        TokenConfig memory c = escrow.tokenConfig(address(usdc));
        assertEq(c.id, 1);
        assertFalse(c.allowed);
        assertEq(c.maxAmount, 7);
        vm.prank(owner);
        escrow.configureToken(address(usdc), true, type(uint96).max);
        assertEq(escrow.tokenConfig(address(usdc)).id, 1);
        assertEq(escrow.tokenConfig(address(usdc)).maxAmount, type(uint96).max);
    }

    function test_configureToken_disallowingKeepsOpenOrdersPayable() public {
        uint256 id = _confirmedOrder();
        vm.prank(owner);
        escrow.configureToken(address(usdc), false, 0);
        vm.prank(buyer);
        escrow.buyerConfirmReceived(id);
        assertEq(usdc.balanceOf(seller), AMOUNT);
    }

    function test_configureToken_revertsIfZeroToken() public {
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowTokenNotAllowed.selector, address(0)));
        vm.prank(owner);
        escrow.configureToken(address(0), true, 0);
    }

    function testFuzz_configureToken_revertsIfCapAboveUint96(uint256 cap) public {
        cap = bound(cap, uint256(type(uint96).max) + 1, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidAmount.selector, cap));
        vm.prank(owner);
        escrow.configureToken(address(usdc), true, cap);
    }

    function test_configureToken_onlyOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        escrow.configureToken(address(usdc), true, 0);
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
        uint256 sw,
        uint256 bw,
        uint256 aw,
        uint256 fee
    ) internal returns (P2PEscrow) {
        return new P2PEscrow(owner, IArbitratorPool(pool_), IRNG(rng_), sw, bw, aw, fee);
    }

    function test_constructor_emitsConfigAndExposesViews() public {
        vm.expectEmit(true, true, true, true);
        emit IP2PEscrow.EscrowConfigured(address(pool), address(rng), 1, 2, 3, 4);
        P2PEscrow e = _newEscrow(address(pool), address(rng), 1, 2, 3, 4);
        assertEq(e.pool(), address(pool));
        assertEq(e.rng(), address(rng));
        assertEq(e.sellerWindow(), 1);
        assertEq(e.buyerWindow(), 2);
        assertEq(e.arbitrationWindow(), 3);
        assertEq(e.arbitratorFeeBps(), 4);
        assertEq(e.owner(), owner);
        assertEq(e.nextOrderId(), 1);
        assertFalse(e.paused());
    }

    function test_constructor_revertsOnInvalidConfig() public {
        address p = address(pool);
        address r = address(rng);
        uint256 tooLong = 365 days + 1;
        bytes memory err = abi.encodeWithSelector(IP2PEscrow.EscrowInvalidConfig.selector);
        vm.expectRevert(err);
        _newEscrow(address(0), r, 1, 1, 1, 0);
        vm.expectRevert(err);
        _newEscrow(p, address(0), 1, 1, 1, 0);
        vm.expectRevert(err);
        _newEscrow(p, r, 0, 1, 1, 0);
        vm.expectRevert(err);
        _newEscrow(p, r, 1, 0, 1, 0);
        vm.expectRevert(err);
        _newEscrow(p, r, 1, 1, 0, 0);
        vm.expectRevert(err);
        _newEscrow(p, r, tooLong, 1, 1, 0);
        vm.expectRevert(err);
        _newEscrow(p, r, 1, tooLong, 1, 0);
        vm.expectRevert(err);
        _newEscrow(p, r, 1, 1, tooLong, 0);
        vm.expectRevert(err);
        _newEscrow(p, r, 1, 1, 1, 2_001);
        // The limits themselves are fine.
        _newEscrow(p, r, 365 days, 365 days, 365 days, 2_000);
    }

    function test_constructor_revertsIfOwnerZero() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableInvalidOwner.selector, address(0)));
        new P2PEscrow(address(0), IArbitratorPool(address(pool)), IRNG(address(rng)), 1, 1, 1, 0);
    }

    function testFuzz_constructor_windowRange(uint256 window) public {
        window = bound(window, 0, 2 * 365 days);
        bool valid = window != 0 && window <= 365 days;
        if (!valid) vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidConfig.selector));
        _newEscrow(address(pool), address(rng), window, window, window, 500);
    }

    function testFuzz_constructor_arbitratorFeeRange(uint256 feeBps) public {
        feeBps = bound(feeBps, 0, 10_000);
        if (feeBps > 2_000) vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidConfig.selector));
        _newEscrow(address(pool), address(rng), 1 days, 1 days, 1 days, feeBps);
    }

    // ---------------------------------------------------------------- Pool constructor

    function _newPool(
        address token,
        uint256 minStake,
        uint256 cooldown,
        uint256 slash
    ) internal returns (ArbitratorPool) {
        return new ArbitratorPool(owner, IERC20(token), minStake, cooldown, slash);
    }

    function test_poolConstructor_emitsConfig() public {
        vm.expectEmit(true, true, true, true);
        emit IArbitratorPool.PoolConfigured(address(stakeToken), 1, 0, 5_000);
        ArbitratorPool p = _newPool(address(stakeToken), 1, 0, 5_000);
        assertEq(p.minStake(), 1);
        assertEq(p.unstakeCooldown(), 0);
        assertEq(p.slashBps(), 5_000);
    }

    function test_poolConstructor_revertsOnInvalidConfig() public {
        address t = address(stakeToken);
        bytes memory err = abi.encodeWithSelector(IArbitratorPool.PoolInvalidConfig.selector);
        vm.expectRevert(err);
        _newPool(address(0), MIN_STAKE, COOLDOWN, SLASH_BPS);
        vm.expectRevert(err);
        _newPool(t, 0, COOLDOWN, SLASH_BPS);
        vm.expectRevert(err);
        _newPool(t, uint256(type(uint96).max) + 1, COOLDOWN, SLASH_BPS);
        vm.expectRevert(err);
        _newPool(t, MIN_STAKE, 365 days + 1, SLASH_BPS);
        vm.expectRevert(err);
        _newPool(t, MIN_STAKE, COOLDOWN, 5_001);
        _newPool(t, type(uint96).max, 365 days, 5_000);
    }

    function testFuzz_poolConstructor_slashRange(uint256 slashBps) public {
        slashBps = bound(slashBps, 0, 10_000);
        if (slashBps > 5_000) vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolInvalidConfig.selector));
        _newPool(address(stakeToken), MIN_STAKE, COOLDOWN, slashBps);
    }
}
