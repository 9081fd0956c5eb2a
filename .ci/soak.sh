#!/usr/bin/env bash
# Soak measurement (issue 3 §6): the tray app with 50 services at 60 s under Xvfb and a
# private D-Bus; prints resident memory after 2 and 10 minutes and CPU over the 10.
# Usage: .ci/soak.sh [minutes]   (default 10). Needs what `make test` installs, and python3.
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

Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" 2>/dev/null &
for _ in $(seq 50); do [ -s "$work/display" ] && break; sleep 0.1; done
export DISPLAY=":$(cat "$work/display")"
dbus-daemon --config-file=internal/e2e/testdata/bus.conf --print-address=3 --nofork 3>"$work/bus" &
for _ in $(seq 50); do [ -s "$work/bus" ] && break; sleep 0.1; done
export DBUS_SESSION_BUS_ADDRESS=$(head -1 "$work/bus")
export HOME=$work XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache XDG_RUNTIME_DIR=$work LANG=en_US.UTF-8

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
rss() { awk '/VmRSS/ {print $2" kB"}' /proc/$pid/status; }
ticks() { awk '{print $14+$15}' /proc/$pid/stat; }
sleep 120
echo "RSS after 2 min: $(rss)"
t0=$(ticks); s0=$(date +%s)
sleep $(( minutes * 60 - 120 ))
t1=$(ticks); s1=$(date +%s)
echo "RSS after $minutes min: $(rss)"
hz=$(getconf CLK_TCK)
awk -v t=$((t1 - t0)) -v hz="$hz" -v s=$((s1 - s0)) 'BEGIN { printf "CPU from minute 2 to %d: %.2f s over %d s = %.3f%% of one core\n", '"$minutes"', t/hz, s, 100*t/hz/s }'
grep -c transition "$work/app.log" | xargs echo "transitions logged:"
