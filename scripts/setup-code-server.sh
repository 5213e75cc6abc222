#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3 in the browser) into .tools/code-server, once.
# Needs: chromium, libkrb5-dev and ripgrep from apt (scripts/setup-apt.sh installs them).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools/code-server"
marker="$tools/.installed-4.100.3"
[ -f "$marker" ] && exit 0
command -v rg >/dev/null 2>&1 || { echo "tensor-parity: ripgrep (rg) is missing: run scripts/setup-apt.sh (or apt-get install -y --no-install-recommends ripgrep)" >&2; exit 1; }
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" = 20 ] || echo "tensor-parity: warning: code-server 4.100.3 is built for Node 20; this is Node $node_major" >&2
mkdir -p "$tools"
cd "$tools"
[ -f package.json ] || echo '{"name":"tensor-parity-tools","private":true}' > package.json
echo "tensor-parity: installing code-server 4.100.3 into $tools (about 4 minutes, once)" >&2
npm install --no-audit --no-fund --ignore-scripts code-server@4.100.3 >&2
npm rebuild argon2 >&2
cd node_modules/code-server/lib/vscode
npm install --no-audit --no-fund --omit=dev --ignore-scripts >&2
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm_config_yes=true npm rebuild >&2
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --no-audit --no-fund --omit=dev >&2)
touch "$marker"
echo "tensor-parity: code-server installed" >&2
