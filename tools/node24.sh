#!/bin/sh
# Runs a command under Node >= 24.9 on a machine that may only have an older Node.
# Node 24.9 is the first release whose vm module lets Jest and plain `require` load ESM-only
# packages (NestJS 12, jose 6, did-resolver 6). The `node` npm package ships the official binary,
# so no download outside the npm registry is needed. Usage: tools/node24.sh <command> [args...]
set -eu
repo_root=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
node_version=$(cat "$repo_root/.nvmrc")
tools_dir="${DPI_CACHE_DIR:-$repo_root/.cache}/node-$node_version"

node_is_recent_enough() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>24||(a===24&&b>=9)?0:1)'
}

if ! node_is_recent_enough; then
  if [ ! -x "$tools_dir/node_modules/node/bin/node" ]; then
    echo "Node >= 24.9 not found; installing node@$node_version from the npm registry into $tools_dir" >&2
    mkdir -p "$tools_dir"
    # npm 11 blocks dependency install scripts; the `node` package needs its preinstall to place
    # the binary, so this throw-away project allows exactly that one.
    printf '{"private":true,"allowScripts":{"node":true}}\n' >"$tools_dir/package.json"
    (cd "$tools_dir" && npm install --no-audit --no-fund --loglevel=error "node@$node_version" >&2)
  fi
  PATH="$tools_dir/node_modules/node/bin:$PATH"
  export PATH
  node_is_recent_enough || { echo "Could not get Node >= 24.9 (found $(node --version))" >&2; exit 1; }
fi
exec "$@"
