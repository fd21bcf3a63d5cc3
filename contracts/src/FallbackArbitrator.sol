// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IArbitrable, IArbitrator} from "./interfaces/IERC792.sol";

/// @title Fallback arbitrator run by its owner
/// @notice The ERC-792 arbitrator a deployment falls back to when nobody in the staked pool could
/// rule: its owner (a multisig in production) rules, for free. It is trusted, and says so: a
/// deployment that wants no trusted party points the escrow at an external court (Kleros) instead,
/// or at none, in which case such disputes end with the order's timeout outcome.
contract FallbackArbitrator is IArbitrator, Ownable2Step {
    /// @notice The dispute does not exist or was already ruled on.
    error FallbackUnknownDispute(uint256 disputeId);
    /// @notice The ruling is not one of the dispute's choices (0 refuses).
    error FallbackInvalidRuling(uint256 disputeId, uint256 ruling, uint256 choices);
    /// @notice This arbitrator is free: nothing may be paid to it.
    error FallbackNotFree(uint256 sent);

    /// @notice Emitted when the owner rules.
    /// @param disputeId The dispute.
    /// @param arbitrable Who received the ruling.
    /// @param ruling The ruling: 0 refused, otherwise one of the choices.
    event RulingGiven(uint256 indexed disputeId, address indexed arbitrable, uint256 ruling);

    struct Case {
        IArbitrable arbitrable; // who created it; zero once ruled
        uint96 choices; // how many rulings beside 0
    }

    Case[] private _cases;

    /// @notice Deploys the arbitrator with its owner, who rules.
    /// @param initialOwner Who rules.
    constructor(address initialOwner) Ownable(initialOwner) {}

    /// @inheritdoc IArbitrator
    function createDispute(uint256 choices, bytes calldata) external payable returns (uint256 disputeId) {
        if (msg.value != 0) revert FallbackNotFree(msg.value);
        disputeId = _cases.length;
        // choices is the caller's own count of outcomes; anything beyond 2^96 is meaningless.
        _cases.push(Case({arbitrable: IArbitrable(msg.sender), choices: uint96(choices)}));
        emit DisputeCreation(disputeId, msg.sender);
    }

    /// @notice The owner rules on `disputeId`; the ruling goes to the contract that created it.
    /// @param disputeId The dispute.
    /// @param ruling 0 refuses; otherwise one of its choices.
    function giveRuling(uint256 disputeId, uint256 ruling) external onlyOwner {
        if (disputeId >= _cases.length) revert FallbackUnknownDispute(disputeId);
        Case memory c = _cases[disputeId];
        if (address(c.arbitrable) == address(0)) revert FallbackUnknownDispute(disputeId);
        if (ruling > c.choices) revert FallbackInvalidRuling(disputeId, ruling, c.choices);
        delete _cases[disputeId].arbitrable;
        emit RulingGiven(disputeId, address(c.arbitrable), ruling);
        c.arbitrable.rule(disputeId, ruling);
    }

    /// @inheritdoc IArbitrator
    function arbitrationCost(bytes calldata) external pure returns (uint256) {
        return 0;
    }

    /// @notice The contract that created `disputeId`; zero once ruled on or if unknown.
    /// @param disputeId The dispute.
    function arbitrableOf(uint256 disputeId) external view returns (address) {
        return disputeId < _cases.length ? address(_cases[disputeId].arbitrable) : address(0);
    }
}
