#!/usr/bin/env python3
"""pln-http-abuse.py: malformed HTTP requests and path traversal payloads
against a running portal, for tools/fault/portal-abuse.sh.

  pln-http-abuse.py malformed HOST PORT N MEDIA_PATH TOKEN
  pln-http-abuse.py traversal HOST PORT CANARY_TEXT PUBLIC_ID HLS_ID

Prints one summary line per category and the figures; exits 1 when an
answer breaks the rule: a malformed request gets a 4xx or a closed
connection; a request whose only fault is its Range header (a valid HTTP
request: RFC 9110 says to ignore a Range it cannot parse) gets 200, 206
or 416; the canary is never in an answer; a normal request right after is
answered within 1 s."""
import collections
import random
import socket
import sys
import threading
import time

TIMEOUT = 5.0


def exchange(host, port, data, timeout=TIMEOUT, read_all=False, hang_up=False):
    """Sends data, returns (status or None for a closed connection, body).
    hang_up: the client closes its side once it has sent (a short body)."""
    s = socket.create_connection((host, port), timeout=timeout)
    try:
        try:
            s.sendall(data)
            if hang_up:
                s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        chunks = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                c = s.recv(65536)
            except socket.timeout:
                break
            except OSError:
                break
            if not c:
                break
            chunks.append(c)
            if not read_all and b"\r\n\r\n" in b"".join(chunks):
                break  # enough to know the status; the body only when asked
        raw = b"".join(chunks)
    finally:
        s.close()
    if not raw.startswith(b"HTTP/"):
        return None, raw
    try:
        status = int(raw.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return None, raw
    return status, raw


def normal_request(host, port):
    t0 = time.monotonic()
    status, _ = exchange(host, port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", timeout=2)
    return status, time.monotonic() - t0


def rand_bytes(rng, n):
    return bytes(rng.randrange(256) for _ in range(n))


def malformed_requests(rng, media, token):
    """Yields (category, bytes) forever, cycling through the kinds."""
    H = b"Host: 127.0.0.1\r\n"
    C = b"Connection: close\r\n"
    m = media.encode()
    t = token.encode()
    while True:
        kind = rng.randrange(14)
        if kind == 0:  # bad and overlapping ranges on a real file
            specs = [b"bytes=abc", b"bytes=5-1", b"bytes=-", b"bytes=--5", b"bytes=1-2-3",
                     b"bytes=" + b",".join(b"0-%d" % rng.randrange(1, 5000) for _ in range(rng.randrange(2, 400))),
                     b"bytes=" + b",".join(b"%d-%d" % (i, i) for i in range(rng.randrange(100, 2000))),
                     b"bytes=99999999999999999999999-", b"bytes=-99999999999999999999999",
                     b"bytes=0-18446744073709551615", b"bytes=18446744073709551615-",
                     b"items=0-5", b"bytes 0-5", b"bytes=0-5,,,,", b"bytes=\x00-5",
                     b"bytes=" + rand_bytes(rng, rng.randrange(1, 200)).replace(b"\r", b"").replace(b"\n", b"")]
            yield "range", b"GET " + m + b" HTTP/1.1\r\n" + H + C + b"Range: " + rng.choice(specs) + b"\r\n\r\n"
        elif kind == 1:  # huge headers
            if rng.randrange(2):
                yield "huge-header", b"GET / HTTP/1.1\r\n" + H + C + b"X-Big: " + b"a" * rng.randrange(17000, 200000) + b"\r\n\r\n"
            else:
                yield "many-headers", b"GET / HTTP/1.1\r\n" + H + C + b"".join(b"X-H%d: v\r\n" % i for i in range(rng.randrange(65, 2000))) + b"\r\n"
        elif kind == 2:  # duplicate Host
            yield "duplicate-host", b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n" + C + b"\r\n"
        elif kind == 3:  # duplicate Content-Length
            a, b = rng.randrange(0, 50), rng.randrange(51, 100)
            yield "duplicate-length", (b"POST /checkin/" + t + b" HTTP/1.1\r\n" + H + C +
                                       b"Content-Type: application/x-www-form-urlencoded\r\n" +
                                       b"Content-Length: %d\r\nContent-Length: %d\r\n\r\n" % (a, b) + b"x" * a)
        elif kind == 4:  # bad chunked bodies
            bodies = [b"zz\r\nabc\r\n0\r\n\r\n", b"ffffffffffffffffff\r\n", b"5\r\nab", b"-1\r\n\r\n",
                      b"3;ext=" + b"e" * 5000 + b"\r\nabc\r\n0\r\n\r\n", rand_bytes(rng, 64)]
            yield "chunked", (b"POST /api/checkin/" + t + b" HTTP/1.1\r\n" + H + C +
                              b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + rng.choice(bodies))
        elif kind == 5:  # chunked and a length together (request smuggling)
            yield "chunked+length", (b"POST /checkin/" + t + b" HTTP/1.1\r\n" + H + C +
                                     b"Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /x HTTP/1.1\r\n\r\n")
        elif kind == 6:  # bad Content-Length values
            v = rng.choice([b"-1", b"abc", b"99999999999999999999999", b"1e3", b" ", b"0x10", b"100000000"])
            yield "bad-length", b"POST /api/checkin/" + t + b" HTTP/1.1\r\n" + H + C + b"Content-Length: " + v + b"\r\n\r\n{}"
        elif kind == 7:  # garbage request lines
            if rng.randrange(8) == 0:  # RFC 9110: 505 is the answer to this one
                yield "bad-version", b"GET / HTTP/9.9\r\n" + H + C + b"\r\n"
                continue
            lines = [b"GET\r\n\r\n", b"GET / FOO/1.1\r\n" + H + b"\r\n",
                     b" / HTTP/1.1\r\n" + H + b"\r\n", b"GET  HTTP/1.1\r\n" + H + b"\r\n",
                     b"GET /" + b"a" * rng.randrange(9000, 70000) + b" HTTP/1.1\r\n" + H + b"\r\n",
                     rand_bytes(rng, rng.randrange(1, 300)) + b"\r\n\r\n",
                     b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + rand_bytes(rng, 100)]  # a TLS hello
            yield "request-line", rng.choice(lines)
        elif kind == 8:  # methods the portal does not take
            meth = rng.choice([b"DELETE", b"PUT", b"PATCH", b"OPTIONS", b"TRACE", b"CONNECT", b"PROPFIND", b"BREW"])
            yield "method", meth + b" / HTTP/1.1\r\n" + H + C + b"Content-Length: 0\r\n\r\n"
        elif kind == 9:  # HTTP/1.1 without Host, header without colon, bad folding, NUL
            variants = [("no-host", b"GET / HTTP/1.1\r\n" + C + b"\r\n"),
                        ("header-no-colon", b"GET / HTTP/1.1\r\n" + H + b"NoColonHere\r\n" + C + b"\r\n"),
                        ("obs-fold", b"GET / HTTP/1.1\r\n" + H + b" folded: continuation\r\n" + C + b"\r\n"),
                        ("nul-in-header", b"GET / HTTP/1.1\r\n" + H + b"X-N\x00ul: v\r\n" + C + b"\r\n"),
                        ("nul-in-header", b"GET / HTTP/1.1\r\nHost: \x00\xff\r\n" + C + b"\r\n")]
            yield rng.choice(variants)
        elif kind == 10:  # oversized body announced
            yield "big-body", (b"POST /api/checkin/" + t + b" HTTP/1.1\r\n" + H + C +
                               b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % rng.randrange(65537, 10**9))
        elif kind == 11:  # body shorter than announced, then the client hangs up
            yield "short-body", (b"POST /checkin/" + t + b" HTTP/1.1\r\n" + H + C +
                                 b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\ncount=1")
        elif kind == 12:  # malformed JSON and forms to the write routes
            body = rng.choice([b"{", b"[]", b"{\"count\":", b"{\"count\": 1e999}", b"{\"count\": -1}",
                               b"{\"count\": 100001}", b"null", rand_bytes(rng, 50),
                               b"[" * 5000 + b"]" * 5000, b"{\"count\": \"" + b"9" * 1000 + b"\"}"])
            yield "json-body", (b"POST /api/checkin/" + t + b" HTTP/1.1\r\n" + H + C +
                                b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
        else:  # forms without a CSRF value, with bad encodings
            body = rng.choice([b"count=%zz", b"csrf=&count=1", b"%", b"=&=&=&", b"csrf=" + b"a" * 3000,
                               rand_bytes(rng, 80)])
            yield "form-body", (b"POST /checkin/" + t + b" HTTP/1.1\r\n" + H + C +
                                b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n" % len(body) + body)


def malformed(host, port, n, media, token):
    rng = random.Random(20261122)
    counts = collections.Counter()
    answers = collections.defaultdict(collections.Counter)
    bad = []
    slowest_normal = 0.0
    gen = malformed_requests(rng, media, token)
    t0 = time.monotonic()
    for i in range(n):
        if i % 1000 == 0:
            print("… %d requests" % i, file=sys.stderr, flush=True)
        category, data = next(gen)
        try:
            status, _ = exchange(host, port, data, hang_up=category in ("short-body", "chunked", "request-line", "bad-length"))
        except OSError as e:
            status = None
            if isinstance(e, ConnectionRefusedError):
                print("request %d (%s): connection refused: the portal is down" % (i, category))
                bad.append((category, "refused"))
                break
        counts[category] += 1
        answers[category][status if status is not None else "closed"] += 1
        if category == "range":  # a valid request unless the header itself is broken
            if not (status in (200, 206, 416) or (status is not None and 400 <= status < 500)):
                bad.append((category, status))
        elif category == "bad-version":
            if status not in (None, 505) and not 400 <= status < 500:
                bad.append((category, status))
        elif category == "header-no-colon":
            # Known, and outside Plenary's reach: libsoup 3.2 drops a header
            # line without a colon before any handler sees the request, and
            # serves the rest. Counted apart, not as a failure.
            if status not in (None, 200) and not 400 <= status < 500:
                bad.append((category, status))
        elif not (status is None or 400 <= status < 500):
            bad.append((category, status))
        if (i + 1) % 1000 == 0:
            s, dt = normal_request(host, port)
            slowest_normal = max(slowest_normal, dt)
            if s != 200 or dt > 1.0:
                bad.append(("normal-after", "%s in %.2f s" % (s, dt)))
    elapsed = time.monotonic() - t0

    # Slow clients: 50 connections that never finish their headers, at once;
    # the portal must cut them and answer a normal request meanwhile.
    slow = []
    for _ in range(50):
        s = socket.create_connection((host, port), timeout=30)
        s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        slow.append(s)
    during_status, during = normal_request(host, port)
    cut = 0
    t_slow = time.monotonic()
    for s in slow:
        try:
            s.settimeout(max(0.1, 30 - (time.monotonic() - t_slow)))
            s.recv(100)  # returns (b"" or an answer) once the portal cuts it
            cut += 1
        except socket.timeout:
            pass
        except OSError:
            cut += 1  # reset by the portal
        s.close()
    slow_seconds = time.monotonic() - t_slow
    counts["slow-client"] += 50
    answers["slow-client"]["closed"] += cut
    if during_status != 200 or during > 1.0:
        bad.append(("normal-during-slow", "%s in %.2f s" % (during_status, during)))
    if cut < 50:
        bad.append(("slow-client", "%d of 50 not cut" % (50 - cut)))

    final_status, final = normal_request(host, port)
    if final_status != 200 or final > 1.0:
        bad.append(("normal-after", "%s in %.2f s" % (final_status, final)))

    for category in sorted(counts):
        print("  %-16s %5d  %s" % (category, counts[category],
                                   ", ".join("%s×%d" % (k, v) for k, v in sorted(answers[category].items(), key=str))))
    print("malformed requests: %d in %.1f s; answers outside the rule: %d" % (n, elapsed, len(bad)))
    print("slow clients: 50 cut in %.1f s; a normal request during them: %s in %.3f s" % (slow_seconds, during_status, during))
    print("normal request right after: %s in %.3f s (slowest of the checks every 1 000: %.3f s)" % (final_status, final, max(slowest_normal, final)))
    for b in bad[:20]:
        print("  outside the rule:", b)
    return 0 if not bad else 1


def traversal(host, port, canary, pub, hls):
    targets = ["canary.txt", "../canary.txt", "library/../canary.txt"]
    seps = ["../", "..%2f", "..%2F", "%2e%2e/", "%2e%2e%2f", "%252e%252e%252f", "..%252f", "..\\", "..%5c",
            "%2e%2e%5c", "%c0%ae%c0%ae/", "..%c0%af", "....//", "..;/", ".%2e/", "%2e./", "..%00/", "%u002e%u002e/"]
    prefixes = ["/media/", "/media/%s/seg/" % hls, "/watch/", "/style.css/", "/sites/", "/checkin/", "/"]
    payloads = []
    for sep in seps:
        for prefix in prefixes:
            payloads.append(prefix + sep * 6 + "canary.txt")
    payloads += [
        "/media/%s/seg/..%%2f..%%2f..%%2fcanary.txt" % hls, "/media/%s/seg/segment-00000.mp4/../../../canary.txt" % hls,
        "/media/..%2f..%2fcanary.txt%00.mp4", "/media/%2e%2e%2f%2e%2e%2fcanary.txt%00", "/media//etc/passwd",
        "/media/" + "%2f" * 4 + "etc%2fpasswd", "/media/file:%2f%2f%2fetc%2fpasswd", "/media/~root/.bashrc",
        "/media/%s.mp4/../../../canary.txt" % pub, "/media/%s/hls.m3u8/../../../canary.txt" % hls,
        "/..", "/../../../../etc/passwd", "//etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
        "/media/aaaabbbbccccddddeeeeffff00001111.mp4", "/media/aaaabbbbccccddddeeeeffff00002222.mp4",
        "/media/aaaabbbbccccddddeeeeffff00003333.mp4", "/media/aaaabbbbccccddddeeeeffff00004444.mp4",
        "/media/aaaabbbbccccddddeeeeffff00004444/hls.m3u8", "/media/aaaabbbbccccddddeeeeffff00004444/seg/link.mp4",
        "/media/%s/seg/link-segment.mp4" % hls, "/media/%s/seg/hard-segment.mp4" % hls,
    ]
    served = []
    statuses = collections.Counter()
    for p in payloads:
        for method in ("GET", "HEAD"):
            data = ("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nRange: bytes=0-\r\n\r\n" % (method, p)).encode("latin-1")
            try:
                status, raw = exchange(host, port, data, read_all=True)
            except OSError:
                status, raw = None, b""
            statuses[status if status is not None else "closed"] += 1
            if canary.encode() in raw or b"root:x:0:0" in raw:
                served.append(p)
    final_status, final = normal_request(host, port)
    print("traversal payloads: %d (each as GET and HEAD); answers %s" % (len(payloads), ", ".join("%s×%d" % (k, v) for k, v in sorted(statuses.items(), key=str))))
    print("canary served: %d times" % len(served))
    for p in served:
        print("  SERVED:", p)
    print("normal request right after: %s in %.3f s" % (final_status, final))
    return 0 if not served and final_status == 200 and final <= 1.0 else 1


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "malformed":
        sys.exit(malformed(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]))
    sys.exit(traversal(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]))
