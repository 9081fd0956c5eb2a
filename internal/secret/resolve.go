package secret

import (
	"errors"
	"fmt"
	"slices"

	"github.com/uptray/uptray/internal/config"
)

// ResolveSource returns src with every keychain reference in its credentials
// replaced by the value it names. The error names the field and why
// (`token: keyring entry "Ops Gatus/token" not found`, `password: no keychain
// available (…)`): it becomes the source's reason, so it never holds a value.
// A source without references costs no keychain call.
func ResolveSource(s Secrets, src config.Source) (config.Source, error) {
	for _, f := range []struct {
		name string
		v    *string
	}{{"token", &src.Token}, {"username", &src.Username}, {"password", &src.Password}} {
		if !IsRef(*f.v) {
			continue
		}
		v, err := s.Resolve(*f.v)
		if err != nil {
			return src, fmt.Errorf("%s: %w", f.name, err)
		}
		*f.v = v
	}
	return src, nil
}

// ResolveConfig returns a copy of c for the engine, with the references of its
// sources resolved; c is left as it is (the settings window and saved files keep
// references). A source whose reference cannot be resolved keeps it: the engine's
// fetch calls ResolveSource again and fails that source alone with the reason, and
// succeeds once the keychain answers (unlocked after login, say). The tray never
// fails to start for a keychain.
func ResolveConfig(s Secrets, c *config.Config) *config.Config {
	if c == nil || !slices.ContainsFunc(c.Sources, hasRef) {
		return c
	}
	out := *c
	out.Sources = slices.Clone(c.Sources)
	for i, src := range out.Sources {
		resolved, err := ResolveSource(s, src)
		if errors.Is(err, ErrUnavailable) {
			break // one wait for a keychain that is not there is enough: the polls retry
		}
		if err == nil {
			out.Sources[i] = resolved
		}
	}
	return &out
}

func hasRef(src config.Source) bool {
	return IsRef(src.Token) || IsRef(src.Username) || IsRef(src.Password)
}
