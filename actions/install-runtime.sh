#!/usr/bin/env bash
# The modules a composite action's bundle loads but does not contain (native ones, data, browser runtime files),
# installed beside the bundle from the lockfile committed with it (dist/<bundle>/package-lock.json, copied there from
# actions/<bundle>/runtime/ by `npm run bundle`).
#
#   install-runtime.sh locate <bundle> [execution-provider]
#       writes to $GITHUB_OUTPUT: dir (the bundle folder, an absolute path without '.' or '..', as actions/cache
#       requires), flavor (cpu or cuda12: which onnxruntime-node libraries) and lock (a hash of the lockfile, for the
#       cache key)
#   install-runtime.sh install <dir> [flavor]
#       npm ci with every install script off, then, for flavor cuda12 only, onnxruntime-node's own script that fetches
#       its CUDA 12 provider libraries. Runs in an environment that holds no secret: only the variables npm needs to
#       reach a registry (PATH, HOME, proxies, CA certificates, registry) are passed on. Installs nothing when the
#       modules for this flavor and lockfile are already there (a warm cache).
set -euo pipefail

# Variables an install may need; everything else (MLFLOW_TRACKING_PASSWORD, HF_TOKEN, GITHUB_TOKEN…) is left behind.
PASSED_ON=(PATH HOME TMPDIR RUNNER_TEMP LANG
  http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY GLOBAL_AGENT_HTTP_PROXY GLOBAL_AGENT_HTTPS_PROXY
  NODE_EXTRA_CA_CERTS SSL_CERT_FILE npm_config_registry NPM_CONFIG_REGISTRY npm_config_cache NPM_CONFIG_CACHE
  npm_config_userconfig NPM_CONFIG_USERCONFIG)

lock_hash() {
  node -e 'process.stdout.write(require("node:crypto").createHash("sha256").update(require("node:fs").readFileSync(process.argv[1])).digest("hex").slice(0, 16))' "$1"
}

locate() {
  local bundle="$1" provider="${2:-}" here dir flavor=cpu
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
  dir="$(cd "$here/../dist/$bundle" && pwd -P)"
  [ -f "$dir/package-lock.json" ] || { echo "::error::$dir/package-lock.json is missing: this checkout of mlops-actions is incomplete"; exit 1; }
  # onnxruntime-node ships its CUDA 12 provider for Linux on x86-64 only.
  if [ "$(uname -sm)" = "Linux x86_64" ] &&
    { [ "$provider" = cuda ] || { [ "$provider" = auto ] && command -v nvidia-smi >/dev/null && nvidia-smi -L >/dev/null 2>&1; }; }; then
    flavor=cuda12
  fi
  {
    echo "dir=$dir"
    echo "flavor=$flavor"
    echo "lock=$(lock_hash "$dir/package-lock.json")"
  } >>"${GITHUB_OUTPUT:-/dev/stdout}"
}

install() {
  local dir="$1" flavor="${2:-cpu}" stamp modules
  stamp="$flavor $(lock_hash "$dir/package-lock.json")"
  if [ "$(cat "$dir/node_modules/.mlops-runtime" 2>/dev/null)" = "$stamp" ]; then
    echo "the modules of $dir are already installed ($flavor): nothing to install"
    return
  fi
  modules="$(node -p 'Object.entries(require(process.argv[1]).dependencies).map(([name, version]) => `${name}@${version}`).join(", ")' "$dir/package.json")"
  echo "installing $modules into $dir from its lockfile ($flavor)"
  (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  if [ "$flavor" = cuda12 ]; then
    echo "fetching onnxruntime-node's CUDA 12 provider libraries"
    ONNXRUNTIME_NODE_INSTALL=cuda12 node "$dir/node_modules/onnxruntime-node/script/install.js"
  fi
  echo "$stamp" >"$dir/node_modules/.mlops-runtime"
}

case "${1:-}" in
  locate)
    shift
    locate "$@"
    ;;
  install)
    shift
    if [ -z "${MLOPS_RUNTIME_CLEAN_ENV:-}" ]; then
      kept=(MLOPS_RUNTIME_CLEAN_ENV=1)
      for name in "${PASSED_ON[@]}"; do [ -n "${!name:-}" ] && kept+=("$name=${!name}"); done
      exec env -i "${kept[@]}" bash "${BASH_SOURCE[0]}" install "$@"
    fi
    install "$@"
    ;;
  *)
    echo "usage: install-runtime.sh locate <bundle> [execution-provider] | install <dir> [cpu|cuda12]" >&2
    exit 2
    ;;
esac
