//go:build windows || (darwin && cgo)

package transport

import (
	"net/http"
	"net/url"

	"github.com/mattn/go-ieproxy"
	"golang.org/x/net/http/httpproxy"
)

// SystemProxy reads the operating system's proxy setting (Windows: WinINet/WinHTTP,
// with PAC and WPAD; macOS: System Configuration) through go-ieproxy. The environment
// (HTTP_PROXY, HTTPS_PROXY) wins when it is set, as go-ieproxy does.
func SystemProxy() (ProxyFunc, error) {
	if env := httpproxy.FromEnvironment(); env.HTTPProxy != "" || env.HTTPSProxy != "" {
		fn := env.ProxyFunc()
		return func(req *http.Request) (*url.URL, error) { return fn(req.URL) }, nil
	}
	conf := ieproxy.ReloadConf() // not GetConf: that one is read once per process
	return func(req *http.Request) (*url.URL, error) {
		if conf.Automatic.Active {
			if host := conf.Automatic.FindProxyForURL(req.URL.String()); host != "" {
				return &url.URL{Scheme: "http", Host: host}, nil
			}
		}
		if conf.Static.Active {
			cfg := httpproxy.Config{
				HTTPProxy:  conf.Static.Protocols["http"],
				HTTPSProxy: conf.Static.Protocols["https"],
				NoProxy:    conf.Static.NoProxy,
			}
			if cfg.HTTPSProxy == "" {
				cfg.HTTPSProxy = conf.Static.Protocols[""] // one server for every protocol
			}
			if cfg.HTTPProxy == "" {
				cfg.HTTPProxy = conf.Static.Protocols[""]
			}
			return cfg.ProxyFunc()(req.URL)
		}
		return nil, nil
	}, nil
}
