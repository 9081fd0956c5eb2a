package probe

import (
	"context"
	"net"
	"strings"
	"sync"
	"time"
)

// Connectivity tells "the service is down" from "this machine is offline".
type Connectivity struct {
	// Targets are TCP host:port addresses; any one accepting a connection means online.
	// An empty list means the network interfaces alone decide.
	Targets []string
	// Interfaces reports whether any network interface other than loopback is up.
	// nil means asking the operating system.
	Interfaces func() (bool, error)
}

// Online reports whether this machine is on a network, and when it is not, why.
func (c Connectivity) Online(ctx context.Context) (bool, string) {
	interfaces := c.Interfaces
	if interfaces == nil {
		interfaces = interfacesUp
	}
	// An error listing interfaces proves nothing: let the targets decide.
	if up, err := interfaces(); err == nil && !up {
		return false, "no network interface is up"
	}
	if len(c.Targets) == 0 {
		return true, ""
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	start := time.Now()
	reasons := make([]string, len(c.Targets))
	answered := make(chan struct{}, len(c.Targets))
	var wg sync.WaitGroup
	for i, target := range c.Targets {
		wg.Go(func() {
			var d net.Dialer
			conn, err := d.DialContext(ctx, "tcp", target)
			if err != nil {
				reasons[i] = target + ": " + Describe(ctx, start, err)
				return
			}
			conn.Close()
			answered <- struct{}{}
		})
	}
	// Wait for the first answer, or for every target to have failed.
	all := make(chan struct{})
	go func() { wg.Wait(); close(all) }()
	select {
	case <-answered:
		cancel()
		<-all // the other dials end at once when cancelled
		return true, ""
	case <-all:
	}
	select {
	case <-answered: // the last one answered just as the others had failed
		return true, ""
	default:
	}
	return false, "no connectivity target answered: " + strings.Join(reasons, "; ")
}

// interfacesUp looks for an interface that is up and running (has a link), other than
// loopback.
func interfacesUp() (bool, error) {
	ifaces, err := net.Interfaces()
	if err != nil {
		return false, err
	}
	for _, ifc := range ifaces {
		if ifc.Flags&net.FlagLoopback == 0 && ifc.Flags&net.FlagUp != 0 && ifc.Flags&net.FlagRunning != 0 {
			return true, nil
		}
	}
	return false, nil
}
