package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// MaxFileSize is the largest configuration Uptray reads. A real one is a few KB; the
// limit keeps a file someone else controls (the machine-wide file, an import) from
// costing more than a moment and a few MB.
const MaxFileSize = 1 << 20

// readConfigFile reads a configuration file. It refuses what is not a regular file
// (a named pipe would block, /dev/zero never ends) and a file over MaxFileSize,
// before reading any of it. os.DevNull reads as an empty file: IT checks the machine
// file alone with `uptray validate --config /dev/null`. A missing file gives an
// error matching fs.ErrNotExist. Errors do not name the file: callers put it first.
func readConfigFile(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, unwrapPath(err)
	}
	if err := checkFileInfo(path, fi); err != nil || !fi.Mode().IsRegular() {
		return nil, err // a nil error is os.DevNull: empty
	}
	// O_NONBLOCK: should the file be swapped for a named pipe after Stat, opening it
	// must not wait for a writer. It changes nothing for a regular file (and is
	// ignored on Windows).
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, unwrapPath(err)
	}
	defer f.Close()
	if fi, err = f.Stat(); err != nil { // what was opened, not what was there before
		return nil, unwrapPath(err)
	}
	if err := checkFileInfo(path, fi); err != nil || !fi.Mode().IsRegular() {
		return nil, err
	}
	return ReadLimited(f)
}

// unwrapPath drops the path from an *fs.PathError ("open /x: permission denied"):
// callers name the file first. fs.ErrNotExist still matches.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// checkFileInfo refuses a file that is not a regular file or is too large. It
// accepts os.DevNull (which is no regular file) with a nil error.
func checkFileInfo(path string, fi fs.FileInfo) error {
	mode := fi.Mode()
	switch {
	case mode.IsRegular():
		if fi.Size() > MaxFileSize {
			return tooLarge(fi.Size())
		}
		return nil
	case mode&fs.ModeCharDevice != 0 && filepath.Clean(path) == os.DevNull:
		return nil
	case mode.IsDir():
		return msgf("is a folder, not a configuration file")
	case mode&fs.ModeNamedPipe != 0:
		return msgf("is a named pipe, not a regular file: Uptray reads configuration only from regular files")
	case mode&fs.ModeDevice != 0:
		return msgf("is a device, not a regular file: Uptray reads configuration only from regular files")
	}
	return msgf("is not a regular file: Uptray reads configuration only from regular files")
}

// ReadLimited reads r to its end, but no more than MaxFileSize: more is an error,
// found after reading MaxFileSize+1 bytes at most. Import reads a chosen file with it.
func ReadLimited(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, tooLarge(-1)
	}
	return data, nil
}

// tooLarge says a file is over MaxFileSize; size is -1 when only that is known.
func tooLarge(size int64) error {
	if size < 0 {
		return msgf("is larger than %s, the most a configuration file may hold", mib(MaxFileSize))
	}
	return msgf("is %s, more than the %s a configuration file may hold", mib(size), mib(MaxFileSize))
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
