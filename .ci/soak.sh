#!/usr/bin/env bash
# Soak measurement (issues 3 and 12): the resident tray app with 50 http services at 60 s
# on loopback, under Xvfb and a private D-Bus with a StatusNotifierWatcher. First, for
# comparison, `uptray watch` with the same services (the engine without a tray), a
# resident with no services (the tray alone) and Nagstamon where installed, side by side;
# then the resident alone. Each is counted over 120 s after a 20 s warm-up: CPU ticks,
# CPU ms, context switches; PSS and RSS at minute 2, and the resident's at the end.
# Usage: .ci/soak.sh [minutes]   (default 10, at least 3; it runs 2.5 min longer). Needs what `make test` installs, and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-10}
work=$(mktemp -d)
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT
make -s build >/dev/null
go build -o "$work/snwatcher" ./internal/e2e/testdata/snwatcher
go build -o "$work/countserver" ./internal/e2e/testdata/countserver # before HOME moves: the build cache

Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 3>"$work/display" 2>/dev/null &
for _ in $(seq 50); do [ -s "$work/display" ] && break; sleep 0.1; done
export DISPLAY=":$(cat "$work/display")"
dbus-daemon --config-file=internal/e2e/testdata/bus.conf --print-address=3 --nofork 3>"$work/bus" &
for _ in $(seq 50); do [ -s "$work/bus" ] && break; sleep 0.1; done
export DBUS_SESSION_BUS_ADDRESS=$(head -1 "$work/bus")
export HOME=$work XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache XDG_RUNTIME_DIR=$work LANG=en_US.UTF-8
"$work/snwatcher" >/dev/null &

# The services' server keeps connections open between checks, as most web servers and
# load balancers do for a minute or more (countserver, Go's net/http);
# SOAK_SERVER=close uses Python's http.server, which closes each after one answer, so
# every check opens a new connection.
if [ "${SOAK_SERVER:-keepalive}" = close ]; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  mkdir -p "$work/www" && echo OK >"$work/www/health"
  python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/www" >/dev/null 2>&1 &
else
  "$work/countserver" -addr 127.0.0.1:0 >"$work/addr" &
  for _ in $(seq 50); do [ -s "$work/addr" ] && break; sleep 0.1; done
  port=$(head -1 "$work/addr" | cut -d: -f2)
fi
echo "server: ${SOAK_SERVER:-keepalive}"
{
  printf '[connectivity]\ntargets = ["127.0.0.1:%s"]\n' "$port"
  for i in $(seq 1 50); do
    printf '[[services]]\nname = "Service %02d"\nkind = "http"\ntarget = "http://127.0.0.1:%s/health"\ninterval = "60s"\n' "$i" "$port"
  done
} >"$work/config.toml"

hz=$(getconf CLK_TCK)
kb() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/$3"; }
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
# cpu_ns PID: CPU time of all its threads in ns (schedstat: finer than ticks).
cpu_ns() { cat /proc/"$1"/task/*/schedstat | awk '{n += $1} END {printf "%d", n}'; }
switches() { cat /proc/"$1"/task/*/status | awk '/^(non)?voluntary_ctxt_switches/ {n += $2} END {print n}'; }
memory() { echo "PSS $(kb "$1" Pss smaps_rollup) kB, RSS $(kb "$1" VmRSS status) kB"; }
# window NAME=PID...: CPU ticks, CPU ms and context switches of each over the same 120 s.
window() {
  local -A t0 n0 c0
  local arg pid
  for arg; do pid=${arg#*=}; t0[$pid]=$(ticks "$pid"); n0[$pid]=$(cpu_ns "$pid"); c0[$pid]=$(switches "$pid"); done
  sleep 120
  for arg; do
    pid=${arg#*=}
    awk -v n="${arg%%=*}" -v t=$(($(ticks "$pid") - t0[$pid])) -v ns=$(($(cpu_ns "$pid") - n0[$pid])) \
      -v c=$(($(switches "$pid") - c0[$pid])) -v hz="$hz" 'BEGIN {
      printf "%s over 120 s: %d CPU ticks, %.1f ms CPU (%.3f%% of one core), %d context switches (%.2f/s)\n",
        n, t, ns/1e6, ns/1e9/120*100, c, c/120 }'
  done
}

# Part 1, for comparison: the same engine without a tray (`uptray watch`), a resident with
# nothing to check (what the tray costs by itself) and Nagstamon where installed, each
# in a home of its own so that they do not share the control socket.
bin/uptray watch --config "$work/config.toml" --machine-config "" >/dev/null 2>&1 &
watch_pid=$!
mkdir -p "$work/idle"
printf '[connectivity]\ntargets = ["127.0.0.1:%s"]\n' "$port" >"$work/idle/config.toml"
HOME=$work/idle XDG_CONFIG_HOME=$work/idle/config XDG_CACHE_HOME=$work/idle/cache XDG_RUNTIME_DIR=$work/idle \
  bin/uptray --config "$work/idle/config.toml" --machine-config "" >"$work/idle/app.log" 2>&1 &
idle_pid=$!
nagstamon_pid=""
if command -v nagstamon >/dev/null 2>&1; then
  nagstamon >/dev/null 2>&1 &
  nagstamon_pid=$!
fi
sleep 20
measured=("uptray watch (no tray, 50 services)=$watch_pid" "uptray (resident, no services)=$idle_pid")
[ -n "$nagstamon_pid" ] && kill -0 "$nagstamon_pid" 2>/dev/null && measured+=("nagstamon=$nagstamon_pid")
window "${measured[@]}"
echo "uptray watch at minute 2: $(memory "$watch_pid") (PSS shares the binary's pages with the next line's)"
echo "uptray with no services at minute 2: $(memory "$idle_pid")"
[ -n "$nagstamon_pid" ] && kill -0 "$nagstamon_pid" 2>/dev/null && echo "nagstamon: $(memory "$nagstamon_pid")"
kill "$watch_pid" "$idle_pid" $nagstamon_pid 2>/dev/null || true
wait "$watch_pid" "$idle_pid" 2>/dev/null || true

# Part 2: the resident alone, as on a laptop (PSS divides the pages of the one binary
# among the processes that map it, so nothing else of it runs).
bin/uptray --config "$work/config.toml" --machine-config "" >"$work/app.log" 2>&1 &
pid=$!
sleep 20
window "uptray (resident, 50 services)=$pid"
alone() { echo "uptray at minute $1: $(memory "$pid") ($(kb "$pid" Pss_Anon smaps_rollup) kB anonymous, $(kb "$pid" Pss_File smaps_rollup) kB file-backed)"; }
alone 2
rest=$(( minutes * 60 - 140 ))
[ "$rest" -gt 0 ] && sleep "$rest"
alone "$minutes"
grep -c transition "$work/app.log" | xargs echo "transitions logged:"
pgrep -P "$pid" >/dev/null && echo "note: a windows process is running" || echo "no windows process ran beside the resident"
