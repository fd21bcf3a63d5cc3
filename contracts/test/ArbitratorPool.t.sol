// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ArbitratorPool} from "../src/ArbitratorPool.sol";
import {IArbitratorPool} from "../src/interfaces/IArbitratorPool.sol";
import {IRNG} from "../src/interfaces/IRNG.sol";
import {MockBlocklistToken} from "../src/mocks/MockBlocklistToken.sol";
import {MockFeeOnTransferToken} from "../src/mocks/MockFeeOnTransferToken.sol";
import {P2PEscrow} from "../src/P2PEscrow.sol";
import {Arbitrator, ArbitratorStatus, Ruling} from "../src/types/Types.sol";
import {EscrowTestBase} from "./utils/EscrowTestBase.sol";

contract ArbitratorPoolTest is EscrowTestBase {
    address internal arb = address(0xA4B1);
    address internal arb2 = address(0xA4B2);

    // ---------------------------------------------------------------- register

    function test_register_storesArbitrator() public {
        stakeToken.mint(arb, MIN_STAKE);
        vm.prank(arb);
        stakeToken.approve(address(pool), MIN_STAKE);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.ArbitratorRegistered(arb, MIN_STAKE, 50);
        vm.prank(arb);
        pool.register(MIN_STAKE);

        Arbitrator memory a = pool.getArbitrator(arb);
        assertEq(a.stake, MIN_STAKE);
        assertEq(a.reputation, 50);
        assertEq(uint256(a.status), uint256(ArbitratorStatus.Active));
        assertEq(a.treeIndex, 1);
        assertEq(a.openCases, 0);
        assertEq(pool.weightOf(arb), 50);
        assertEq(pool.totalWeight(), 50);
        assertEq(pool.totalStaked(), MIN_STAKE);
        assertEq(pool.arbitratorCount(), 1);
        assertEq(stakeToken.balanceOf(address(pool)), MIN_STAKE);
        assertTrue(escrow.isArbitratorFlagged(arb));
    }

    function test_register_revertsIfEscrowNotBound() public {
        ArbitratorPool fresh = new ArbitratorPool(owner, IERC20(address(stakeToken)), MIN_STAKE, COOLDOWN, SLASH_BPS);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolInvalidEscrow.selector, address(0)));
        vm.prank(arb);
        fresh.register(MIN_STAKE);
    }

    function test_register_revertsBelowMinStake() public {
        stakeToken.mint(arb, MIN_STAKE);
        vm.prank(arb);
        stakeToken.approve(address(pool), MIN_STAKE);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolStakeTooLow.selector, MIN_STAKE - 1, MIN_STAKE));
        vm.prank(arb);
        pool.register(MIN_STAKE - 1);
    }

    function testFuzz_register_revertsBelowMinStake(uint256 amount) public {
        amount = bound(amount, 0, MIN_STAKE - 1);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolStakeTooLow.selector, amount, MIN_STAKE));
        vm.prank(arb);
        pool.register(amount);
    }

    function testFuzz_register_anyStakeFromMinimumToUint96(uint256 amount) public {
        amount = bound(amount, MIN_STAKE, type(uint96).max);
        _register(arb, amount);
        assertEq(pool.getArbitrator(arb).stake, amount);
        assertEq(pool.totalStaked(), amount);
        assertEq(pool.weightOf(arb), 50);
    }

    function test_register_revertsAboveUint96() public {
        uint256 amount = uint256(type(uint96).max) + 1;
        stakeToken.mint(arb, amount);
        vm.prank(arb);
        stakeToken.approve(address(pool), amount);
        vm.expectRevert(abi.encodeWithSelector(SafeCast.SafeCastOverflowedUintDowncast.selector, 96, amount));
        vm.prank(arb);
        pool.register(amount);
    }

    function test_register_revertsIfAlreadyRegistered() public {
        _register(arb, MIN_STAKE);
        stakeToken.mint(arb, MIN_STAKE);
        vm.prank(arb);
        stakeToken.approve(address(pool), MIN_STAKE);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolAlreadyRegistered.selector, arb));
        vm.prank(arb);
        pool.register(MIN_STAKE);
        // Unstaking is still registered.
        vm.prank(arb);
        pool.requestUnstake();
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolAlreadyRegistered.selector, arb));
        vm.prank(arb);
        pool.register(MIN_STAKE);
    }

    function test_register_revertsIfFeeTokenDeliversLessThanMinimum() public {
        MockFeeOnTransferToken fot = new MockFeeOnTransferToken("Fee", "FEE", 6, 100);
        (ArbitratorPool p, ) = _deploy(IERC20(address(fot)), MIN_STAKE, IRNG(address(rng)));
        fot.mint(arb, 2 * MIN_STAKE);
        vm.prank(arb);
        fot.approve(address(p), 2 * MIN_STAKE);
        uint256 received = MIN_STAKE - MIN_STAKE / 100;
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolStakeTooLow.selector, received, MIN_STAKE));
        vm.prank(arb);
        p.register(MIN_STAKE);
        // Sending enough that the minimum arrives works, and only what arrived is staked.
        vm.prank(arb);
        p.register(2 * MIN_STAKE);
        assertEq(p.getArbitrator(arb).stake, 2 * MIN_STAKE - (2 * MIN_STAKE) / 100);
        assertEq(p.totalStaked(), fot.balanceOf(address(p)));
    }

    function test_register_returningArbitratorKeepsReputation() public {
        _register(arb, 2 * MIN_STAKE);
        _register(arb2, 2 * MIN_STAKE);
        // arb misses a case: reputation 40.
        uint256 id = _disputedOrder();
        address drawn = _draw(id);
        vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);
        escrow.replaceArbitrator(id);
        assertEq(pool.getArbitrator(drawn).reputation, 40);
        uint256 index = pool.getArbitrator(drawn).treeIndex;

        vm.prank(drawn);
        pool.requestUnstake();
        vm.warp(block.timestamp + COOLDOWN);
        vm.prank(drawn);
        pool.withdrawStake();
        assertEq(uint256(pool.getArbitrator(drawn).status), uint256(ArbitratorStatus.None));

        stakeToken.mint(drawn, MIN_STAKE);
        vm.prank(drawn);
        stakeToken.approve(address(pool), MIN_STAKE);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.ArbitratorRegistered(drawn, MIN_STAKE, 40);
        vm.prank(drawn);
        pool.register(MIN_STAKE);
        Arbitrator memory a = pool.getArbitrator(drawn);
        assertEq(a.reputation, 40);
        assertEq(a.treeIndex, index, "same leaf");
        assertEq(pool.arbitratorCount(), 2, "no new leaf");
        assertEq(pool.weightOf(drawn), 40);
        assertEq(pool.totalWeight(), 90);
    }

    // ---------------------------------------------------------------- increaseStake

    function test_increaseStake_addsToStake() public {
        _register(arb, MIN_STAKE);
        stakeToken.mint(arb, 100 * UNIT);
        vm.prank(arb);
        stakeToken.approve(address(pool), 100 * UNIT);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.StakeIncreased(arb, 100 * UNIT, MIN_STAKE + 100 * UNIT);
        vm.prank(arb);
        pool.increaseStake(100 * UNIT);
        assertEq(pool.getArbitrator(arb).stake, MIN_STAKE + 100 * UNIT);
        assertEq(pool.totalStaked(), MIN_STAKE + 100 * UNIT);
        assertEq(pool.totalWeight(), 50);
    }

    function test_increaseStake_revertsIfNotActive() public {
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNotActive.selector, arb));
        vm.prank(arb);
        pool.increaseStake(1);
        _register(arb, MIN_STAKE);
        vm.prank(arb);
        pool.requestUnstake();
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNotActive.selector, arb));
        vm.prank(arb);
        pool.increaseStake(1);
    }

    function test_increaseStake_revertsIfZero() public {
        _register(arb, MIN_STAKE);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolInvalidAmount.selector, 0));
        vm.prank(arb);
        pool.increaseStake(0);
    }

    function test_increaseStake_restoresWeightAfterSlashBelowMinimum() public {
        // Exactly the minimum: one slash leaves it below, so it stops being drawn.
        _register(arb, MIN_STAKE);
        uint256 id = _disputedOrder();
        assertEq(_draw(id), arb);
        vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);
        escrow.replaceArbitrator(id);
        Arbitrator memory a = pool.getArbitrator(arb);
        assertEq(a.stake, MIN_STAKE - (MIN_STAKE * SLASH_BPS) / BPS);
        assertEq(a.reputation, 40);
        assertEq(pool.weightOf(arb), 0, "below min stake is not drawn");
        assertEq(pool.totalWeight(), 0);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNoEligibleArbitrator.selector, id));
        _draw(id);

        uint256 topUp = (MIN_STAKE * SLASH_BPS) / BPS;
        stakeToken.mint(arb, topUp);
        vm.startPrank(arb);
        stakeToken.approve(address(pool), topUp - 1);
        pool.increaseStake(topUp - 1);
        vm.stopPrank();
        assertEq(pool.weightOf(arb), 0, "one unit short");
        vm.startPrank(arb);
        stakeToken.approve(address(pool), 1);
        pool.increaseStake(1);
        vm.stopPrank();
        assertEq(pool.weightOf(arb), 40);
        assertEq(pool.totalWeight(), 40);
    }

    // ---------------------------------------------------------------- requestUnstake / withdrawStake

    function test_requestUnstake_stopsDraws() public {
        _register(arb, MIN_STAKE);
        _register(arb2, MIN_STAKE);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.UnstakeRequested(arb, block.timestamp + COOLDOWN);
        vm.prank(arb);
        pool.requestUnstake();
        Arbitrator memory a = pool.getArbitrator(arb);
        assertEq(uint256(a.status), uint256(ArbitratorStatus.Unstaking));
        assertEq(a.unstakeAvailableAt, block.timestamp + COOLDOWN);
        assertEq(pool.weightOf(arb), 0);
        assertEq(pool.totalWeight(), 50);
        assertTrue(escrow.isArbitratorFlagged(arb), "still flagged until it leaves");
    }

    function testFuzz_requestUnstake_unstakingIsNeverDrawn(uint256 seed) public {
        _register(arb, 100 * MIN_STAKE);
        _register(arb2, MIN_STAKE);
        vm.prank(arb);
        pool.requestUnstake();
        rng.setSeed(seed);
        (, address drawn) = _assignedOrder();
        assertEq(drawn, arb2);
    }

    function test_requestUnstake_revertsIfNotActive() public {
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNotActive.selector, arb));
        vm.prank(arb);
        pool.requestUnstake();
        _register(arb, MIN_STAKE);
        vm.prank(arb);
        pool.requestUnstake();
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNotActive.selector, arb));
        vm.prank(arb);
        pool.requestUnstake();
    }

    function test_withdrawStake_returnsWholeStake() public {
        _register(arb, MIN_STAKE);
        vm.prank(arb);
        pool.requestUnstake();
        vm.warp(block.timestamp + COOLDOWN);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.StakeWithdrawn(arb, MIN_STAKE);
        vm.prank(arb);
        pool.withdrawStake();
        Arbitrator memory a = pool.getArbitrator(arb);
        assertEq(uint256(a.status), uint256(ArbitratorStatus.None));
        assertEq(a.stake, 0);
        assertEq(a.unstakeAvailableAt, 0);
        assertEq(stakeToken.balanceOf(arb), MIN_STAKE);
        assertEq(pool.totalStaked(), 0);
        assertEq(stakeToken.balanceOf(address(pool)), 0);
        assertFalse(escrow.isArbitratorFlagged(arb));
    }

    function test_withdrawStake_revertsIfNotUnstaking() public {
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNotUnstaking.selector, arb));
        vm.prank(arb);
        pool.withdrawStake();
        _register(arb, MIN_STAKE);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNotUnstaking.selector, arb));
        vm.prank(arb);
        pool.withdrawStake();
    }

    function testFuzz_withdrawStake_cooldownBoundary(uint256 elapsed) public {
        elapsed = bound(elapsed, 0, 3 * COOLDOWN);
        _register(arb, MIN_STAKE);
        vm.prank(arb);
        pool.requestUnstake();
        uint256 availableAt = block.timestamp + COOLDOWN;
        vm.warp(block.timestamp + elapsed);
        if (elapsed < COOLDOWN) {
            vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolCooldownActive.selector, arb, availableAt));
        }
        vm.prank(arb);
        pool.withdrawStake();
    }

    function test_withdrawStake_revertsOneSecondBeforeCooldownEnds() public {
        _register(arb, MIN_STAKE);
        vm.prank(arb);
        pool.requestUnstake();
        uint256 availableAt = block.timestamp + COOLDOWN;
        vm.warp(availableAt - 1);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolCooldownActive.selector, arb, availableAt));
        vm.prank(arb);
        pool.withdrawStake();
        vm.warp(availableAt);
        vm.prank(arb);
        pool.withdrawStake();
    }

    function test_withdrawStake_revertsWithOpenCases() public {
        _register(arb, MIN_STAKE);
        (uint256 id, ) = _assignedOrder();
        vm.prank(arb);
        pool.requestUnstake();
        vm.warp(block.timestamp + COOLDOWN);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolOpenCases.selector, arb, 1));
        vm.prank(arb);
        pool.withdrawStake();
        // An unstaking arbitrator still rules its open cases, then leaves.
        _resolve(id, Ruling.Buyer);
        vm.prank(arb);
        pool.withdrawStake();
        assertEq(stakeToken.balanceOf(arb), MIN_STAKE);
    }

    function test_withdrawStake_creditsBlocklistedArbitrator() public {
        MockBlocklistToken bl = new MockBlocklistToken("USD Coin", "USDC", 6);
        (ArbitratorPool p, ) = _deploy(IERC20(address(bl)), MIN_STAKE, IRNG(address(rng)));
        bl.mint(arb, MIN_STAKE);
        vm.startPrank(arb);
        bl.approve(address(p), MIN_STAKE);
        p.register(MIN_STAKE);
        p.requestUnstake();
        vm.stopPrank();
        bl.setBlocklisted(arb, true);
        vm.warp(block.timestamp + COOLDOWN);
        vm.expectEmit(true, true, true, true, address(p));
        emit IArbitratorPool.PaymentCredited(arb, MIN_STAKE);
        vm.prank(arb);
        p.withdrawStake();
        assertEq(p.creditOf(arb), MIN_STAKE);
        assertEq(p.totalStaked(), 0);
        assertEq(bl.balanceOf(address(p)), MIN_STAKE);

        vm.expectEmit(true, true, true, true, address(p));
        emit IArbitratorPool.Withdrawn(arb, arb2, MIN_STAKE);
        vm.prank(arb);
        assertEq(p.withdraw(arb2), MIN_STAKE);
        assertEq(bl.balanceOf(arb2), MIN_STAKE);
        assertEq(p.creditOf(arb), 0);
    }

    // ---------------------------------------------------------------- withdraw (credits)

    function test_withdraw_revertsIfNothingCredited() public {
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNothingToWithdraw.selector, arb));
        vm.prank(arb);
        pool.withdraw(arb);
    }

    function test_withdraw_revertsIfRecipientZero() public {
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolInvalidRecipient.selector, address(0)));
        vm.prank(arb);
        pool.withdraw(address(0));
    }

    // ---------------------------------------------------------------- Reputation

    function test_reportRuling_capsReputationAt100() public {
        _register(arb, MIN_STAKE);
        for (uint256 i; i < 27; ++i) {
            (uint256 id, ) = _assignedOrder();
            _resolve(id, i % 2 == 0 ? Ruling.Buyer : Ruling.Seller);
            uint256 expected = 50 + 2 * (i + 1);
            assertEq(pool.getArbitrator(arb).reputation, expected > 100 ? 100 : expected);
        }
        assertEq(pool.weightOf(arb), 100);
        assertEq(pool.totalWeight(), 100);
    }

    function test_reportMissed_reputationFloorsAtZero() public {
        _register(arb, 2 * MIN_STAKE);
        // Six cases assigned while drawable, all missed.
        uint256[] memory ids = new uint256[](6);
        for (uint256 i; i < 6; ++i) {
            (ids[i], ) = _assignedOrder();
        }
        assertEq(pool.getArbitrator(arb).openCases, 6);
        vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);
        uint256 stake = 2 * MIN_STAKE;
        uint256[6] memory reputations = [uint256(40), 30, 20, 10, 0, 0];
        for (uint256 i; i < 6; ++i) {
            escrow.replaceArbitrator(ids[i]);
            stake -= (stake * SLASH_BPS) / BPS;
            Arbitrator memory a = pool.getArbitrator(arb);
            assertEq(a.reputation, reputations[i]);
            assertEq(a.stake, stake);
            assertEq(a.openCases, 5 - i);
            // Drawable down to exactly 20 (stake stays above the minimum here).
            assertEq(pool.weightOf(arb), reputations[i] >= 20 ? reputations[i] : 0);
        }
        assertEq(pool.totalStaked(), stake);
        assertEq(stakeToken.balanceOf(address(pool)), stake);
    }

    function test_assign_skipsReputationBelow20() public {
        _register(arb, 10 * MIN_STAKE);
        uint256[] memory ids = new uint256[](4);
        for (uint256 i; i < 4; ++i) {
            (ids[i], ) = _assignedOrder();
        }
        vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);
        for (uint256 i; i < 3; ++i) {
            escrow.replaceArbitrator(ids[i]);
        }
        assertEq(pool.getArbitrator(arb).reputation, 20);
        assertEq(pool.weightOf(arb), 20, "20 is still drawable");
        escrow.replaceArbitrator(ids[3]);
        assertEq(pool.getArbitrator(arb).reputation, 10);
        assertEq(pool.weightOf(arb), 0);
        uint256 id = _disputedOrder();
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNoEligibleArbitrator.selector, id));
        _draw(id);
    }

    function testFuzz_reportMissed_slashMath(uint256 stake) public {
        stake = bound(stake, MIN_STAKE, type(uint96).max);
        _register(arb, stake);
        (uint256 id, ) = _assignedOrder();
        vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);
        escrow.replaceArbitrator(id);
        uint256 slashed = (stake * SLASH_BPS) / BPS;
        assertEq(pool.getArbitrator(arb).stake, stake - slashed);
        assertEq(pool.totalStaked(), stake - slashed);
        assertEq(stakeToken.balanceOf(buyer), slashed / 2);
        assertEq(stakeToken.balanceOf(seller), slashed - slashed / 2);
        assertEq(stakeToken.balanceOf(address(pool)), stake - slashed);
    }

    function test_reportMissed_tinyStakeSlashesNothingToOneParty() public {
        // A 15-unit stake at 10% slashes 1 unit: the buyer's half rounds to 0 and is skipped.
        (ArbitratorPool p, P2PEscrow e) = _deploy(IERC20(address(stakeToken)), 1, IRNG(address(rng)));
        pool = p;
        escrow = e;
        vm.prank(owner);
        escrow.configureToken(address(usdc), true, 0);
        _register(arb, 15);
        (uint256 id, ) = _assignedOrder();
        vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);
        escrow.replaceArbitrator(id);
        assertEq(pool.getArbitrator(arb).stake, 14);
        assertEq(stakeToken.balanceOf(buyer), 0);
        assertEq(stakeToken.balanceOf(seller), 1);
        assertEq(pool.creditOf(buyer), 0);
    }

    function test_reportMissed_creditsBlocklistedParty() public {
        MockBlocklistToken bl = new MockBlocklistToken("USD Coin", "USDC", 6);
        (ArbitratorPool p, P2PEscrow e) = _deploy(IERC20(address(bl)), MIN_STAKE, IRNG(address(rng)));
        pool = p;
        escrow = e;
        vm.prank(owner);
        escrow.configureToken(address(usdc), true, 0);
        bl.mint(arb, MIN_STAKE);
        vm.startPrank(arb);
        bl.approve(address(p), MIN_STAKE);
        p.register(MIN_STAKE);
        vm.stopPrank();

        (uint256 id, ) = _assignedOrder();
        bl.setBlocklisted(seller, true);
        vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);
        uint256 slashed = (MIN_STAKE * SLASH_BPS) / BPS;
        vm.expectEmit(true, true, true, true, address(p));
        emit IArbitratorPool.PaymentCredited(seller, slashed - slashed / 2);
        escrow.replaceArbitrator(id);
        assertEq(bl.balanceOf(buyer), slashed / 2, "buyer still paid");
        assertEq(p.creditOf(seller), slashed - slashed / 2);
        assertEq(bl.balanceOf(address(p)), p.totalStaked() + p.creditOf(seller));
        vm.prank(seller);
        p.withdraw(stranger);
        assertEq(bl.balanceOf(stranger), slashed - slashed / 2);
    }

    // ---------------------------------------------------------------- Exclusions

    function testFuzz_assign_excludesArbitratorsWhoTradedWithAParty(uint256 seed) public {
        _register(arb, 50 * MIN_STAKE);
        _register(arb2, MIN_STAKE);
        // arb bought from the seller while registered.
        _toSellerConfirmed(_createOrder(arb, seller, AMOUNT));
        assertTrue(pool.hasTraded(arb, seller));
        rng.setSeed(seed);
        (, address drawn) = _assignedOrder();
        assertEq(drawn, arb2);
    }

    function test_assign_revertsIfOnlyConflictedArbitratorsLeft() public {
        _register(arb, MIN_STAKE);
        _toSellerConfirmed(_createOrder(buyer, arb, AMOUNT));
        assertTrue(pool.hasTraded(arb, buyer));
        uint256 id = _disputedOrder();
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNoEligibleArbitrator.selector, id));
        _draw(id);
    }

    function test_assign_ignoresTradesFromBeforeRegistration() public {
        _toSellerConfirmed(_createOrder(arb, seller, AMOUNT));
        _register(arb, MIN_STAKE);
        assertFalse(pool.hasTraded(arb, seller));
        (, address drawn) = _assignedOrder();
        assertEq(drawn, arb);
    }

    function test_assign_revertsIfOnlyPartiesRegistered() public {
        _register(buyer, MIN_STAKE);
        _register(seller, MIN_STAKE);
        uint256 id = _disputedOrder();
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNoEligibleArbitrator.selector, id));
        _draw(id);
    }

    function test_assign_excludesPreviouslyAssigned() public {
        _register(arb, MIN_STAKE * 4);
        (uint256 id, ) = _assignedOrder();
        vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);
        escrow.replaceArbitrator(id);
        assertTrue(pool.wasAssigned(id, arb));
        assertGt(pool.weightOf(arb), 0);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNoEligibleArbitrator.selector, id));
        _draw(id);
        // A newcomer can take the case.
        _register(arb2, MIN_STAKE);
        assertEq(_draw(id), arb2);
    }

    // ---------------------------------------------------------------- Escrow-only calls

    function test_assign_revertsIfNotEscrow() public {
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolOnlyEscrow.selector, stranger));
        vm.prank(stranger);
        pool.assign(1, buyer, seller, 0);
    }

    function test_reportRuling_revertsIfNotEscrow() public {
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolOnlyEscrow.selector, stranger));
        vm.prank(stranger);
        pool.reportRuling(1, arb, true);
    }

    function test_reportMissed_revertsIfNotEscrow() public {
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolOnlyEscrow.selector, owner));
        vm.prank(owner);
        pool.reportMissed(1, arb, buyer, seller);
    }

    function test_releaseCase_revertsIfNotEscrow() public {
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolOnlyEscrow.selector, arb));
        vm.prank(arb);
        pool.releaseCase(1, arb);
    }

    function test_recordTrade_revertsIfNotEscrow() public {
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolOnlyEscrow.selector, stranger));
        vm.prank(stranger);
        pool.recordTrade(buyer, seller);
    }

    // ---------------------------------------------------------------- bindEscrow

    function test_bindEscrow_bindsOnce() public {
        ArbitratorPool fresh = new ArbitratorPool(owner, IERC20(address(stakeToken)), MIN_STAKE, COOLDOWN, SLASH_BPS);
        assertEq(fresh.escrow(), address(0));
        vm.expectEmit(true, true, true, true, address(fresh));
        emit IArbitratorPool.EscrowBound(address(escrow));
        vm.prank(owner);
        fresh.bindEscrow(address(escrow));
        assertEq(fresh.escrow(), address(escrow));
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolInvalidEscrow.selector, stranger));
        vm.prank(owner);
        fresh.bindEscrow(stranger);
    }

    function test_bindEscrow_revertsIfZero() public {
        ArbitratorPool fresh = new ArbitratorPool(owner, IERC20(address(stakeToken)), MIN_STAKE, COOLDOWN, SLASH_BPS);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolInvalidEscrow.selector, address(0)));
        vm.prank(owner);
        fresh.bindEscrow(address(0));
    }

    function test_bindEscrow_revertsIfNotOwner() public {
        ArbitratorPool fresh = new ArbitratorPool(owner, IERC20(address(stakeToken)), MIN_STAKE, COOLDOWN, SLASH_BPS);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        fresh.bindEscrow(address(escrow));
    }

    // ---------------------------------------------------------------- Views

    function test_views_reportConfiguration() public view {
        assertEq(pool.stakeToken(), address(stakeToken));
        assertEq(pool.minStake(), MIN_STAKE);
        assertEq(pool.unstakeCooldown(), COOLDOWN);
        assertEq(pool.slashBps(), SLASH_BPS);
        assertEq(pool.escrow(), address(escrow));
        assertEq(pool.owner(), owner);
        assertEq(pool.arbitratorCount(), 0);
        assertEq(pool.totalWeight(), 0);
        assertEq(pool.weightOf(arb), 0);
    }
}
