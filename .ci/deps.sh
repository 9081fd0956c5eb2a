#!/usr/bin/env bash
# Installs the system packages Uptray needs on Debian/Ubuntu, only those missing.
# Usage: .ci/deps.sh build|test|screenshots|windows   (build: compile and run the app;
# test: also Xvfb, D-Bus…; screenshots: also a tray host that draws the tray menu and
# Hangul fonts, for `make screenshots`; windows: the mingw-w64 cross compiler)
# Elsewhere it prints what to install and fails.
set -euo pipefail
build=(gcc pkg-config libgl1-mesa-dev xorg-dev)
test=(xvfb xauth libgl1-mesa-dri libglx-mesa0 dbus libglib2.0-bin gsettings-desktop-schemas xdotool imagemagick x11-apps dunst gnome-keyring libsecret-tools)
# gtk-sni-tray-standalone (a StatusNotifierItem host drawing dbusmenu menus) for
# tray-menu*.png; Noto CJK for the Korean pictures.
screenshots=(haskell-gtk-sni-tray-utils fonts-noto-cjk)
windows=(gcc-mingw-w64-x86-64)
want=("${build[@]}")
case "${1:-build}" in
  test) want+=("${test[@]}") ;;
  screenshots) want+=("${test[@]}" "${screenshots[@]}") ;;
  windows) want+=("${windows[@]}") ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  case "$(uname -s)" in
    Darwin) echo "macOS: install Xcode command line tools (xcode-select --install) and Go 1.26; nothing else is needed." ;;
    MINGW*|MSYS*|CYGWIN*) echo "Windows: install Go 1.26 and a gcc (MSYS2 mingw-w64-x86_64-gcc) on PATH." ;;
    *) echo "Not Debian/Ubuntu: install a C compiler, pkg-config, and the OpenGL and X11 development headers (GL, Xrandr, Xcursor, Xinerama, Xi, Xxf86vm); for the tests also Xvfb, dbus-daemon, xdotool and ImageMagick." ;;
  esac
  exit 1
fi

missing=()
for p in "${want[@]}"; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing missing packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "Run as root or install sudo; then: apt-get install ${missing[*]}"; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
