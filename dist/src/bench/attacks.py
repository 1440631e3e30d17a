#!/usr/bin/env python3
"""Replays the attacks of the hardening issue against a running Teledrive on loopback and prints
one JSON line per attack with what the server did. Standard library only.

    dist/target/teledrive/bin/teledrive --port 8000 &      # the default install: loopback, no tokens
    python3 dist/src/bench/attacks.py --port 8000 [--token T] [ghosts rebinding slowloris guessing frames caps]

Guessing needs a server started with a driver token (TELEDRIVE_DRIVER_TOKEN=... and --token T).

The attacks of the public-edge issue start their own servers (and nginx) from a distribution, each
with the settings it needs, so the same line measures any build:

    python3 dist/src/bench/attacks.py --home dist/target/teledrive edge
    python3 dist/src/bench/attacks.py --home dist/target/teledrive forged_xff ticket_flood queue_hog \
        ping_held_drive stop_held_seat empty_folder
"""
import argparse, base64, glob, json, os, re, shutil, socket, struct, subprocess, sys, tempfile, threading, time
import urllib.request

TOKEN = None  # where access control is on, /api/* needs it as a bearer token

def status(port):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/status")
    if TOKEN:
        request.add_header("Authorization", f"Bearer {TOKEN}")
    with urllib.request.urlopen(request, timeout=5) as r:
        return json.load(r)

def upgrade_request(port, host=None, origin=None, path="/ws", headers=None):
    host = host or f"127.0.0.1:{port}"
    key = base64.b64encode(os.urandom(16)).decode()
    extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
    return (f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {key}\r\n"
            + (f"Origin: {origin}\r\n" if origin else "") + extra + "\r\n").encode()

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

def ws(port, source="127.0.0.1", headers=None):
    s = connect(port, source)
    s.sendall(upgrade_request(port, headers=headers))
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

# --- The public-edge attacks: each starts the servers it needs from the distribution at --home. ---

HOME = None
EDGE_TOKEN = "edge-attack-driver-token"

class Server:
    """bin/teledrive of --home on a free port, with these options; its own empty plugins folder if asked."""
    def __init__(self, *args, token=False, empty_plugins=False):
        self.tmp = tempfile.mkdtemp(prefix="attacks-")
        env = dict(os.environ)
        if token:
            env["TELEDRIVE_DRIVER_TOKEN"] = EDGE_TOKEN
        extra = []
        if empty_plugins:
            self.plugins = os.path.join(self.tmp, "plugins")
            os.mkdir(self.plugins)
            extra = ["--set", f"plugins={self.plugins}"]
        self.process = subprocess.Popen([os.path.join(HOME, "bin/teledrive"), "--port", "0", *extra, *args],
                                        cwd=self.tmp, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                        text=True)
        for line in self.process.stdout:
            m = re.match(r"Teledrive ready at http://127\.0\.0\.1:(\d+)/", line)
            if m:
                self.port = int(m.group(1))
                break
        else:
            raise RuntimeError("teledrive did not start")
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(10)
        shutil.rmtree(self.tmp, ignore_errors=True)

def authed(port, source, token=EDGE_TOKEN, headers=None):
    s, code = ws(port, source, headers)
    if not s:
        return None, code
    next_json(s, {"hello"})
    if token:
        s.sendall(frame(json.dumps({"command": "auth", "token": token, "id": "auth"})))
        next_json(s, {"ack", "error"})
    return s, "101"

def request(s, message, wanted=("ack", "error", "pong", "ticket")):
    s.sendall(frame(json.dumps(message)))
    while True:
        m = next_json(s, set(wanted))
        if m.get("id") == message.get("id"):
            return m

def nginx_conf(site, upstream, listen, tmp):
    text = open(site).read()
    def block(opening):
        start = text.index(opening)
        depth = 0
        for i in range(start, len(text)):
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            if text[i] == "}" and depth == 0:
                return text[start:i + 1]
    location = block("location / {").replace("127.0.0.1:8000", f"127.0.0.1:{upstream}")
    temps = "".join(f"  {k}_temp_path {tmp}/{k};\n" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers as root can read the private temp folder
    return (f"daemon off;\n{user}worker_processes 1;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\n"
            f"events {{ worker_connections 4096; }}\nhttp {{\n  access_log off;\n{temps}"
            f"  {block('map $http_upgrade')}\n  server {{\n    listen 127.0.0.1:{listen};\n    {location}\n  }}\n}}\n")

def forged_xff(seconds=15):
    """Wrong tokens and connections through nginx with the distribution's site file, a new forged
    X-Forwarded-For on each."""
    with Server("--behind-proxy", token=True) as server:
        tmp = server.tmp
        listen = socket.socket(); listen.bind(("127.0.0.1", 0)); proxy = listen.getsockname()[1]; listen.close()
        with open(f"{tmp}/nginx.conf", "w") as f:
            f.write(nginx_conf(os.path.join(HOME, "deploy/nginx-teledrive.conf"), server.port, proxy, tmp))
        nginx = subprocess.Popen(["nginx", "-p", tmp, "-e", f"{tmp}/error.log", "-c", f"{tmp}/nginx.conf"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(1)
            tries = evaluated = locked = 0
            end = time.time() + seconds
            while time.time() < end:
                forged = {"X-Forwarded-For": f"10.{tries // 65536 % 256}.{tries // 256 % 256}.{tries % 256}"}
                s, _ = authed(proxy, "127.0.0.1", token=None, headers=forged)
                if not s:
                    continue
                m = request(s, {"command": "auth", "token": f"guess{tries}", "id": tries})
                tries += 1
                evaluated += m.get("code") == "unauthorized"
                locked += m.get("code") == "rate_limited"
                s.close()
            held = []
            for i in range(30):
                s, code = ws(proxy, "127.0.0.1", {"X-Forwarded-For": f"172.16.0.{i}"})
                if s:
                    held.append(s)
            opened = len(held)
            for s in held:
                s.close()
        finally:
            nginx.terminate()
            nginx.wait(10)
    return {"attack": f"through nginx, a forged X-Forwarded-For per connection, {seconds} s of wrong tokens, then 30 sockets",
            "attempts": tries, "tokens_evaluated": evaluated, "refused_locked_out": locked,
            "sockets_of_30_open": opened, "per_address_cap": 20}

def ticket_flood(seconds=10):
    """19 connections of one address ask tickets as fast as they may; does a victim's ticket still open video?"""
    with Server(token=True) as server:
        port = server.port
        victim, _ = authed(port, "127.0.0.150")
        ticket = request(victim, {"command": "ticket", "id": "v"})["ticket"]
        issued, refused, stop = [0], [0], time.time() + seconds
        def flood(n):
            s, _ = authed(port, "127.0.0.151")
            i = 0
            while time.time() < stop:
                m = request(s, {"command": "ticket", "id": f"{n}-{i}"})
                i += 1
                if m["type"] == "ticket":
                    issued[0] += 1
                elif m.get("code") == "rate_limited":
                    refused[0] += 1
                    time.sleep(0.02)
            s.close()
        threads = [threading.Thread(target=flood, args=(n,)) for n in range(19)]
        [t.start() for t in threads]
        [t.join() for t in threads]
        video = socket.create_connection(("127.0.0.1", port), 5)
        video.sendall(f"GET /video/simulator.mjpg?ticket={ticket} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        answer = read_head(video).split(b"\r\n")[0].decode()
        video.close()
        victim.close()
    return {"attack": f"19 connections of one address ask tickets for {seconds} s", "tickets_issued": issued[0],
            "tickets_per_s": round(issued[0] / seconds), "refused": refused[0],
            "victims_ticket_after": answer}

def queue_hog():
    """One address opens 20 connections and claims with each; where does an honest user wait?"""
    with Server() as server:
        port = server.port
        hogs, refused = [], 0
        for i in range(20):
            s, _ = authed(port, "127.0.0.160", token=None)
            m = request(s, {"command": "claim", "id": i})
            refused += m.get("code") == "rate_limited"
            hogs.append(s)
        honest, _ = authed(port, "127.0.0.161", token=None)
        request(honest, {"command": "claim", "id": "honest"})
        state = next_json(honest, {"state"})
        for s in hogs + [honest]:
            s.close()
    return {"attack": "20 connections of one address claim one car", "claims_refused": refused,
            "honest_position": state["queue"]["position"], "queue_length": state["queue"]["length"]}

def ping_held_drive(seconds=8):
    """One drive, then only pings every 200 ms: does the dead-man still stop the car?"""
    with Server() as server:
        s, _ = authed(server.port, "127.0.0.170", token=None)
        request(s, {"command": "drive", "throttle": 1, "steer": 0, "id": "drive"})
        def drain():
            try:
                while True:
                    read_frame(s)
            except Exception:
                pass
        threading.Thread(target=drain, daemon=True).start()
        start = time.time()
        stopped_after = None
        while time.time() < start + seconds and stopped_after is None:
            s.sendall(frame(json.dumps({"command": "ping"})))
            time.sleep(0.2)
            with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/metrics", timeout=5) as r:
                deadman = re.search(r'teledrive_stops_total\{cause="deadman"[^}]*\} (\S+)', r.read().decode())
            if deadman and float(deadman.group(1)) > 0:
                stopped_after = round(time.time() - start, 1)
        s.close()
    return {"attack": f"one drive, then a ping every 200 ms for {seconds} s",
            "deadman_stop_after_s": stopped_after if stopped_after is not None else f"none in {seconds} s"}

def stop_held_seat(wait=15):
    """A driver who sends only stop, every second, while someone waits (turns.idleSeconds=3)."""
    with Server("--set", "turns.idleSeconds=3") as server:
        driver, _ = authed(server.port, "127.0.0.180", token=None)
        waiter, _ = authed(server.port, "127.0.0.181", token=None)
        request(waiter, {"command": "claim", "id": "w"})
        start, seated = time.time(), None
        waiter.settimeout(0.1)
        while time.time() - start < wait and seated is None:
            driver.sendall(frame(json.dumps({"command": "stop"})))
            t = time.time()
            while time.time() - t < 1 and seated is None:
                try:
                    op, payload = read_frame(waiter)
                except (socket.timeout, TimeoutError):
                    continue
                m = json.loads(payload)
                if m.get("type") == "state" and m.get("role") == "driver":
                    seated = round(time.time() - start, 1)
        driver.close()
        waiter.close()
    return {"attack": f"a driver sends only stop, every second, for {wait} s while another waits (idle limit 3 s)",
            "waiter_drives_after_s": seated if seated is not None else f"never in {wait} s"}

def empty_folder():
    """A server started with no plugins; the simulator dropped in; a connection opened before selects it."""
    with Server(empty_plugins=True) as server:
        s, _ = authed(server.port, "127.0.0.190", token=None)
        jar = glob.glob(os.path.join(HOME, "plugins/*simulator*.jar"))[0]
        shutil.copy(jar, os.path.join(server.plugins, "simulator.jar"))
        time.sleep(4)
        try:
            m = request(s, {"command": "select", "vehicle": "simulator", "id": 1})
            select = m.get("code", m["type"])
            m = request(s, {"command": "ping", "id": 2})
            after = m["type"]
        except EOFError:
            select, after = "connection closed", "-"
        s.close()
    return {"attack": "empty plugins folder, simulator dropped in, an open connection selects it",
            "select": select, "then_ping": after}

EDGE = ["forged_xff", "ticket_flood", "queue_hog", "ping_held_drive", "stop_held_seat", "empty_folder"]

if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--token")
    p.add_argument("--home", help="a distribution folder, for the public-edge attacks (edge)")
    p.add_argument("attacks", nargs="*", default=["ghosts", "rebinding", "frames", "caps", "slowloris"])
    a = p.parse_args()
    TOKEN = a.token
    HOME = os.path.abspath(a.home) if a.home else None
    names = [n for name in a.attacks for n in (EDGE if name == "edge" else [name])]
    for name in names:
        if name in EDGE:
            try:
                result = globals()[name]()
            except Exception as e:  # one attack that cannot run must not hide the others' figures
                result = {"attack": name, "failed": repr(e)}
        else:
            result = guessing(a.port, a.token) if name == "guessing" else globals()[name](a.port)
        print(json.dumps(result), flush=True)
