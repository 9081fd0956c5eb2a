package control

import (
	"fmt"
	"net"
	"os"

	"golang.org/x/sys/unix"
)

// checkPeer refuses a connection from another user. The private directory keeps them
// out already; this holds even if the directory's mode is loosened while we run.
func checkPeer(c net.Conn) error {
	uc, ok := c.(*net.UnixConn)
	if !ok {
		return fmt.Errorf("control: not a unix socket connection")
	}
	raw, err := uc.SyscallConn()
	if err != nil {
		return fmt.Errorf("control: %w", err)
	}
	var cred *unix.Ucred
	var credErr error
	if err := raw.Control(func(fd uintptr) {
		cred, credErr = unix.GetsockoptUcred(int(fd), unix.SOL_SOCKET, unix.SO_PEERCRED)
	}); err != nil {
		return fmt.Errorf("control: %w", err)
	}
	if credErr != nil {
		return fmt.Errorf("control: peer credentials: %w", credErr)
	}
	if uid := os.Getuid(); int(cred.Uid) != uid {
		return fmt.Errorf("control: peer is user %d (pid %d), not you (%d)", cred.Uid, cred.Pid, uid)
	}
	return nil
}
