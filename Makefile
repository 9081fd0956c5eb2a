# Uptray. `make run` starts the tray app, `make test` runs every test (installing any
# missing Debian/Ubuntu packages first), `make bench` runs the benchmarks.
SHELL := /bin/bash
export PATH := /usr/local/go/bin:$(PATH)
export LANG ?= en_US.UTF-8

VERSION := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
COMMIT  := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
DATE    := $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
LDFLAGS := -X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.date=$(DATE)
BIN     := bin/uptray

.PHONY: run test bench build deps test-deps screenshot-deps vet clean soak compare-gatus screenshots package package-deb package-windows package-macos

build: deps
	go build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/uptray

run: build
	./$(BIN) $(ARGS)

test: test-deps vet
	go test -race -count=1 ./...

# The packages without cgo must build for the other desktops too (the app itself is
# cross-built for Windows by `make package-windows`; macOS needs a Mac).
CROSS_PKGS := ./internal/status ./internal/clock ./internal/config ./internal/probe ./internal/monitor \
  ./internal/source ./internal/alert ./internal/autostart ./internal/applog ./internal/control ./internal/store ./internal/redact ./internal/sanitize ./internal/web ./internal/catalog ./internal/secret
vet:
	go vet ./...
	GOOS=darwin CGO_ENABLED=0 go vet $(CROSS_PKGS)
	GOOS=windows CGO_ENABLED=0 go vet $(CROSS_PKGS)

bench: deps
	go test -run=^$$ -bench=. -benchmem ./...

deps:
	@.ci/deps.sh build

test-deps:
	@.ci/deps.sh test

screenshot-deps:
	@.ci/deps.sh screenshots

# Packages for staff laptops: a .deb (Linux) and uptray.exe (Windows, cross-compiled
# with mingw-w64, a GUI binary with its icon and version resource) into dist/.
package: package-deb package-windows

package-deb: deps
	.ci/package-deb.sh

package-windows:
	@.ci/deps.sh windows
	cd cmd/uptray && go run github.com/tc-hib/go-winres@v0.3.3 simply --arch amd64 --manifest gui \
	  --icon ../../assets/icon.png --product-name Uptray --file-description Uptray \
	  --original-filename uptray.exe --product-version $(VERSION).0 --file-version $(VERSION).0
	CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
	  go build -trimpath -ldflags "-H=windowsgui -s -w $(LDFLAGS)" -o dist/uptray.exe ./cmd/uptray
	rm -f cmd/uptray/rsrc_windows_amd64.syso

# macOS: Uptray.app (needs a Mac with Xcode's command line tools: cgo). The bundle's
# Info.plist sets LSUIElement, so the tray and the windows stay out of the Dock.
package-macos:
	mkdir -p dist/Uptray.app/Contents/MacOS dist/Uptray.app/Contents/Resources
	go build -trimpath -ldflags "-s -w $(LDFLAGS)" -o dist/Uptray.app/Contents/MacOS/uptray ./cmd/uptray
	sed 's/@VERSION@/$(VERSION)/g' assets/macos/Info.plist > dist/Uptray.app/Contents/Info.plist
	mkdir -p dist/icon.iconset && for s in 16 32 128 256 512; do sips -z $$s $$s assets/icon.png --out dist/icon.iconset/icon_$${s}x$${s}.png >/dev/null; done
	iconutil -c icns dist/icon.iconset -o dist/Uptray.app/Contents/Resources/icon.icns && rm -rf dist/icon.iconset

clean:
	rm -rf bin dist

# 50 services at 60 s under Xvfb for 10 minutes: memory and CPU (README figures).
soak: test-deps
	.ci/soak.sh 10

# uptray watch and Gatus side by side: CPU per check, 200 services at 5 s (Gatus built
# from source into /tmp/gatus/gatus or $GATUS; without it uptray alone).
compare-gatus: build
	.ci/gatus-compare.sh 120

# PNGs for the README: the settings views and the details view (Fyne's software painter),
# the real settings window, a grouped notice drawn by dunst and the tray menu drawn by a
# real tray host (gtk-sni-tray-standalone) on Xvfb (end-to-end).
screenshots: screenshot-deps
	mkdir -p assets/screenshots
	UPTRAY_SHOTS=$(CURDIR)/assets/screenshots go test -count=1 -run 'TestCapture|TestDetailsScreenshot' ./internal/ui ./internal/e2e
