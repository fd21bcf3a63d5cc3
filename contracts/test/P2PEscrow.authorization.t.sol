// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC3009} from "../src/interfaces/IERC3009.sol";
import {IP2PEscrow} from "../src/interfaces/IP2PEscrow.sol";
import {Order, OrderStatus, PaymentAuthorization} from "../src/types/Types.sol";
import {EscrowTestBase} from "./utils/EscrowTestBase.sol";
import {FiatTokens, IFiatToken} from "./utils/FiatTokens.sol";

/// @notice createOrderWithAuthorization on Circle's real FiatToken v2.2: a buyer holding only USDC
/// signs an EIP-3009 authorization and anyone submits it, paid by the relayer fee the buyer signed.
/// The attacks are a relayer or a bot that holds the signed authorization and tries to change what
/// it buys, spend it twice, spend it elsewhere, or take more than the fee.
contract P2PEscrowAuthorizationTest is EscrowTestBase {
    uint256 internal constant BUYER_KEY = 0xB0B5EC12E7;
    uint256 internal constant RELAYER_FEE = UNIT / 10;
    uint256 internal constant FEE_BPS = 100;
    bytes32 internal constant SALT = keccak256("salt #1");

    address internal fiat;
    address internal signer;
    address internal relayer = address(0x9E1A7);
    address internal bot = address(0xB07);

    function setUp() public override {
        super.setUp();
        fiat = FiatTokens.deploy(DECIMALS);
        _configure(fiat);
        vm.prank(owner);
        escrow.setProtocolFee(FEE_BPS, feeRecipient);
        signer = vm.addr(BUYER_KEY);
        IFiatToken(fiat).mint(signer, AMOUNT + RELAYER_FEE);
    }

    // ---------------------------------------------------------------- Helpers

    /// @dev The buyer's authorization for an order of AMOUNT of PRODUCT from `seller_`, with a fee
    /// limit of `maxFeeBps`, valid for an hour.
    function _authorize(
        address seller_,
        uint256 maxFeeBps,
        uint256 relayerFee
    ) internal view returns (PaymentAuthorization memory auth) {
        auth.buyer = signer;
        auth.relayerFee = relayerFee;
        auth.validBefore = block.timestamp + 1 hours;
        auth.salt = SALT;
        bytes32 nonce = escrow.orderAuthorizationNonce(seller_, PRODUCT, maxFeeBps, relayerFee, SALT);
        (auth.v, auth.r, auth.s) = FiatTokens.signReceive(
            fiat,
            BUYER_KEY,
            address(escrow),
            AMOUNT + relayerFee,
            0,
            auth.validBefore,
            nonce
        );
    }

    function _authorize() internal view returns (PaymentAuthorization memory) {
        return _authorize(seller, FEE_BPS, RELAYER_FEE);
    }

    function _submit(address from, address seller_, PaymentAuthorization memory auth) internal returns (uint256) {
        vm.prank(from);
        return escrow.createOrderWithAuthorization(seller_, fiat, AMOUNT, PRODUCT, FEE_BPS, auth);
    }

    function _balance(address who) internal view returns (uint256) {
        return IERC20(fiat).balanceOf(who);
    }

    function _fiatError(string memory reason) internal pure returns (bytes memory) {
        return abi.encodeWithSignature("Error(string)", string.concat("FiatTokenV2: ", reason));
    }

    // ---------------------------------------------------------------- Success

    function test_createOrderWithAuthorization_opensOrderForSignerAndPaysRelayer() public {
        PaymentAuthorization memory auth = _authorize();
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.OrderCreated(1, signer, seller, fiat, AMOUNT, PRODUCT, uint16(FEE_BPS));
        uint256 id = _submit(relayer, seller, auth);

        Order memory o = escrow.getOrder(id);
        assertEq(o.buyer, signer);
        assertEq(o.seller, seller);
        assertEq(o.amount, AMOUNT);
        assertEq(uint256(o.status), uint256(OrderStatus.Created));
        assertEq(_balance(address(escrow)), AMOUNT);
        assertEq(_balance(relayer), RELAYER_FEE);
        assertEq(_balance(signer), 0);
        bytes32 nonce = escrow.orderAuthorizationNonce(seller, PRODUCT, FEE_BPS, RELAYER_FEE, SALT);
        assertTrue(IFiatToken(fiat).authorizationState(signer, nonce));
    }

    function test_createOrderWithAuthorization_paysNoFeeWhenNoneSigned() public {
        uint256 id = _submit(relayer, seller, _authorize(seller, FEE_BPS, 0));
        assertEq(escrow.getOrder(id).buyer, signer);
        assertEq(_balance(relayer), 0);
        assertEq(_balance(signer), RELAYER_FEE);
    }

    function test_createOrderWithAuthorization_refundsTheSignerNotTheRelayer() public {
        uint256 id = _submit(relayer, seller, _authorize());
        // The relayer is no party to the order.
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowUnauthorized.selector, id, relayer));
        vm.prank(relayer);
        escrow.cancelOrder(id);
        vm.prank(signer);
        escrow.cancelOrder(id);
        assertEq(_balance(signer), AMOUNT);
        assertEq(_balance(relayer), RELAYER_FEE);
    }

    function test_createOrderWithAuthorization_acceptsTheSellerAsRelayer() public {
        uint256 id = _submit(seller, seller, _authorize());
        assertEq(escrow.getOrder(id).buyer, signer);
        assertEq(_balance(seller), RELAYER_FEE);
    }

    function test_orderAuthorizationNonce_hashesTheTypedTerms() public view {
        bytes32 typehash = keccak256(
            "OrderAuthorization(address seller,bytes32 productHash,uint256 maxProtocolFeeBps,uint256 relayerFee,bytes32 salt)"
        );
        assertEq(
            escrow.orderAuthorizationNonce(seller, PRODUCT, FEE_BPS, RELAYER_FEE, SALT),
            keccak256(abi.encode(typehash, seller, PRODUCT, FEE_BPS, RELAYER_FEE, SALT))
        );
    }

    // ---------------------------------------------------------------- Attacks: altered terms

    function test_createOrderWithAuthorization_revertsWhenRelayerRedirectsTheSeller() public {
        PaymentAuthorization memory auth = _authorize();
        vm.expectRevert(_fiatError("invalid signature"));
        _submit(relayer, relayer, auth);
        assertEq(_balance(signer), AMOUNT + RELAYER_FEE);
        assertEq(_balance(relayer), 0);
    }

    function test_createOrderWithAuthorization_revertsWhenRelayerRaisesItsFee() public {
        PaymentAuthorization memory auth = _authorize();
        auth.relayerFee = RELAYER_FEE * 2;
        vm.expectRevert(_fiatError("invalid signature"));
        _submit(relayer, seller, auth);
    }

    function test_createOrderWithAuthorization_revertsWhenRelayerMovesTheFeeIntoTheAmount() public {
        // The same signed total, split differently: the fee is in the nonce, so the split is fixed.
        PaymentAuthorization memory auth = _authorize();
        auth.relayerFee = 0;
        vm.expectRevert(_fiatError("invalid signature"));
        vm.prank(relayer);
        escrow.createOrderWithAuthorization(seller, fiat, AMOUNT + RELAYER_FEE, PRODUCT, FEE_BPS, auth);
    }

    function test_createOrderWithAuthorization_revertsWhenRelayerChangesTheListing() public {
        PaymentAuthorization memory auth = _authorize();
        vm.expectRevert(_fiatError("invalid signature"));
        vm.prank(relayer);
        escrow.createOrderWithAuthorization(seller, fiat, AMOUNT, keccak256("listing #2"), FEE_BPS, auth);
    }

    function test_createOrderWithAuthorization_revertsWhenRelayerRaisesTheFeeLimit() public {
        PaymentAuthorization memory auth = _authorize();
        vm.expectRevert(_fiatError("invalid signature"));
        vm.prank(relayer);
        escrow.createOrderWithAuthorization(seller, fiat, AMOUNT, PRODUCT, FEE_BPS + 1, auth);
    }

    function test_createOrderWithAuthorization_revertsWhenRelayerNamesAnotherBuyer() public {
        PaymentAuthorization memory auth = _authorize();
        auth.buyer = stranger;
        vm.expectRevert(_fiatError("invalid signature"));
        _submit(relayer, seller, auth);
    }

    function test_createOrderWithAuthorization_revertsWhenRelayerExtendsTheValidity() public {
        PaymentAuthorization memory auth = _authorize();
        auth.validBefore += 1 days;
        vm.expectRevert(_fiatError("invalid signature"));
        _submit(relayer, seller, auth);
    }

    // ---------------------------------------------------------------- Attacks: replay and theft

    function test_createOrderWithAuthorization_revertsOnReplay() public {
        PaymentAuthorization memory auth = _authorize();
        IFiatToken(fiat).mint(signer, AMOUNT + RELAYER_FEE); // enough for a second order
        _submit(relayer, seller, auth);
        vm.expectRevert(_fiatError("authorization is used or canceled"));
        _submit(relayer, seller, auth);
        assertEq(escrow.nextOrderId(), 2);
        assertEq(_balance(signer), AMOUNT + RELAYER_FEE);
    }

    function test_createOrderWithAuthorization_frontRunnerGainsOnlyTheSignedFee() public {
        // A bot copies the pending authorization and lands first: the buyer gets exactly the order
        // it signed, the bot the fee the buyer offered, and the relayer's transaction reverts.
        PaymentAuthorization memory auth = _authorize();
        uint256 id = _submit(bot, seller, auth);
        vm.expectRevert(_fiatError("authorization is used or canceled"));
        _submit(relayer, seller, auth);

        Order memory o = escrow.getOrder(id);
        assertEq(o.buyer, signer);
        assertEq(o.seller, seller);
        assertEq(o.amount, AMOUNT);
        assertEq(_balance(bot), RELAYER_FEE);
        assertEq(_balance(signer), 0);
    }

    function test_receiveWithAuthorization_refusesAnyPayeeButTheCaller() public {
        // The signed transfer names the escrow as payee: nobody else can pull it, not even to the escrow.
        PaymentAuthorization memory auth = _authorize();
        bytes32 nonce = escrow.orderAuthorizationNonce(seller, PRODUCT, FEE_BPS, RELAYER_FEE, SALT);
        vm.expectRevert(_fiatError("caller must be the payee"));
        vm.prank(bot);
        IERC3009(fiat).receiveWithAuthorization(
            signer,
            address(escrow),
            AMOUNT + RELAYER_FEE,
            0,
            auth.validBefore,
            nonce,
            auth.v,
            auth.r,
            auth.s
        );
    }

    // ---------------------------------------------------------------- Validity and escrow rules

    function test_createOrderWithAuthorization_revertsWhenExpired() public {
        PaymentAuthorization memory auth = _authorize();
        vm.warp(auth.validBefore);
        vm.expectRevert(_fiatError("authorization is expired"));
        _submit(relayer, seller, auth);
    }

    function test_createOrderWithAuthorization_revertsWhenBuyerIsTheSeller() public {
        PaymentAuthorization memory auth = _authorize(signer, FEE_BPS, RELAYER_FEE);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidSeller.selector, signer));
        _submit(relayer, signer, auth);
        assertEq(_balance(signer), AMOUNT + RELAYER_FEE);
    }

    function test_createOrderWithAuthorization_revertsWhenTokenNotAllowed() public {
        PaymentAuthorization memory auth = _authorize();
        vm.prank(owner);
        escrow.configureToken(fiat, false, 10 * UNIT, 0, 2 * UNIT);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowTokenNotAllowed.selector, fiat));
        _submit(relayer, seller, auth);
        assertEq(_balance(signer), AMOUNT + RELAYER_FEE);
    }

    function test_createOrderWithAuthorization_revertsIfPaused() public {
        PaymentAuthorization memory auth = _authorize();
        vm.prank(owner);
        escrow.pause();
        vm.expectRevert(IP2PEscrow.EscrowPaused.selector);
        _submit(relayer, seller, auth);
    }

    function test_createOrderWithAuthorization_revertsWhenTheFeeIsAboveTheLimit() public {
        // A limit below today's fee, signed by the buyer: the escrow refuses to charge more.
        PaymentAuthorization memory auth = _authorize(seller, FEE_BPS - 1, RELAYER_FEE);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowFeeAboveLimit.selector, FEE_BPS, FEE_BPS - 1));
        vm.prank(relayer);
        escrow.createOrderWithAuthorization(seller, fiat, AMOUNT, PRODUCT, FEE_BPS - 1, auth);
    }

    function test_createOrderWithAuthorization_revertsAboveTheOrderWidth() public {
        PaymentAuthorization memory auth = _authorize();
        uint256 amount = uint256(type(uint96).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidAmount.selector, amount));
        vm.prank(relayer);
        escrow.createOrderWithAuthorization(seller, fiat, amount, PRODUCT, FEE_BPS, auth);
    }

    function test_createOrderWithAuthorization_revertsForATokenWithoutEip3009() public {
        PaymentAuthorization memory auth = _authorize();
        usdc.mint(signer, AMOUNT + RELAYER_FEE);
        vm.expectRevert();
        vm.prank(relayer);
        escrow.createOrderWithAuthorization(seller, address(usdc), AMOUNT, PRODUCT, FEE_BPS, auth);
        assertEq(usdc.balanceOf(signer), AMOUNT + RELAYER_FEE);
    }
}
