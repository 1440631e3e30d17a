#!/usr/bin/env python3
"""Replays the attacks of the hardening issue against a running Teledrive on loopback and prints
one JSON line per attack with what the server did. Standard library only.

    dist/target/teledrive/bin/teledrive --port 8000 &      # the default install: loopback, no tokens
    python3 dist/src/bench/attacks.py --port 8000 [--token T] [ghosts rebinding slowloris guessing frames caps]

Guessing needs a server started with a driver token (TELEDRIVE_DRIVER_TOKEN=... and --token T).
"""
import argparse, base64, json, os, socket, struct, sys, threading, time, urllib.request

TOKEN = None  # where access control is on, /api/* needs it as a bearer token

def status(port):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/status")
    if TOKEN:
        request.add_header("Authorization", f"Bearer {TOKEN}")
    with urllib.request.urlopen(request, timeout=5) as r:
        return json.load(r)

def upgrade_request(port, host=None, origin=None, path="/ws"):
    host = host or f"127.0.0.1:{port}"
    key = base64.b64encode(os.urandom(16)).decode()
    return (f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {key}\r\n"
            + (f"Origin: {origin}\r\n" if origin else "") + "\r\n").encode()

def connect(port, source="127.0.0.1"):
    s = socket.socket()
    s.bind((source, 0))
    s.settimeout(5)
    s.connect(("127.0.0.1", port))
    return s

def read_head(s):
    data = b""
    while not data.endswith(b"\r\n\r\n"):  # a byte at a time: the first frame may follow in the same packet
        chunk = s.recv(1)
        if not chunk:
            break
        data += chunk
    return data

def frame(text):
    payload = text.encode()
    mask = os.urandom(4)
    head = bytes([0x81])
    n = len(payload)
    head += bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + struct.pack(">H", n)
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))

def read_frame(s):
    def exact(n):
        buf = b""
        while len(buf) < n:
            chunk = s.recv(n - len(buf))
            if not chunk:
                raise EOFError
            buf += chunk
        return buf
    b0, b1 = exact(2)
    n = b1 & 0x7F
    if n == 126:
        n = struct.unpack(">H", exact(2))[0]
    elif n == 127:
        n = struct.unpack(">Q", exact(8))[0]
    return b0 & 0x0F, exact(n)

def ws(port, source="127.0.0.1"):
    s = connect(port, source)
    s.sendall(upgrade_request(port))
    head = read_head(s)
    if not head.startswith(b"HTTP/1.1 101"):
        s.close()
        return None, head.split(b"\r\n")[0].decode()
    return s, "101"

def next_json(s, wanted):
    while True:
        op, payload = read_frame(s)
        if op == 8:
            raise EOFError("closed")
        m = json.loads(payload)
        if m.get("type") in wanted:
            return m

def ghosts(port):
    for i in range(1000):
        s = connect(port, f"127.0.0.{2 + i % 50}")
        if i % 2:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.sendall(upgrade_request(port))
        s.close()
    time.sleep(2)
    st = status(port)
    s, code = ws(port, "127.0.0.60")
    role = next_json(s, {"hello"})["role"] if s else code
    if s:
        s.close()
    return {"attack": "aborted upgrades, 1000 from 50 addresses", "connections_after_2s": st["connections"],
            "driver_held": st["driver"], "next_client": role}

def rebinding(port):
    out = {}
    for name, host in (("attacker", f"attacker.example:{port}"), ("localhost", f"localhost:{port}")):
        s = connect(port)
        s.sendall(upgrade_request(port, host=host, origin=f"http://{host}"))
        out[name] = read_head(s).split(b"\r\n")[0].decode()
        s.close()
    return {"attack": "DNS rebinding: forged Host and Origin", "attacker_host": out["attacker"], "localhost": out["localhost"]}

def still_open(sockets):
    """How many of these sockets the server has not closed (a read would wait, not end)."""
    alive = 0
    for s in sockets:
        s.settimeout(0.001)
        try:
            alive += 0 if s.recv(1) == b"" else 1
        except socket.timeout:
            alive += 1
        except OSError:
            pass
    return alive

def slowloris(port, count=19950, addresses=50):
    held, refused = [], 0
    for i in range(count):
        try:
            s = connect(port, f"127.0.1.{1 + i % addresses}")
            s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            held.append(s)
        except OSError:
            refused += 1
    time.sleep(1)
    open_now = still_open(held)
    t = time.time()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as r:
            health = r.status
    except Exception as e:
        health = str(e)
    health_ms = round((time.time() - t) * 1000)
    d, code = ws(port, "127.0.0.70")
    driver = next_json(d, {"hello"})["role"] if d else code
    if d:
        d.close()
    start = time.time()
    while True:
        alive = still_open(held)
        if alive == 0 or time.time() - start > 60:
            break
        time.sleep(1)
    for s in held:
        s.close()
    return {"attack": f"{count} half-sent requests from {addresses} addresses", "connect_failed": refused,
            "still_open_after_1s": open_now, "healthz": health, "healthz_ms": health_ms, "new_driver": driver,
            "all_closed_after_s": round(time.time() - start, 1), "open_at_end": alive}

def guessing(port, token, seconds=30):
    evaluated, locked, tries = 0, 0, 0
    end = time.time() + seconds
    while time.time() < end:
        s, code = ws(port, "127.0.0.80")
        if not s:
            continue
        next_json(s, {"hello"})
        s.sendall(frame(json.dumps({"command": "auth", "token": f"guess{tries}", "id": tries})))
        m = next_json(s, {"error", "ack"})
        tries += 1
        if m.get("code") == "unauthorized":
            evaluated += 1
        elif m.get("code") == "rate_limited":
            locked += 1
        s.close()
    s, _ = ws(port, "127.0.0.80")
    next_json(s, {"hello"})
    s.sendall(frame(json.dumps({"command": "auth", "token": token, "id": "right"})))
    right = next_json(s, {"error", "ack"})
    s.close()
    return {"attack": f"wrong tokens over reconnections for {seconds} s", "attempts": tries,
            "attempts_per_s": round(tries / seconds), "tokens_evaluated": evaluated, "refused_locked_out": locked,
            "right_token_while_locked": right.get("code", right.get("type"))}

def frames(port):
    s, _ = ws(port, "127.0.0.90")
    next_json(s, {"hello"})
    s.sendall(frame('{"command":"ping","id":1} {"command":"stop","id":2}'))
    two = next_json(s, {"error", "pong", "ack"})
    s.sendall(frame('{"command":"stop","command":"up","id":3}'))
    dup = next_json(s, {"error", "ack"})
    s.sendall(frame("[" * 40 + "]" * 40))
    deep = next_json(s, {"error"})
    s.close()
    return {"attack": "two values, a key twice, deep nesting", "two_values": two.get("code", two["type"]),
            "key_twice": dup.get("code", dup["type"]), "deep_message": deep["message"]}

def caps(port):
    socks, lock = [], threading.Lock()
    def one():
        s, code = ws(port, "127.0.0.100")
        if s:
            with lock:
                socks.append(s)
    threads = [threading.Thread(target=one) for _ in range(40)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    time.sleep(0.5)
    counted = status(port)["connections"]
    for s in socks:
        s.close()
    s, _ = ws(port, "127.0.0.101")
    next_json(s, {"hello"})
    t = time.time()
    pongs = limited = 0
    s.sendall(b"".join(frame(json.dumps({"command": "ping", "id": i})) for i in range(1000)))
    for _ in range(1000):
        m = next_json(s, {"pong", "error"})
        pongs += m["type"] == "pong"
        limited += m.get("code") == "rate_limited"
    s.close()
    return {"attack": "40 upgrades at once from one address, 1000 pings at once", "upgraded": len(socks),
            "counted": counted, "pongs": pongs, "rate_limited": limited}

if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--token")
    p.add_argument("attacks", nargs="*", default=["ghosts", "rebinding", "frames", "caps", "slowloris"])
    a = p.parse_args()
    TOKEN = a.token
    for name in a.attacks:
        result = guessing(a.port, a.token) if name == "guessing" else globals()[name](a.port)
        print(json.dumps(result), flush=True)
