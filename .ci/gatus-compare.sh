#!/usr/bin/env bash
# Per-check CPU against Gatus (issue 12): `uptray watch` and Gatus run at the same time,
# each with the same 200 http services at 5 s on a loopback countserver
# (internal/e2e/testdata/countserver). After a 20 s warm-up (plus 45 s with Gatus, which
# starts its endpoints 222 ms apart, so 44.4 s for 200) it takes, over the window,
# each process's CPU (utime+stime of the whole process) and the requests the server got
# from it (counted by User-Agent), and prints checks/s, CPU ms and µs of CPU per check.
# Gatus is $GATUS or /tmp/gatus/gatus (built from source with `go build`); without it
# uptray is measured alone. Gatus runs as shipped (concurrency 3, memory storage) but logs
# at WARN, not INFO's line per check. Needs python3.
# Usage: .ci/gatus-compare.sh [seconds]   (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
services=200
warmup=20
gatus=${GATUS:-/tmp/gatus/gatus}
work=$(mktemp -d)
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT
hz=$(getconf CLK_TCK)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
counts() { python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())' "http://$addr/counts"; }

start_server() {
  "$work/countserver" -addr 127.0.0.1:0 >"$work/addr" &
  for _ in $(seq 50); do [ -s "$work/addr" ] && break; sleep 0.1; done
  addr=$(head -1 "$work/addr")
}

uptray_config() {
  printf '[connectivity]\ntargets = ["%s"]\n' "$addr"
  for i in $(seq 1 "$services"); do
    printf '[[services]]\nname = "Service %03d"\nkind = "http"\ntarget = "http://%s/health/%d"\ninterval = "5s"\n' "$i" "$addr" "$i"
  done
}

gatus_config() {
  printf 'web:\n  address: 127.0.0.1\n  port: %s\nstorage:\n  type: memory\nendpoints:\n' "$(free_port)"
  for i in $(seq 1 "$services"); do
    printf '  - name: service-%03d\n    url: http://%s/health/%d\n    interval: 5s\n    conditions:\n      - "[STATUS] == 200"\n' "$i" "$addr" "$i"
  done
}

# alive PID NAME LOG: fail with the log's tail when the process has gone.
alive() {
  kill -0 "$1" 2>/dev/null && return 0
  echo "$2 exited early; its log ends:" >&2
  tail -20 "$3" >&2
  exit 1
}

[ -x bin/uptray ] || make -s build >/dev/null
go build -o "$work/countserver" ./internal/e2e/testdata/countserver
# Built first: with HOME moved, go would start a cold build cache.
export HOME=$work XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache \
  XDG_DATA_HOME=$work/data XDG_STATE_HOME=$work/state XDG_RUNTIME_DIR=$work
start_server
uptray_config >"$work/uptray.toml"
bin/uptray watch --config "$work/uptray.toml" --machine-config "" >"$work/uptray.log" 2>&1 &
uptray_pid=$!
gatus_pid=""
if [ -x "$gatus" ]; then
  gatus_config >"$work/gatus.yaml"
  (cd "$work" && GATUS_CONFIG_PATH="$work/gatus.yaml" GATUS_LOG_LEVEL=WARN exec "$gatus") >"$work/gatus.log" 2>&1 &
  gatus_pid=$!
  warmup=$((warmup + 45))
else
  echo "no Gatus binary at $gatus (set GATUS=...): measuring uptray alone"
fi

sleep "$warmup"
alive "$uptray_pid" uptray "$work/uptray.log"
[ -z "$gatus_pid" ] || alive "$gatus_pid" gatus "$work/gatus.log"
counts >"$work/c0.json"
u0=$(ticks "$uptray_pid"); g0=$([ -z "$gatus_pid" ] || ticks "$gatus_pid")
sleep "$seconds"
counts >"$work/c1.json"
u1=$(ticks "$uptray_pid"); g1=$([ -z "$gatus_pid" ] || ticks "$gatus_pid")
alive "$uptray_pid" uptray "$work/uptray.log"
[ -z "$gatus_pid" ] || alive "$gatus_pid" gatus "$work/gatus.log"

echo "$services http services at 5 s on $addr, ${warmup} s warm-up, ${seconds} s window, CLK_TCK $hz"
python3 - "$work/c0.json" "$work/c1.json" "$seconds" "$hz" "uptray=Uptray=$((u1 - u0))" \
  ${gatus_pid:+"gatus=Gatus=$((g1 - g0))"} <<'EOF'
import json, sys
c0, c1 = (json.load(open(p)) for p in sys.argv[1:3])
secs, hz = float(sys.argv[3]), float(sys.argv[4])
d = lambda k: c1.get(k, 0) - c0.get(k, 0)
per = {}
for arg in sys.argv[5:]:
    name, ua, ticks = arg.split("=")
    checks, ms = d(ua), int(ticks) * 1000 / hz
    per[name] = ms * 1000 / checks if checks else float("nan")
    print(f"{name:7s} {checks:6d} checks ({checks / secs:5.1f}/s), {d('conns:' + ua):4d} new connections, "
          f"{ms:7.0f} ms CPU ({100 * ms / 1000 / secs:.2f}% of a core), {per[name]:6.1f} µs CPU per check")
print("User-Agents seen:", ", ".join(k[3:] for k in c1 if k.startswith("ua:")))
print(f"connections accepted in the window (requests or not): {d('conns:all')}")
if len(per) == 2:
    print(f"uptray/gatus CPU per check: {per['uptray'] / per['gatus']:.2f}")
EOF
