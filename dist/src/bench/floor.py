#!/usr/bin/env python3
"""The machine's own floor under the fleet's driver figures: a raw TCP round trip over loopback,
no WebSocket, no Java, no Teledrive. An echo process and a client exchange 60 bytes, paced as a
fleet driver sends (30 a second, one in flight) and then flat out. PIN=1 puts the echo on CPU 0
and the client on CPU 1, as fleet.sh and video.sh do. Whatever tail this shows, every driver
measured on the same machine has too.

    dist/src/bench/floor.py                 PIN=1 dist/src/bench/floor.py --seconds 60
"""
import argparse
import json
import os
import socket
import time

MESSAGE = b"x" * 60


def percentiles(micros):
    micros.sort()
    n = len(micros)
    return {
        "n": n,
        "p50_us": round(micros[n // 2]),
        "p90_us": round(micros[int(n * 0.9)]),
        "p99_us": round(micros[int(n * 0.99)]),
        "max_us": round(micros[-1]),
    }


def echo(listener, cpu):
    if cpu is not None:
        os.sched_setaffinity(0, {cpu})
    conn, _ = listener.accept()
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    while True:
        data = conn.recv(4096)
        if not data:
            return
        conn.sendall(data)


def round_trips(conn, count, pause):
    micros = []
    for _ in range(count):
        start = time.perf_counter_ns()
        conn.sendall(MESSAGE)
        received = 0
        while received < len(MESSAGE):
            received += len(conn.recv(4096))
        micros.append((time.perf_counter_ns() - start) / 1000)
        if pause:
            time.sleep(pause)
    return micros


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hz", type=int, default=30, help="paced round trips a second (default 30)")
    parser.add_argument("--seconds", type=int, default=30, help="how long to pace (default 30)")
    parser.add_argument("--n", type=int, default=20000, help="flat-out round trips (default 20000)")
    args = parser.parse_args()
    pinned = os.environ.get("PIN") == "1"

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    address = listener.getsockname()
    child = os.fork()
    if child == 0:
        echo(listener, 0 if pinned else None)
        os._exit(0)
    listener.close()
    if pinned:
        os.sched_setaffinity(0, {1})
    conn = socket.create_connection(address)
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        round_trips(conn, 200, 0)  # both sides' first round trips are not the machine's
        paced = percentiles(round_trips(conn, args.hz * args.seconds, 1.0 / args.hz))
        flat_out = percentiles(round_trips(conn, args.n, 0))
    finally:
        conn.close()
        os.waitpid(child, 0)
    result = {"mode": "floor", "pinned": pinned, "hz": args.hz}
    result.update({"paced_" + k: v for k, v in paced.items()})
    result.update({"flat_out_" + k: v for k, v in flat_out.items()})
    print(json.dumps(result))


if __name__ == "__main__":
    main()
