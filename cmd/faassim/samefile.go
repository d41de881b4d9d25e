package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// input is a file a command reads, named for messages ("the scenario").
type input struct{ what, path string }

// refuseSameFile refuses, before any work, an -o destination that is one
// of the command's inputs (the same file once symlinks and hard links are
// resolved, os.SameFile): the atomic rename at the end would replace the
// user's scenario, trace or results with the report. Only a regular file
// is refused: a device or FIFO is written in place, never replaced (and
// "report /dev/stdin -o /dev/stdout" on a terminal names one tty twice).
// An input directory (a per-minute trace) refuses an -o that is a file
// directly in it, which its reader may read. Inputs that do not exist
// (example:NAME) are left to the command to report.
func refuseSameFile(cmd, flag, out string, inputs ...input) error {
	if out == "" || out == "-" {
		return nil
	}
	ofi, err := os.Stat(out)
	if err != nil || !ofi.Mode().IsRegular() {
		return nil
	}
	for _, in := range inputs {
		if in.path == "" || strings.HasPrefix(in.path, "example:") {
			continue
		}
		ifi, err := os.Stat(in.path)
		if err != nil {
			continue
		}
		if os.SameFile(ofi, ifi) {
			return usageError{fmt.Errorf("%s: %s %s is the same file as %s %s: writing there would replace it; give %s another file",
				cmd, flag, out, in.what, in.path, flag)}
		}
		if ifi.IsDir() {
			if dfi, err := os.Stat(filepath.Dir(out)); err == nil && os.SameFile(dfi, ifi) {
				return usageError{fmt.Errorf("%s: %s %s is a file of %s %s: writing there would replace it; give %s a file outside it",
					cmd, flag, out, in.what, in.path, flag)}
			}
		}
	}
	return nil
}

// priceInputs names the --prices files as inputs.
func priceInputs(paths []string) []input {
	var in []input
	for _, p := range paths {
		in = append(in, input{"the price sheet", p})
	}
	return in
}
