#!/usr/bin/env bash
# Video through hubs (docs/performance.md, "Video through a hub"): a nats-server, one site "home"
# with an ffmpeg test camera (lavfi testsrc2, -re, 640x480 at 30 fps) and three hubs, all from the
# built distribution on this machine. For each codec, `teledrive-bench video` runs VIEWERS viewers
# (default 300) directly at the site (A) and spread over the three hubs (B), alternated A B B A.
# Around each run it reads the site's teledrive_uplink_frames_total{outcome="published"}, the
# video messages each hub took off NATS (teledrive_bus_messages_total{direction="in",class="video"})
# and the site's CPU seconds from /proc: through hubs, each camera frame is published once and
# crosses NATS once per hub that watches (3 copies while the crowd watches), not once per viewer.
#
#   dist/src/bench/hubvideo.sh                 VIEWERS=90 CODECS=jpeg dist/src/bench/hubvideo.sh --seconds 5
# Further arguments go to `teledrive-bench video`.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
home=$(cd "$here/../../target/teledrive" 2>/dev/null && pwd) || { echo "hubvideo: build first: ./mvnw -DskipTests package" >&2; exit 1; }
command -v nats-server > /dev/null || { echo "hubvideo: needs nats-server (apt-get install nats-server)" >&2; exit 1; }
command -v ffmpeg > /dev/null || { echo "hubvideo: needs ffmpeg (apt-get install ffmpeg)" >&2; exit 1; }
viewers=${VIEWERS:-300}
codecs=${CODECS:-jpeg h264}
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
. "$here/parts.sh"

start_nats
"$home/bin/teledrive" --port 0 --site home --nats "$nats" "${limits[@]}" --set cameras=test \
  --set "camera.test.input=-re -f lavfi -i testsrc2=size=640x480:rate=30" --set camera.test.vehicle=simulator \
  > "$work/site.log" 2>&1 &
site_pid=$!
pids+=($!)
for hub in 1 2 3; do
  "$home/bin/teledrive" hub --port 0 --nats "$nats" "${limits[@]}" > "$work/hub-$hub.log" 2>&1 &
  pids+=($!)
done
await_ready site hub-1 hub-2 hub-3
hubs="$(ws hub-1),$(ws hub-2),$(ws hub-3)"
sleep 3 # every hub hears the site's heartbeat
# The sum of a /metrics series (name and "{") over its lines holding every tag given (key="value").
metric() {
  curl -s "$(http "$1")metrics" | awk -v p="$2" -v t="$3" -v u="${4:-}" \
    'index($0, p) == 1 && index($0, t) && index($0, u) { s += $NF } END { printf "%.0f", s }'
}
hub_video_in() { # each hub's, comma-separated
  local h out=()
  for h in hub-1 hub-2 hub-3; do
    out+=("$(metric "$h" 'teledrive_bus_messages_total{' 'class="video"' 'direction="in"')")
  done
  (IFS=,; echo "${out[*]}")
}
run() { # mode codec
  local url camera crowd=() p0 h0 c0 s0 p1 h1 c1 s1 hubs_in
  if [ "$1" = direct ]; then url=$(ws site); camera=test; else url=$(ws hub-1); camera=test@home; crowd=(--crowd-url "$hubs"); fi
  p0=$(metric site 'teledrive_uplink_frames_total{' 'outcome="published"'); h0=$(hub_video_in); c0=$(jvm_cpu "$site_pid"); s0=$(date +%s.%N)
  result=$("$home/bin/teledrive-bench" video --url "$url" "${crowd[@]}" --camera "$camera" --codec "$2" \
    --viewers "$viewers" "${@:3}" 2>/dev/null | tail -1)
  p1=$(metric site 'teledrive_uplink_frames_total{' 'outcome="published"'); h1=$(hub_video_in); c1=$(jvm_cpu "$site_pid"); s1=$(date +%s.%N)
  hubs_in=$(paste -d- <(tr , '\n' <<< "$h1") <(tr , '\n' <<< "$h0") | bc | paste -sd,) # each hub's, during the run
  echo "{\"mode\":\"$1\",\"codec\":\"$2\",\"load\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",\"seconds\":$(echo "$s1 - $s0" | bc | xargs printf '%.1f'),\"site_published\":$((p1 - p0)),\"hubs_video_in\":[$hubs_in],\"site_cpu_s\":$(echo "$c1 - $c0" | bc | xargs printf '%.2f'),\"bench\":$result}"
}
for codec in $codecs; do
  for mode in direct hub hub direct; do
    run "$mode" "$codec" "$@"
    sleep 4 # the hubs' watch leases lapse (3 s): each run starts with nothing crossing NATS
  done
done
