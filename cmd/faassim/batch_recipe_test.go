package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"faassim/internal/samejson"
)

// recipe is the README's one-machine recipe: the shell block after its
// marker.
var recipe = regexp.MustCompile("(?s)<!-- recipe: one machine[^\n]*-->\n```sh\n(.*?)```")

// The README's one-machine recipe, run as printed (bash, xargs -P 2, with
// faassim this test binary), merges to the unsharded run's results:
// integers exactly, other numbers to 12 significant digits (function
// shards sum floats in another order); a peak of instances summed over
// function shards may be an upper bound of the true one, and says so.
func TestBatchRecipeEndToEnd(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	if _, err := exec.LookPath("xargs"); err != nil {
		t.Skip("no xargs")
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	mustDo(t, err)
	m := recipe.FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no one-machine recipe (<!-- recipe: one machine --> and a sh block)")
	}
	script := string(m[1])
	run := regexp.MustCompile(`faassim run (\S+)`).FindStringSubmatch(script)
	if run == nil || !strings.Contains(script, "xargs -P") || !strings.Contains(script, "faassim merge") {
		t.Fatalf("the recipe runs no faassim run through xargs -P then merge:\n%s", script)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	mustDo(t, os.Mkdir(bin, 0o755))
	exe, err := os.Executable()
	mustDo(t, err)
	mustDo(t, os.WriteFile(filepath.Join(bin, "faassim"), []byte("#!/bin/sh\nFAASSIM_TEST_AS_CLI=1 exec "+strconv.Quote(exe)+" \"$@\"\n"), 0o755))
	cmd := exec.Command(bash, "-euo", "pipefail", "-c", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the recipe failed: %v\n%s", err, out)
	}
	merged, err := os.ReadFile(filepath.Join(dir, "merged.json"))
	mustDo(t, err)
	whole, stderr, code := call("run", run[1], "-q", "--format", "json")
	if code != 0 {
		t.Fatalf("unsharded run: exit %d: %s", code, stderr)
	}
	shards, _ := filepath.Glob(filepath.Join(dir, "shards", "shard-*.json"))
	if len(shards) < 2 {
		t.Fatalf("the recipe wrote %d shards", len(shards))
	}
	sameResults(t, merged, []byte(whole))
}

// sameResults compares two results documents as TestBatchRecipeEndToEnd
// says.
func sameResults(t *testing.T, got, want []byte) {
	t.Helper()
	samejson.Compare(t, got, want, samejson.Rules{Bounded: true})
}
