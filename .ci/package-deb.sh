#!/usr/bin/env bash
# Builds dist/uptray_<version>_<arch>.deb from a staged tree with dpkg-deb.
# Name, ID and version come from FyneApp.toml (one place for them).
set -euo pipefail
cd "$(dirname "$0")/.."
field() { sed -n "s/^ *$1 *= *\"\{0,1\}\([^\"]*\)\"\{0,1\}/\1/p" FyneApp.toml | head -1; }
version=$(field Version); id=$(field ID)
arch=$(dpkg --print-architecture)
stage=$(mktemp -d); trap 'rm -rf "$stage"' EXIT
mkdir -p dist "$stage/DEBIAN" "$stage/usr/bin" "$stage/usr/share/applications" "$stage/usr/share/doc/uptray"

go build -trimpath -ldflags "-s -w -X main.version=$version -X main.commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown) -X main.date=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  -o "$stage/usr/bin/uptray" ./cmd/uptray
install -m 0644 .ci/package/uptray.desktop "$stage/usr/share/applications/$id.desktop"
for size in 48 64 128 256; do
  src=assets/icon-$size.png; [ "$size" = 256 ] && src=assets/icon.png
  install -D -m 0644 "$src" "$stage/usr/share/icons/hicolor/${size}x${size}/apps/$id.png"
done
install -m 0644 .ci/package/config.toml.example "$stage/usr/share/doc/uptray/config.toml.example"
printf 'Uptray %s\nSee https://github.com/uptray/uptray\n' "$version" >"$stage/usr/share/doc/uptray/copyright"

size=$(du -sk "$stage" | cut -f1)
cat >"$stage/DEBIAN/control" <<CONTROL
Package: uptray
Version: $version
Architecture: $arch
Maintainer: Uptray developers <uptray@example.com>
Installed-Size: $size
Depends: libc6, libgl1, libx11-6, libxrandr2, libxcursor1, libxinerama1, libxi6, libxxf86vm1
Recommends: libgl1-mesa-dri, dbus-user-session, fonts-noto-cjk
Section: net
Priority: optional
Homepage: https://github.com/uptray/uptray
Description: tray icon that tells staff when a service they depend on breaks
 Uptray watches web sites, mail, DNS, certificates, vendor status pages and
 monitoring servers, colours its tray icon by the worst state and sends one
 native notification with what to do instead. It tells an outage from a lost
 network. IT deploys a machine-wide list in /etc/uptray/config.toml.
CONTROL
out="dist/uptray_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$stage" "$out" >/dev/null
echo "$out"
