// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IP2PEscrow} from "../../src/interfaces/IP2PEscrow.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {Order, OrderStatus, PaymentAuthorization} from "../../src/types/Types.sol";
import {FiatTokens} from "../utils/FiatTokens.sol";
import {HandlerBase} from "./HandlerBase.sol";

/// @notice Invariant handler for the order lifecycle, credits, blocklists, fees and time: valid-
/// looking calls only, each on an order in a state where it makes sense, by the account that may
/// make it; timeouts only once due. Time moves by `warp` (up to a day).
contract OrderHandler is HandlerBase {
    uint256 public constant MAX_ORDERS = 40;
    uint256 internal constant MIN_ORDER_AMOUNT = 11e6; // above the 10-token minimum after a 1% transfer fee
    uint256 internal constant MAX_ORDER_AMOUNT = 1_000_000e6;
    uint256 internal constant MAX_RELAYER_FEE = 100e6;

    /// @dev An order paid by the buyer's EIP-3009 authorization, and who submits it.
    struct Relay {
        address buyer;
        uint256 key; // the buyer's, which signs
        address seller;
        address token;
        uint256 amount;
        uint256 feeBps; // the protocol fee limit the buyer signed
        address relayer;
        PaymentAuthorization auth;
    }

    function createOrder(
        uint256 buyerSeed,
        uint256 sellerSeed,
        uint256 tokenSeed,
        uint256 amount,
        bool withPermit
    ) external step {
        if (_escrow.nextOrderId() - 1 >= MAX_ORDERS) return;
        uint256 actorCount = books.actorCount();
        uint256 b = buyerSeed % actorCount;
        uint256 s = sellerSeed % actorCount;
        if (b == s) s = (s + 1) % actorCount;
        address buyer = books.actors(b);
        address seller = books.actors(s);
        address token = books.tokens(tokenSeed % books.tokenCount());
        if (books.blocked(token, buyer)) return;
        amount = _bound(amount, MIN_ORDER_AMOUNT, MAX_ORDER_AMOUNT);
        (uint256 feeBps, ) = _escrow.protocolFee();
        bytes32 productHash = keccak256(abi.encode(amount));

        if (withPermit && b < books.keyCount() && token != address(_d.usdt)) {
            _createWithPermit(b, seller, token, amount, feeBps);
        } else {
            _fund(token, buyer, amount);
            vm.prank(buyer);
            _escrow.createOrder(seller, token, amount, productHash, feeBps);
        }
        books.opened(_escrow.nextOrderId() - 1);
    }

    function _createWithPermit(
        uint256 keyIndex,
        address seller,
        address token,
        uint256 amount,
        uint256 feeBps
    ) internal {
        address buyer = books.actors(keyIndex);
        MockERC20(token).mint(buyer, amount);
        uint256 deadline = _time() + 1 hours;
        (uint8 v, bytes32 r, bytes32 sig) = _signPermit(MockERC20(token), books.keys(keyIndex), amount, deadline);
        vm.prank(buyer);
        _escrow.createOrderWithPermit(
            seller,
            token,
            amount,
            keccak256(abi.encode(amount)),
            feeBps,
            deadline,
            v,
            r,
            sig
        );
    }

    /// @notice An order paid by the buyer's EIP-3009 authorization (the token's
    /// `receiveWithAuthorization`), which a relayer submits and is paid for by the fee the buyer
    /// signed on top of the amount (none, one time in four). Only actors with keys sign, so only
    /// they buy this way. Tether has no EIP-3009: skipped. The fee-on-transfer token would deliver
    /// less than the buyer signed for, which the escrow must refuse.
    function createOrderWithAuthorization(
        uint256 buyerSeed,
        uint256 sellerSeed,
        uint256 tokenSeed,
        uint256 amount,
        uint256 relayerSeed,
        uint256 feeSeed
    ) external step {
        if (_escrow.nextOrderId() - 1 >= MAX_ORDERS) return;
        Relay memory r;
        r.token = books.tokens(tokenSeed % books.tokenCount());
        if (r.token == address(_d.usdt)) return;
        uint256 actorCount = books.actorCount();
        uint256 b = buyerSeed % books.keyCount(); // the first actors are the keys' addresses
        uint256 s = sellerSeed % actorCount;
        if (b == s) s = (s + 1) % actorCount;
        r.buyer = books.actors(b);
        if (books.blocked(r.token, r.buyer)) return;
        r.key = books.keys(b);
        r.seller = books.actors(s);
        r.amount = _bound(amount, MIN_ORDER_AMOUNT, MAX_ORDER_AMOUNT);
        (r.feeBps, ) = _escrow.protocolFee();
        r.relayer = books.relayers(relayerSeed % books.relayerCount());
        r.auth = _authorize(r, feeSeed % 4 == 0 ? 0 : _bound(feeSeed >> 2, 1, MAX_RELAYER_FEE));
        MockERC20(r.token).mint(r.buyer, r.amount + r.auth.relayerFee);
        if (r.token == address(_d.fot)) _relayShort(r);
        else _relay(r);
    }

    /// @dev Submits `r` as its relayer, and books the order and where the money went.
    function _relay(Relay memory r) internal {
        IERC20 token = IERC20(r.token);
        uint256 escrowBefore = token.balanceOf(address(_escrow));
        uint256 relayerBefore = token.balanceOf(r.relayer);
        uint256 buyerBefore = token.balanceOf(r.buyer);
        vm.prank(r.relayer);
        uint256 id = _escrow.createOrderWithAuthorization(
            r.seller,
            r.token,
            r.amount,
            keccak256(abi.encode(r.amount)),
            r.feeBps,
            r.auth
        );
        books.opened(id);
        books.relayed(
            id,
            r.buyer,
            r.auth.relayerFee,
            token.balanceOf(address(_escrow)) - escrowBefore,
            token.balanceOf(r.relayer) - relayerBefore,
            buyerBefore - token.balanceOf(r.buyer)
        );
    }

    /// @dev Attack: an authorization on the fee-on-transfer token, which delivers less than was
    /// signed. It must always be refused for that (EscrowInvalidAmount), and nothing moves.
    function _relayShort(Relay memory r) internal {
        vm.prank(r.relayer);
        try
            _escrow.createOrderWithAuthorization(
                r.seller,
                r.token,
                r.amount,
                keccak256(abi.encode(r.amount)),
                r.feeBps,
                r.auth
            )
        returns (uint256 id) {
            books.opened(id);
            books.violate(books.RELAYER_FEES(), id);
        } catch (bytes memory reason) {
            if (bytes4(reason) == IP2PEscrow.EscrowInvalidAmount.selector) {
                books.count(books.SHORT_AUTHORIZATIONS_REFUSED());
            } else {
                books.violate(books.RELAYER_FEES(), 0);
            }
        }
    }

    /// @dev The buyer's authorization of `r`'s order with relayer fee `fee`, valid for an hour,
    /// salted with the next order id so that no two orders share a nonce.
    function _authorize(Relay memory r, uint256 fee) internal view returns (PaymentAuthorization memory auth) {
        auth.buyer = r.buyer;
        auth.relayerFee = fee;
        auth.validBefore = _time() + 1 hours;
        auth.salt = bytes32(_escrow.nextOrderId());
        bytes32 nonce = _escrow.orderAuthorizationNonce(
            r.seller,
            keccak256(abi.encode(r.amount)),
            r.feeBps,
            fee,
            auth.salt
        );
        (auth.v, auth.r, auth.s) = FiatTokens.signReceive(
            r.token,
            r.key,
            address(_escrow),
            r.amount + fee,
            0,
            auth.validBefore,
            nonce
        );
    }

    function sellerConfirmDelivery(uint256 seed) external step {
        uint256 id = books.pick(seed, _mask(OrderStatus.Created), 0, books.WINDOW_OPEN());
        if (id == 0) return;
        vm.prank(_escrow.getOrder(id).seller);
        _escrow.sellerConfirmDelivery(id, keccak256(abi.encode("delivery", id)));
        // The next transaction is in a later block, as on a real chain.
        books.advanceTo(_time() + 12);
    }

    function buyerConfirmReceived(uint256 seed) external step {
        if (seed % 2 == 0) return; // keep orders around long enough to be disputed
        uint256 id = books.pick(seed >> 1, _mask(OrderStatus.SellerConfirmed), 0, books.ANY());
        if (id == 0) return;
        (uint256 bal, uint256 credits) = books.pre(id);
        vm.prank(_escrow.getOrder(id).buyer);
        _escrow.buyerConfirmReceived(id);
        books.post(id, bal, credits);
    }

    function cancelOrder(uint256 seed, bool bySeller) external step {
        if (seed % 4 != 0) return; // keep orders around long enough to be disputed
        uint256 id = books.pick(seed >> 2, _mask(OrderStatus.Created), 0, books.ANY());
        if (id == 0) return;
        Order memory o = _escrow.getOrder(id);
        (uint256 bal, uint256 credits) = books.pre(id);
        vm.prank(bySeller ? o.seller : o.buyer);
        _escrow.cancelOrder(id);
        books.post(id, bal, credits);
    }

    function expireOrder(uint256 seed) external step {
        uint256 id = books.pick(seed, _mask(OrderStatus.Created), 0, books.WINDOW_PASSED());
        if (id == 0) return;
        (uint256 bal, uint256 credits) = books.pre(id);
        _escrow.expireOrder(id);
        books.post(id, bal, credits);
    }

    function autoRelease(uint256 seed) external step {
        uint256 id = books.pick(seed, _mask(OrderStatus.SellerConfirmed), 0, books.WINDOW_PASSED());
        if (id == 0) return;
        (uint256 bal, uint256 credits) = books.pre(id);
        _escrow.autoRelease(id);
        books.post(id, bal, credits);
    }

    /// @dev An account withdraws its credit, to itself (the only place it can go). While the token
    /// refuses it, the withdrawal reverts and the credit stays.
    function withdrawCredit(uint256 accountSeed, uint256 tokenSeed) external step {
        address account = books.accounts(accountSeed % books.accountCount());
        address token = books.tokens(tokenSeed % books.tokenCount());
        uint256 credit = _escrow.creditOf(token, account);
        if (credit == 0) return;
        vm.prank(account);
        try _escrow.withdraw(token) {
            books.creditWithdrawn(token, credit);
            // solhint-disable-next-line no-empty-blocks
        } catch {}
    }

    function toggleBlocklist(uint256 accountSeed) external step {
        address account = books.accounts(accountSeed % books.accountCount());
        _d.bl.setBlocklisted(account, !_d.bl.isBlocklisted(account));
        _d.usdt.setBlackListed(account, !_d.usdt.isBlackListed(account));
    }

    function setProtocolFee(uint256 feeBps, uint256 recipientSeed) external step {
        address recipient = books.feeRecipients(recipientSeed % books.feeRecipientCount());
        vm.prank(_d.owner);
        _escrow.setProtocolFee(_bound(feeBps, 0, 100), recipient);
    }

    function warp(uint256 secondsForward) external step {
        books.advanceTo(_time() + _bound(secondsForward, 1, 1 days));
    }

    function _signPermit(
        MockERC20 token,
        uint256 pk,
        uint256 value,
        uint256 deadline
    ) internal view returns (uint8 v, bytes32 r, bytes32 s) {
        address holder = vm.addr(pk);
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                holder,
                address(_escrow),
                value,
                token.nonces(holder),
                deadline
            )
        );
        (v, r, s) = vm.sign(pk, keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash)));
    }
}
