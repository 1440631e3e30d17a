#!/usr/bin/env bash
# The fleet through hubs (docs/performance.md, "Sites and hubs"): a nats-server, two sites (a and b)
# with CARS simulated cars each, and three hubs, all from the built distribution on this machine;
# `teledrive-bench fleet` drives every car through the first hub while the spectators spread over
# all three. It reads each site's CPU time from /proc at the start, when the bench marks the crowd's
# arrival (after a lone driver's run), the steady phase (every spectator connected, every car
# driven) and the hand-overs: a site sends each sample once per hub, so its steady CPU must not grow
# with the spectators (compare SPECTATORS=300 and 3000); the arrivals' CPU is reported apart.
#
#   dist/src/bench/sites.sh              SPECTATORS=300 dist/src/bench/sites.sh --seconds 30
# Further arguments go to `teledrive-bench fleet`.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
home=$(cd "$here/../../target/teledrive" 2>/dev/null && pwd) || { echo "sites: build first: ./mvnw -DskipTests package" >&2; exit 1; }
command -v nats-server > /dev/null || { echo "sites: needs nats-server (apt-get install nats-server)" >&2; exit 1; }
cars=${CARS:-10}
spectators=${SPECTATORS:-3000}
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
. "$here/parts.sh"

start_nats
limits+=(--set turns.graceSeconds=0)
names=$(seq -s, -f "c%g" 1 "$cars")
declare -A site_pid
for site in a b; do
  "$home/bin/teledrive" --port 0 --site "$site" --nats "$nats" --set "simulator.cars=$names" "${limits[@]}" > "$work/site-$site.log" 2>&1 &
  site_pid[$site]=$!
  pids+=($!)
done
for hub in 1 2 3; do
  "$home/bin/teledrive" hub --port 0 --nats "$nats" "${limits[@]}" > "$work/hub-$hub.log" 2>&1 &
  pids+=($!)
done
await_ready site-a site-b hub-1 hub-2 hub-3
hubs="$(ws hub-1),$(ws hub-2),$(ws hub-3)"
sleep 3 # every hub hears every site's heartbeat
before_a=$(jvm_cpu "${site_pid[a]}")
before_b=$(jvm_cpu "${site_pid[b]}")
# The bench marks its phases on stderr ({"phase":"crowd"}, "steady", "handovers"); its last line is its result.
"$home/bin/teledrive-bench" fleet --url "$(ws hub-1)" --crowd-url "$hubs" --sites a,b --cars "$cars" \
  --spectators "$spectators" "$@" 2>&1 | {
  last=""
  while IFS= read -r line; do
    case $line in
      '{"phase":"crowd"}') crowd_a=$(jvm_cpu "${site_pid[a]}"); crowd_b=$(jvm_cpu "${site_pid[b]}") ;;
      '{"phase":"steady"}') steady_a=$(jvm_cpu "${site_pid[a]}"); steady_b=$(jvm_cpu "${site_pid[b]}"); steady_t=$(date +%s.%N) ;;
      '{"phase":"handovers"}') end_a=$(jvm_cpu "${site_pid[a]}"); end_b=$(jvm_cpu "${site_pid[b]}"); end_t=$(date +%s.%N) ;;
      *) [ -n "$last" ] && echo "$last" >&2; last=$line ;; # the bench's log, if any, then its result
    esac
  done
  echo "$last"
  awk -v a0="${crowd_a:-nan}" -v a1="${steady_a:-nan}" -v a2="${end_a:-nan}" -v a3="$(jvm_cpu "${site_pid[a]}")" \
    -v b0="${crowd_b:-nan}" -v b1="${steady_b:-nan}" -v b2="${end_b:-nan}" -v b3="$(jvm_cpu "${site_pid[b]}")" \
    -v t1="${steady_t:-0}" -v t2="${end_t:-0}" -v n="$spectators" -v s_a="$before_a" -v s_b="$before_b" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
    'BEGIN { printf "{\"mode\":\"site_cpu\",\"spectators\":%d,\"load\":%s,\"site_a_cpu_s\":%.2f,\"site_b_cpu_s\":%.2f,", n, load, a3 - s_a, b3 - s_b
             printf "\"arrivals_a_cpu_s\":%.2f,\"arrivals_b_cpu_s\":%.2f,", a1 - a0, b1 - b0
             printf "\"steady_s\":%.1f,\"steady_a_cpu_s\":%.2f,\"steady_b_cpu_s\":%.2f}\n", t2 - t1, a2 - a1, b2 - b1 }'
}
