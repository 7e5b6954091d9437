#!/usr/bin/env python3
"""Hostile clients against a running media server on 127.0.0.1 (bounded in count and time), sampling the
server's resident set: concurrent unauthenticated uploads, half-sent requests held open, then whether a benign
request is still served. Usage: attack-media-server.py PORT SERVER_PID"""
import socket, sys, threading, time

port, pid = int(sys.argv[1]), int(sys.argv[2])

def rss_mb():
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0

peak = [0.0]
sampling = [True]
def sample():
    while sampling[0]:
        peak[0] = max(peak[0], rss_mb())
        time.sleep(0.01)

def upload(token, size, results):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
            headers = f"POST /_matrix/media/v3/upload HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\nContent-Length: {size}\r\n"
            if token:
                headers += f"Authorization: Bearer {token}\r\n"
            conn.sendall((headers + "\r\n").encode())
            chunk = b"\0" * 65536
            sent = 0
            conn.settimeout(0.001)
            status = None
            while sent < size:
                try:
                    conn.sendall(chunk[: min(65536, size - sent)])
                    sent += min(65536, size - sent)
                except (BrokenPipeError, ConnectionResetError):
                    break
                except socket.timeout:
                    pass
                try:
                    answer = conn.recv(4096)
                    if answer:
                        status = int(answer.split()[1])
                        break
                except socket.timeout:
                    pass
            conn.settimeout(30)
            if status is None:
                answer = conn.recv(4096)
                status = int(answer.split()[1]) if answer else None
            results.append((status, sent))
    except OSError as error:
        results.append((str(error), 0))

def benign():
    start = time.time()
    with socket.create_connection(("127.0.0.1", port), timeout=15) as conn:
        conn.sendall(b"GET /_matrix/client/versions HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        return f"{int(conn.recv(4096).split()[1])} after {time.time() - start:.2f} s"

threading.Thread(target=sample, daemon=True).start()
before = rss_mb()
results = []
threads = [threading.Thread(target=upload, args=(None, 10 << 20, results)) for _ in range(60)]
start = time.time()
for thread in threads: thread.start()
for thread in threads: thread.join(60)
statuses = {}
for status, _ in results: statuses[status] = statuses.get(status, 0) + 1
print(f"60 concurrent unauthenticated 10 MB uploads over HTTP: {statuses} in {time.time() - start:.1f} s; "
      f"server RSS {before:.0f} MB before, {peak[0]:.0f} MB at most; at most {max(s for _, s in results) >> 20} MB sent by one client before its answer")

# Half-sent requests: 600 connections (more than --max-connections) that send part of a head and stop.
held = []
for _ in range(600):
    try:
        conn = socket.create_connection(("127.0.0.1", port), timeout=5)
        conn.sendall(b"GET /_matrix/client/versions HTTP/1.1\r\nHost: loc")
        held.append(conn)
    except OSError:
        break
time.sleep(0.5)
try:
    status = benign()
except OSError as error:
    status = f"failed ({error})"
print(f"{len(held)} half-sent requests held open: a benign request gets {status}")
time.sleep(float(sys.argv[3]) if len(sys.argv) > 3 else 3)
closed = 0
for conn in held:
    try:
        conn.settimeout(0.01)
        if conn.recv(1) == b"":
            closed += 1
    except socket.timeout:
        pass
    except OSError:
        closed += 1
    conn.close()
print(f"after the idle timeout: {closed}/{len(held)} half-sent connections closed by the server; a benign request gets {benign()}")
sampling[0] = False
