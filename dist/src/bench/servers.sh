# Shared by compare.sh and crowd-duel.sh, which source it: the peer bench's working copy, and
# servers started in the background and stopped again. Error lines name the calling script.

# peer_work DIR: copies the peer bench (the shared folder may be read-only) to a temporary folder
# with its Node modules installed, and sets $work to it.
peer_work() {
  work=$(mktemp -d)
  cp -r "$1/." "$work/"
  chmod -R u+w "$work"
  (cd "$work" && npm install --no-audit --no-fund >/dev/null 2>&1) || { echo "$(basename "$0" .sh): npm install failed in $work" >&2; exit 1; }
}

pids=()
# stop_all: stops every server still running (for an EXIT trap)
stop_all() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }

# start NAME CMD... : starts a server, waits for its "ready at http://127.0.0.1:PORT" line, sets $url
start() {
  local name=$1; shift
  local log; log=$(mktemp)
  "$@" >"$log" 2>&1 & pids+=($!)
  local port=
  for _ in $(seq 1 150); do
    port=$(grep -aoE 'ready at http://127.0.0.1:[0-9]+' "$log" | grep -oE '[0-9]+$' || true)
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { echo "$(basename "$0" .sh): $name did not start: $(cat "$log")" >&2; return 1; }
  url="ws://127.0.0.1:$port/ws"
}

# stop_last: stops the server started last
stop_last() { kill "${pids[-1]}" 2>/dev/null || true; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'; }
