#!/bin/bash
# Measures Teledrive side by side with the peer servers of ../shared/bench (the 2012-style pure
# Python server, Python websockets, Node ws) in one run on this machine, with the same clients:
# the peers' own Node load client (load.js) for every server, and Teledrive's Java load client
# (bin/teledrive-bench) for Teledrive and Node ws. Prints every result as a JSON line, then a
# Markdown table with ratios (docs/performance.md explains the method).
#
#   dist/src/bench/compare.sh [--peers DIR] [--quick] [--out FILE] [--skip-missing]
#
# Needs the built distribution (./mvnw package), Node 20, and for py_websockets Debian's
# python3-websockets. The machine is noisy: compare ratios from one run, not numbers across runs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
home=$(cd "$here/../../target/teledrive" 2>/dev/null && pwd) || { echo "compare: build first: ./mvnw -DskipTests package" >&2; exit 1; }
peers=$(cd "$here/../../.." && pwd)/../shared/bench
out=$(mktemp)
quick=false
skip_missing=false
while [ $# -gt 0 ]; do
  case $1 in
    --peers) peers=$2; shift 2 ;;
    --quick) quick=true; shift ;;
    --out) out=$2; shift 2 ;;
    --skip-missing) skip_missing=true; shift ;;
    *) echo "compare: unknown option $1" >&2; exit 2 ;;
  esac
done
if [ ! -f "$peers/client/load.js" ]; then
  echo "compare: no peer bench at $peers (give --peers DIR)" >&2
  $skip_missing && exit 0 || exit 1
fi

source "$here/servers.sh"
peer_work "$peers"

if $quick; then N=5000; SECS=4; FAN=500; JFAN=1000; else N=20000; SECS=10; FAN=2000; JFAN=5000; fi
cleanup() { stop_all; rm -rf "$work"; }
trap cleanup EXIT

# tag SERVER CLIENT: puts "server" and "client" first in each JSON line
tag() { sed "s/^{/{\"server\":\"$1\",\"client\":\"$2\",/; s/,\"server\":\"[^\"]*\"//"; }

node_load() { node "$work/client/load.js" "$@" --limit 300; }

measure() {  # measure NAME URL JAVA(yes|no)
  local name=$1 target=$2 java=$3
  node_load rtt --url "$target" --n 2000 >/dev/null  # warm-up: JIT, caches
  node_load rtt --url "$target" --n "$N" | tag "$name" load.js
  node_load pipeline --url "$target" --window 64 --seconds "$SECS" | tag "$name" load.js
  node_load fanout --url "$target" --clients "$FAN" --seconds "$SECS" | tag "$name" load.js
  if [ "$java" = yes ]; then
    "$home/bin/teledrive-bench" rtt pipeline fanout --url "$target" --n "$N" --seconds "$SECS" --clients "$JFAN" \
      2>/dev/null | tag "$name" teledrive-bench || echo "{\"server\":\"$name\",\"client\":\"teledrive-bench\",\"error\":\"failed\"}"
  fi
}

{
  start teledrive "$home/bin/teledrive" --port 0 --set limits.messagesPerSecond=0 \
    --set limits.connections=0 --set limits.connectionsPerAddress=0 \
    --set limits.sockets=0 --set limits.socketsPerAddress=0
  measure teledrive "$url" yes
  stop_last

  start node_ws node "$work/peers/node_ws.js" 0
  measure node_ws "$url" yes
  stop_last

  if /usr/bin/python3 -c 'import websockets' 2>/dev/null; then
    start py_websockets /usr/bin/python3 "$work/peers/py_websockets.py" 0
    measure py_websockets "$url" no
    stop_last
  else
    echo '{"server":"py_websockets","error":"not measured: apt-get install python3-websockets"}'
  fi

  start seed_pure_python python3 "$work/peers/seed_pure_python.py" 0
  measure seed_pure_python "$url" no
  stop_last

  "$home/bin/teledrive-bench" startup safety | tag teledrive teledrive-bench
} | tee "$out"

python3 "$here/table.py" "$out"
