// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ERC-792 arbitrator, the subset the escrow uses
/// @notice An external court (Kleros, or a deployment's own multisig-run arbitrator) that takes a
/// dispute nobody in the pool could rule on. It rules by calling `IArbitrable.rule` on the
/// contract that created the dispute.
interface IArbitrator {
    /// @notice Emitted when a dispute is created.
    /// @param disputeId The arbitrator's id for it.
    /// @param arbitrable The contract that created it, and that the ruling goes to.
    event DisputeCreation(uint256 indexed disputeId, address indexed arbitrable);

    /// @notice Creates a dispute with `choices` possible rulings (0 always means "refused").
    /// @param choices How many rulings beside 0 there are.
    /// @param extraData Arbitrator-specific data (for Kleros: the court and juror count).
    /// @return disputeId The arbitrator's id for the dispute.
    function createDispute(uint256 choices, bytes calldata extraData) external payable returns (uint256 disputeId);

    /// @notice What `createDispute` costs, in wei.
    /// @param extraData Arbitrator-specific data.
    /// @return cost Wei to send with `createDispute`.
    function arbitrationCost(bytes calldata extraData) external view returns (uint256 cost);
}

/// @title ERC-792 arbitrable
/// @notice A contract whose disputes an ERC-792 arbitrator rules on. ERC-792's `Ruling` event is
/// left out: its name would shadow the escrow's `Ruling` enum, and the escrow's own
/// `DisputeResolved` already reports how the ruling was applied.
interface IArbitrable {
    /// @notice The arbitrator gives its ruling.
    /// @param disputeId The arbitrator's id for the dispute.
    /// @param ruling The ruling: 0 refused, otherwise one of the choices.
    function rule(uint256 disputeId, uint256 ruling) external;
}
