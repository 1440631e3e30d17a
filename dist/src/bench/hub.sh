#!/usr/bin/env bash
# The hub figures of docs/performance.md ("Sites and hubs"): starts a nats-server, a site with the
# simulator and a hub, all from the built distribution on this machine, and measures one driver's
# round trip (`teledrive-bench rtt`) straight to the site and through the hub, alternating which
# goes first (this machine is noisy: the order must not favour either side).
#
#   dist/src/bench/hub.sh                 ROUNDS=4 N=50000 dist/src/bench/hub.sh
#
# UPLINK=1 (as root) puts the site in a network namespace of its own whose uplink is a 5 Mbit/s
# token bucket (tc tbf) losing 1% of its packets (nftables), as a home connection at its worst;
# then only the hub side is measured (the site's own port is inside the namespace). Further
# arguments go to every `teledrive-bench` run; MODE (default rtt) picks the bench mode.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
home=$(cd "$here/../../target/teledrive" 2>/dev/null && pwd) || { echo "hub: build first: ./mvnw -DskipTests package" >&2; exit 1; }
command -v nats-server > /dev/null || { echo "hub: needs nats-server (apt-get install nats-server)" >&2; exit 1; }
rounds=${ROUNDS:-2}
n=${N:-20000}
mode=${MODE:-rtt}
work=$(mktemp -d)
ns=td-bench-home
pids=()

cleanup() {
  kill "${pids[@]}" 2>/dev/null
  wait 2>/dev/null
  [ "${UPLINK:-0}" = 1 ] && ip netns del "$ns" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
. "$here/parts.sh"

nats_host=127.0.0.1
in_home=()
if [ "${UPLINK:-0}" = 1 ]; then
  [ "$(id -u)" = 0 ] || { echo "hub: UPLINK=1 makes a network namespace: run as root" >&2; exit 1; }
  ip netns del "$ns" 2>/dev/null
  ip netns add "$ns"
  ip link add td-bench-host type veth peer name td-bench-home
  ip link set td-bench-home netns "$ns"
  ip addr add 10.77.7.1/24 dev td-bench-host
  ip link set td-bench-host up
  ip netns exec "$ns" ip addr add 10.77.7.2/24 dev td-bench-home
  ip netns exec "$ns" ip link set td-bench-home up
  ip netns exec "$ns" ip link set lo up
  # The home's uplink: 5 Mbit/s through a token bucket, and 1 packet in 100 lost on the way out.
  ip netns exec "$ns" tc qdisc add dev td-bench-home root tbf rate 5mbit burst 32kbit latency 50ms
  ip netns exec "$ns" nft -f - <<'NFT'
table inet uplink {
  chain out {
    type filter hook output priority 0; policy accept;
    oifname "td-bench-home" numgen random mod 100 0 drop
  }
}
NFT
  nats_host=10.77.7.1
  in_home=(ip netns exec "$ns")
fi

start_nats "$nats_host"
# No grace, so each run's driver finds the seat free.
limits+=(--set turns.graceSeconds=0)
"${in_home[@]}" "$home/bin/teledrive" --port 0 --site home --nats "$nats" "${limits[@]}" > "$work/site.log" 2>&1 &
pids+=($!)
"$home/bin/teledrive" hub --port 0 --nats "$nats" "${limits[@]}" > "$work/hub.log" 2>&1 &
pids+=($!)
await_ready site hub
site_url=$(ws site)
hub_url=$(ws hub)
[ -n "$hub_url" ] || { echo "hub: the hub did not start:" >&2; cat "$work/hub.log" >&2; exit 1; }
# The hub lists the site's vehicles once it hears the site's heartbeat (every second).
sleep 3
bench() {
  local label=$1 url=$2
  shift 2
  "$home/bin/teledrive-bench" "$mode" --url "$url" --n "$n" "$@" 2>&1 | tail -1 | sed "s/^/$label /"
}
for round in $(seq 1 "$rounds"); do
  if [ "${UPLINK:-0}" = 1 ]; then
    bench hub "$hub_url" "$@"
  elif [ $((round % 2)) = 1 ]; then
    bench direct "$site_url" "$@"
    bench hub "$hub_url" "$@"
  else
    bench hub "$hub_url" "$@"
    bench direct "$site_url" "$@"
  fi
done
