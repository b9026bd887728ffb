#!/usr/bin/env bash
# A real local GovQA cluster on loopback, for tests and for people (docs/deploy.md):
# Debian's PostgreSQL (initdb in DIR/pg, run as the `postgres` user), `chroma run`
# (DIR/chroma), N `govqa serve` instances (default 2, each with its own GOVQA_HOME
# under DIR/instanceK, sharing the database and the Chroma server) and Debian's nginx
# round-robin in front (DIR/nginx/nginx.conf, generated).
#
#   scripts/cluster.sh start  [DIR]   start everything (DIR: a new folder under /tmp),
#                                     print the URL; DIR/cluster.env says what runs where
#   scripts/cluster.sh status [DIR]   what is running
#   scripts/cluster.sh stop   [DIR]   stop everything `start` started in DIR (by the
#                                     recorded process ids only), keep the data
#
# Without DIR, status and stop use the folder the last `start` printed
# (/tmp/govqa-cluster.last). Environment read by `start`:
#   GOVQA_CLUSTER_INSTANCES   number of instances (default 2)
#   GOVQA_CLUSTER_REPORTS     report files or folders to ingest before the instances start
#                             (default: none; the first instance then ingests the bundled sample)
#   GOVQA_ADMIN_KEY           admin key of every instance (default: a random one, in cluster.env)
#   any other GOVQA_* (WeChat, rate limits, model dir) is passed to the instances as is.
# Every server writes to a log file in DIR, never to the caller's stdout/stderr.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-python}"
LAST=/tmp/govqa-cluster.last
cmd="${1:-}"
DIR="${2:-}"

die() { echo "cluster: $*" >&2; exit 1; }
say() { echo "cluster: $*" >&2; }

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

pg_bin() {  # Debian keeps the server binaries under /usr/lib/postgresql/VERSION/bin
  local found
  found="$(ls -d /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -1 || true)"
  [ -n "$found" ] && { echo "$found"; return; }
  command -v "$1" || die "$1 not found: apt-get install postgresql"
}

as_postgres() {  # initdb and pg_ctl refuse root: run them as the postgres user
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# a process we started, still running (the pid is ours only while its command line matches)
alive() {
  local pid="$1" what="$2"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$what"
}

wait_http() {  # URL TIMEOUT_S [PID WHAT]
  local url="$1" timeout="$2" pid="${3:-}" what="${4:-}" t=0
  while [ "$t" -lt $((timeout * 10)) ]; do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then return 0; fi
    if [ -n "$pid" ] && ! alive "$pid" "$what"; then return 1; fi
    sleep 0.1; t=$((t + 1))
  done
  return 1
}

resolve_dir() {
  if [ -z "$DIR" ]; then
    [ -r "$LAST" ] || die "no DIR given and no cluster started (no $LAST)"
    DIR="$(cat "$LAST")"
  fi
  DIR="$(cd "$DIR" 2>/dev/null && pwd)" || die "no such folder: ${2:-$DIR}"
}

start() {
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || die "nginx not found: apt-get install nginx-light"
  command -v curl >/dev/null || die "curl not found: apt-get install curl"
  local nginx_bin; nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
  if [ -z "$DIR" ]; then DIR="$(mktemp -d /tmp/govqa-cluster.XXXXXX)"; fi
  mkdir -p "$DIR"; DIR="$(cd "$DIR" && pwd)"
  [ -e "$DIR/cluster.env" ] && alive "$(sed -n 's/^NGINX_PID=//p' "$DIR/cluster.env")" nginx \
    && die "a cluster is already running in $DIR (scripts/cluster.sh stop $DIR)"
  chmod 755 "$DIR"  # the postgres user and nginx's workers must reach their folders
  local n="${GOVQA_CLUSTER_INSTANCES:-2}"
  local model_dir
  model_dir="$(cd "$ROOT" && "$PY" -c 'from govqa.settings import get_settings; print(get_settings().resolved_model_dir)')"
  local admin_key="${GOVQA_ADMIN_KEY:-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(24))')}"
  local env_file="$DIR/cluster.env"
  : >"$env_file"; chmod 600 "$env_file"
  STARTED=0
  trap 'if [ "$STARTED" = 0 ]; then say "start failed; logs in $DIR; stopping what started"; stop_all || true; fi' EXIT

  # -- PostgreSQL ------------------------------------------------------------------------
  local pg_port; pg_port="$(free_port)"
  mkdir -p "$DIR/pg"
  [ "$(id -u)" = 0 ] && chown postgres "$DIR/pg"
  if [ ! -e "$DIR/pg/data/PG_VERSION" ]; then
    as_postgres "$(pg_bin initdb)" -D "$DIR/pg/data" -A trust -U postgres -E UTF8 \
      </dev/null >"$DIR/pg/initdb.log" 2>&1 || die "initdb failed: $DIR/pg/initdb.log"
  fi
  # -l: the server's output goes to the log file, never to our caller's pipes
  as_postgres "$(pg_bin pg_ctl)" -D "$DIR/pg/data" -l "$DIR/pg/server.log" -w -t 60 \
    -o "-p $pg_port -k $DIR/pg -c listen_addresses=127.0.0.1" start </dev/null >>"$DIR/pg/pg_ctl.log" 2>&1 \
    || die "PostgreSQL did not start: $DIR/pg/server.log"
  local db_url="postgresql+psycopg://postgres@127.0.0.1:$pg_port/postgres"
  { echo "PG_PORT=$pg_port"; echo "PG_DATA=$DIR/pg/data"; echo "DATABASE_URL=$db_url"; } >>"$env_file"
  say "PostgreSQL on 127.0.0.1:$pg_port"

  # -- Chroma server ---------------------------------------------------------------------
  local chroma_port chroma_cli
  chroma_port="$(free_port)"
  chroma_cli="$(dirname "$("$PY" -c 'import sys; print(sys.executable)')")/chroma"
  [ -x "$chroma_cli" ] || chroma_cli="$(command -v chroma)" || die "the chroma CLI was not found (pip install -e .)"
  mkdir -p "$DIR/chroma"
  ANONYMIZED_TELEMETRY=False nohup "$chroma_cli" run --path "$DIR/chroma" --host 127.0.0.1 --port "$chroma_port" \
    </dev/null >"$DIR/chroma.log" 2>&1 &
  local chroma_pid=$!
  { echo "CHROMA_PORT=$chroma_port"; echo "CHROMA_PID=$chroma_pid"; echo "CHROMA_URL=http://127.0.0.1:$chroma_port"; } >>"$env_file"
  wait_http "http://127.0.0.1:$chroma_port/api/v2/heartbeat" 60 "$chroma_pid" chroma \
    || die "chroma run did not start: $DIR/chroma.log"
  say "Chroma on 127.0.0.1:$chroma_port"

  export GOVQA_CHROMA_URL="http://127.0.0.1:$chroma_port" GOVQA_DATABASE_URL="$db_url" \
    GOVQA_MODEL_DIR="$model_dir" GOVQA_ADMIN_KEY="$admin_key" HF_HUB_OFFLINE=1 PYTHONUNBUFFERED=1
  echo "ADMIN_KEY=$admin_key" >>"$env_file"

  # the schema once, before the instances (they would take turns anyway)
  (cd "$ROOT" && GOVQA_HOME="$DIR/instance1" "$PY" -m govqa.cli db upgrade </dev/null >>"$DIR/migrate.log" 2>&1) \
    || die "govqa db upgrade failed: $DIR/migrate.log"
  local sample_flag=()
  if [ -n "${GOVQA_CLUSTER_REPORTS:-}" ]; then
    # shellcheck disable=SC2086  # a list of paths
    (cd "$ROOT" && GOVQA_HOME="$DIR/instance1" "$PY" -m govqa.cli ingest $GOVQA_CLUSTER_REPORTS \
      </dev/null >"$DIR/ingest.log" 2>&1) || die "govqa ingest failed: $DIR/ingest.log"
    sample_flag=(--no-sample)
  fi

  # -- the instances ---------------------------------------------------------------------
  local ports=() pids=() i port
  local nginx_port; nginx_port="$(free_port)"
  export GOVQA_PORTAL_URL="${GOVQA_PORTAL_URL:-http://127.0.0.1:$nginx_port}"
  for i in $(seq 1 "$n"); do
    port="$(free_port)"
    mkdir -p "$DIR/instance$i"
    # the first instance ingests the bundled sample into an empty store; the others never do
    local flags=("${sample_flag[@]}"); [ "$i" -gt 1 ] && flags=(--no-sample)
    # --forwarded-allow-ips: the client address is nginx's X-Forwarded-For (nginx is on 127.0.0.1)
    (cd "$ROOT" && GOVQA_HOME="$DIR/instance$i" exec nohup "$PY" -m govqa.cli serve --host 127.0.0.1 \
      --port "$port" --forwarded-allow-ips 127.0.0.1 "${flags[@]}" </dev/null >"$DIR/instance$i/serve.log" 2>&1) &
    pids+=($!); ports+=("$port")
    { echo "INSTANCE${i}_PORT=$port"; echo "INSTANCE${i}_PID=${pids[-1]}"; } >>"$env_file"
  done
  echo "INSTANCES=$n" >>"$env_file"
  for i in $(seq 1 "$n"); do
    wait_http "http://127.0.0.1:${ports[$((i - 1))]}/readyz" 300 "${pids[$((i - 1))]}" govqa.cli \
      || die "instance $i did not become ready: $DIR/instance$i/serve.log"
  done
  say "$n instances on ports ${ports[*]}"

  # -- nginx -----------------------------------------------------------------------------
  mkdir -p "$DIR/nginx/tmp"
  chmod 1777 "$DIR/nginx/tmp"  # nginx's workers (an unprivileged user under root) spool bodies here
  write_nginx_conf "$DIR/nginx" "$nginx_port" "${ports[@]}"
  "$nginx_bin" -t -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" </dev/null >"$DIR/nginx/check.log" 2>&1 \
    || die "nginx.conf rejected: $DIR/nginx/check.log"
  nohup "$nginx_bin" -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" </dev/null >"$DIR/nginx/stderr.log" 2>&1 &
  local nginx_pid=$!
  { echo "NGINX_PORT=$nginx_port"; echo "NGINX_PID=$nginx_pid"; echo "URL=http://127.0.0.1:$nginx_port"; } >>"$env_file"
  wait_http "http://127.0.0.1:$nginx_port/readyz" 30 "$nginx_pid" nginx || die "nginx did not start: $DIR/nginx/error.log"
  STARTED=1
  echo "$DIR" >"$LAST"
  say "nginx on 127.0.0.1:$nginx_port; stop with: scripts/cluster.sh stop $DIR"
  echo "http://127.0.0.1:$nginx_port"
}

write_nginx_conf() {  # FOLDER PORT INSTANCE_PORT...
  local folder="$1" port="$2"; shift 2
  local servers="" p
  for p in "$@"; do
    servers+="        server 127.0.0.1:$p max_fails=1 fail_timeout=5s;"$'\n'
  done
  cat >"$folder/nginx.conf" <<EOF
# Generated by scripts/cluster.sh; what each line does: docs/deploy.md.
daemon off;                      # run under cluster.sh, which records the pid
worker_processes 1;              # one worker: requests of one connection alternate exactly
pid $folder/nginx.pid;
error_log $folder/error.log warn;
events { worker_connections 1024; }
http {
    access_log $folder/access.log;
    client_body_temp_path $folder/tmp/body;
    proxy_temp_path $folder/tmp/proxy;
    fastcgi_temp_path $folder/tmp/fastcgi;
    uwsgi_temp_path $folder/tmp/uwsgi;
    scgi_temp_path $folder/tmp/scgi;
    client_max_body_size 21m;    # GOVQA_MAX_UPLOAD_BYTES (20 MB) and the multipart framing

    upstream govqa {             # round-robin; a failed instance is skipped for 5 s
$servers        keepalive 32;            # reused connections to the instances
    }
    server {
        listen 127.0.0.1:$port;
        location / {
            proxy_pass http://govqa;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            # the client's address, replacing anything the client sent (uvicorn trusts it
            # from 127.0.0.1: govqa serve --forwarded-allow-ips)
            proxy_set_header X-Forwarded-For \$remote_addr;
            proxy_set_header X-Forwarded-Proto \$scheme;
            # an instance that dies mid-request (connection reset, no response header):
            # the request goes to the next instance, POSTs too (asks, WeChat deliveries
            # and uploads are safe to repeat)
            proxy_next_upstream error timeout http_502 non_idempotent;
            proxy_next_upstream_tries 2;
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
            add_header X-GovQA-Upstream \$upstream_addr always;   # which instance answered (tests)
        }
    }
}
EOF
}

load_env() {
  [ -r "$DIR/cluster.env" ] || die "no cluster in $DIR (no cluster.env)"
  # shellcheck disable=SC1091
  set -a; . "$DIR/cluster.env"; set +a
}

stop_pid() {  # PID WHAT NAME: TERM, then KILL after 10 s; only a process we started
  local pid="$1" what="$2" name="$3" t=0
  alive "$pid" "$what" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  while alive "$pid" "$what" && [ "$t" -lt 100 ]; do sleep 0.1; t=$((t + 1)); done
  if alive "$pid" "$what"; then kill -KILL "$pid" 2>/dev/null || true; fi
  [ "$name" = nginx ] || say "stopped $name (pid $pid)"
}

stop_all() {
  [ -r "$DIR/cluster.env" ] || return 0
  local NGINX_PID="" CHROMA_PID="" INSTANCES=0 PG_DATA="" i
  load_env
  if alive "${NGINX_PID:-}" nginx; then
    kill -QUIT "$NGINX_PID" 2>/dev/null || true  # graceful: the master stops its workers
    local t=0; while alive "$NGINX_PID" nginx && [ "$t" -lt 100 ]; do sleep 0.1; t=$((t + 1)); done
    stop_pid "$NGINX_PID" nginx nginx
    say "stopped nginx (pid $NGINX_PID)"
  fi
  for i in $(seq 1 "${INSTANCES:-0}"); do
    local var="INSTANCE${i}_PID"
    stop_pid "${!var:-}" govqa.cli "instance $i"
  done
  stop_pid "${CHROMA_PID:-}" chroma chroma
  if [ -n "${PG_DATA:-}" ] && [ -e "$PG_DATA/postmaster.pid" ]; then
    as_postgres "$(pg_bin pg_ctl)" -D "$PG_DATA" -m fast -w stop </dev/null >>"$DIR/pg/pg_ctl.log" 2>&1 || true
    say "stopped PostgreSQL"
  fi
}

status() {
  load_env
  local i var up=0
  for i in $(seq 1 "$INSTANCES"); do
    var="INSTANCE${i}_PID"; local pv="INSTANCE${i}_PORT"
    if alive "${!var}" govqa.cli; then echo "instance $i  running  pid ${!var}  http://127.0.0.1:${!pv}"; up=$((up + 1))
    else echo "instance $i  stopped"; fi
  done
  if alive "$CHROMA_PID" chroma; then echo "chroma      running  pid $CHROMA_PID  $CHROMA_URL"; else echo "chroma      stopped"; fi
  if as_postgres "$(pg_bin pg_ctl)" -D "$PG_DATA" status </dev/null >/dev/null 2>&1; then
    echo "postgresql  running  127.0.0.1:$PG_PORT"; else echo "postgresql  stopped"; fi
  if alive "$NGINX_PID" nginx; then echo "nginx       running  pid $NGINX_PID  $URL"; else echo "nginx       stopped"; fi
  [ "$up" -gt 0 ] && alive "$NGINX_PID" nginx
}

case "$cmd" in
  start) start ;;
  stop) resolve_dir "$@"; stop_all ;;
  status) resolve_dir "$@"; status ;;
  *) echo "usage: scripts/cluster.sh start|stop|status [DIR]" >&2; exit 2 ;;
esac
