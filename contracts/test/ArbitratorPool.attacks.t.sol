// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IArbitratorPool} from "../src/interfaces/IArbitratorPool.sol";
import {Arbitrator} from "../src/types/Types.sol";
import {PoolTestBase} from "./utils/PoolTestBase.sol";

/// @notice What an attacker can and cannot do to the pool's economics: move a draw whose seed it
/// has seen, gain draws by splitting its stake, profit from slashes, or get locked out for good.
contract ArbitratorPoolAttackTest is PoolTestBase {
    /// @dev The order's parties are the attacker's; so are these staked accounts.
    address[] internal attackers;
    address[] internal honest;
    /// @dev Cases assigned before the attacked draw opened, to be ruled or lapsed during it.
    uint256[] internal caseIds;
    address[] internal caseArbitrators;
    uint256 internal newcomers;

    function setUp() public override {
        super.setUp();
        honest = _registerVaried(0xA000);
        attackers = _registerVaried(0xE000);
    }

    // ---------------------------------------------------------------- A draw is fixed when it opens

    function testFuzz_assign_seedWatcherCannotChangeDrawByRegistering(uint256 seed) public {
        _assertDrawUnchanged(seed, _attackRegister);
    }

    function testFuzz_assign_seedWatcherCannotChangeDrawByStakingMore(uint256 seed) public {
        _assertDrawUnchanged(seed, _attackStakeMore);
    }

    function testFuzz_assign_seedWatcherCannotChangeDrawByUnstaking(uint256 seed) public {
        _assertDrawUnchanged(seed, _attackUnstake);
    }

    function testFuzz_assign_seedWatcherCannotChangeDrawByRecordingTrades(uint256 seed) public {
        _assertDrawUnchanged(seed, _attackTrade);
    }

    function testFuzz_assign_seedWatcherCannotChangeDrawByLapsingOrRuling(uint256 seed) public {
        _assignSomeCases(6);
        _assertDrawUnchanged(seed, _attackCloseCases);
    }

    /// @dev Any sequence of pool changes between openDraw and assign: the same arbitrator is drawn
    /// as with no changes at all (or the draw fails alike).
    function testFuzz_assign_poolChangesBetweenOpenAndAssignDoNotChangeDraw(
        uint256 seed,
        uint256 script,
        uint256 length
    ) public {
        _assignSomeCases(6);
        // One attacker account began unstaking before the draw, so it may try to leave during it.
        _requestUnstake(attackers[3]);
        length = bound(length, 1, 24);

        uint256 id = _newOrder();
        pool.openDraw(id);
        vm.roll(block.number + 1); // the seed is known from a later block on
        uint256 snapshot = vm.snapshotState();
        (bool okBefore, address drawnBefore, bytes32 errorBefore) = _tryAssign(id, seed);
        vm.revertToState(snapshot);

        for (uint256 i; i < length; ++i) {
            _randomChange(uint256(keccak256(abi.encode(script, i))));
        }
        (bool okAfter, address drawnAfter, bytes32 errorAfter) = _tryAssign(id, seed);
        assertEq(okAfter, okBefore);
        assertEq(drawnAfter, drawnBefore, "same arbitrator");
        vm.assertEq(errorAfter, errorBefore, "same failure");
    }

    // ---------------------------------------------------------------- Queued changes land after the draws

    function test_applyQueuedWeights_changesLandOnlyOnceDrawsClose() public {
        address attacker = attackers[0];
        uint256 weightBefore = pool.weightOf(attacker);
        uint256 totalBefore = pool.totalWeight();
        uint256 id = _newOrder();
        pool.openDraw(id);
        _increaseStake(attacker, 100 * MIN_STAKE);
        _register(address(0xD00D), 50 * MIN_STAKE);
        address[] memory queued = new address[](2);
        queued[0] = attacker;
        queued[1] = address(0xD00D);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolDrawPending.selector, 1));
        pool.applyQueuedWeights(queued);
        assertEq(pool.weightOf(attacker), weightBefore);
        assertEq(pool.totalWeight(), totalBefore);

        pool.assign(id, buyer, seller, 1);
        pool.applyQueuedWeights(queued);
        Arbitrator memory a = pool.getArbitrator(attacker);
        assertEq(pool.weightOf(attacker), (uint256(a.stake) * a.reputation) / 100);
        assertEq(pool.weightOf(address(0xD00D)), (50 * MIN_STAKE) / 2);
        assertEq(pool.totalWeight(), totalBefore - weightBefore + pool.weightOf(attacker) + (50 * MIN_STAKE) / 2);
        assertFalse(pool.isWeightQueued(attacker));
        assertFalse(pool.isWeightQueued(address(0xD00D)));
    }

    // ---------------------------------------------------------------- Splitting a stake

    /// @dev The same stake as one account or split over `parts` accounts, next to the same honest
    /// pool: the split accounts together weigh no more (each rounds down), so their share of every
    /// draw is no larger.
    function testFuzz_register_splittingStakeDoesNotRaiseDrawChance(uint256 stake, uint256 parts) public {
        parts = bound(parts, 2, 20);
        stake = bound(stake, parts * MIN_STAKE, 1_000_000 * MIN_STAKE);
        uint256 honestWeight = pool.totalWeight() - _sum(attackers);

        pool = _deploy(IERC20(address(stakeToken)), MIN_STAKE);
        _registerHonestCopy();
        _register(address(0xF000), stake);
        uint256 whole = pool.weightOf(address(0xF000));
        assertEq(whole, (stake * INITIAL_REPUTATION) / 100, "weight is linear in stake");
        assertEq(pool.totalWeight(), honestWeight + whole);

        pool = _deploy(IERC20(address(stakeToken)), MIN_STAKE);
        _registerHonestCopy();
        address[] memory split = new address[](parts);
        for (uint256 i; i < parts; ++i) {
            split[i] = address(uint160(0xF100 + i));
            // The last part takes the remainder, so the parts add up to the whole stake.
            _register(split[i], i + 1 < parts ? stake / parts : stake - (stake / parts) * (parts - 1));
        }
        uint256 splitWeight = _sum(split);
        assertEq(pool.totalWeight(), honestWeight + splitWeight);
        assertLe(splitWeight, whole, "splitting never adds weight");
        vm.assertLt(whole - splitWeight, parts, "it only loses rounding");
        // P(split) = splitWeight / (honestWeight + splitWeight) <= whole / (honestWeight + whole).
        assertLe(splitWeight * (honestWeight + whole), whole * (honestWeight + splitWeight));
    }

    // ---------------------------------------------------------------- Slashing

    function testFuzz_reportMissed_slashIsTwiceTheFeeCappedAtSlashBps(uint256 stake, uint256 fee) public {
        stake = bound(stake, MIN_STAKE, type(uint96).max);
        fee = bound(fee, 0, type(uint128).max);
        address arb = address(0xAB);
        _register(arb, stake);
        (uint256 id, address drawn) = _assignCaseTo(arb);
        assertEq(drawn, arb);
        uint256 stakedBefore = pool.totalStaked();

        pool.reportMissed(id, arb, _wad(fee));
        uint256 cap = (stake * SLASH_BPS) / BPS;
        uint256 expected = 2 * fee < cap ? 2 * fee : cap;
        assertEq(pool.getArbitrator(arb).stake, stake - expected);
        assertEq(stakeToken.balanceOf(treasury), expected, "all of it to the slash recipient");
        assertEq(stakeToken.balanceOf(buyer) + stakeToken.balanceOf(seller), 0, "none to the parties");
        assertEq(pool.totalStaked(), stakedBefore - expected);
        assertEq(stakeToken.balanceOf(address(pool)), pool.totalStaked());
    }

    function test_reportMissed_dustCaseCostsLittle() public {
        address arb = address(0xAB);
        _register(arb, 2 * MIN_STAKE);
        (uint256 id, ) = _assignCaseTo(arb);
        // A 0.10 fee: the lapse costs 0.20, not the 100 that 10% of the stake would be.
        pool.reportMissed(id, arb, _wad(UNIT / 10));
        assertEq(stakeToken.balanceOf(treasury), UNIT / 5);
        assertEq(pool.getArbitrator(arb).stake, 2 * MIN_STAKE - UNIT / 5);
        // Below one stake-token unit, nothing at all moves.
        (id, ) = _assignCaseTo(arb);
        pool.reportMissed(id, arb, _wad(1) - 1);
        assertEq(stakeToken.balanceOf(treasury), UNIT / 5);
    }

    function test_reportMissed_largeCaseIsCappedAtSlashBpsOfStake() public {
        address arb = address(0xAB);
        _register(arb, 2 * MIN_STAKE);
        (uint256 id, ) = _assignCaseTo(arb);
        pool.reportMissed(id, arb, _wad(1_000_000 * UNIT));
        assertEq(stakeToken.balanceOf(treasury), (2 * MIN_STAKE * SLASH_BPS) / BPS);
        assertEq(pool.getArbitrator(arb).stake, 2 * MIN_STAKE - (2 * MIN_STAKE * SLASH_BPS) / BPS);
    }

    // ---------------------------------------------------------------- Recovery

    /// @dev Four missed cheap cases take an arbitrator from 50 to 10, below the floor of 20, for
    /// 8 units of its stake. Ten recovery periods later it is drawable again.
    function test_recoverReputation_cheapLapsesThenRecoveryMakesArbitratorDrawableAgain() public {
        address arb = address(0xAB);
        _register(arb, 600 * UNIT);
        uint256 lastMiss;
        for (uint256 i; i < 4; ++i) {
            (uint256 id, ) = _assignCaseTo(arb);
            vm.warp(block.timestamp + 7 days);
            pool.reportMissed(id, arb, _wad(UNIT));
            lastMiss = block.timestamp;
        }
        Arbitrator memory a = pool.getArbitrator(arb);
        assertEq(a.reputation, 10);
        assertEq(a.stake, 592 * UNIT, "four cheap cases cost 2 units each");
        assertEq(pool.weightOf(arb), 0, "below the floor");
        address other = address(0xAC);
        _register(other, MIN_STAKE);
        _assertNeverDrawn(arb);

        vm.warp(lastMiss + 10 * RECOVERY_PERIOD - 1);
        _recover(arb);
        assertEq(pool.getArbitrator(arb).reputation, 19);
        assertEq(pool.weightOf(arb), 0, "one second short of the tenth period");
        _assertNeverDrawn(arb);

        vm.warp(lastMiss + 10 * RECOVERY_PERIOD);
        _recover(arb);
        assertEq(pool.getArbitrator(arb).reputation, FLOOR);
        assertEq(pool.weightOf(arb), (592 * UNIT * FLOOR) / 100);
        _requestUnstake(other);
        (, address drawn) = _assignCase(0);
        assertEq(drawn, arb, "drawable again");
    }

    // ---------------------------------------------------------------- Attacks

    function _attackRegister() internal {
        for (uint256 i; i < 5; ++i) {
            _register(address(uint160(0xD000 + i)), 1_000 * MIN_STAKE);
        }
    }

    function _attackStakeMore() internal {
        for (uint256 i; i < attackers.length; ++i) {
            _increaseStake(attackers[i], 1_000 * MIN_STAKE);
        }
    }

    function _attackUnstake() internal {
        for (uint256 i; i < attackers.length; ++i) {
            _requestUnstake(attackers[i]);
        }
    }

    /// @dev The buyer buys from every honest arbitrator (and sells to them), trying to exclude
    /// whoever the seed points at so that a retry lands on one of the attacker's accounts.
    function _attackTrade() internal {
        for (uint256 i; i < honest.length; ++i) {
            pool.recordTrade(buyer, honest[i]);
            pool.recordTrade(honest[i], seller);
        }
    }

    /// @dev Closes the earlier cases: the attacker's accounts lapse theirs (losing weight), the
    /// honest rule theirs (gaining weight).
    function _attackCloseCases() internal {
        for (uint256 i; i < caseIds.length; ++i) {
            address arbitrator = caseArbitrators[i];
            if (_isAttacker(arbitrator)) pool.reportMissed(caseIds[i], arbitrator, _wad(100 * UNIT));
            else pool.reportRuling(caseIds[i], arbitrator);
        }
    }

    /// @dev One pool change an attacker (or the escrow, on the attacker's cue) could make.
    function _randomChange(uint256 r) internal {
        address[] memory all = _everyone();
        address account = all[(r >> 8) % all.length];
        uint256 amount = bound(r >> 64, 1, 1_000 * MIN_STAKE);
        uint256 kind = r % 10;
        if (kind == 0) {
            address newcomer = address(uint160(0xD100 + newcomers++));
            _fund(newcomer, amount + MIN_STAKE);
            vm.prank(newcomer);
            pool.register(amount + MIN_STAKE);
        } else if (kind == 1) {
            _fund(account, amount);
            _attempt(account, abi.encodeCall(pool.increaseStake, (amount)));
        } else if (kind == 2) {
            _attempt(account, abi.encodeCall(pool.requestUnstake, ()));
        } else if (kind == 3) {
            vm.warp(block.timestamp + COOLDOWN);
            _attempt(account, abi.encodeCall(pool.withdrawStake, ()));
        } else if (kind == 4) {
            pool.recordTrade((r & 256) == 0 ? buyer : seller, account);
        } else if (kind == 5 || kind == 6) {
            uint256 n = caseIds.length;
            if (n == 0) return;
            uint256 id = caseIds[n - 1];
            address arbitrator = caseArbitrators[n - 1];
            caseIds.pop();
            caseArbitrators.pop();
            if (kind == 5) pool.reportRuling(id, arbitrator);
            else pool.reportMissed(id, arbitrator, _wad(amount));
        } else if (kind == 7) {
            vm.warp(block.timestamp + ((r >> 128) % (20 * RECOVERY_PERIOD)));
            _attempt(account, abi.encodeCall(pool.recoverReputation, ()));
        } else if (kind == 8) {
            // Another dispute's draw opens and is drawn or dropped meanwhile.
            uint256 other = _newOrder();
            pool.openDraw(other);
            if ((r & 512) == 0) pool.closeDraw(other);
            else _attempt(address(this), abi.encodeCall(pool.assign, (other, stranger, owner, r)));
        } else {
            bool applied = _attempt(address(this), abi.encodeCall(pool.applyQueuedWeights, (all)));
            assertFalse(applied, "applied while a draw was open");
        }
        vm.roll(block.number + 1);
    }

    // ---------------------------------------------------------------- Helpers

    /// @dev Calls the pool as `caller`; a change the pool refuses is simply not made.
    function _attempt(address caller, bytes memory data) internal returns (bool ok) {
        if (caller != address(this)) vm.prank(caller);
        // solhint-disable-next-line avoid-low-level-calls
        (ok, ) = address(pool).call(data);
    }

    function _assertDrawUnchanged(uint256 seed, function() internal attack) internal {
        uint256 id = _newOrder();
        pool.openDraw(id);
        vm.roll(block.number + 1); // the seed is known from a later block on
        uint256 snapshot = vm.snapshotState();
        address expected = pool.assign(id, buyer, seller, seed);
        vm.revertToState(snapshot);
        attack();
        assertEq(pool.assign(id, buyer, seller, seed), expected, "the attack moved the draw");
    }

    function _tryAssign(uint256 id, uint256 seed) internal returns (bool ok, address drawn, bytes32 error) {
        try pool.assign(id, buyer, seller, seed) returns (address arbitrator) {
            return (true, arbitrator, bytes32(0));
        } catch (bytes memory reason) {
            return (false, address(0), keccak256(reason));
        }
    }

    function _assignSomeCases(uint256 count) internal {
        for (uint256 i; i < count; ++i) {
            (uint256 id, address arbitrator) = _assignCase(uint256(keccak256(abi.encode("case", i))));
            caseIds.push(id);
            caseArbitrators.push(arbitrator);
        }
    }

    /// @dev Draws a case until `arbitrator` gets it (it must be drawable).
    function _assignCaseTo(address arbitrator) internal returns (uint256 id, address drawn) {
        _leaveOnly(arbitrator);
        return _assignCase(0);
    }

    /// @dev Every other setUp arbitrator unstakes, so `arbitrator` is alone in the tree.
    function _leaveOnly(address arbitrator) internal {
        address[] memory all = _everyone();
        for (uint256 i; i < all.length; ++i) {
            if (all[i] != arbitrator && pool.weightOf(all[i]) != 0) _requestUnstake(all[i]);
        }
    }

    function _assertNeverDrawn(address arbitrator) internal {
        for (uint256 i; i < 32; ++i) {
            (, address drawn) = _assignCase(uint256(keccak256(abi.encode("never", i))));
            assertNotEq(drawn, arbitrator, "drawn below the floor");
        }
    }

    /// @dev Four accounts from `base` upward with differing stakes, so their weights differ.
    function _registerVaried(uint160 base) internal returns (address[] memory accounts) {
        accounts = new address[](4);
        for (uint256 i; i < 4; ++i) {
            accounts[i] = address(base + uint160(i));
            _register(accounts[i], (i + 1) * MIN_STAKE + i * 37 * UNIT);
        }
    }

    /// @dev The honest accounts' stakes again, in the current pool, under other addresses.
    function _registerHonestCopy() internal {
        _registerVaried(0xA100);
    }

    function _everyone() internal view returns (address[] memory all) {
        all = new address[](honest.length + attackers.length);
        for (uint256 i; i < honest.length; ++i) {
            all[i] = honest[i];
        }
        for (uint256 i; i < attackers.length; ++i) {
            all[honest.length + i] = attackers[i];
        }
    }

    function _isAttacker(address account) internal view returns (bool) {
        for (uint256 i; i < attackers.length; ++i) {
            if (attackers[i] == account) return true;
        }
        return false;
    }

    function _sum(address[] memory accounts) internal view returns (uint256 total) {
        for (uint256 i; i < accounts.length; ++i) {
            total += pool.weightOf(accounts[i]);
        }
    }
}
