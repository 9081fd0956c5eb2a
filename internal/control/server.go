package control

import (
	"errors"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/uptray/uptray/internal/status"
)

const (
	// snapshotEvery is the shortest gap between two snapshots to one client: a window
	// needs no more than a few redraws a second, however busy the engine is.
	snapshotEvery = 200 * time.Millisecond
	// writeTimeout drops a client that stops reading, instead of keeping its goroutines.
	writeTimeout = 10 * time.Second
	// openTimeout is how long SendOpen waits for the windows process to take a request
	// before the resident starts a new one (longer than the client's takeTimeout).
	openTimeout = 2 * time.Second
	// probeTimeout is how long Listen waits for the holder of the socket to answer.
	probeTimeout = time.Second
)

// Handler is the resident's side of the commands. Its methods are called from the
// server's goroutines and must not block for long; Updates must signal without blocking
// (a buffered channel of one, as monitor.Engine.Updates does).
type Handler interface {
	Snapshot() status.Snapshot
	// Updates signals whenever the snapshot may have changed; the func unsubscribes.
	Updates() (<-chan struct{}, func())
	CheckNow(name string)
	CheckAll()
	Pause(until time.Time) // zero until: until Resume
	Resume()
	Reload()
	// Open is a request to show a window (from a second start, or the windows process).
	Open(window, service string)
}

// Server is the resident's end of the control channel.
type Server struct {
	ln   net.Listener
	h    Handler
	log  *slog.Logger
	done chan struct{} // closed by Close
	once sync.Once
	wg   sync.WaitGroup // every goroutine the server started

	mu     sync.Mutex
	closed bool
	conns  map[*conn]struct{}
	seq    uint64                   // numbers connections (newest windows client wins) and opens
	acks   map[uint64]chan struct{} // opens waiting for their opened
}

// conn is one client. Only its writer goroutine writes to nc.
type conn struct {
	nc   net.Conn
	seq  uint64
	role string        // guarded by Server.mu
	out  chan Message  // messages other than snapshots, in order
	sub  chan struct{} // a subscribe arrived
	done chan struct{} // closed by stop
	once sync.Once
}

func (c *conn) stop() {
	c.once.Do(func() {
		close(c.done)
		c.nc.Close()
	})
}

// Listen makes path's directory (private to this user), listens on path and serves h.
// If a live resident already answers there it returns ErrRunning (tell it with Tell);
// a socket left by one that crashed is taken over. log may be nil.
func Listen(path string, h Handler, log *slog.Logger) (*Server, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := prepareDir(filepath.Dir(path)); err != nil {
		return nil, err
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		if c, dialErr := net.DialTimeout("unix", path, probeTimeout); dialErr == nil {
			c.Close()
			return nil, ErrRunning
		}
		os.Remove(path) // nobody answers: a crashed resident's socket
		if ln, err = net.Listen("unix", path); err != nil {
			return nil, err
		}
	}
	s := &Server{
		ln: ln, h: h, log: log,
		done:  make(chan struct{}),
		conns: make(map[*conn]struct{}),
		acks:  make(map[uint64]chan struct{}),
	}
	s.wg.Add(1)
	go s.accept()
	return s, nil
}

// Close stops accepting, ends every connection and waits for all the server's goroutines.
// Close it before stopping the Handler's engine.
func (s *Server) Close() error {
	var err error
	s.once.Do(func() {
		s.mu.Lock()
		s.closed = true
		conns := make([]*conn, 0, len(s.conns))
		for c := range s.conns {
			conns = append(conns, c)
		}
		s.mu.Unlock()
		close(s.done)
		err = s.ln.Close()
		for _, c := range conns {
			c.stop()
		}
	})
	s.wg.Wait()
	return err
}

// WindowsConnected reports whether a windows process is connected.
func (s *Server) WindowsConnected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.windowsLocked() != nil
}

// SendOpen asks the connected windows process to show window (and service) and reports
// whether it took the request. False means none is connected, or it did not take the
// request in time (it may be quitting with its last window): start a new one then.
func (s *Server) SendOpen(window, service string) bool {
	s.mu.Lock()
	c := s.windowsLocked()
	if c == nil || s.closed {
		s.mu.Unlock()
		return false
	}
	s.seq++
	id := s.seq
	ack := make(chan struct{})
	s.acks[id] = ack
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.acks, id)
		s.mu.Unlock()
	}()

	select {
	case c.out <- Message{Type: TypeOpen, ID: id, Window: window, Service: service}:
	default:
		return false // its queue is full: it is not reading
	}
	t := time.NewTimer(openTimeout)
	defer t.Stop()
	select {
	case <-ack:
		return true
	case <-c.done:
	case <-s.done:
	case <-t.C:
		s.log.Warn("control: the windows process did not take an open request", "window", window)
	}
	return false
}

// windowsLocked returns the newest windows client, or nil.
func (s *Server) windowsLocked() *conn {
	var newest *conn
	for c := range s.conns {
		if c.role == RoleWindows && (newest == nil || c.seq > newest.seq) {
			newest = c
		}
	}
	return newest
}

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		nc, err := s.ln.Accept()
		if err != nil {
			select {
			case <-s.done:
				return
			case <-time.After(100 * time.Millisecond): // out of file descriptors, say
				s.log.Warn("control: accept", "err", err)
				continue
			}
		}
		if err := checkPeer(nc); err != nil {
			s.log.Warn("control: refused a connection", "err", err)
			nc.Close()
			continue
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			nc.Close()
			return
		}
		s.seq++
		c := &conn{nc: nc, seq: s.seq, out: make(chan Message, 8), sub: make(chan struct{}, 1), done: make(chan struct{})}
		s.conns[c] = struct{}{}
		s.wg.Add(2) // counted while accept itself is, so never racing Close's Wait
		s.mu.Unlock()
		go s.read(c)
		go s.write(c)
	}
}

// read handles what one client sends until it goes away.
func (s *Server) read(c *conn) {
	defer s.wg.Done()
	defer func() {
		c.stop()
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
	}()
	sc := newScanner(c.nc)
	for sc.Scan() {
		m, err := decode(sc.Bytes())
		if err != nil {
			s.log.Debug("control: ignored a line", "err", err)
			continue
		}
		s.handle(c, m)
	}
	if err := sc.Err(); err != nil {
		select {
		case <-c.done: // closed by us
		default:
			s.log.Debug("control: connection ended", "err", err)
		}
	}
}

func (s *Server) handle(c *conn, m Message) {
	switch m.Type {
	case TypeHello:
		s.mu.Lock()
		c.role = m.Role
		s.mu.Unlock()
	case TypeSubscribe:
		select {
		case c.sub <- struct{}{}:
		default: // one already waiting
		}
	case TypeCheckNow:
		if m.Name == "" {
			s.h.CheckAll()
		} else {
			s.h.CheckNow(m.Name)
		}
	case TypePause:
		s.h.Pause(m.Until)
	case TypeResume:
		s.h.Resume()
	case TypeReload:
		s.h.Reload()
	case TypeOpen:
		// Its own goroutine: Open may call SendOpen, whose answer this reader must read
		// when the windows process itself asked. Added while read is counted.
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.h.Open(m.Window, m.Service)
		}()
	case TypeOpened:
		s.mu.Lock()
		if ack, ok := s.acks[m.ID]; ok {
			close(ack)
			delete(s.acks, m.ID)
		}
		s.mu.Unlock()
	default:
		s.log.Debug("control: ignored a message", "type", m.Type, "v", m.V)
	}
}

// write sends one client its messages and, once it subscribed, the newest snapshot
// whenever the engine signals, at most one per snapshotEvery. The snapshot is taken when
// it can be written, so a slow client gets the newest state, never a backlog, and the
// engine never waits for it.
func (s *Server) write(c *conn) {
	defer s.wg.Done()
	defer c.stop()
	var (
		subscribed bool
		updates    <-chan struct{}
		cancel     = func() {}
		pending    bool      // the state changed since the last snapshot sent
		last       time.Time // when it was sent
		timer      = time.NewTimer(0)
		waiting    <-chan time.Time // timer.C while a snapshot waits for its turn
	)
	timer.Stop()
	defer func() { timer.Stop(); cancel() }()

	for {
		now := false
		select {
		case <-c.done:
			return
		case m := <-c.out:
			if !s.send(c, m) {
				return
			}
		case <-c.sub:
			if !subscribed {
				updates, cancel = s.h.Updates()
				subscribed = true
			}
			pending, now = true, true // the first snapshot goes at once
		case _, ok := <-updates:
			if !ok {
				updates = nil // the engine stopped: send what it left, then nothing more
			}
			pending = true
		case <-waiting:
			waiting = nil
		}
		if !pending || (waiting != nil && !now) {
			continue
		}
		if wait := snapshotEvery - time.Since(last); wait > 0 && !now {
			timer.Reset(wait)
			waiting = timer.C
			continue
		}
		snap := s.h.Snapshot()
		if !s.send(c, Message{Type: TypeSnapshot, Snapshot: &snap}) {
			return
		}
		pending, last = false, time.Now()
	}
}

// send writes one message; false ends the connection.
func (s *Server) send(c *conn, m Message) bool {
	line, err := encode(m)
	if err != nil {
		s.log.Error("control: not sent", "err", err)
		return true // the connection is fine; this message cannot go
	}
	c.nc.SetWriteDeadline(time.Now().Add(writeTimeout))
	if _, err := c.nc.Write(line); err != nil {
		if !errors.Is(err, net.ErrClosed) {
			s.log.Debug("control: write", "err", err)
		}
		return false
	}
	return true
}
