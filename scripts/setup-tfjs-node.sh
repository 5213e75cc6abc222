#!/usr/bin/env bash
# Makes the optional native backend (@tensorflow/tfjs-node) work where its own install script cannot: that script
# downloads libtensorflow 2.9.1 from Google storage. Instead this takes the TensorFlow C API (headers +
# libtensorflow_cc.so.2 + libtensorflow_framework.so.2) from the tensorflow-cpu wheel on PyPI and builds the
# binding against it with node-gyp. Linux x86_64 only. Idempotent: exits at once when tfjs-node already loads.
# Needs: python3 with pip (to download the wheel), g++ and make, Node headers (npm's nodedir, /usr/include/node, or
# node's own prefix). Changes neither package.json nor package-lock.json (npm install --no-save).
# Env: TP_TF_WHEEL_VERSION (default 2.19.0, the TF pinned in scripts/golden/requirements.txt),
#      TP_CACHE (default ~/.cache/tensor-parity: the wheel is kept there), JOBS (default 2).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
say() { echo "tensor-parity: $*" >&2; }
started=$(date +%s)

[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] || { say "setup-tfjs-node.sh supports Linux x86_64 only; elsewhere 'npm install' fetches tfjs-node's own libtensorflow"; exit 2; }

check() {
  TF_CPP_MIN_LOG_LEVEL=2 node -e '
    const tf = require("@tensorflow/tfjs-node");
    const y = tf.tensor2d([[1, 2], [3, 4]]).matMul(tf.tensor2d([[1], [1]])).dataSync();
    if (tf.getBackend() !== "tensorflow" || y[0] !== 3 || y[1] !== 7) throw new Error("unexpected: " + tf.getBackend() + " " + y);
    console.log("@tensorflow/tfjs-node " + tf.version["tfjs-node"] + " works: backend " + tf.getBackend());' 2>/dev/null
}
if check >&2; then exit 0; fi

tfjs_node_version="$(node -p 'const p = require("./package.json"); (p.optionalDependencies || {})["@tensorflow/tfjs-node"] || (p.dependencies || {})["@tensorflow/tfjs-node"] || ""')"
[ -n "$tfjs_node_version" ] || { say "package.json does not list @tensorflow/tfjs-node"; exit 1; }
tf_version="${TP_TF_WHEEL_VERSION:-2.19.0}"
cache="${TP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tensor-parity}"
pkg="$root/node_modules/@tensorflow/tfjs-node"

# 1. The package itself, without its install script (npm ci drops it after that script fails here).
if [ ! -f "$pkg/binding.gyp" ]; then
  say "installing @tensorflow/tfjs-node@$tfjs_node_version (--no-save --ignore-scripts)"
  npm install --no-save --ignore-scripts --no-audit --no-fund "@tensorflow/tfjs-node@$tfjs_node_version" >&2
fi

# 2. The TensorFlow C API from PyPI (the wheel is a zip: only the C API headers and the two libraries are taken).
py="$(command -v python3 || command -v python || true)"
[ -n "$py" ] || { say "python3 is needed to download the tensorflow-cpu wheel"; exit 1; }
mkdir -p "$cache"
wheel="$(ls "$cache"/tensorflow_cpu-"$tf_version"-*manylinux*x86_64.whl 2>/dev/null | head -1 || true)"
if [ -z "$wheel" ]; then
  say "downloading tensorflow-cpu==$tf_version from PyPI (about 250 MB, once; kept in $cache)"
  # Any CPython tag will do: only the C API inside is used, never the Python part.
  "$py" -m pip download -q --no-deps --only-binary=:all: --platform manylinux2014_x86_64 --implementation cp \
    --python-version 3.11 -d "$cache" "tensorflow-cpu==$tf_version" >&2
  wheel="$(ls "$cache"/tensorflow_cpu-"$tf_version"-*manylinux*x86_64.whl | head -1)"
fi
say "unpacking the C API from $(basename "$wheel")"
rm -rf "$pkg/deps" "$pkg/build" "$pkg/lib"
mkdir -p "$pkg/deps/lib" "$pkg/deps/include"
"$py" - "$wheel" "$pkg/deps" <<'EOF'
import os, shutil, sys, zipfile
wheel, deps = sys.argv[1], sys.argv[2]
# What the binding's sources include (checked with g++ -M), plus the two libraries.
headers = ('tensorflow/include/tensorflow/c/', 'tensorflow/include/tensorflow/core/platform/ctstring',
           'tensorflow/include/tsl/platform/ctstring', 'tensorflow/include/xla/tsl/c/')
libs = {'tensorflow/libtensorflow_cc.so.2': 'lib/libtensorflow_cc.so.2',
        'tensorflow/libtensorflow_framework.so.2': 'lib/libtensorflow_framework.so.2'}
found = set()
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if name.endswith('/'):
            continue
        if name in libs:
            dest = os.path.join(deps, libs[name]); found.add(name)
        elif name.startswith(headers):
            dest = os.path.join(deps, 'include', name[len('tensorflow/include/'):])
        else:
            continue
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with z.open(name) as src, open(dest, 'wb') as out:
            shutil.copyfileobj(src, out, 1 << 20)
missing = set(libs) - found
if missing or not os.path.exists(os.path.join(deps, 'include/tensorflow/c/eager/c_api.h')):
    sys.exit(f'{wheel} lacks {sorted(missing) or "the eager C API header"}: pick another TP_TF_WHEEL_VERSION')
EOF
# The binding links -ltensorflow -ltensorflow_framework; libtensorflow_cc.so.2 exports the whole C API (TF_*, TFE_*).
# tfjs-node's install script looks for libtensorflow.so.2.9.1, so that name exists too.
(cd "$pkg/deps/lib" && for n in libtensorflow.so libtensorflow.so.2 libtensorflow.so.2.9.1; do ln -sfn libtensorflow_cc.so.2 "$n"; done \
  && ln -sfn libtensorflow_framework.so.2 libtensorflow_framework.so)

# 3. Build the binding with node-gyp, against local Node headers (node-gyp would otherwise download them).
nodedir="${npm_config_nodedir:-$(npm config get nodedir 2>/dev/null || true)}"
for d in "$nodedir" "$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")" /usr /usr/local; do
  if [ -n "$d" ] && [ -f "$d/include/node/node_api.h" ]; then nodedir="$d"; break; fi
done
[ -f "$nodedir/include/node/node_api.h" ] || { say "Node headers not found (include/node/node_api.h); set npm_config_nodedir"; exit 1; }
pregyp="$(node -p 'require.resolve("@mapbox/node-pre-gyp/bin/node-pre-gyp", { paths: [process.argv[1]] })' "$pkg")"
say "building the tfjs-node binding (node-gyp, JOBS=${JOBS:-2}, headers from $nodedir)"
(cd "$pkg" && JOBS="${JOBS:-2}" npm_config_nodedir="$nodedir" node "$pregyp" install --build-from-source >&2)

check >&2 || { say "the binding built but @tensorflow/tfjs-node does not load; run: node -e \"require('@tensorflow/tfjs-node')\""; exit 1; }
say "done in $(( $(date +%s) - started ))s"
