//go:build !windows && !(darwin && cgo)

package transport

import (
	"bufio"
	"context"
	"errors"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/http/httpproxy"

	"github.com/uptray/uptray/internal/redact"
)

// SystemProxy reads this desktop's proxy setting: the environment (HTTP_PROXY,
// HTTPS_PROXY, NO_PROXY) first, then GNOME's org.gnome.system.proxy (through
// gsettings, when it is installed), then KDE's kioslaverc; else direct. A proxy
// auto-config (PAC) or auto-discovery setting cannot be evaluated here (it needs a
// JavaScript engine): the requests go direct and the error says so.
func SystemProxy() (ProxyFunc, error) {
	if fn := envProxy(); fn != nil {
		return fn, nil
	}
	if fn, err, ok := gnomeProxy(); ok {
		return fn, err
	}
	if fn, err, ok := kdeProxy(); ok {
		return fn, err
	}
	return Direct, nil
}

func envProxy() ProxyFunc {
	cfg := httpproxy.FromEnvironment()
	if cfg.HTTPProxy == "" && cfg.HTTPSProxy == "" {
		return nil
	}
	return fromConfig(cfg)
}

func fromConfig(cfg *httpproxy.Config) ProxyFunc {
	fn := cfg.ProxyFunc()
	return func(req *http.Request) (*url.URL, error) { return fn(req.URL) }
}

// errAutoConfig says the system asks for a PAC file or WPAD, which is not followed.
func errAutoConfig(pac string) error {
	if pac == "" {
		return errors.New("proxy auto-discovery (WPAD) not supported on Linux")
	}
	return errors.New("proxy auto-config not supported on Linux: " + redact.URL(pac))
}

// gnomeProxy reads org.gnome.system.proxy in one gsettings call. ok is false when
// GNOME's setting does not apply: gsettings or the schema is missing, or mode is none.
func gnomeProxy() (fn ProxyFunc, err error, ok bool) {
	path, lookErr := exec.LookPath("gsettings")
	if lookErr != nil {
		return nil, nil, false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	out, runErr := exec.CommandContext(ctx, path, "list-recursively", "org.gnome.system.proxy").Output()
	if runErr != nil {
		return nil, nil, false
	}
	return gnomeSettings(parseGsettings(string(out)))
}

// gnomeSettings applies GNOME's keys ("mode", "http.host"…) the way GNOME does.
func gnomeSettings(k map[string]string) (fn ProxyFunc, err error, ok bool) {
	switch gvString(k["mode"]) {
	case "manual":
	case "auto":
		return Direct, errAutoConfig(gvString(k["autoconfig-url"])), true
	default:
		return nil, nil, false
	}
	server := func(scheme string) string {
		host, port := gvString(k[scheme+".host"]), strings.TrimPrefix(k[scheme+".port"], "int32 ")
		if host == "" || port == "" || port == "0" {
			return ""
		}
		u := &url.URL{Scheme: "http", Host: host + ":" + port}
		if scheme == "http" && k["http.use-authentication"] == "true" {
			u.User = url.UserPassword(gvString(k["http.authentication-user"]), gvString(k["http.authentication-password"]))
		}
		return u.String()
	}
	cfg := &httpproxy.Config{HTTPProxy: server("http"), HTTPSProxy: server("https")}
	if cfg.HTTPSProxy == "" && k["use-same-proxy"] != "false" {
		cfg.HTTPSProxy = cfg.HTTPProxy
	}
	var no []string
	for _, h := range gvStrings(k["ignore-hosts"]) {
		no = append(no, strings.TrimPrefix(h, "*")) // GNOME's *.corp is NO_PROXY's .corp
	}
	cfg.NoProxy = strings.Join(no, ",")
	return fromConfig(cfg), nil, true
}

// parseGsettings reads `gsettings list-recursively` lines ("org.gnome.system.proxy.http
// host 'proxy'") into keys relative to the schema ("http.host") and their values.
func parseGsettings(out string) map[string]string {
	keys := map[string]string{}
	for line := range strings.Lines(out) {
		schema, rest, _ := strings.Cut(strings.TrimSpace(line), " ")
		key, value, _ := strings.Cut(rest, " ")
		sub := strings.TrimPrefix(strings.TrimPrefix(schema, "org.gnome.system.proxy"), ".")
		if sub != "" {
			key = sub + "." + key
		}
		keys[key] = value
	}
	return keys
}

// gvString reads a GVariant string as gsettings prints it: 'text' or "it's".
func gvString(v string) string {
	s, _ := gvNext(strings.TrimSpace(v))
	return s
}

// gvStrings reads a GVariant array of strings: ['localhost', '*.corp'].
func gvStrings(v string) []string {
	v = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), "@as"))
	v = strings.TrimSuffix(strings.TrimPrefix(v, "["), "]")
	var out []string
	for v = strings.TrimSpace(v); v != ""; {
		s, rest := gvNext(v)
		if s != "" {
			out = append(out, s)
		}
		if rest == v {
			break
		}
		v = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), ","))
	}
	return out
}

// gvNext reads one quoted string at the start of v and returns it and what follows.
func gvNext(v string) (string, string) {
	if v == "" || (v[0] != '\'' && v[0] != '"') {
		return "", v
	}
	q := v[0]
	var b strings.Builder
	for i := 1; i < len(v); i++ {
		switch c := v[i]; {
		case c == '\\' && i+1 < len(v):
			i++
			b.WriteByte(v[i])
		case c == q:
			return b.String(), v[i+1:]
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), ""
}

// kdeProxy reads [Proxy Settings] of kioslaverc: ProxyType 1 is manual (httpProxy,
// httpsProxy, NoProxyFor), 2 a PAC file, 3 auto-discovery; 4 (the environment) was
// read already. ok is false when the file does not choose a proxy.
func kdeProxy() (fn ProxyFunc, err error, ok bool) {
	dir := os.Getenv("XDG_CONFIG_HOME")
	if dir == "" {
		home, herr := os.UserHomeDir()
		if herr != nil {
			return nil, nil, false
		}
		dir = filepath.Join(home, ".config")
	}
	f, openErr := os.Open(filepath.Join(dir, "kioslaverc"))
	if openErr != nil {
		return nil, nil, false
	}
	defer f.Close()
	k := map[string]string{}
	section := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			section = line
			continue
		}
		name, value, found := strings.Cut(line, "=")
		if section != "[Proxy Settings]" || !found {
			continue
		}
		name, _, _ = strings.Cut(name, "[") // httpProxy[$e]
		k[strings.TrimSpace(name)] = strings.TrimSpace(value)
	}
	switch k["ProxyType"] {
	case "1":
	case "2":
		return Direct, errAutoConfig(k["Proxy Config Script"]), true
	case "3":
		return Direct, errAutoConfig(""), true
	default:
		return nil, nil, false
	}
	cfg := &httpproxy.Config{HTTPProxy: kdeServer(k["httpProxy"]), HTTPSProxy: kdeServer(k["httpsProxy"]), NoProxy: k["NoProxyFor"]}
	return fromConfig(cfg), nil, true
}

// kdeServer reads KDE's "http://proxy 3128" (older files write "http://proxy:3128").
func kdeServer(v string) string {
	host, port, found := strings.Cut(strings.TrimSpace(v), " ")
	if found {
		if _, err := strconv.Atoi(port); err == nil {
			return host + ":" + port
		}
	}
	return host
}
