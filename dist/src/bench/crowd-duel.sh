#!/bin/bash
# A paced driver beside a crowd, Teledrive and Node ws (../shared/bench's peer) on the same machine
# with the same Node clients: one driver sending a command every 33 ms (as the fleet's drivers do),
# first alone, then beside 1,000 spectators that each get the server's 20 Hz telemetry (20,000
# messages a second, the fleet's rate). Two rounds, the servers alternated. Prints a JSON line per
# server and round: the driver's p50/p99 alone and beside the crowd, their p99 ratio (the fleet's
# target is 1.5) and the fewest telemetry messages a spectator got.
#
#   PIN=1 dist/src/bench/crowd-duel.sh [--peers DIR] [--clients N] [--seconds S]
#
# PIN=1 puts each server on CPU 0 and the clients on CPU 1 (taskset), as fleet.sh does; the crowd
# runs at nice 10, as the fleet bench's does. Needs the built distribution and Node 20.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
home=$(cd "$here/../../target/teledrive" 2>/dev/null && pwd) || { echo "crowd-duel: build first: ./mvnw -DskipTests package" >&2; exit 1; }
peers=$(cd "$here/../../.." && pwd)/../shared/bench
clients=1000
seconds=30
while [ $# -gt 0 ]; do
  case $1 in
    --peers) peers=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    *) echo "crowd-duel: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -f "$peers/peers/node_ws.js" ] || { echo "crowd-duel: no peer bench at $peers (give --peers DIR)" >&2; exit 1; }
server_cpus=0,1
client_cpus=0,1
if [ "${PIN:-0}" = 1 ]; then server_cpus=0; client_cpus=1; fi

source "$here/servers.sh"
peer_work "$peers"
export NODE_PATH="$work/node_modules"
cleanup() { stop_all; rm -rf "$work"; }
trap cleanup EXIT

measure() {
  case $1 in
    teledrive) start teledrive taskset -c "$server_cpus" "$home/bin/teledrive" --port 0 \
                 --set limits.messagesPerSecond=0 --set limits.connections=0 --set limits.connectionsPerAddress=0 \
                 --set limits.sockets=0 --set limits.socketsPerAddress=0 --set plugins.watch=false
               # the hot path compiles first, as in fleet.sh
               taskset -c "$client_cpus" "$home/bin/teledrive-bench" rtt --url "$url" --n 20000 >/dev/null 2>&1 ;;
    node_ws) start node_ws taskset -c "$server_cpus" node "$work/peers/node_ws.js" 0 ;;
  esac
  local alone with crowd
  alone=$(taskset -c "$client_cpus" node "$here/node/paced-driver.js" "$url" "$seconds")
  taskset -c "$client_cpus" nice -n 10 node "$here/node/crowd.js" "$url" "$clients" $((seconds + 10)) >"$work/crowd.json" &
  local crowd_pid=$!
  with=$(taskset -c "$client_cpus" node "$here/node/paced-driver.js" "$url" "$seconds" 8)
  wait "$crowd_pid"
  crowd=$(cat "$work/crowd.json")
  stop_last
  python3 -c '
import json, sys
name, rnd, alone, with_, crowd = sys.argv[1], int(sys.argv[2]), *map(json.loads, sys.argv[3:])
print(json.dumps({"server": name, "round": rnd, "alone_p50_us": alone["p50_us"], "alone_p99_us": alone["p99_us"],
    "crowd_p50_us": with_["p50_us"], "crowd_p99_us": with_["p99_us"], "crowd_max_us": with_["max_us"],
    "p99_ratio": round(with_["p99_us"] / alone["p99_us"], 2), "spectators": crowd["clients"],
    "telemetry_min": crowd["telemetry_min"]}))' "$1" "$2" "$alone" "$with" "$crowd"
}

measure teledrive 1
measure node_ws 1
measure node_ws 2
measure teledrive 2
