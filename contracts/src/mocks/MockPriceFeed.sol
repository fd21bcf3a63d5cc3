// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice A price feed with Chainlink's AggregatorV3Interface read side (`decimals`,
/// `latestRoundData`) whose answer and update time a test sets: what the API's native-coin price
/// reader meets on a public chain (docs/gas.md, "How prices are set"), including a stale or broken feed.
contract MockPriceFeed {
    uint8 public immutable decimals;
    uint80 private _round;
    int256 private _answer;
    uint256 private _updatedAt;

    /// @param decimals_ The answer's decimals (Chainlink's USD feeds have 8).
    /// @param answer The first answer, updated now.
    constructor(uint8 decimals_, int256 answer) {
        decimals = decimals_;
        setAnswer(answer, block.timestamp);
    }

    /// @notice A new round answering `answer`, as if updated at `updatedAt`.
    function setAnswer(int256 answer, uint256 updatedAt) public {
        ++_round;
        _answer = answer;
        _updatedAt = updatedAt;
    }

    /// @notice AggregatorV3Interface: the latest round.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return (_round, _answer, _updatedAt, _updatedAt, _round);
    }
}
