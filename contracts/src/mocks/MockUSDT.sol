// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// Tether's checks revert without data, and so do this mock's: no custom errors here.
// solhint-disable gas-custom-errors

/// @notice Tether-style, after mainnet TetherToken (0xdAC17F958D2ee523a2206206994597C13D831ec7):
/// transfer, transferFrom and approve return nothing, a failed transfer reverts, approve from one
/// non-zero allowance to another reverts (the approve-race guard), an allowance of
/// type(uint256).max is never spent, and the blocklist stops only the sender: `transfer` checks
/// msg.sender and `transferFrom` checks `from` (not the spender), while a blocklisted address can
/// still receive. Tokens sent to it stay frozen there (Tether's owner can then destroy them).
contract MockUSDT {
    // ERC-20 getters, named as the standard names them.
    // solhint-disable-next-line const-name-snakecase
    string public constant name = "Tether USD";
    // solhint-disable-next-line const-name-snakecase
    string public constant symbol = "USDT";
    uint8 public immutable decimals;
    uint256 public totalSupply;
    mapping(address account => uint256) public balanceOf;
    mapping(address owner => mapping(address spender => uint256)) public allowance;
    mapping(address account => bool) public isBlackListed;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor(uint8 decimals_) {
        decimals = decimals_;
    }

    function mint(address to, uint256 amount) external {
        totalSupply += amount;
        balanceOf[to] += amount;
        emit Transfer(address(0), to, amount);
    }

    function setBlackListed(address account, bool blocked) external {
        isBlackListed[account] = blocked;
    }

    function transfer(address to, uint256 value) external {
        require(!isBlackListed[msg.sender]);
        _move(msg.sender, to, value);
    }

    function transferFrom(address from, address to, uint256 value) external {
        require(!isBlackListed[from]);
        uint256 allowed = allowance[from][msg.sender];
        require(allowed >= value);
        if (allowed != type(uint256).max) allowance[from][msg.sender] = allowed - value;
        _move(from, to, value);
    }

    function approve(address spender, uint256 value) external {
        require(value == 0 || allowance[msg.sender][spender] == 0);
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
    }

    function _move(address from, address to, uint256 value) private {
        require(balanceOf[from] >= value);
        balanceOf[from] -= value;
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }
}
