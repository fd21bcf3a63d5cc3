// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Order} from "../../src/types/Types.sol";
import {EscrowTestBase} from "./EscrowTestBase.sol";

/// @notice Shared setup for the attack tests. Each party starts with a wallet of WALLET tokens and
/// an unlimited allowance for the escrow, and pays orders and deposits out of it, so that what an
/// attack gains or loses is simply what a wallet holds afterwards (plus what the escrow credited
/// it) against what it held before. The protocol fee is 1%.
abstract contract AttackTestBase is EscrowTestBase {
    uint256 internal constant WALLET = 100_000 * UNIT;
    uint256 internal constant PROTOCOL_FEE_BPS = 100;
    /// @dev The protocol fee on an order of AMOUNT paid to the seller in full.
    uint256 internal constant PROTOCOL_FEE = (AMOUNT * PROTOCOL_FEE_BPS) / BPS;

    function setUp() public virtual override {
        super.setUp();
        vm.prank(owner);
        escrow.setProtocolFee(PROTOCOL_FEE_BPS, feeRecipient);
        _fundWallet(buyer);
        _fundWallet(seller);
    }

    /// @dev Replaces the deployment with one without a fallback arbitrator (same fee, fresh wallets).
    function _redeployWithoutFallback() internal {
        _deployWithoutFallback();
        vm.prank(owner);
        escrow.setProtocolFee(PROTOCOL_FEE_BPS, feeRecipient);
        _fundWallet(buyer);
        _fundWallet(seller);
    }

    /// @dev Mints WALLET to `who` and lets the escrow pull from it freely.
    function _fundWallet(address who) internal {
        usdc.mint(who, WALLET);
        vm.prank(who);
        usdc.approve(address(escrow), type(uint256).max);
    }

    /// @dev What `who` holds of the order token: its wallet plus what the escrow credited it.
    function _worth(address who) internal view returns (uint256) {
        return usdc.balanceOf(who) + escrow.creditOf(address(usdc), who);
    }

    /// @dev `after_ - before` as a signed number.
    function _gain(uint256 before, uint256 after_) internal pure returns (int256) {
        return int256(after_) - int256(before);
    }

    /// @dev `buyer_` pays `amount` into an order to `seller_`, out of its wallet.
    function _buy(address buyer_, address seller_, uint256 amount) internal returns (uint256 id) {
        uint256 maxFeeBps = _currentFeeBps();
        vm.prank(buyer_);
        id = escrow.createOrder(seller_, address(usdc), amount, PRODUCT, maxFeeBps);
    }

    /// @dev `opener` disputes, paying the deposit out of its wallet.
    function _disputeFromWallet(uint256 id, address opener) internal {
        vm.prank(opener);
        escrow.openDispute(id);
    }

    /// @dev The other party matches the deposit out of its wallet.
    function _answerFromWallet(uint256 id) internal {
        vm.prank(_counterparty(id, escrow.getDispute(id).opener));
        escrow.payDisputeFee(id);
    }

    /// @dev Draws as anyone would, returning zero instead of reverting when nobody can be drawn.
    function _tryDraw(uint256 id) internal returns (address arbitrator) {
        try escrow.drawArbitrator(id) returns (address a) {
            arbitrator = a;
        } catch {
            arbitrator = address(0);
        }
    }

    /// @dev What the seller of order `id` is left with when paid `gross` of it: the protocol fee
    /// fixed at creation is taken out.
    function _net(uint256 id, uint256 gross) internal view returns (uint256) {
        Order memory o = escrow.getOrder(id);
        return gross - (gross * o.protocolFeeBps) / BPS;
    }
}
