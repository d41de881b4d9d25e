//go:build unix

package main

import (
	"io/fs"
	"os"
	"syscall"
)

// keepOwner gives the replacement of a file its owner and group: root
// rewriting a user's report must not leave it owned by root. Only root
// can give a file away; for anyone else the file is theirs already, or
// the attempt fails harmlessly.
func keepOwner(tmp string, old fs.FileInfo) {
	if st, ok := old.Sys().(*syscall.Stat_t); ok && os.Geteuid() == 0 {
		os.Chown(tmp, int(st.Uid), int(st.Gid))
	}
}
