package main

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/transport"
)

// IT's tools for the managed file, so that it needs nothing but Uptray:
// `uptray keygen`, `uptray sign KEY FILE` and `uptray validate --managed`.

// runKeygen prints a new ed25519 key pair in the form `uptray sign` reads: the whole
// output is the key file; its public_key line goes into the machine-wide file.
func runKeygen(stdout, stderr io.Writer) int {
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		fmt.Fprintf(stderr, "uptray keygen: %v\n", err)
		return exitProblem
	}
	b64 := base64.StdEncoding.EncodeToString
	fmt.Fprintf(stdout, `# Uptray signing key, made %s.
# Keep this file secret (only IT may read it); sign the managed file with:
#   uptray sign THIS_FILE staff.toml
private_key = %q

# Put this line in the [managed] section of every laptop's machine-wide file:
public_key = %q
`, time.Now().UTC().Format(time.DateOnly), b64(priv.Seed()), b64(pub))
	return exitOK
}

// runSign writes FILE.sig, the detached signature of FILE with the private key in
// KEY, after checking that FILE is a valid managed file: nothing broken gets signed.
func runSign(args []string, stdout, stderr io.Writer) int {
	if len(args) != 2 {
		fmt.Fprintln(stderr, "usage: uptray sign KEY FILE   (KEY from `uptray keygen`; writes FILE.sig)")
		return exitConfigError
	}
	keyPath, path := args[0], args[1]
	priv, err := readPrivateKey(keyPath)
	if err != nil {
		fmt.Fprintf(stderr, "uptray sign: %s: %v\n", keyPath, err)
		return exitConfigError
	}
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintf(stderr, "uptray sign: %v\n", err)
		return exitConfigError
	}
	body, err := config.ReadLimited(f)
	f.Close()
	if err == nil {
		_, err = config.CheckManaged(config.Managed{}, nil, &config.ManagedCopy{URL: path, Body: body})
	}
	if err != nil {
		fmt.Fprintf(stderr, "uptray sign: %s is not signed, it has errors:\n%v\n", path, err)
		return exitConfigError
	}
	sig := base64.StdEncoding.EncodeToString(ed25519.Sign(priv, body)) + "\n"
	if err := os.WriteFile(path+".sig", []byte(sig), 0o644); err != nil {
		fmt.Fprintf(stderr, "uptray sign: %v\n", err)
		return exitProblem
	}
	pub := base64.StdEncoding.EncodeToString(priv.Public().(ed25519.PublicKey))
	fmt.Fprintf(stdout, "Signed %s: %s.sig (public_key = %q). Publish both, next to each other.\n", path, path, pub)
	return exitOK
}

// readPrivateKey reads a key file from `uptray keygen` (private_key = "…"), or one
// holding only the base64 key: the 32-byte seed or the 64-byte private key.
func readPrivateKey(path string) (ed25519.PrivateKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, errors.Unwrap(err)
	}
	text := strings.TrimSpace(string(data))
	var file struct {
		PrivateKey string `toml:"private_key"`
	}
	if _, err := toml.Decode(text, &file); err == nil && file.PrivateKey != "" {
		text = file.PrivateKey
	}
	b, err := base64.StdEncoding.DecodeString(text)
	switch {
	case err == nil && len(b) == ed25519.SeedSize:
		return ed25519.NewKeyFromSeed(b), nil
	case err == nil && len(b) == ed25519.PrivateKeySize:
		return ed25519.PrivateKey(b), nil
	}
	return nil, errors.New("private_key: is not an ed25519 private key (make one with `uptray keygen`)")
}

// runValidateManaged fetches the managed file the machine-wide file names and checks
// it as the app would, without touching the cache. Exit 0: good; 1: it could not be
// fetched; 2: no [managed], an invalid copy or a refused signature.
func runValidateManaged(ctx context.Context, files config.Files, client *http.Client, stdout, stderr io.Writer) int {
	machine, err := config.LoadMachineFile(files.Machine)
	if err != nil {
		fmt.Fprintf(stderr, "uptray: the machine-wide file has errors:\n%v\n", err)
		return exitConfigError
	}
	m := machine.Managed
	if m.URL == "" {
		fmt.Fprintf(stderr, "uptray: %s has no [managed] url\n", orNone(files.Machine))
		return exitConfigError
	}
	ctx = transport.WithSettings(ctx, machine.Defaults.Network()) // as the app fetches it
	res, err := config.FetchManaged(ctx, client, m, nil, time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "uptray: %v\n", err)
		return exitProblem
	}
	cp := res.Copy
	fmt.Fprintf(stdout, "Fetched %s: %s, %d bytes", cp.URL, res.Status, len(cp.Body))
	if cp.ETag != "" {
		fmt.Fprintf(stdout, ", ETag %s", cp.ETag)
	}
	if cp.LastModified != "" {
		fmt.Fprintf(stdout, ", Last-Modified %s", cp.LastModified)
	}
	fmt.Fprintln(stdout)
	sigErr := config.VerifyManaged(m, cp)
	switch {
	case sigErr != nil:
		fmt.Fprintf(stdout, "Signature: refused: %v\n", sigErr)
	case m.PublicKey == "":
		fmt.Fprintln(stdout, "Signature: not required (no public_key)")
	default:
		fmt.Fprintf(stdout, "Signature: good (%s.sig matches public_key)\n", cp.URL)
	}
	unsigned := m
	unsigned.PublicKey = "" // the content is checked whatever the signature said
	c, err := config.CheckManaged(unsigned, machine, cp)
	if err != nil {
		fmt.Fprintf(stderr, "uptray: the managed file has errors (laptops keep their last good copy):\n%v\n", err)
		return exitConfigError
	}
	if sigErr != nil {
		fmt.Fprintln(stderr, "uptray: laptops refuse this copy and keep their last good one: sign it with `uptray sign KEY FILE`")
		return exitConfigError
	}
	fmt.Fprintf(stdout, "Managed config OK: %d services, %d sources (every %s)\n", len(c.Services), len(c.Sources), config.Format(m.Every()))
	return exitOK
}
