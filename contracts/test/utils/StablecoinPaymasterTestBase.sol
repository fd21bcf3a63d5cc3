// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SimpleAccount} from "@account-abstraction/contracts/accounts/SimpleAccount.sol";
import {SimpleAccountFactory} from "@account-abstraction/contracts/accounts/SimpleAccountFactory.sol";
import {BaseAccount} from "@account-abstraction/contracts/core/BaseAccount.sol";
import {IEntryPoint} from "@account-abstraction/contracts/interfaces/IEntryPoint.sol";
import {PackedUserOperation} from "@account-abstraction/contracts/interfaces/PackedUserOperation.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {StablecoinPaymaster} from "../../src/StablecoinPaymaster.sol";
import {IStablecoinPaymaster} from "../../src/interfaces/IStablecoinPaymaster.sol";
import {MockUSDT} from "../../src/mocks/MockUSDT.sol";
import {EscrowTestBase} from "./EscrowTestBase.sol";
import {FiatTokens} from "./FiatTokens.sol";
import {UserOpParams, UserOps} from "./UserOps.sol";
import {Vm} from "./Vm.sol";

/// @notice The paymaster tests' world: the escrow of EscrowTestBase, the EntryPoint v0.8 deployed
/// from its package's compiled artifact (the bytecode every chain runs), SimpleAccounts made by
/// the package's factory, a staked and funded StablecoinPaymaster, and operations built, priced,
/// quoted and signed as a wallet and the quote service would. Gas is priced at 1 gwei and the
/// native coin at 3,000 tokens, so an operation of ~300k gas costs ~0.9 tokens.
abstract contract StablecoinPaymasterTestBase is EscrowTestBase, UserOpParams {
    // ---------------------------------------------------------------- Parameters

    uint256 internal constant SIGNER_KEY = 0x516E;
    uint256 internal constant ACCOUNT_OWNER_KEY = 0xA11;
    uint256 internal constant DEPOSIT = 10 ether;
    uint256 internal constant THROTTLE = 1 hours;

    address internal paymasterOwner = address(0x9A7);
    address payable internal bundler = payable(address(0xB0D1E));
    address internal quoteSignerAddr;

    IEntryPoint internal entryPoint;
    SimpleAccountFactory internal factory;
    StablecoinPaymaster internal paymaster;
    MockUSDT internal usdt;

    function setUp() public virtual override {
        super.setUp();
        entryPoint = UserOps.deployEntryPoint();
        factory = new SimpleAccountFactory(entryPoint);
        quoteSignerAddr = vm.addr(SIGNER_KEY);
        paymaster = new StablecoinPaymaster(entryPoint, paymasterOwner, quoteSignerAddr, _defaultLimits());
        usdt = new MockUSDT(DECIMALS);
        _configure(address(usdt));

        vm.deal(paymasterOwner, 100 ether);
        vm.startPrank(paymasterOwner);
        paymaster.setToken(address(usdc), true);
        paymaster.setToken(address(usdt), true);
        paymaster.deposit{value: DEPOSIT}();
        paymaster.addStake{value: 1 ether}(1 days);
        vm.stopPrank();
        vm.label(address(entryPoint), "EntryPoint");
        vm.label(address(paymaster), "paymaster");
    }

    function _defaultLimits() internal pure returns (IStablecoinPaymaster.Limits memory) {
        return
            IStablecoinPaymaster.Limits({
                maxCostPerOp: 0.01 ether,
                postOpOverheadGas: 45_000,
                maxQuoteTtl: uint32(QUOTE_TTL),
                throttleDuration: uint32(THROTTLE),
                maxPendingPerSender: 4,
                maxUnpaidPerSender: 1,
                failureThreshold: 3
            });
    }

    // ---------------------------------------------------------------- Deployment helpers

    function _deployFromArtifact(string memory path) internal returns (address deployed) {
        return UserOps.deployFromArtifact(path);
    }

    function _create(bytes memory initCode) internal returns (address deployed) {
        return UserOps.create(initCode);
    }

    /// @dev A SimpleAccount of `ownerKey` at salt `salt`, created as the EntryPoint's
    /// SenderCreator would create it from an operation's initCode.
    function _account(uint256 ownerKey, uint256 salt) internal returns (SimpleAccount account) {
        vm.prank(address(entryPoint.senderCreator()));
        account = factory.createAccount(vm.addr(ownerKey), salt);
    }

    /// @dev Circle's FiatToken v2.2; `address(this)` is every role but the proxy admin.
    function _deployFiatToken() internal returns (address) {
        return FiatTokens.deploy(DECIMALS);
    }

    // ---------------------------------------------------------------- Operations

    function _quote(address token) internal view returns (IStablecoinPaymaster.Quote memory) {
        return
            IStablecoinPaymaster.Quote({
                token: token,
                validUntil: uint48(block.timestamp - 1 + QUOTE_TTL),
                // The EntryPoint treats validAfter as exclusive, so a quote service backdates it.
                validAfter: uint48(block.timestamp - 1),
                price: PRICE,
                maxTokenCost: MAX_TOKEN_COST
            });
    }

    /// @dev An unsigned operation of `account` with its next nonce and the test's gas limits.
    function _op(address account, bytes memory callData) internal view returns (PackedUserOperation memory op) {
        op.sender = account;
        op.nonce = entryPoint.getNonce(account, 0);
        op.callData = callData;
        op.accountGasLimits = bytes32((uint256(VERIFICATION_GAS) << 128) | CALL_GAS);
        op.preVerificationGas = PRE_VERIFICATION_GAS;
        op.gasFees = bytes32((GAS_PRICE << 128) | GAS_PRICE);
    }

    /// @dev Puts `quote` into `op`, signed by `signerKey`, then signs the operation as its owner.
    function _sponsor(
        PackedUserOperation memory op,
        IStablecoinPaymaster.Quote memory quote,
        uint256 signerKey
    ) internal view returns (PackedUserOperation memory) {
        op.paymasterAndData = _paymasterAndData(quote, "");
        bytes32 digest = paymaster.quoteDigest(op, quote);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(signerKey, digest);
        op.paymasterAndData = _paymasterAndData(quote, abi.encodePacked(r, s, v));
        return _signOp(op);
    }

    function _sponsor(
        PackedUserOperation memory op,
        IStablecoinPaymaster.Quote memory quote
    ) internal view returns (PackedUserOperation memory) {
        return _sponsor(op, quote, SIGNER_KEY);
    }

    function _paymasterAndData(
        IStablecoinPaymaster.Quote memory quote,
        bytes memory signature
    ) internal view returns (bytes memory) {
        return UserOps.paymasterAndData(address(paymaster), PM_VERIFICATION_GAS, PM_POSTOP_GAS, quote, signature);
    }

    function _signOp(PackedUserOperation memory op) internal view returns (PackedUserOperation memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(ACCOUNT_OWNER_KEY, entryPoint.getUserOpHash(op));
        op.signature = abi.encodePacked(r, s, v);
        return op;
    }

    function _handle(PackedUserOperation memory op) internal {
        PackedUserOperation[] memory ops = new PackedUserOperation[](1);
        ops[0] = op;
        entryPoint.handleOps(ops, bundler);
    }

    function _handle(PackedUserOperation memory first, PackedUserOperation memory second) internal {
        PackedUserOperation[] memory ops = new PackedUserOperation[](2);
        ops[0] = first;
        ops[1] = second;
        entryPoint.handleOps(ops, bundler);
    }

    function _handleAll(PackedUserOperation[] memory ops) internal {
        entryPoint.handleOps(ops, bundler);
    }

    /// @dev `count` sponsored operations of `account`, with consecutive nonces, for one bundle.
    function _sponsoredBundle(
        address account,
        bytes memory callData,
        address token,
        uint256 count
    ) internal view returns (PackedUserOperation[] memory ops) {
        ops = new PackedUserOperation[](count);
        for (uint256 i = 0; i < count; i++) {
            PackedUserOperation memory op = _op(account, callData);
            op.nonce += i;
            ops[i] = _sponsor(op, _quote(token));
        }
    }

    // ---------------------------------------------------------------- Call data

    function _batch(BaseAccount.Call[] memory calls) internal pure returns (bytes memory) {
        return UserOps.batch(calls);
    }

    function _call(address target, bytes memory data) internal pure returns (BaseAccount.Call memory) {
        return UserOps.accountCall(target, data);
    }

    /// @dev The escrow buy: approve the escrow for `amount` of `token`, then create the order.
    function _buyCalls(address token, uint256 amount) internal view returns (BaseAccount.Call[] memory calls) {
        calls = new BaseAccount.Call[](2);
        calls[0] = _call(token, abi.encodeCall(IERC20.approve, (address(escrow), amount)));
        calls[1] = _call(
            address(escrow),
            abi.encodeCall(escrow.createOrder, (seller, token, amount, PRODUCT, _currentFeeBps()))
        );
    }

    /// @dev The first buy of a wallet without allowance: approve the paymaster for good, then buy.
    function _approveAndBuyCalls(
        address token,
        uint256 amount
    ) internal view returns (BaseAccount.Call[] memory calls) {
        BaseAccount.Call[] memory buy = _buyCalls(token, amount);
        calls = new BaseAccount.Call[](3);
        calls[0] = _call(token, abi.encodeCall(IERC20.approve, (address(paymaster), type(uint256).max)));
        calls[1] = buy[0];
        calls[2] = buy[1];
    }

    // ---------------------------------------------------------------- Expected errors

    function _aa33(uint256 opIndex, bytes memory inner) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IEntryPoint.FailedOpWithRevert.selector, opIndex, "AA33 reverted", inner);
    }

    function _failedOp(uint256 opIndex, string memory reason) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IEntryPoint.FailedOp.selector, opIndex, reason);
    }

    // ---------------------------------------------------------------- Reading outcomes

    /// @dev The wei the EntryPoint charged the paymaster's deposit for the operations of the last
    /// `handleOps`, from its UserOperationEvents (call `vm.recordLogs()` first).
    function _chargedWei() internal returns (uint256 total, uint256 succeeded, uint256 failed) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i = 0; i < logs.length; i++) {
            if (logs[i].emitter != address(entryPoint)) continue;
            if (logs[i].topics[0] != IEntryPoint.UserOperationEvent.selector) continue;
            (, bool success, uint256 actualGasCost, ) = abi.decode(logs[i].data, (uint256, bool, uint256, uint256));
            total += actualGasCost;
            if (success) succeeded++;
            else failed++;
        }
    }
}
