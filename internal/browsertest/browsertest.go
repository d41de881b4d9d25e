package browsertest

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// Flags keep a headless Chromium from touching the network, a profile or
// /dev/shm: on a closed network its background connections are refused by
// the dozen and fill the log. Add --user-data-dir with a temporary
// directory of the test's own.
var Flags = []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
	"--no-first-run", "--disable-background-networking", "--disable-component-update",
	"--disable-sync", "--disable-dev-shm-usage"}

// Chromium returns the browser's path, or skips t loudly when
// FAASSIM_NO_BROWSER is set (.ci/run could not install it) or no chromium
// is on PATH.
func Chromium(t testing.TB) string {
	t.Helper()
	path, why := find(os.Getenv("FAASSIM_NO_BROWSER"), exec.LookPath)
	if why != "" {
		msg := "!!!!!!!! BROWSER CHECK SKIPPED: " + why + " !!!!!!!!"
		fmt.Fprintln(os.Stderr, msg) // seen without -v too
		t.Skip(msg)
	}
	return path
}

// find returns the browser's path, or why there is none.
func find(noBrowser string, lookPath func(string) (string, error)) (path, why string) {
	if noBrowser != "" {
		return "", "FAASSIM_NO_BROWSER=" + noBrowser + " (chromium could not be installed)"
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := lookPath(name); err == nil {
			return p, ""
		}
	}
	return "", "no chromium on PATH (apt-get install chromium)"
}
