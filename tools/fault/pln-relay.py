#!/usr/bin/env python3
"""pln-relay.py: a loopback relay between a source and the recorder that
cuts the stream on a schedule, for tools/fault/relay-cut.sh and soak.sh.

  pln-relay.py tcp|udp LISTEN_PORT TARGET_PORT [--cut-at S --cut-for S]
               [--flap-every S --flap-for S] [--log FILE]

tcp: accepts on 127.0.0.1:LISTEN_PORT, connects each client to
127.0.0.1:TARGET_PORT and copies both ways. During a cut every open
connection is closed and new ones are closed as soon as they arrive (the
link is down).
udp: forwards datagrams from the first peer that sends to LISTEN_PORT to
TARGET_PORT and the answers back. During a cut every datagram is dropped.

--cut-at/--cut-for: one cut, S seconds after start, lasting S seconds.
--go-file FILE: the schedule's clock starts when FILE exists (the script
creates it once the recordings run); until then nothing is cut.
--flap-every/--flap-for: a cut of --flap-for seconds every --flap-every
seconds (the first one after --flap-every seconds).
The log gets "cut EPOCH_MS" and "restore EPOCH_MS" lines. Only 127.0.0.1."""
import argparse
import os
import select
import socket
import time

HOST = "127.0.0.1"


class Schedule:
    def __init__(self, args, log):
        self.args = args
        self.log = log
        self.t0 = None if args.go_file else time.monotonic()
        self.down = False

    def should_be_down(self):
        if self.t0 is None:
            if not os.path.exists(self.args.go_file):
                return False
            self.t0 = time.monotonic()
        t = time.monotonic() - self.t0
        a = self.args
        if a.cut_at is not None and a.cut_at <= t < a.cut_at + a.cut_for:
            return True
        if a.flap_every:
            k = int(t // a.flap_every)
            return k >= 1 and t - k * a.flap_every < a.flap_for
        return False

    def update(self):
        down = self.should_be_down()
        if down != self.down:
            self.down = down
            if self.log:
                with open(self.log, "a") as f:
                    f.write("%s %d\n" % ("cut" if down else "restore", int(time.time() * 1000)))
        return down


def run_tcp(listen, target, schedule):
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((HOST, listen))
    server.listen(64)
    server.setblocking(False)
    pairs = {}  # socket -> its other end

    def close_all():
        for s in list(pairs):
            try:
                s.close()
            except OSError:
                pass
        pairs.clear()

    while True:
        down = schedule.update()
        if down and pairs:
            close_all()
        readable, _, _ = select.select([server] + list(pairs), [], [], 0.05)
        for s in readable:
            if s is server:
                try:
                    client, _ = server.accept()
                except OSError:
                    continue
                if down:
                    client.close()
                    continue
                try:
                    upstream = socket.create_connection((HOST, target), timeout=2)
                except OSError:
                    client.close()
                    continue
                pairs[client] = upstream
                pairs[upstream] = client
                continue
            if s not in pairs:
                continue
            try:
                data = s.recv(65536)
            except OSError:
                data = b""
            other = pairs[s]
            if not data:
                for x in (s, other):
                    pairs.pop(x, None)
                    try:
                        x.close()
                    except OSError:
                        pass
                continue
            try:
                other.setblocking(True)
                other.sendall(data)
            except OSError:
                for x in (s, other):
                    pairs.pop(x, None)
                    try:
                        x.close()
                    except OSError:
                        pass


def run_udp(listen, target, schedule):
    front = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    front.bind((HOST, listen))
    back = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    back.bind((HOST, 0))
    peer = None
    while True:
        down = schedule.update()
        readable, _, _ = select.select([front, back], [], [], 0.05)
        for s in readable:
            data, addr = s.recvfrom(65536)
            if down:
                continue
            if s is front:
                peer = addr
                back.sendto(data, (HOST, target))
            elif peer is not None:
                front.sendto(data, peer)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("kind", choices=["tcp", "udp"])
    p.add_argument("listen", type=int)
    p.add_argument("target", type=int)
    p.add_argument("--cut-at", type=float)
    p.add_argument("--cut-for", type=float, default=30)
    p.add_argument("--flap-every", type=float)
    p.add_argument("--flap-for", type=float, default=3)
    p.add_argument("--log")
    p.add_argument("--go-file")
    args = p.parse_args()
    schedule = Schedule(args, args.log)
    (run_tcp if args.kind == "tcp" else run_udp)(args.listen, args.target, schedule)


if __name__ == "__main__":
    main()
