// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SumTreeHarness} from "./utils/SumTreeHarness.sol";
import {Test} from "./utils/Test.sol";

contract SumTreeTest is Test {
    SumTreeHarness internal tree;

    function setUp() public {
        tree = new SumTreeHarness();
    }

    function _build(uint256[] memory weights) internal {
        for (uint256 i; i < weights.length; ++i) {
            assertEq(tree.append(weights[i]), i + 1, "1-based sequential index");
        }
    }

    /// @dev Every leaf i is returned for exactly the targets [prefix(i-1), prefix(i)).
    function _assertRanges() internal view {
        uint256 n = tree.count();
        uint256 lo;
        for (uint256 i = 1; i <= n; ++i) {
            uint256 hi = lo + tree.leaves(i - 1);
            if (hi > lo) {
                assertEq(tree.find(lo), i, "first target of leaf");
                assertEq(tree.find(hi - 1), i, "last target of leaf");
            }
            lo = hi;
        }
        assertEq(lo, tree.total(), "total is the sum of leaves");
    }

    // ---------------------------------------------------------------- append

    function test_append_returnsSequentialIndexesAndKeepsTotal() public {
        assertEq(tree.size(), 0);
        assertEq(tree.total(), 0);
        uint256[] memory w = new uint256[](5);
        (w[0], w[1], w[2], w[3], w[4]) = (5, 0, 3, 7, 1);
        _build(w);
        assertEq(tree.size(), 5);
        assertEq(tree.total(), 16);
        // Fenwick nodes: node i sums the leaves (i - lowbit(i), i].
        assertEq(tree.node(1), 5);
        assertEq(tree.node(2), 5);
        assertEq(tree.node(3), 3);
        assertEq(tree.node(4), 15);
        assertEq(tree.node(5), 1);
    }

    // ---------------------------------------------------------------- find

    function test_find_onEmptyTreeReturnsZero() public view {
        assertEq(tree.find(0), 0);
        assertEq(tree.find(123), 0);
    }

    function test_find_boundariesAreExact() public {
        uint256[] memory w = new uint256[](4);
        (w[0], w[1], w[2], w[3]) = (5, 0, 3, 7);
        _build(w);
        // Leaf 1 owns [0, 5), leaf 2 owns nothing, leaf 3 owns [5, 8), leaf 4 owns [8, 15).
        assertEq(tree.find(0), 1);
        assertEq(tree.find(4), 1);
        assertEq(tree.find(5), 3);
        assertEq(tree.find(7), 3);
        assertEq(tree.find(8), 4);
        assertEq(tree.find(14), 4);
    }

    function test_find_skipsZeroWeightLeaves() public {
        uint256[] memory w = new uint256[](8);
        w[7] = 50;
        _build(w);
        assertEq(tree.find(0), 8);
        assertEq(tree.find(49), 8);
        assertEq(tree.append(1), 9);
        assertEq(tree.find(50), 9);
    }

    function test_find_singleLeaf() public {
        tree.append(1);
        assertEq(tree.find(0), 1);
    }

    function test_find_distributesByWeight() public {
        // Weights 20, 50, 30: counting every target in [0, 100) gives each leaf its weight.
        tree.append(20);
        tree.append(50);
        tree.append(30);
        uint256[4] memory hits;
        for (uint256 t; t < 100; ++t) {
            ++hits[tree.find(t)];
        }
        assertEq(hits[1], 20);
        assertEq(hits[2], 50);
        assertEq(hits[3], 30);
    }

    function testFuzz_find_matchesNaivePrefixSums(uint256 seed, uint256 n, uint256 target) public {
        n = bound(n, 1, 40);
        for (uint256 i; i < n; ++i) {
            // About one leaf in four is empty, like an undrawable arbitrator.
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            tree.append(r % 4 == 0 ? 0 : r % 101);
        }
        uint256 total = tree.total();
        vm.assume(total > 0);
        target = bound(target, 0, total - 1);
        uint256 leaf = tree.find(target);
        assertEq(leaf, tree.naiveFind(target));
        assertLe(tree.prefix(leaf - 1), target);
        assertGt(tree.prefix(leaf), target);
        _assertRanges();
    }

    // ---------------------------------------------------------------- increase / decrease

    function test_increase_updatesTotalAndRanges() public {
        uint256[] memory w = new uint256[](6);
        (w[0], w[1], w[2], w[3], w[4], w[5]) = (10, 20, 30, 40, 50, 60);
        _build(w);
        tree.increase(3, 5);
        assertEq(tree.total(), 215);
        assertEq(tree.find(29), 2);
        assertEq(tree.find(30), 3);
        assertEq(tree.find(64), 3);
        assertEq(tree.find(65), 4);
        _assertRanges();
    }

    function test_decrease_toZeroRemovesLeafFromDraws() public {
        uint256[] memory w = new uint256[](3);
        (w[0], w[1], w[2]) = (10, 20, 30);
        _build(w);
        tree.decrease(2, 20);
        assertEq(tree.total(), 40);
        assertEq(tree.find(9), 1);
        assertEq(tree.find(10), 3);
        _assertRanges();
    }

    function test_decrease_revertsBelowZero() public {
        tree.append(10);
        tree.append(5);
        vm.expectRevert();
        tree.decrease(2, 6);
    }

    function testFuzz_increaseDecrease_keepTotalsAndRanges(uint256 seed, uint256 n, uint256 ops) public {
        n = bound(n, 1, 33);
        ops = bound(ops, 1, 30);
        uint256 expectedTotal;
        for (uint256 i; i < n; ++i) {
            uint256 weight = uint256(keccak256(abi.encode(seed, "w", i))) % 101;
            tree.append(weight);
            expectedTotal += weight;
        }
        for (uint256 k; k < ops; ++k) {
            uint256 r = uint256(keccak256(abi.encode(seed, "op", k)));
            uint256 index = 1 + (r % n);
            uint256 current = tree.leaves(index - 1);
            if ((r >> 128) % 2 == 0) {
                uint256 delta = (r >> 64) % 51;
                tree.increase(index, delta);
                expectedTotal += delta;
            } else {
                uint256 delta = current == 0 ? 0 : (r >> 64) % (current + 1);
                tree.decrease(index, delta);
                expectedTotal -= delta;
            }
            assertEq(tree.total(), expectedTotal);
        }
        // Every Fenwick node still sums its range.
        for (uint256 i = 1; i <= n; ++i) {
            uint256 low = i & (~i + 1);
            assertEq(tree.node(i), tree.prefix(i) - tree.prefix(i - low), "node sum");
        }
        _assertRanges();
    }
}
