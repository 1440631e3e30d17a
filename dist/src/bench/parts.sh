# Shared by the benches that start a nats-server, sites and hubs from the built distribution
# (hub.sh, sites.sh, hubvideo.sh): source it after setting `work` (a scratch folder) and `pids`
# (an array the caller's EXIT trap kills).

# Every bench's servers run with the stranger limits off and no plugin watching.
limits=(--set limits.messagesPerSecond=0 --set limits.connections=0 --set limits.connectionsPerAddress=0
  --set limits.sockets=0 --set limits.socketsPerAddress=0 --set plugins.watch=false)

# A nats-server on a free port of HOST (default 127.0.0.1), logging to $work/nats.log; sets `nats`.
start_nats() {
  local host=${1:-127.0.0.1} port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  nats-server -a "$host" -p "$port" > "$work/nats.log" 2>&1 &
  pids+=($!)
  nats="nats://$host:$port"
}

# Waits (up to 30 s each) until every named server ($work/NAME.log) printed its ready line.
await_ready() {
  local log
  for log in "$@"; do
    for _ in $(seq 1 150); do grep -aq "Teledrive ready at" "$work/$log.log" && break; sleep 0.2; done
  done
}

# A named server's page URL and WebSocket URL, from its ready line.
http() { grep -ao "http://127.0.0.1:[0-9]*/" "$work/$1.log" | head -1; }
ws() { http "$1" | sed 's#^http#ws#;s#$#ws#'; }

# A server's CPU seconds so far: utime + stime of its JVM (the launcher's child, or itself).
jvm_cpu() {
  local java
  java=$(pgrep -P "$1" java || echo "$1")
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$java/stat"
}
