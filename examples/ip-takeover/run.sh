#!/usr/bin/env bash
# IP takeover, for real, on one machine: three legion nodes, each in its own network namespace, hold a
# virtual IP on the Lord's interface (node.ini); a client in a fourth namespace keeps connecting to it.
# The script kills the Lord with SIGKILL, shows the VIP move and the outage the client saw, restarts the
# killed node and shows the VIP come back. Everything lives in namespaces named ipt-<pid>-*, joined by a
# bridge in a namespace of its own, on 10.77.0.0/24; all of it is removed on exit, even on Ctrl-C.
#
#   sudo examples/ip-takeover/run.sh              three `legion` nodes
#   sudo examples/ip-takeover/run.sh --uwsgi      the first node (the highest valor, so the first Lord) is uWSGI 2.0
#
# Needs: root, iproute2 (ip netns), arping (Debian iputils-arping), the .NET SDK and a built repository
# (./build.sh build), and for --uwsgi the uwsgi binary (Debian uwsgi-core). `./build.sh deps` installs them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
ini="$here/node.ini"
legion_dll="$root/src/Legion.Host/bin/${CONFIGURATION:-Release}/net10.0/legion.dll"
first=legion
[ "${1:-}" = "--uwsgi" ] && first=uwsgi

[ "$(id -u)" = 0 ] || { echo "run.sh: needs root (network namespaces, ip addr)" >&2; exit 1; }
for tool in ip arping dotnet; do command -v "$tool" >/dev/null || { echo "run.sh: '$tool' is missing (./build.sh deps)" >&2; exit 1; }; done
[ "$first" = legion ] || command -v uwsgi >/dev/null || { echo "run.sh: uwsgi is missing (apt-get install uwsgi-core)" >&2; exit 1; }
[ -f "$legion_dll" ] || { echo "run.sh: $legion_dll not found: run ./build.sh build first" >&2; exit 1; }

prefix="ipt-$$"
vip=10.77.0.100
logs="$(mktemp -d "/tmp/$prefix-XXXX")"
pids=()
names=(a b c)
valors=(30 20 10)

cleanup() {
  # SIGTERM first: a clean leave runs the death actions; then SIGKILL whatever is left.
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    alive=0; for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break; sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  for ns in a b c client br; do ip netns del "$prefix-$ns" 2>/dev/null || true; done
  echo "cleaned up (logs kept in $logs)"
}
trap cleanup EXIT

since() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
say() { printf '[%6s s] %s\n' "$(since "$t0" "$(date +%s.%N)")" "$*"; }
t0=$(date +%s.%N)

# The network: a bridge in its own namespace, one veth per host; multicast floods (no snooping).
ip netns add "$prefix-br"
ip -n "$prefix-br" link add br0 type bridge
ip -n "$prefix-br" link set br0 type bridge mcast_snooping 0
ip -n "$prefix-br" link set br0 up
i=11
for host in a b c client; do
  ns="$prefix-$host"
  ip netns add "$ns"
  ip -n "$prefix-br" link add "v-$host" type veth peer name eth0 netns "$ns"
  ip -n "$prefix-br" link set "v-$host" master br0 up
  ip -n "$ns" addr add "10.77.0.$i/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" link set lo up
  ip -n "$ns" route add 224.0.0.0/4 dev eth0
  i=$((i + 1))
done
say "network up: a=10.77.0.11 b=10.77.0.12 c=10.77.0.13 client=10.77.0.14, VIP $vip"

start_node() { # index
  local n=$1 host=${names[$1]} kind=legion
  [ "$n" = 0 ] && kind=$first
  local env=(env LEGION_VALOR="${valors[$n]}" LEGION_SECRET=example-s3cret VIP="$vip" IFACE=eth0)
  if [ "$kind" = uwsgi ]; then
    ip netns exec "$prefix-$host" "${env[@]}" uwsgi --ini "$ini" >>"$logs/$host.log" 2>&1 &
  else
    ip netns exec "$prefix-$host" "${env[@]}" dotnet "$legion_dll" --ini "$ini" >>"$logs/$host.log" 2>&1 &
  fi
  pids[$n]=$!
  disown "${pids[$n]}"
  say "started $kind node $host (valor ${valors[$n]}, pid ${pids[$n]}), log $logs/$host.log"
}

holders() { for host in a b c; do ip -n "$prefix-$host" -4 -o addr show dev eth0 | grep -q " $vip/" && printf '%s ' "$host"; done; true; }
# The client asks whoever holds the VIP for its stats (every node serves them on port 9191): the pid tells who answered.
ask() { ip netns exec "$prefix-client" timeout 0.3 bash -c "cat </dev/tcp/$vip/9191" 2>/dev/null | grep -o '"pid": *[0-9]*' | head -1 | grep -o '[0-9]*' || true; }
wait_for() { # description, command that prints something non-empty when done
  local what=$1; shift
  for _ in $(seq 1 300); do out=$("$@"); [ -n "$out" ] && { echo "$out"; return 0; }; sleep 0.1; done
  echo "run.sh: timed out waiting for $what" >&2; exit 1
}
only_holder() { local h; h=$(holders); [ "$(echo "$h" | wc -w)" = 1 ] && echo "$h"; true; }

for n in 0 1 2; do start_node "$n"; done
holder=$(wait_for "a Lord holding the VIP" only_holder)
say "VIP held by: $holder"
answer=$(wait_for "the client reaching the VIP" ask)
say "client reaches $vip: answered by pid $answer (node a is pid ${pids[0]})"

# Kill the Lord: SIGKILL, so no unlord or death action runs.
lord_pid=${pids[0]}
kill -9 "$lord_pid"
killed=$(date +%s.%N)
say "SIGKILL to the Lord (pid $lord_pid)"
while :; do
  answer=$(ask)
  if [ -n "$answer" ] && [ "$answer" != "$lord_pid" ]; then break; fi
  sleep 0.05
done
back=$(date +%s.%N)
say "client answered again, by pid $answer, $(since "$killed" "$back") s after the SIGKILL: the outage it saw"
say "VIP held by: $(holders)(a still holds it until its node restarts: SIGKILL ran no action)"

# The killed node restarts: legion-setup drops its stale VIP; it has the highest valor, so it rules again.
vip_on_a_only() { [ "$(holders)" = "a " ] && echo yes; true; }
answered_by_a() { local a; a=$(ask); [ "$a" = "${pids[0]}" ] && echo "$a"; true; }
start_node 0
wait_for "the VIP back on a alone" vip_on_a_only >/dev/null
say "VIP held by: $(holders)"
answer=$(wait_for "the client answered by the restarted node" answered_by_a)
say "client reaches $vip: answered by pid $answer (the restarted node a)"
