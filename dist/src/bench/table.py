"""Turns compare.sh's JSON lines into the Markdown table of docs/performance.md, with ratios."""
import json
import sys

PEERS = ["node_ws", "py_websockets", "seed_pure_python"]
rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]


def get(server, client, mode, field):
    for r in rows:
        if r.get("server") == server and r.get("client") == client and r.get("mode") == mode:
            return r.get(field)
    return None


def fmt(v):
    if v is None:
        return "–"
    if isinstance(v, float) and v < 10:
        return f"{v:.2f}"
    return f"{round(v):,}"


# (label, client, mode, field, lower is better)
METRICS = [
    ("rtt p50 µs", "load.js", "rtt", "p50_us", True),
    ("rtt p99 µs", "load.js", "rtt", "p99_us", True),
    ("pipeline w=64 acked msg/s", "load.js", "pipeline", "acked_per_s", False),
    ("fanout: share of spectators with ≥90% ticks", "load.js", "fanout", "share_ge_90pct", False),
    ("fanout: driver p99 µs", "load.js", "fanout", "driver_p99_us", True),
    ("rtt p50 µs", "teledrive-bench", "rtt", "p50_us", True),
    ("rtt p99 µs", "teledrive-bench", "rtt", "p99_us", True),
    ("pipeline w=64 acked msg/s", "teledrive-bench", "pipeline", "acked_per_s", False),
    ("fanout: share of spectators with ≥90% ticks", "teledrive-bench", "fanout", "share_ge_90pct", False),
    ("fanout: driver p99 µs", "teledrive-bench", "fanout", "driver_p99_us", True),
]

clients = {c for c in ("load.js", "teledrive-bench")}
fan = {c: get("teledrive", c, "fanout", "clients") for c in clients}
print("| client | metric | Teledrive | " + " | ".join(PEERS) + " | " + " | ".join(f"T/{p}" for p in PEERS) + " |")
print("|---|---|---:|" + "---:|" * (2 * len(PEERS)))
for label, client, mode, field, lower in METRICS:
    t = get("teledrive", client, mode, field)
    peers = [get(p, client, mode, field) for p in PEERS]
    if t is None and all(p is None for p in peers):
        continue
    ratios = []
    for p in peers:
        ratios.append(f"{t / p:.2f}" if t is not None and p not in (None, 0) else "–")
    name = label + (f" ({fan[client]} clients)" if mode == "fanout" and fan.get(client) else "")
    print(f"| {client} | {name} | {fmt(t)} | " + " | ".join(fmt(p) for p in peers) + " | " + " | ".join(ratios) + " |")

print()
startup = next((r for r in rows if r.get("mode") == "startup"), None)
safety = next((r for r in rows if r.get("mode") == "safety"), None)
if startup:
    print(f"Start to ready: median {startup['ready_ms_median']} ms (min {startup['ready_ms_min']}, max {startup['ready_ms_max']},"
          f" {startup['starts']} starts); idle: RSS {startup['idle_rss_mb']} MB, CPU {startup['idle_cpu_pct']}%"
          f" over {startup['idle_seconds']} s.")
if safety:
    print(f"Safety stops ({safety['trials']} trials): dead-man overrun p50 {safety['deadman_overrun_p50_us']} µs,"
          f" max {safety['deadman_overrun_max_us']} µs (timeout {safety['deadman_ms']} ms); disconnect to stop"
          f" p50 {safety['disconnect_to_stop_p50_us']} µs, max {safety['disconnect_to_stop_max_us']} µs;"
          f" timed command overrun max {safety['timed_overrun_max_us']} µs.")
