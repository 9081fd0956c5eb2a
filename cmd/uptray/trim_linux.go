package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// trimExecutable lets the resident keep only the pages of its own executable it runs.
// The binary carries the windows too (Fyne, GL, fonts: 45 MB); Linux maps a file in
// runs around each page touched (64 KB, and on recent kernels whole large folios, up
// to 2 MB), so an idle tray had 8–12 MB of code it never runs mapped and counted in its
// memory. It tells the kernel the clean read-only mappings are read at random (no
// read-ahead), unmaps them, and drops the executable's pages no process maps from the
// page cache: from then on a fault maps the page it needs. Clean file pages lose
// nothing: one needed again is read from disk once. Pages the dynamic linker wrote
// (relocations, then made read-only) are private copies and are never touched.
func trimExecutable() {
	exe, err := os.Readlink("/proc/self/exe")
	if err != nil {
		return
	}
	for _, m := range cleanMappingsOf(exe) {
		unix.Syscall(unix.SYS_MADVISE, m[0], m[1]-m[0], unix.MADV_RANDOM)
		unix.Syscall(unix.SYS_MADVISE, m[0], m[1]-m[0], unix.MADV_DONTNEED)
	}
	if f, err := os.Open(exe); err == nil {
		unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED)
		f.Close()
	}
}

// cleanMappingsOf lists the [start, end) of path's read-only mappings that hold no
// anonymous page (a private copy of a page written after mapping), from /proc/self/smaps.
func cleanMappingsOf(path string) [][2]uintptr {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return nil
	}
	defer f.Close()
	var out [][2]uintptr
	var cur [2]uintptr
	candidate := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		fields := strings.Fields(line)
		switch {
		case len(fields) >= 5 && strings.Contains(fields[0], "-") && !strings.HasSuffix(fields[0], ":"):
			// 00404000-00ff9000 r-xp 00004000 fe:00 10019900   /path/to/uptray
			from, to, _ := strings.Cut(fields[0], "-")
			start, err1 := strconv.ParseUint(from, 16, 64)
			end, err2 := strconv.ParseUint(to, 16, 64)
			candidate = len(fields) >= 6 && fields[5] == path && !strings.Contains(fields[1], "w") &&
				err1 == nil && err2 == nil
			cur = [2]uintptr{uintptr(start), uintptr(end)}
		case candidate && fields[0] == "Anonymous:" && len(fields) > 1 && fields[1] != "0":
			candidate = false // private copies of written pages: relocations live here
		case candidate && fields[0] == "VmFlags:": // the last line of a mapping's block
			out = append(out, cur)
			candidate = false
		}
	}
	return out
}
