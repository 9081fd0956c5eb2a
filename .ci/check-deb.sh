#!/usr/bin/env bash
# Builds the .deb, installs it with its dependencies, runs the installed binary, removes it.
set -euo pipefail
cd "$(dirname "$0")/.."
deb=$(make -s package-deb | tail -1)
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq "./$deb" >/dev/null
trap 'dpkg -r uptray >/dev/null 2>&1 || true' EXIT

/usr/bin/uptray version
test -f /usr/share/applications/io.github.uptray.uptray.desktop
test -f /usr/share/icons/hicolor/256x256/apps/io.github.uptray.uptray.png
test -f /usr/share/doc/uptray/config.toml.example
test ! -e /etc/uptray/config.toml # the package never writes the machine-wide file

# The example must be a valid configuration (its hosts are not reachable here, so it
# is validated, not checked: `check` would try the network).
/usr/bin/uptray validate --machine-config /usr/share/doc/uptray/config.toml.example --config /dev/null

# `check` against this machine only: a closed port, and no connectivity target answers.
work=$(mktemp -d)
cp /usr/share/doc/uptray/config.toml.example "$work/config.toml"
sed -i 's/^targets = .*/targets = ["127.0.0.1:9"]/; /^\[\[services\]\]/,$d' "$work/config.toml"
cat >>"$work/config.toml" <<'TOML'
[[services]]
name = "Nothing here"
kind = "tcp"
target = "127.0.0.1:9"
TOML
set +e
/usr/bin/uptray check --machine-config "" --config "$work/config.toml" >"$work/out" 2>&1
code=$?
set -e
cat "$work/out"
[ "$code" = 1 ] || { echo "uptray check exited $code, want 1 (a service down, offline)"; exit 1; }
grep -q "connection refused" "$work/out"

dpkg -r uptray >/dev/null
test ! -e /usr/bin/uptray
echo "deb package: installed, ran, removed cleanly: $deb"
