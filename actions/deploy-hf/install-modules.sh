#!/usr/bin/env bash
# Installs onnxruntime-web beside the deploy-hf bundle: the Space ships its browser runtime files (WASM), which
# ncc does not bundle. Usage: install-modules.sh <bundle dir>
set -euo pipefail
ONNXRUNTIME_WEB_VERSION=1.30.0
dir="$1"
if [ -f "$dir/node_modules/.mlops-modules" ]; then
  echo "onnxruntime-web already installed in $dir"
  exit 0
fi
echo "installing onnxruntime-web@$ONNXRUNTIME_WEB_VERSION into $dir"
(cd "$dir" && npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error "onnxruntime-web@$ONNXRUNTIME_WEB_VERSION")
touch "$dir/node_modules/.mlops-modules"
