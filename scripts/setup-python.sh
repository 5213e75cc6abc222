#!/usr/bin/env bash
# Creates .venv with the pinned reference libraries (TensorFlow, tensorflowjs, OpenCV, Pillow, numpy), once.
# Only golden-data scripts and benchmarks use it; tests never need Python.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv"
req="$root/scripts/golden/requirements.txt"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$req" | cut -d' ' -f1)"
if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then exit 0; fi
echo "tensor-parity: installing the reference Python libraries into .venv (several minutes, once)" >&2
python3 -m venv "$venv"
"$venv/bin/pip" install -q --upgrade pip >&2
"$venv/bin/pip" install -q -r "$req" >&2
echo "$want" > "$stamp"
