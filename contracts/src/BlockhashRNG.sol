// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IRNG} from "./interfaces/IRNG.sol";
import {RandomnessStatus} from "./types/Types.sol";

/// @title Blockhash randomness
/// @notice Answers a request with the hash of a block a fixed number of blocks after it. That
/// hash is unknown when the dispute is opened, and the EVM keeps it for 256 blocks: after that the
/// request is Expired and the caller requests again. Neither block.timestamp nor prevrandao is
/// used. A block producer can withhold a block to re-roll it, at the cost of that block's rewards;
/// deployments that need more can swap in another IRNG.
/// @dev Stateless: a request id is the number of the block whose hash answers it.
contract BlockhashRNG is IRNG {
    /// @notice Blocks between a request and the block whose hash answers it.
    uint256 public immutable lookahead;

    error RNGInvalidLookahead(uint256 lookahead);

    constructor(uint256 lookahead_) {
        // At least one block, so the answer is never the requesting block's own (unknown) hash,
        // and well inside the 256 blocks the EVM can still see.
        if (lookahead_ == 0 || lookahead_ > 128) revert RNGInvalidLookahead(lookahead_);
        lookahead = lookahead_;
    }

    /// @inheritdoc IRNG
    function requestRandomness() external view returns (uint256 requestId) {
        return block.number + lookahead;
    }

    /// @inheritdoc IRNG
    function randomnessOf(uint256 requestId) external view returns (RandomnessStatus status, uint256 value) {
        if (block.number <= requestId) return (RandomnessStatus.Pending, 0);
        bytes32 hash = blockhash(requestId);
        if (hash == bytes32(0)) return (RandomnessStatus.Expired, 0);
        return (RandomnessStatus.Ready, uint256(hash));
    }
}
