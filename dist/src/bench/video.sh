#!/usr/bin/env bash
# The video figures of docs/performance.md: starts the built distribution's server (with the
# limits off, and with an ffmpeg test camera for `ffmpeg`), warms its hot path up, runs
# `teledrive-bench video` with 100 viewers against it and prints the server's CPU over the run.
#
# PIN=1 puts the server on CPU 0 and the load client on CPU 1 (taskset), as fleet.sh does.
#
#   dist/src/bench/video.sh simulator jpeg|h264
#   dist/src/bench/video.sh ffmpeg jpeg
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
home=$(cd "$here/../../target/teledrive" 2>/dev/null && pwd) || { echo "video: build first: ./mvnw -DskipTests package" >&2; exit 1; }
source=${1:-simulator}
codec=${2:-jpeg}
camera=simulator
extra=()
if [ "$source" = ffmpeg ]; then
  camera=test
  extra=(--set cameras=test --set "camera.test.input=-re -f lavfi -i testsrc2=size=640x480:rate=30"
         --set camera.test.vehicle=simulator)
fi
server_cpus=0,1
client_cpus=0,1
if [ "${PIN:-0}" = 1 ]; then server_cpus=0; client_cpus=1; fi
log=$(mktemp)
taskset -c "$server_cpus" "$home/bin/teledrive" --port 0 --set limits.messagesPerSecond=0 --set limits.connections=0 \
  --set limits.connectionsPerAddress=0 --set limits.sockets=0 --set limits.socketsPerAddress=0 \
  --set plugins.watch=false "${extra[@]}" > "$log" 2>&1 &
server=$!
# A server left running would spoil every later measurement.
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 100); do grep -q "Teledrive ready at" "$log" && break; sleep 0.2; done
url=$(grep -o "http://127.0.0.1:[0-9]*/" "$log" | head -1 | sed 's#^http#ws#')ws
java=$(pgrep -P "$server" java || echo "$server")
ticks() { awk '{print $14+$15}' "/proc/$java/stat"; }
taskset -c "$client_cpus" "$home/bin/teledrive-bench" rtt --url "$url" --n 20000 > /dev/null 2>&1 || true   # the hot path compiles
t0=$(ticks); s0=$(date +%s.%N)
taskset -c "$client_cpus" "$home/bin/teledrive-bench" video --url "$url" --camera "$camera" --codec "$codec" --viewers 100 --seconds 10 --n 20000 2>/dev/null
t1=$(ticks); s1=$(date +%s.%N)
hz=$(getconf CLK_TCK)
echo "{\"server_cpu_pct\":$(echo "100*($t1-$t0)/$hz/($s1-$s0)" | bc -l | xargs printf '%.1f')}"
