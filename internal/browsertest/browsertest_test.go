package browsertest

import (
	"errors"
	"testing"
)

func TestFind(t *testing.T) {
	only := func(have string) func(string) (string, error) {
		return func(name string) (string, error) {
			if name == have {
				return "/usr/bin/" + name, nil
			}
			return "", errors.New("not found")
		}
	}
	for _, c := range []struct {
		name, noBrowser, have, path, why string
	}{
		{"chromium", "", "chromium", "/usr/bin/chromium", ""},
		{"older name", "", "chromium-browser", "/usr/bin/chromium-browser", ""},
		{"none", "", "", "", "no chromium on PATH (apt-get install chromium)"},
		{"told to skip", "apt failed", "chromium", "", "FAASSIM_NO_BROWSER=apt failed (chromium could not be installed)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path, why := find(c.noBrowser, only(c.have))
			if path != c.path || why != c.why {
				t.Errorf("find = %q, %q; want %q, %q", path, why, c.path, c.why)
			}
		})
	}
}
