#!/usr/bin/env bash
# Soak measurement (issues 3 and 12): the resident tray app with 50 http services at 60 s
# on loopback, under Xvfb and a private D-Bus with a StatusNotifierWatcher. After a 20 s
# warm-up it counts, over 120 s, the resident's CPU ticks and context switches; it prints
# its PSS and RSS at minute 2 and at the end, and the same for Nagstamon where installed.
# Usage: .ci/soak.sh [minutes]   (default 10, at least 3). Needs what `make test` installs, and python3.
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

Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 3>"$work/display" 2>/dev/null &
for _ in $(seq 50); do [ -s "$work/display" ] && break; sleep 0.1; done
export DISPLAY=":$(cat "$work/display")"
dbus-daemon --config-file=internal/e2e/testdata/bus.conf --print-address=3 --nofork 3>"$work/bus" &
for _ in $(seq 50); do [ -s "$work/bus" ] && break; sleep 0.1; done
export DBUS_SESSION_BUS_ADDRESS=$(head -1 "$work/bus")
export HOME=$work XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache XDG_RUNTIME_DIR=$work LANG=en_US.UTF-8
"$work/snwatcher" >/dev/null &

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/www" && echo OK >"$work/www/health"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/www" >/dev/null 2>&1 &
{
  printf '[connectivity]\ntargets = ["127.0.0.1:%s"]\n' "$port"
  for i in $(seq 1 50); do
    printf '[[services]]\nname = "Service %02d"\nkind = "http"\ntarget = "http://127.0.0.1:%s/health"\ninterval = "60s"\n' "$i" "$port"
  done
} >"$work/config.toml"

bin/uptray --config "$work/config.toml" --machine-config "" >"$work/app.log" 2>&1 &
pid=$!
hz=$(getconf CLK_TCK)
kb() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/$3"; }
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
switches() { cat /proc/"$1"/task/*/status | awk '/^(non)?voluntary_ctxt_switches/ {n += $2} END {print n}'; }
memory() { echo "PSS $(kb "$1" Pss smaps_rollup) kB, RSS $(kb "$1" VmRSS status) kB"; }
# window PID NAME: CPU ticks and context switches over 120 s.
window() {
  local t0 c0 t1 c1
  t0=$(ticks "$1"); c0=$(switches "$1")
  sleep 120
  t1=$(ticks "$1"); c1=$(switches "$1")
  awk -v n="$2" -v t=$((t1 - t0)) -v c=$((c1 - c0)) -v hz="$hz" 'BEGIN {
    printf "%s over 120 s: %d CPU ticks (%.3f%% of one core), %d context switches (%.2f/s)\n", n, t, 100*t/hz/120, c, c/120 }'
}

nagstamon_pid=""
if command -v nagstamon >/dev/null 2>&1; then
  nagstamon >/dev/null 2>&1 &
  nagstamon_pid=$!
fi
sleep 20
window "$pid" "uptray (resident)"
[ -n "$nagstamon_pid" ] && kill -0 "$nagstamon_pid" 2>/dev/null && window "$nagstamon_pid" "nagstamon"
echo "uptray at minute 2-ish: $(memory "$pid")"
[ -n "$nagstamon_pid" ] && kill -0 "$nagstamon_pid" 2>/dev/null && echo "nagstamon: $(memory "$nagstamon_pid")"
rest=$(( minutes * 60 - 140 - (${nagstamon_pid:+120}+0) ))
[ "$rest" -gt 0 ] && sleep "$rest"
echo "uptray at minute $minutes: $(memory "$pid")"
grep -c transition "$work/app.log" | xargs echo "transitions logged:"
pgrep -P "$pid" >/dev/null && echo "note: a windows process is running" || echo "no windows process ran beside the resident"
