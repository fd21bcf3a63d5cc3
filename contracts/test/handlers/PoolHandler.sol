// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Arbitrator, ArbitratorStatus} from "../../src/types/Types.sol";
import {HandlerBase} from "./HandlerBase.sol";

/// @notice Invariant handler for the arbitrators: registering, staking, unstaking (keeping a few
/// in the pool so disputes can still be drawn), withdrawing stakes and credits (to themselves),
/// and applying queued weights once no draw is open.
contract PoolHandler is HandlerBase {
    function register(uint256 arbSeed, uint256 amount) external step {
        address a = books.arbs(arbSeed % books.arbCount());
        if (_pool.getArbitrator(a).status != ArbitratorStatus.None || _d.bl.isBlocklisted(a)) return;
        uint256 minStake = _pool.minStake();
        amount = _bound(amount, minStake, 10 * minStake);
        _d.bl.mint(a, amount);
        vm.startPrank(a);
        _d.bl.approve(address(_pool), amount);
        _pool.register(amount);
        vm.stopPrank();
    }

    function increaseStake(uint256 arbSeed, uint256 amount) external step {
        address a = books.arbs(arbSeed % books.arbCount());
        if (_pool.getArbitrator(a).status != ArbitratorStatus.Active || _d.bl.isBlocklisted(a)) return;
        amount = _bound(amount, 1, 5 * _pool.minStake());
        _d.bl.mint(a, amount);
        vm.startPrank(a);
        _d.bl.approve(address(_pool), amount);
        _pool.increaseStake(amount);
        vm.stopPrank();
    }

    function requestUnstake(uint256 arbSeed) external step {
        uint256 n = books.arbCount();
        address a = books.arbs(arbSeed % n);
        if (_pool.getArbitrator(a).status != ArbitratorStatus.Active) return;
        // Keep a few arbitrators around, or every later dispute would stall without a draw.
        uint256 active;
        for (uint256 i; i < n; ++i) {
            if (_pool.getArbitrator(books.arbs(i)).status == ArbitratorStatus.Active) ++active;
        }
        if (active <= 3) return;
        vm.prank(a);
        _pool.requestUnstake();
    }

    function withdrawStake(uint256 arbSeed) external step {
        address a = books.arbs(arbSeed % books.arbCount());
        Arbitrator memory rec = _pool.getArbitrator(a);
        if (rec.status != ArbitratorStatus.Unstaking || rec.openCases != 0 || _time() < rec.unstakeAvailableAt) {
            return;
        }
        uint256 before = _pool.creditOf(a);
        vm.prank(a);
        // While a draw it could still be drawn by is open, the stake waits.
        try _pool.withdrawStake() {
            books.poolCredited(_pool.creditOf(a) - before, 0);
            // solhint-disable-next-line no-empty-blocks
        } catch {}
    }

    function withdrawPoolCredit(uint256 accountSeed) external step {
        address account = books.accounts(accountSeed % books.accountCount());
        uint256 credit = _pool.creditOf(account);
        if (credit == 0) return;
        vm.prank(account);
        try _pool.withdraw() {
            books.poolCredited(0, credit);
            // solhint-disable-next-line no-empty-blocks
        } catch {}
    }

    function applyQueuedWeights() external step {
        if (_pool.openDraws() != 0) return;
        _pool.applyQueuedWeights(books.allArbs());
    }
}
