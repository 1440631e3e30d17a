#!/usr/bin/env bash
# The fleet figures of docs/performance.md: starts the built distribution's server with 20
# simulated cars (the limits off), warms it up and runs `teledrive-bench fleet` against it.
# PIN=1 puts the server on CPU 0 and the load client on CPU 1 (taskset), so neither takes the
# other's core; SERVER_JAVA_OPTS adds JVM options to the server only (a collector, -Xlog:gc...).
#
#   dist/src/bench/fleet.sh            PIN=1 dist/src/bench/fleet.sh            fleet.sh --spectators 500
# Further arguments go to `teledrive-bench fleet`. The drivers run 60 s unless `--seconds` says
# otherwise: at 30 commands a second that is 1,800 round trips each, so a p99 is the 18th worst of
# them; in 10 s it was the 3rd worst, and the ratio of two such figures swung 1.1-6.7 between runs.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
home=$(cd "$here/../../target/teledrive" 2>/dev/null && pwd) || { echo "fleet: build first: ./mvnw -DskipTests package" >&2; exit 1; }
server_cpus=0,1
client_cpus=0,1
if [ "${PIN:-0}" = 1 ]; then server_cpus=0; client_cpus=1; fi
cars=$(seq -s, -f "c%g" 1 20)
log=$(mktemp)
JAVA_OPTS="${SERVER_JAVA_OPTS:-}" taskset -c "$server_cpus" "$home/bin/teledrive" --port 0 \
  --set limits.messagesPerSecond=0 --set limits.connections=0 --set limits.connectionsPerAddress=0 \
  --set limits.sockets=0 --set limits.socketsPerAddress=0 --set plugins.watch=false \
  --set "simulator.cars=$cars" --set vehicle=simulator-c1 > "$log" 2>&1 &
server=$!
# A server left running (twenty ticking cars) would spoil every later measurement.
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 100); do grep -aq "Teledrive ready at" "$log" && break; sleep 0.2; done
url=$(grep -ao "http://127.0.0.1:[0-9]*/" "$log" | head -1 | sed 's#^http#ws#')ws
taskset -c "$client_cpus" "$home/bin/teledrive-bench" rtt --url "$url" --n 20000 > /dev/null 2>&1   # the hot path compiles
# ...and so does the fan-out's: uncompiled, it dropped 270-730 samples a run that it now sends
taskset -c "$client_cpus" "$home/bin/teledrive-bench" fanout --url "$url" --clients 1000 --seconds 10 > /dev/null 2>&1
seconds=(--seconds 60)
for arg in "$@"; do [ "$arg" = --seconds ] && seconds=(); done
taskset -c "$client_cpus" "$home/bin/teledrive-bench" fleet --url "$url" "${seconds[@]}" "$@"
