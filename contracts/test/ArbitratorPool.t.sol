// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ArbitratorPool} from "../src/ArbitratorPool.sol";
import {IArbitratorPool} from "../src/interfaces/IArbitratorPool.sol";
import {MockBlocklistToken} from "../src/mocks/MockBlocklistToken.sol";
import {MockERC20} from "../src/mocks/MockERC20.sol";
import {MockFeeOnTransferToken} from "../src/mocks/MockFeeOnTransferToken.sol";
import {Arbitrator, ArbitratorStatus} from "../src/types/Types.sol";
import {PoolTestBase} from "./utils/PoolTestBase.sol";

contract ArbitratorPoolTest is PoolTestBase {
    address internal arb = address(0xA4B1);
    address internal arb2 = address(0xA4B2);

    // ---------------------------------------------------------------- constructor

    function test_constructor_emitsConfiguration() public {
        vm.expectEmit(true, true, true, true);
        emit IArbitratorPool.PoolConfigured(address(stakeToken), MIN_STAKE, COOLDOWN, 5_000, treasury);
        ArbitratorPool p = new ArbitratorPool(owner, IERC20(address(stakeToken)), MIN_STAKE, COOLDOWN, 5_000, treasury);
        assertEq(p.slashBps(), 5_000, "half the stake is the highest cap");
        assertEq(p.slashRecipient(), treasury);
        assertEq(p.escrow(), address(0));
    }

    function test_constructor_revertsOnInvalidConfig() public {
        IERC20 token = IERC20(address(stakeToken));
        bytes memory invalid = abi.encodeWithSelector(IArbitratorPool.PoolInvalidConfig.selector);
        vm.expectRevert(invalid);
        new ArbitratorPool(owner, IERC20(address(0)), MIN_STAKE, COOLDOWN, SLASH_BPS, treasury);
        vm.expectRevert(invalid);
        new ArbitratorPool(owner, token, 0, COOLDOWN, SLASH_BPS, treasury);
        vm.expectRevert(invalid);
        new ArbitratorPool(owner, token, uint256(type(uint96).max) + 1, COOLDOWN, SLASH_BPS, treasury);
        vm.expectRevert(invalid);
        new ArbitratorPool(owner, token, MIN_STAKE, 365 days + 1, SLASH_BPS, treasury);
        vm.expectRevert(invalid);
        new ArbitratorPool(owner, token, MIN_STAKE, COOLDOWN, 5_001, treasury);
    }

    function test_constructor_revertsIfSlashRecipientZero() public {
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolInvalidRecipient.selector, address(0)));
        new ArbitratorPool(owner, IERC20(address(stakeToken)), MIN_STAKE, COOLDOWN, SLASH_BPS, address(0));
    }

    function test_constructor_revertsIfStakeTokenHasMoreThan18Decimals() public {
        MockERC20 wide = new MockERC20("Wide", "WIDE", 19);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolInvalidConfig.selector));
        new ArbitratorPool(owner, IERC20(address(wide)), MIN_STAKE, COOLDOWN, SLASH_BPS, treasury);
    }

    // ---------------------------------------------------------------- register

    function test_register_storesArbitrator() public {
        _fund(arb, MIN_STAKE);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.ArbitratorRegistered(arb, MIN_STAKE, 50);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.WeightUpdated(arb, MIN_STAKE / 2);
        vm.prank(arb);
        pool.register(MIN_STAKE);

        Arbitrator memory a = pool.getArbitrator(arb);
        assertEq(a.stake, MIN_STAKE);
        assertEq(a.reputation, 50);
        assertEq(uint256(a.status), uint256(ArbitratorStatus.Active));
        assertEq(a.treeIndex, 1);
        assertEq(a.openCases, 0);
        assertEq(a.reputationSince, START);
        assertEq(pool.weightOf(arb), MIN_STAKE / 2, "stake x 50 / 100");
        assertEq(pool.totalWeight(), MIN_STAKE / 2);
        assertEq(pool.totalStaked(), MIN_STAKE);
        assertEq(pool.arbitratorCount(), 1);
        assertFalse(pool.isWeightQueued(arb));
        assertEq(stakeToken.balanceOf(address(pool)), MIN_STAKE);
        assertTrue(flagged[address(pool)][arb]);
    }

    function test_register_revertsIfEscrowNotBound() public {
        ArbitratorPool fresh = new ArbitratorPool(
            owner,
            IERC20(address(stakeToken)),
            MIN_STAKE,
            COOLDOWN,
            SLASH_BPS,
            treasury
        );
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolInvalidEscrow.selector, address(0)));
        vm.prank(arb);
        fresh.register(MIN_STAKE);
    }

    function testFuzz_register_revertsBelowMinStake(uint256 amount) public {
        amount = bound(amount, 0, MIN_STAKE - 1);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolStakeTooLow.selector, amount, MIN_STAKE));
        vm.prank(arb);
        pool.register(amount);
    }

    function testFuzz_register_weightIsLinearInStake(uint256 amount) public {
        amount = bound(amount, MIN_STAKE, type(uint96).max);
        _register(arb, amount);
        assertEq(pool.getArbitrator(arb).stake, amount);
        assertEq(pool.totalStaked(), amount);
        assertEq(pool.weightOf(arb), (amount * 50) / 100);
        assertEq(pool.totalWeight(), (amount * 50) / 100);
    }

    function test_register_revertsAboveUint96() public {
        uint256 amount = uint256(type(uint96).max) + 1;
        _fund(arb, amount);
        vm.expectRevert(abi.encodeWithSelector(SafeCast.SafeCastOverflowedUintDowncast.selector, 96, amount));
        vm.prank(arb);
        pool.register(amount);
    }

    function test_register_revertsIfAlreadyRegistered() public {
        _register(arb, MIN_STAKE);
        _fund(arb, MIN_STAKE);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolAlreadyRegistered.selector, arb));
        vm.prank(arb);
        pool.register(MIN_STAKE);
        // Unstaking is still registered.
        _requestUnstake(arb);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolAlreadyRegistered.selector, arb));
        vm.prank(arb);
        pool.register(MIN_STAKE);
    }

    function test_register_revertsIfFeeTokenDeliversLessThanMinimum() public {
        MockFeeOnTransferToken fot = new MockFeeOnTransferToken("Fee", "FEE", 6, 100);
        ArbitratorPool p = _deploy(IERC20(address(fot)), MIN_STAKE);
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

    function test_register_returningArbitratorKeepsReputationAndLeaf() public {
        _register(arb, 2 * MIN_STAKE);
        (uint256 id, ) = _assignCase(0);
        pool.reportMissed(id, arb, 0);
        Arbitrator memory before = pool.getArbitrator(arb);
        assertEq(before.reputation, 40);

        _requestUnstake(arb);
        vm.warp(block.timestamp + COOLDOWN);
        vm.prank(arb);
        pool.withdrawStake();
        assertEq(uint256(pool.getArbitrator(arb).status), uint256(ArbitratorStatus.None));
        assertFalse(flagged[address(pool)][arb]);

        _fund(arb, MIN_STAKE);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.ArbitratorRegistered(arb, MIN_STAKE, 40);
        vm.prank(arb);
        pool.register(MIN_STAKE);
        Arbitrator memory a = pool.getArbitrator(arb);
        assertEq(a.reputation, 40);
        assertEq(a.reputationSince, before.reputationSince, "recovery keeps counting from the last change");
        assertEq(a.treeIndex, before.treeIndex, "same leaf");
        assertEq(pool.arbitratorCount(), 1, "no new leaf");
        assertEq(pool.weightOf(arb), (MIN_STAKE * 40) / 100);
        assertEq(pool.totalWeight(), (MIN_STAKE * 40) / 100);
        assertTrue(flagged[address(pool)][arb]);
    }

    function test_register_queuesWeightWhileDrawOpen() public {
        _register(arb, MIN_STAKE);
        pool.openDraw(_newOrder());
        _fund(arb2, MIN_STAKE);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.WeightQueued(arb2);
        vm.prank(arb2);
        pool.register(MIN_STAKE);
        assertEq(pool.arbitratorCount(), 2, "the leaf exists");
        assertEq(pool.weightOf(arb2), 0, "but holds no weight yet");
        assertEq(pool.totalWeight(), MIN_STAKE / 2);
        assertTrue(pool.isWeightQueued(arb2));
        assertEq(pool.getArbitrator(arb2).stake, MIN_STAKE, "the stake itself is in");
    }

    // ---------------------------------------------------------------- increaseStake

    function test_increaseStake_addsToStakeAndWeight() public {
        _register(arb, MIN_STAKE);
        _fund(arb, 100 * UNIT);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.StakeIncreased(arb, 100 * UNIT, MIN_STAKE + 100 * UNIT);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.WeightUpdated(arb, (MIN_STAKE + 100 * UNIT) / 2);
        vm.prank(arb);
        pool.increaseStake(100 * UNIT);
        assertEq(pool.getArbitrator(arb).stake, MIN_STAKE + 100 * UNIT);
        assertEq(pool.totalStaked(), MIN_STAKE + 100 * UNIT);
        assertEq(pool.totalWeight(), (MIN_STAKE + 100 * UNIT) / 2);
    }

    function test_increaseStake_revertsIfNotActive() public {
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNotActive.selector, arb));
        vm.prank(arb);
        pool.increaseStake(1);
        _register(arb, MIN_STAKE);
        _requestUnstake(arb);
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
        // Exactly the minimum: one capped slash leaves it below, so it stops being drawn.
        _register(arb, MIN_STAKE);
        (uint256 id, ) = _assignCase(0);
        pool.reportMissed(id, arb, _wad(MIN_STAKE));
        uint256 slashed = (MIN_STAKE * SLASH_BPS) / BPS;
        Arbitrator memory a = pool.getArbitrator(arb);
        assertEq(a.stake, MIN_STAKE - slashed);
        assertEq(a.reputation, 40);
        assertEq(pool.weightOf(arb), 0, "below min stake is not drawn");
        assertEq(pool.totalWeight(), 0);

        _increaseStake(arb, slashed - 1);
        assertEq(pool.weightOf(arb), 0, "one unit short");
        _increaseStake(arb, 1);
        assertEq(pool.weightOf(arb), (MIN_STAKE * 40) / 100);
        assertEq(pool.totalWeight(), (MIN_STAKE * 40) / 100);
    }

    function test_increaseStake_queuesOnceWhileDrawOpen() public {
        _register(arb, MIN_STAKE);
        pool.openDraw(_newOrder());
        _fund(arb, 2 * UNIT);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.WeightQueued(arb);
        vm.prank(arb);
        pool.increaseStake(UNIT);
        assertTrue(pool.isWeightQueued(arb));
        // A second change while queued announces nothing new.
        vm.recordLogs();
        vm.prank(arb);
        pool.increaseStake(UNIT);
        assertEq(vm.getRecordedLogs().length, 2, "Transfer and StakeIncreased only");
        assertEq(pool.weightOf(arb), MIN_STAKE / 2, "the tree is unchanged");
        assertEq(pool.getArbitrator(arb).stake, MIN_STAKE + 2 * UNIT);
    }

    // ---------------------------------------------------------------- requestUnstake

    function test_requestUnstake_stopsDraws() public {
        _register(arb, MIN_STAKE);
        _register(arb2, MIN_STAKE);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.UnstakeRequested(arb, block.timestamp + COOLDOWN);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.WeightUpdated(arb, 0);
        _requestUnstake(arb);
        Arbitrator memory a = pool.getArbitrator(arb);
        assertEq(uint256(a.status), uint256(ArbitratorStatus.Unstaking));
        assertEq(a.unstakeAvailableAt, block.timestamp + COOLDOWN);
        assertEq(pool.weightOf(arb), 0);
        assertEq(pool.totalWeight(), MIN_STAKE / 2);
        assertTrue(flagged[address(pool)][arb], "still flagged until it leaves");
    }

    function testFuzz_requestUnstake_unstakingIsNeverDrawn(uint256 seed) public {
        _register(arb, 100 * MIN_STAKE);
        _register(arb2, MIN_STAKE);
        _requestUnstake(arb);
        (, address drawn) = _assignCase(seed);
        assertEq(drawn, arb2);
    }

    function test_requestUnstake_revertsIfNotActive() public {
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNotActive.selector, arb));
        _requestUnstake(arb);
        _register(arb, MIN_STAKE);
        _requestUnstake(arb);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNotActive.selector, arb));
        _requestUnstake(arb);
    }

    function test_requestUnstake_openDrawCanStillDrawIt() public {
        // Only arb is drawable when the draw opens; its unstaking queues, so the draw still has it.
        _register(arb, MIN_STAKE);
        uint256 id = _newOrder();
        pool.openDraw(id);
        _requestUnstake(arb);
        assertTrue(pool.isWeightQueued(arb));
        assertEq(pool.assign(id, buyer, seller, 7), arb);
        assertEq(pool.getArbitrator(arb).openCases, 1, "it must close the case before it leaves");
        // The draw closed: the queued change now applies.
        pool.applyQueuedWeights(_one(arb));
        assertEq(pool.weightOf(arb), 0);
        assertEq(pool.totalWeight(), 0);
    }

    // ---------------------------------------------------------------- withdrawStake

    function test_withdrawStake_returnsWholeStake() public {
        _register(arb, MIN_STAKE);
        _requestUnstake(arb);
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
        assertFalse(flagged[address(pool)][arb]);
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
        _requestUnstake(arb);
        uint256 availableAt = block.timestamp + COOLDOWN;
        vm.warp(block.timestamp + elapsed);
        if (elapsed < COOLDOWN) {
            vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolCooldownActive.selector, arb, availableAt));
        }
        vm.prank(arb);
        pool.withdrawStake();
    }

    function test_withdrawStake_revertsWithOpenCases() public {
        _register(arb, MIN_STAKE);
        (uint256 id, ) = _assignCase(0);
        _requestUnstake(arb);
        vm.warp(block.timestamp + COOLDOWN);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolOpenCases.selector, arb, 1));
        vm.prank(arb);
        pool.withdrawStake();
        // An unstaking arbitrator still rules its open cases, then leaves.
        pool.reportRuling(id, arb);
        vm.prank(arb);
        pool.withdrawStake();
        assertEq(stakeToken.balanceOf(arb), MIN_STAKE);
    }

    function test_withdrawStake_revertsWhileItsWeightIsQueuedAndADrawIsOpen() public {
        _register(arb, MIN_STAKE);
        _register(arb2, MIN_STAKE);
        uint256 id = _newOrder();
        pool.openDraw(id);
        _requestUnstake(arb);
        vm.warp(block.timestamp + COOLDOWN);
        // Leaving now would take arb's leaf out of the tree the open draw reads.
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolDrawPending.selector, 1));
        vm.prank(arb);
        pool.withdrawStake();

        pool.closeDraw(id);
        // No applyQueuedWeights needed: the withdrawal applies the queued change itself.
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.WeightUpdated(arb, 0);
        vm.prank(arb);
        pool.withdrawStake();
        assertEq(pool.weightOf(arb), 0);
        assertFalse(pool.isWeightQueued(arb));
        assertEq(pool.totalWeight(), MIN_STAKE / 2, "only arb2 is left in the tree");
    }

    function test_withdrawStake_leavesDuringADrawWhenItHoldsNoWeight() public {
        // Registered while a draw was open, so its leaf never held weight: leaving moves no draw.
        pool.openDraw(_newOrder());
        _register(arb, MIN_STAKE);
        _requestUnstake(arb);
        assertTrue(pool.isWeightQueued(arb));
        vm.warp(block.timestamp + COOLDOWN);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.WeightUpdated(arb, 0);
        vm.prank(arb);
        pool.withdrawStake();
        assertFalse(pool.isWeightQueued(arb));
        assertEq(pool.totalWeight(), 0);
        assertEq(stakeToken.balanceOf(arb), MIN_STAKE);
    }

    function test_withdrawStake_creditsBlocklistedArbitrator() public {
        MockBlocklistToken bl = new MockBlocklistToken("USD Coin", "USDC", 6);
        ArbitratorPool p = _deploy(IERC20(address(bl)), MIN_STAKE);
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

        // The credit goes only to arb itself, so it waits for the issuer to unblock arb.
        vm.expectRevert(abi.encodeWithSelector(MockBlocklistToken.Blocklisted.selector, arb));
        vm.prank(arb);
        p.withdraw();
        bl.setBlocklisted(arb, false);
        vm.expectEmit(true, true, true, true, address(p));
        emit IArbitratorPool.Withdrawn(arb, MIN_STAKE);
        vm.prank(arb);
        assertEq(p.withdraw(), MIN_STAKE);
        assertEq(bl.balanceOf(arb), MIN_STAKE);
        assertEq(p.creditOf(arb), 0);
    }

    // ---------------------------------------------------------------- withdraw (credits)

    function test_withdraw_revertsIfNothingCredited() public {
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNothingToWithdraw.selector, arb));
        vm.prank(arb);
        pool.withdraw();
    }

    // ---------------------------------------------------------------- recoverReputation

    function test_recoverReputation_addsOnePointPerWholePeriod() public {
        _register(arb, 2 * MIN_STAKE);
        (uint256 id, ) = _assignCase(0);
        vm.warp(block.timestamp + 1 days);
        pool.reportMissed(id, arb, 0);
        uint256 missedAt = block.timestamp;
        assertEq(pool.getArbitrator(arb).reputation, 40);
        assertEq(pool.getArbitrator(arb).reputationSince, missedAt);

        // 3.5 periods: three points; the half period is kept for the next call.
        vm.warp(missedAt + (7 * RECOVERY_PERIOD) / 2);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.ReputationRecovered(arb, 43);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.WeightUpdated(arb, (2 * MIN_STAKE * 43) / 100);
        _recover(arb);
        Arbitrator memory a = pool.getArbitrator(arb);
        assertEq(a.reputation, 43);
        assertEq(a.reputationSince, missedAt + 3 * RECOVERY_PERIOD, "advanced by the periods used only");
        assertEq(pool.weightOf(arb), (2 * MIN_STAKE * 43) / 100);

        vm.warp(missedAt + 4 * RECOVERY_PERIOD);
        _recover(arb);
        assertEq(pool.getArbitrator(arb).reputation, 44, "the half period counted");
    }

    function test_recoverReputation_doesNothingWithinAPeriod() public {
        _register(arb, MIN_STAKE);
        (uint256 id, ) = _assignCase(0);
        pool.reportMissed(id, arb, 0);
        vm.warp(block.timestamp + RECOVERY_PERIOD - 1);
        vm.recordLogs();
        _recover(arb);
        assertEq(vm.getRecordedLogs().length, 0);
        assertEq(pool.getArbitrator(arb).reputation, 40);
    }

    function test_recoverReputation_capsAtStartingReputation() public {
        _register(arb, MIN_STAKE);
        (uint256 id, ) = _assignCase(0);
        pool.reportMissed(id, arb, 0);
        uint256 missedAt = block.timestamp;
        vm.warp(missedAt + 1_000 * RECOVERY_PERIOD);
        _recover(arb);
        Arbitrator memory a = pool.getArbitrator(arb);
        assertEq(a.reputation, INITIAL_REPUTATION);
        assertEq(a.reputationSince, missedAt + 10 * RECOVERY_PERIOD, "ten periods were used");
    }

    function test_recoverReputation_doesNothingAtTheStartingReputation() public {
        _register(arb, MIN_STAKE);
        (uint256 id, ) = _assignCase(0);
        pool.reportRuling(id, arb);
        assertEq(pool.getArbitrator(arb).reputation, INITIAL_REPUTATION);
        vm.warp(block.timestamp + 100 * RECOVERY_PERIOD);
        vm.recordLogs();
        _recover(arb);
        assertEq(vm.getRecordedLogs().length, 0);
        assertEq(pool.getArbitrator(arb).reputation, INITIAL_REPUTATION);
    }

    function test_recoverReputation_revertsIfNotActive() public {
        // A never-registered account has no record to recover (and would otherwise count from 1970).
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNotActive.selector, arb));
        _recover(arb);
        _register(arb, MIN_STAKE);
        _requestUnstake(arb);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNotActive.selector, arb));
        _recover(arb);
    }

    function test_recoverReputation_queuesWhileDrawOpen() public {
        _register(arb, MIN_STAKE);
        (uint256 id, ) = _assignCase(0);
        pool.reportMissed(id, arb, 0);
        uint256 weight = pool.weightOf(arb);
        vm.warp(block.timestamp + RECOVERY_PERIOD);
        pool.openDraw(_newOrder());
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.WeightQueued(arb);
        _recover(arb);
        assertEq(pool.getArbitrator(arb).reputation, 41);
        assertEq(pool.weightOf(arb), weight, "the tree waits");
    }

    // ---------------------------------------------------------------- applyQueuedWeights

    function test_applyQueuedWeights_revertsWhileDrawOpen() public {
        _register(arb, MIN_STAKE);
        uint256 first = _newOrder();
        uint256 second = _newOrder();
        pool.openDraw(first);
        pool.openDraw(second);
        _increaseStake(arb, MIN_STAKE);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolDrawPending.selector, 2));
        pool.applyQueuedWeights(_one(arb));
        pool.assign(first, buyer, seller, 1);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolDrawPending.selector, 1));
        pool.applyQueuedWeights(_one(arb));
        pool.closeDraw(second);
        pool.applyQueuedWeights(_one(arb));
        assertEq(pool.weightOf(arb), MIN_STAKE);
    }

    function test_applyQueuedWeights_appliesQueuedAndSkipsOthers() public {
        _register(arb, MIN_STAKE);
        _register(arb2, MIN_STAKE);
        uint256 id = _newOrder();
        pool.openDraw(id);
        _increaseStake(arb, MIN_STAKE);
        _register(address(0xA4B3), 3 * MIN_STAKE);
        pool.closeDraw(id);
        assertEq(pool.totalWeight(), MIN_STAKE, "nothing applied by closing alone");

        address[] memory accounts = new address[](4);
        accounts[0] = arb;
        accounts[1] = arb2; // not queued: skipped
        accounts[2] = address(0xA4B3);
        accounts[3] = stranger; // not registered: skipped
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.WeightUpdated(arb, MIN_STAKE);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.WeightUpdated(address(0xA4B3), (3 * MIN_STAKE) / 2);
        vm.recordLogs();
        vm.prank(stranger);
        pool.applyQueuedWeights(accounts);
        assertEq(vm.getRecordedLogs().length, 2, "one update per queued account");
        assertEq(pool.weightOf(arb), MIN_STAKE);
        assertEq(pool.weightOf(arb2), MIN_STAKE / 2);
        assertEq(pool.totalWeight(), 3 * MIN_STAKE);
        assertFalse(pool.isWeightQueued(arb));
        assertFalse(pool.isWeightQueued(address(0xA4B3)));
    }

    function test_applyQueuedWeights_settlesAChangeThatCameBackToTheTreeWeight() public {
        // A miss and five rulings while a draw is open: reputation is back at 50, so the tree
        // already holds the right weight, and applying just ends the queue.
        _register(arb, MIN_STAKE);
        uint256[] memory ids = new uint256[](6);
        for (uint256 i; i < 6; ++i) {
            (ids[i], ) = _assignCase(i);
        }
        uint256 id = _newOrder();
        pool.openDraw(id);
        pool.reportMissed(ids[5], arb, 0);
        for (uint256 i; i < 5; ++i) {
            pool.reportRuling(ids[i], arb);
        }
        pool.closeDraw(id);
        assertEq(pool.getArbitrator(arb).reputation, 50);
        assertTrue(pool.isWeightQueued(arb));
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.WeightUpdated(arb, MIN_STAKE / 2);
        pool.applyQueuedWeights(_one(arb));
        assertFalse(pool.isWeightQueued(arb));
        assertEq(pool.totalWeight(), MIN_STAKE / 2);
    }

    // ---------------------------------------------------------------- openDraw / closeDraw

    function test_openDraw_isIdempotent() public {
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.DrawOpened(1);
        pool.openDraw(1);
        vm.roll(block.number + 5);
        vm.recordLogs();
        pool.openDraw(1);
        assertEq(vm.getRecordedLogs().length, 0);
        assertEq(pool.openDraws(), 1);
        pool.openDraw(2);
        assertEq(pool.openDraws(), 2);
    }

    function test_closeDraw_isIdempotent() public {
        pool.openDraw(1);
        pool.openDraw(2);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.DrawClosed(1, 1);
        pool.closeDraw(1);
        vm.recordLogs();
        pool.closeDraw(1);
        pool.closeDraw(3);
        assertEq(vm.getRecordedLogs().length, 0);
        assertEq(pool.openDraws(), 1);
    }

    function test_closeDraw_thenAssignReverts() public {
        _register(arb, MIN_STAKE);
        pool.openDraw(1);
        pool.closeDraw(1);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNoOpenDraw.selector, 1));
        pool.assign(1, buyer, seller, 0);
    }

    // ---------------------------------------------------------------- assign

    function test_assign_drawsAndClosesTheDraw() public {
        _register(arb, MIN_STAKE);
        pool.openDraw(1);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.CaseAssigned(arb, 1);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.DrawClosed(1, 0);
        assertEq(pool.assign(1, buyer, seller, 3), arb);
        assertTrue(pool.wasAssigned(1, arb));
        assertEq(pool.getArbitrator(arb).openCases, 1);
        assertEq(pool.openDraws(), 0);
    }

    function test_assign_revertsWithoutOpenDraw() public {
        _register(arb, MIN_STAKE);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNoOpenDraw.selector, 1));
        pool.assign(1, buyer, seller, 0);
    }

    function test_assign_revertsIfTreeEmpty() public {
        pool.openDraw(1);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNoEligibleArbitrator.selector, 1));
        pool.assign(1, buyer, seller, 0);
    }

    function testFuzz_assign_drawsInProportionToWeightRanges(uint256 seed) public {
        // Leaves at weights 250, 500 and 750 (stakes 500, 1000, 1500): the drawn leaf is the one
        // whose cumulative range holds the first attempt's target.
        address[] memory accounts = new address[](3);
        for (uint256 i; i < 3; ++i) {
            accounts[i] = address(uint160(0xC000 + i));
            _register(accounts[i], (i + 1) * MIN_STAKE);
        }
        uint256 target = uint256(keccak256(abi.encode(seed, uint256(0)))) % pool.totalWeight();
        uint256 expected =
            target < MIN_STAKE / 2
                ? 0
                : target < (3 * MIN_STAKE) / 2
                    ? 1
                    : 2;
        (, address drawn) = _assignCase(seed);
        assertEq(drawn, accounts[expected]);
    }

    function testFuzz_assign_excludesArbitratorsWhoTradedWithAParty(uint256 seed) public {
        _register(arb, 3 * MIN_STAKE);
        _register(arb2, MIN_STAKE);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.TradeRecorded(arb, seller);
        pool.recordTrade(arb, seller);
        assertTrue(pool.hasTraded(arb, seller));
        assertFalse(pool.hasTraded(seller, arb), "seller is not an arbitrator");
        vm.roll(block.number + 1);
        uint256 id = _newOrder();
        pool.openDraw(id);
        // Every attempt that lands on arb is retried; arb2 is drawn, or, if all 16 attempts land
        // on arb, nobody is.
        try pool.assign(id, buyer, seller, seed) returns (address drawn) {
            assertEq(drawn, arb2);
        } catch (bytes memory reason) {
            assertEq(
                keccak256(reason),
                keccak256(abi.encodeWithSelector(IArbitratorPool.PoolNoEligibleArbitrator.selector, id))
            );
        }
    }

    function test_assign_revertsIfOnlyConflictedArbitratorsLeft() public {
        _register(arb, MIN_STAKE);
        pool.recordTrade(buyer, arb);
        vm.roll(block.number + 1);
        uint256 id = _newOrder();
        pool.openDraw(id);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNoEligibleArbitrator.selector, id));
        pool.assign(id, buyer, seller, 0);
    }

    function test_assign_ignoresTradesRecordedSinceTheDrawOpened() public {
        _register(arb, MIN_STAKE);
        uint256 id = _newOrder();
        pool.openDraw(id);
        // In the draw's own block and later: neither could be placed before the draw opened.
        pool.recordTrade(arb, buyer);
        vm.roll(block.number + 1);
        pool.recordTrade(seller, arb);
        assertTrue(pool.hasTraded(arb, buyer));
        assertTrue(pool.hasTraded(arb, seller));
        assertEq(pool.assign(id, buyer, seller, 0), arb);
        // The next draw opens after the trades: they exclude arb from it.
        vm.roll(block.number + 1);
        uint256 next = _newOrder();
        pool.openDraw(next);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNoEligibleArbitrator.selector, next));
        pool.assign(next, buyer, seller, 0);
    }

    function test_assign_ignoresTradesFromBeforeRegistration() public {
        pool.recordTrade(arb, seller);
        _register(arb, MIN_STAKE);
        assertFalse(pool.hasTraded(arb, seller));
        vm.roll(block.number + 1);
        (, address drawn) = _assignCase(0);
        assertEq(drawn, arb);
    }

    function test_assign_revertsIfOnlyPartiesRegistered() public {
        _register(buyer, MIN_STAKE);
        _register(seller, MIN_STAKE);
        uint256 id = _newOrder();
        pool.openDraw(id);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNoEligibleArbitrator.selector, id));
        pool.assign(id, buyer, seller, 0);
    }

    function test_assign_excludesPreviouslyAssigned() public {
        _register(arb, MIN_STAKE * 4);
        (uint256 id, ) = _assignCase(0);
        pool.openDraw(id);
        pool.reportMissed(id, arb, 0);
        assertTrue(pool.wasAssigned(id, arb));
        assertGt(pool.weightOf(arb), 0);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolNoEligibleArbitrator.selector, id));
        pool.assign(id, buyer, seller, 0);
        // A newcomer can take the case once its weight is in.
        pool.closeDraw(id);
        _register(arb2, MIN_STAKE * 4);
        pool.openDraw(id);
        assertEq(pool.assign(id, buyer, seller, 0), arb2);
    }

    // ---------------------------------------------------------------- reportRuling

    function test_reportRuling_restoresReputationLostToALapse() public {
        _register(arb, MIN_STAKE);
        (uint256 missedId, ) = _assignCase(0);
        pool.reportMissed(missedId, arb, 0);
        (uint256 id, ) = _assignCase(1);
        vm.warp(block.timestamp + 3 days);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.CaseRuled(arb, id, 42);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.WeightUpdated(arb, (MIN_STAKE * 42) / 100);
        pool.reportRuling(id, arb);
        Arbitrator memory a = pool.getArbitrator(arb);
        assertEq(a.reputation, 42);
        assertEq(a.reputationSince, block.timestamp);
        assertEq(a.openCases, 0);
    }

    /// Self-dealing reputation farm: an owner disputing with itself can make its own arbitrator
    /// rule as often as it likes. Rulings only give back what lapses took, so the farm never
    /// raises the arbitrator's weight above where every arbitrator starts.
    function test_reportRuling_neverRaisesReputationPastTheStart() public {
        _register(arb, MIN_STAKE);
        uint256 weightBefore = pool.weightOf(arb);
        for (uint256 i; i < 30; ++i) {
            (uint256 id, ) = _assignCase(i);
            pool.reportRuling(id, arb);
            assertEq(pool.getArbitrator(arb).reputation, 50);
        }
        assertEq(pool.weightOf(arb), weightBefore, "the farm gained no weight");
        assertEq(pool.totalWeight(), weightBefore);
    }

    // ---------------------------------------------------------------- reportMissed

    function test_reportMissed_reputationFloorsAtZero() public {
        _register(arb, 2 * MIN_STAKE);
        uint256[] memory ids = new uint256[](6);
        for (uint256 i; i < 6; ++i) {
            (ids[i], ) = _assignCase(i);
        }
        assertEq(pool.getArbitrator(arb).openCases, 6);
        uint256[6] memory reputations = [uint256(40), 30, 20, 10, 0, 0];
        for (uint256 i; i < 6; ++i) {
            pool.reportMissed(ids[i], arb, 0);
            Arbitrator memory a = pool.getArbitrator(arb);
            assertEq(a.reputation, reputations[i]);
            assertEq(a.openCases, 5 - i);
            // Drawable down to exactly 20.
            assertEq(pool.weightOf(arb), reputations[i] >= FLOOR ? (2 * MIN_STAKE * reputations[i]) / 100 : 0);
        }
        assertEq(pool.getArbitrator(arb).stake, 2 * MIN_STAKE, "a zero fee slashes nothing");
    }

    function test_reportMissed_slashesTwiceTheFeeToTheSlashRecipient() public {
        _register(arb, 2 * MIN_STAKE);
        (uint256 id, ) = _assignCase(0);
        uint256 fee = 25 * UNIT;
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.ArbitratorPenalized(arb, id, 2 * fee, 2 * MIN_STAKE - 2 * fee, 40);
        pool.reportMissed(id, arb, _wad(fee));
        assertEq(stakeToken.balanceOf(treasury), 2 * fee);
        assertEq(stakeToken.balanceOf(buyer), 0, "nothing to the parties");
        assertEq(stakeToken.balanceOf(seller), 0, "nothing to the parties");
        assertEq(pool.totalStaked(), 2 * MIN_STAKE - 2 * fee);
        assertEq(stakeToken.balanceOf(address(pool)), pool.totalStaked());
    }

    function test_reportMissed_rejectsUnknownCase() public {
        // The escrow only reports cases it assigned; a report with no open case underflows.
        vm.expectRevert(abi.encodeWithSignature("Panic(uint256)", 0x11));
        pool.reportMissed(1, arb, 0);
    }

    function test_reportMissed_convertsFeesFrom18Decimals() public {
        MockERC20 dai = new MockERC20("Dai", "DAI", 18);
        ArbitratorPool p = _deploy(IERC20(address(dai)), 500 ether);
        dai.mint(arb, 1_000 ether);
        vm.startPrank(arb);
        dai.approve(address(p), 1_000 ether);
        p.register(1_000 ether);
        vm.stopPrank();
        p.openDraw(1);
        p.assign(1, buyer, seller, 0);
        p.reportMissed(1, arb, 3 ether + 1);
        assertEq(dai.balanceOf(treasury), 6 ether + 2, "an 18-decimal token keeps every unit");
    }

    function test_reportMissed_creditsBlocklistedSlashRecipient() public {
        MockBlocklistToken bl = new MockBlocklistToken("USD Coin", "USDC", 6);
        ArbitratorPool p = _deploy(IERC20(address(bl)), MIN_STAKE);
        bl.mint(arb, MIN_STAKE);
        vm.startPrank(arb);
        bl.approve(address(p), MIN_STAKE);
        p.register(MIN_STAKE);
        vm.stopPrank();
        p.openDraw(1);
        p.assign(1, buyer, seller, 0);
        bl.setBlocklisted(treasury, true);
        vm.expectEmit(true, true, true, true, address(p));
        emit IArbitratorPool.PaymentCredited(treasury, 10 * UNIT);
        p.reportMissed(1, arb, _wad(5 * UNIT));
        assertEq(p.creditOf(treasury), 10 * UNIT);
        assertEq(bl.balanceOf(address(p)), p.totalStaked() + p.creditOf(treasury));

        bl.setBlocklisted(treasury, false);
        vm.prank(treasury);
        assertEq(p.withdraw(), 10 * UNIT);
        assertEq(bl.balanceOf(treasury), 10 * UNIT);
    }

    // ---------------------------------------------------------------- releaseCase / recordTrade

    function test_releaseCase_closesTheCaseWithoutReputationChange() public {
        _register(arb, MIN_STAKE);
        (uint256 id, ) = _assignCase(0);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.CaseReleased(arb, id);
        pool.releaseCase(id, arb);
        Arbitrator memory a = pool.getArbitrator(arb);
        assertEq(a.openCases, 0);
        assertEq(a.reputation, 50);
        assertEq(a.stake, MIN_STAKE);
    }

    function test_recordTrade_recordsOnlyRegisteredArbitratorsOnce() public {
        _register(arb, MIN_STAKE);
        _register(arb2, MIN_STAKE);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.TradeRecorded(arb, arb2);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IArbitratorPool.TradeRecorded(arb2, arb);
        pool.recordTrade(arb, arb2);
        vm.recordLogs();
        pool.recordTrade(arb2, arb);
        pool.recordTrade(buyer, seller);
        assertEq(vm.getRecordedLogs().length, 0);
        assertTrue(pool.hasTraded(arb, arb2));
        assertFalse(pool.hasTraded(buyer, seller));
    }

    // ---------------------------------------------------------------- Escrow-only calls

    function test_openDraw_revertsIfNotEscrow() public {
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolOnlyEscrow.selector, stranger));
        vm.prank(stranger);
        pool.openDraw(1);
    }

    function test_closeDraw_revertsIfNotEscrow() public {
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolOnlyEscrow.selector, stranger));
        vm.prank(stranger);
        pool.closeDraw(1);
    }

    function test_assign_revertsIfNotEscrow() public {
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolOnlyEscrow.selector, stranger));
        vm.prank(stranger);
        pool.assign(1, buyer, seller, 0);
    }

    function test_reportRuling_revertsIfNotEscrow() public {
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolOnlyEscrow.selector, stranger));
        vm.prank(stranger);
        pool.reportRuling(1, arb);
    }

    function test_reportMissed_revertsIfNotEscrow() public {
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolOnlyEscrow.selector, owner));
        vm.prank(owner);
        pool.reportMissed(1, arb, 0);
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
        ArbitratorPool fresh = _fresh();
        assertEq(fresh.escrow(), address(0));
        vm.expectEmit(true, true, true, true, address(fresh));
        emit IArbitratorPool.EscrowBound(address(this));
        vm.prank(owner);
        fresh.bindEscrow(address(this));
        assertEq(fresh.escrow(), address(this));
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolInvalidEscrow.selector, stranger));
        vm.prank(owner);
        fresh.bindEscrow(stranger);
    }

    function test_bindEscrow_revertsIfZero() public {
        ArbitratorPool fresh = _fresh();
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolInvalidEscrow.selector, address(0)));
        vm.prank(owner);
        fresh.bindEscrow(address(0));
    }

    function test_bindEscrow_revertsIfNotOwner() public {
        ArbitratorPool fresh = _fresh();
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        fresh.bindEscrow(address(this));
    }

    // ---------------------------------------------------------------- Views

    function test_views_reportConfiguration() public view {
        assertEq(pool.stakeToken(), address(stakeToken));
        assertEq(pool.minStake(), MIN_STAKE);
        assertEq(pool.unstakeCooldown(), COOLDOWN);
        assertEq(pool.slashBps(), SLASH_BPS);
        assertEq(pool.slashRecipient(), treasury);
        assertEq(pool.escrow(), address(this));
        assertEq(pool.owner(), owner);
        assertEq(pool.arbitratorCount(), 0);
        assertEq(pool.totalWeight(), 0);
        assertEq(pool.weightOf(arb), 0);
        assertEq(pool.openDraws(), 0);
        assertFalse(pool.isWeightQueued(arb));
    }

    // ---------------------------------------------------------------- Helpers

    function _fresh() internal returns (ArbitratorPool) {
        return new ArbitratorPool(owner, IERC20(address(stakeToken)), MIN_STAKE, COOLDOWN, SLASH_BPS, treasury);
    }

    function _one(address account) internal pure returns (address[] memory accounts) {
        accounts = new address[](1);
        accounts[0] = account;
    }
}
