// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SumTree} from "../../src/libraries/SumTree.sol";

/// @notice Exposes SumTree on one storage tree, and keeps the plain leaf weights alongside so
/// tests can compare the tree against a naive prefix sum.
contract SumTreeHarness {
    using SumTree for SumTree.Tree;

    SumTree.Tree internal _tree;
    uint256[] public leaves; // leaves[i] is leaf i + 1

    function append(uint256 weight) external returns (uint256 index) {
        index = _tree.append(weight);
        leaves.push(weight);
    }

    function increase(uint256 index, uint256 delta) external {
        _tree.increase(index, delta);
        leaves[index - 1] += delta;
    }

    function decrease(uint256 index, uint256 delta) external {
        _tree.decrease(index, delta);
        leaves[index - 1] -= delta;
    }

    function find(uint256 target) external view returns (uint256) {
        return _tree.find(target);
    }

    function total() external view returns (uint256) {
        return _tree.total;
    }

    function size() external view returns (uint256) {
        return _tree.size;
    }

    function node(uint256 index) external view returns (uint256) {
        return _tree.nodes[index];
    }

    function count() external view returns (uint256) {
        return leaves.length;
    }

    /// @notice The naive sum of leaves 1..index.
    function prefix(uint256 index) public view returns (uint256 sum) {
        for (uint256 i; i < index; ++i) {
            sum += leaves[i];
        }
    }

    /// @notice The naive answer to find(target): the first leaf whose prefix sum exceeds target.
    function naiveFind(uint256 target) external view returns (uint256) {
        uint256 sum;
        for (uint256 i; i < leaves.length; ++i) {
            sum += leaves[i];
            if (target < sum) return i + 1;
        }
        return leaves.length + 1;
    }
}
