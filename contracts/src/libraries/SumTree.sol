// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title Fenwick sum tree of draw weights
/// @notice Leaves are 1-based. Appending, changing a weight and drawing by cumulative weight each
/// touch O(log n) nodes, so drawing stays cheap however many arbitrators join.
/// @dev Node i holds the sum of the leaves (i - lowbit(i), i]. Nodes live in a mapping rather
/// than an array to skip the array's length read on every access.
library SumTree {
    struct Tree {
        uint128 size; // number of leaves
        uint128 total; // sum of all leaves, kept so a draw needs no prefix walk
        mapping(uint256 index => uint256 sum) nodes;
    }

    /// @notice Adds a leaf holding `weight` and returns its index.
    /// @param tree The tree.
    /// @param weight The new leaf's weight.
    /// @return index The new leaf's 1-based index.
    function append(Tree storage tree, uint256 weight) internal returns (uint256 index) {
        uint256 sum = weight;
        // Indexes are bounded by `size`, a uint128, so none of this index arithmetic can wrap:
        // j stays above index - lowbit(index) >= 0, and subtracting lowbit(j) from j never underflows.
        unchecked {
            index = uint256(tree.size) + 1;
            uint256 floor = index - _lowbit(index);
            for (uint256 j = index - 1; j > floor; j -= _lowbit(j)) {
                sum += tree.nodes[j];
            }
        }
        tree.nodes[index] = sum;
        tree.size = uint128(index);
        tree.total += uint128(weight);
    }

    /// @notice Adds `delta` to leaf `index`.
    /// @param tree The tree.
    /// @param index A leaf's 1-based index.
    /// @param delta The weight to add.
    function increase(Tree storage tree, uint256 index, uint256 delta) internal {
        uint256 size = tree.size;
        // index <= size < 2^128, and adding lowbit(index) at most doubles it: no overflow.
        unchecked {
            for (; index <= size; index += _lowbit(index)) {
                tree.nodes[index] += delta;
            }
        }
        tree.total += uint128(delta);
    }

    /// @notice Takes `delta` from leaf `index`, which must hold at least that much.
    /// @param tree The tree.
    /// @param index A leaf's 1-based index.
    /// @param delta The weight to take.
    function decrease(Tree storage tree, uint256 index, uint256 delta) internal {
        uint256 size = tree.size;
        // Same index bound as in `increase`; the sums themselves stay checked.
        unchecked {
            for (; index <= size; index += _lowbit(index)) {
                tree.nodes[index] -= delta;
            }
        }
        tree.total -= uint128(delta);
    }

    /// @notice The leaf whose cumulative range contains `target`, for `target < total`: leaf i is
    /// returned for targets in [sum(1..i-1), sum(1..i)), so each leaf's chance is its weight.
    /// @param tree The tree.
    /// @param target A cumulative weight below the tree's total.
    /// @return index The leaf's 1-based index, or 0 if the tree is empty.
    function find(Tree storage tree, uint256 target) internal view returns (uint256 index) {
        uint256 size = tree.size;
        if (size == 0) return 0;
        // pos + step <= 2 * size < 2^129 and `target` only falls by node sums it covers.
        unchecked {
            for (uint256 step = 1 << Math.log2(size); step > 0; step >>= 1) {
                uint256 next = index + step;
                if (next <= size) {
                    uint256 sum = tree.nodes[next];
                    if (sum <= target) {
                        index = next;
                        target -= sum;
                    }
                }
            }
            return index + 1;
        }
    }

    function _lowbit(uint256 i) private pure returns (uint256) {
        // Two's complement: i & -i isolates the lowest set bit.
        unchecked {
            return i & (~i + 1);
        }
    }
}
