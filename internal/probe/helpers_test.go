package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/transport/transporttest"
)

// withTimeout is the deadline the engine would give a check.
func withTimeout(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// closedAddr returns a loopback address nothing listens on.
func closedAddr(t testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// testCA is a certificate authority made for one test.
type testCA struct {
	*transporttest.CA
	pool *x509.CertPool
}

func newCA(t testing.TB) *testCA {
	ca := transporttest.NewCA(t)
	return &testCA{CA: ca, pool: ca.Pool}
}

// leaf issues a server certificate for names (DNS names or IP addresses) valid in
// [notBefore, notAfter].
func (ca *testCA) leaf(t testing.TB, notBefore, notAfter time.Time, names ...string) tls.Certificate {
	return ca.Issue(t, notBefore, notAfter, names...)
}
