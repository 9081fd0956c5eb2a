package autostart

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// launchAgent writes ~/Library/LaunchAgents/<appID>.plist with RunAtLoad.
type launchAgent struct {
	appID, execPath string
}

func newManager(appID, execPath string) Manager {
	return &launchAgent{appID: appID, execPath: execPath}
}

func (l *launchAgent) path() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find the LaunchAgents folder: %w", err)
	}
	return filepath.Join(home, "Library", "LaunchAgents", l.appID+".plist"), nil
}

func (l *launchAgent) Enabled() (bool, error) {
	p, err := l.path()
	if err != nil {
		return false, err
	}
	_, err = os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

func (l *launchAgent) Enable() error {
	return writeFile(l.path, `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>Label</key>
	<string>`+escape(l.appID)+`</string>
	<key>ProgramArguments</key>
	<array>
		<string>`+escape(l.execPath)+`</string>
	</array>
	<key>RunAtLoad</key>
	<true/>
	<key>ProcessType</key>
	<string>Interactive</string>
</dict>
</plist>
`)
}

func (l *launchAgent) Disable() error { return removeFile(l.path) }

func escape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
