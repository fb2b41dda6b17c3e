#!/usr/bin/env python3
"""Startup time, idle RSS and idle CPU of one `legion` node in a 3-node legion on loopback (freq 1 s).

The legion: the node under test (valor 90; the Lord), a uWSGI 2.0 node (valor 50) and a native `legion` peer
(valor 10), all announcing to each other; the node under test also announces to a UDP socket of this script, whose
first datagram marks the end of startup (process start -> first announce sent).
After a warm-up (election, first GCs), RSS comes from /proc/PID/status (VmRSS, VmHWM), PSS (shared library
pages split among the processes mapping them) from /proc/PID/smaps_rollup, and CPU from /proc/PID/stat
(utime+stime, clock ticks) and, to the nanosecond, the process's CPU-time clock, over the measuring window.
The uWSGI peer is measured over the same window, as a reference on the same machine.

  python3 bench/native/measure.py [--window 60] [--warmup 15] VARIANT...
  VARIANT: jit | native | native@PATH (another native build) | any of them :ENV=VALUE[,ENV=VALUE...]
"""
import os, signal, socket, subprocess, sys, time, argparse, tempfile

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
NATIVE = os.path.join(REPO, "artifacts", "native", "legion")
JIT = ["dotnet", os.path.join(REPO, "src", "Legion.Host", "bin", "Release", "net10.0", "legion.dll")]
TICK = os.sysconf("SC_CLK_TCK")
SECRET = "bench-secret"


def free_port(kind=socket.SOCK_DGRAM):
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kb(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0]), int(fields["Threads"])


def pss_kb(pid):
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith("Pss:"):
                return int(line.split()[1])
    return 0


def cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        stat = f.read().rsplit(")", 1)[1].split()
    ticks = int(stat[11]) + int(stat[12])  # utime, stime (fields 14, 15)
    # The process's CPU-time clock (clock_getcpuclockid(pid): CPUCLOCK_SCHED of the whole thread group, threads that
    # ended included), to the nanosecond.
    ns = time.clock_gettime_ns(((~pid) << 3) | 2)
    return ticks, ns


def legion_args(port, valor, nodes, name):
    args = ["--legion", f"bench 127.0.0.1:{port} {valor} aes-128-cbc:{SECRET}", "--legion-freq", "1", "--legion-tolerance", "3",
            "--node-name", name]
    for n in nodes:
        args += ["--legion-node", f"bench 127.0.0.1:{n}"]
    return args


def run(variant, window, warmup, log):
    kind, _, env_text = variant.partition(":")
    env = dict(os.environ)
    for pair in filter(None, env_text.split(",")):
        k, _, v = pair.partition("=")
        env[k] = v
    a, b, c = free_port(), free_port(), free_port()
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    probe.bind(("127.0.0.1", 0))
    probe.settimeout(30)
    r = probe.getsockname()[1]
    out = open(log, "w")
    uwsgi = subprocess.Popen(["uwsgi", "--master", "--die-on-term", "--legion", f"bench 127.0.0.1:{b} 50 aes-128-cbc:{SECRET}",
                              "--legion-node", f"bench 127.0.0.1:{a}", "--legion-node", f"bench 127.0.0.1:{c}",
                              "--legion-freq", "1", "--legion-tolerance", "3"], stdout=out, stderr=subprocess.STDOUT)
    peer = subprocess.Popen([NATIVE] + legion_args(c, 10, [a, b], "peer"), stdout=out, stderr=subprocess.STDOUT)
    time.sleep(2)
    binary = kind.partition("@")[2] or NATIVE
    command = (JIT if kind == "jit" else [binary]) + legion_args(a, 90, [b, c, r], "tested")
    started = time.monotonic()
    node = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    probe.recvfrom(65536)
    startup_ms = (time.monotonic() - started) * 1000
    time.sleep(warmup)
    t0, (ticks0, ns0), (uticks0, uns0) = time.monotonic(), cpu(node.pid), cpu(uwsgi.pid)
    time.sleep(window)
    t1, (ticks1, ns1), (uticks1, uns1) = time.monotonic(), cpu(node.pid), cpu(uwsgi.pid)
    rss, hwm, threads = rss_kb(node.pid)
    pss = pss_kb(node.pid)
    urss, _, _ = rss_kb(uwsgi.pid)
    elapsed = t1 - t0
    node.send_signal(signal.SIGTERM)
    code = node.wait(30)
    for p in (peer, uwsgi):
        p.send_signal(signal.SIGTERM)
        p.wait(30)
    probe.close()
    out.close()
    return {
        "variant": variant, "startup_ms": startup_ms, "rss_mb": rss / 1024, "hwm_mb": hwm / 1024, "pss_mb": pss / 1024, "threads": threads,
        "cpu_ticks_pct": (ticks1 - ticks0) / TICK / elapsed * 100, "cpu_ns_pct": (ns1 - ns0) / 1e9 / elapsed * 100,
        "uwsgi_rss_mb": urss / 1024, "uwsgi_cpu_pct": (uns1 - uns0) / 1e9 / elapsed * 100, "exit": code, "window": elapsed,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--window", type=float, default=60)
    parser.add_argument("--warmup", type=float, default=15)
    parser.add_argument("variants", nargs="+")
    args = parser.parse_args()
    logs = tempfile.mkdtemp(prefix="legion-native-bench-")
    print(f"| variant | start → first announce | idle RSS (VmRSS) | idle PSS | peak RSS (VmHWM) | threads | idle CPU, utime+stime | idle CPU, CPU-time clock | uWSGI peer RSS | uWSGI peer CPU | exit |")
    print(f"|---|---|---|---|---|---|---|---|---|---|---|")
    for i, variant in enumerate(args.variants):
        m = run(variant, args.window, args.warmup, os.path.join(logs, f"{i}.log"))
        print(f"| `{m['variant']}` | {m['startup_ms']:.0f} ms | {m['rss_mb']:.1f} MB | {m['pss_mb']:.1f} MB | {m['hwm_mb']:.1f} MB | {m['threads']} | "
              f"{m['cpu_ticks_pct']:.3f} % | {m['cpu_ns_pct']:.3f} % | {m['uwsgi_rss_mb']:.1f} MB | {m['uwsgi_cpu_pct']:.3f} % | {m['exit']} |", flush=True)
    print(f"\nwindow {args.window:.0f} s after a {args.warmup:.0f} s warm-up; logs in {logs}")


if __name__ == "__main__":
    main()
