package control

import (
	"context"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"sync"
	"time"

	"github.com/uptray/uptray/internal/status"
)

const (
	// takeTimeout is how long the client holds an open request for the program to take
	// from Opens; untaken, it is not acknowledged and the resident starts a new process.
	takeTimeout = time.Second
	// tellTimeout bounds Tell from dialling to the last byte.
	tellTimeout = 2 * time.Second
)

// Client is a connection to the resident. When the resident goes away (it crashed, or
// quit), Done is closed, Snapshots and Opens are closed, and Err says why; to reconnect,
// Dial again (with backoff) and send subscribe again. Show the state as unknown meanwhile.
type Client struct {
	nc      net.Conn
	snaps   chan status.Snapshot
	opens   chan Message
	done    chan struct{} // closed when the reader has ended
	closing chan struct{} // closed by Close
	once    sync.Once
	wg      sync.WaitGroup
	wmu     sync.Mutex // one writer at a time: the program and the reader's acknowledgements
	err     error      // why the connection ended; set before done is closed
}

// Dial connects to the resident at path and says hello as role (RoleWindows, RoleCLI).
// It refuses a socket whose directory other users could use.
func Dial(ctx context.Context, path, role string) (*Client, error) {
	if err := checkDir(filepath.Dir(path)); err != nil {
		return nil, err
	}
	var d net.Dialer
	nc, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		return nil, fmt.Errorf("control: %w", err)
	}
	if err := checkPeer(nc); err != nil {
		nc.Close()
		return nil, err
	}
	c := &Client{
		nc:      nc,
		snaps:   make(chan status.Snapshot, 1),
		opens:   make(chan Message),
		done:    make(chan struct{}),
		closing: make(chan struct{}),
	}
	if err := c.Send(Message{Type: TypeHello, Role: role}); err != nil {
		nc.Close()
		return nil, err
	}
	c.wg.Add(1)
	go c.read()
	return c, nil
}

// Tell dials the resident at path as a CLI client, sends m and hangs up: what a second
// start does with the ErrRunning from Listen (Message{Type: TypeOpen, Window: WindowSettings}).
func Tell(path string, m Message) error {
	ctx, cancel := context.WithTimeout(context.Background(), tellTimeout)
	defer cancel()
	c, err := Dial(ctx, path, RoleCLI)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.Send(m)
}

// Send writes m (its version is stamped). Safe from any goroutine.
func (c *Client) Send(m Message) error {
	line, err := encode(m)
	if err != nil {
		return err
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.nc.SetWriteDeadline(time.Now().Add(writeTimeout))
	if _, err := c.nc.Write(line); err != nil {
		return fmt.Errorf("control: %w", err)
	}
	return nil
}

// Snapshots delivers the newest snapshot after a subscribe; one not taken in time is
// replaced by the next, never queued. Closed when the connection ends.
func (c *Client) Snapshots() <-chan status.Snapshot { return c.snaps }

// Opens delivers the resident's requests to show a window (to a RoleWindows client).
// Taking one is the promise to show it: a windows process that is quitting must stop
// taking (Close the client) before it decides to quit, so the resident starts another.
// Closed when the connection ends.
func (c *Client) Opens() <-chan Message { return c.opens }

// Done is closed when the connection has ended.
func (c *Client) Done() <-chan struct{} { return c.done }

// Err says why the connection ended (nil while it lasts, or after Close).
func (c *Client) Err() error {
	select {
	case <-c.done:
		return c.err
	default:
		return nil
	}
}

// Close hangs up and waits for the client's goroutine.
func (c *Client) Close() error {
	var err error
	c.once.Do(func() {
		close(c.closing)
		err = c.nc.Close()
	})
	c.wg.Wait()
	return err
}

func (c *Client) read() {
	defer c.wg.Done()
	sc := newScanner(c.nc)
	for sc.Scan() {
		m, err := decode(sc.Bytes())
		if err != nil {
			continue // not a message; the next line may be
		}
		switch m.Type {
		case TypeSnapshot:
			if m.Snapshot != nil {
				select { // only this goroutine sends, so after the drain there is room
				case <-c.snaps:
				default:
				}
				c.snaps <- *m.Snapshot
			}
		case TypeOpen:
			c.deliver(m)
		}
	}
	err := sc.Err()
	select {
	case <-c.closing:
		err = nil // we hung up
	default:
		if err == nil {
			err = errors.New("control: the resident closed the connection")
		} else {
			err = fmt.Errorf("control: %w", err)
		}
	}
	c.err = err
	close(c.snaps)
	close(c.opens)
	close(c.done)
}

// deliver hands an open request to the program and acknowledges it once taken.
func (c *Client) deliver(m Message) {
	t := time.NewTimer(takeTimeout)
	defer t.Stop()
	select {
	case c.opens <- m:
		c.Send(Message{Type: TypeOpened, ID: m.ID}) // if it fails, the resident times out
	case <-t.C:
	case <-c.closing:
	}
}
