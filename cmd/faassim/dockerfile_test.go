package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// instruction is one Dockerfile instruction: its keyword (upper case) and
// its arguments, continuation lines joined.
type instruction struct {
	line    int
	keyword string
	args    string
}

// parseDockerfile reads a Dockerfile's instructions as the Dockerfile
// reference defines them (https://docs.docker.com/reference/dockerfile/):
// one per line, "\" continuing it, "#" lines comments, the keyword
// case-insensitive.
func parseDockerfile(t *testing.T, path string) []instruction {
	t.Helper()
	f, err := os.Open(path)
	mustDo(t, err)
	defer f.Close()
	var out []instruction
	var cur strings.Builder
	start := 0
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if cur.Len() == 0 && (line == "" || strings.HasPrefix(line, "#")) {
			continue
		}
		if cur.Len() == 0 {
			start = n
		}
		if body, ok := strings.CutSuffix(line, `\`); ok {
			cur.WriteString(body + " ")
			continue
		}
		cur.WriteString(line)
		keyword, args, _ := strings.Cut(cur.String(), " ")
		out = append(out, instruction{start, strings.ToUpper(keyword), strings.TrimSpace(args)})
		cur.Reset()
	}
	mustDo(t, sc.Err())
	if cur.Len() > 0 {
		t.Fatalf("%s:%d: a continued line never ends", path, start)
	}
	return out
}

// The Dockerfile cannot be built here (no Docker): its instructions are
// checked instead. Every keyword is known; it is multi-stage, the build
// stage compiling ./cmd/faassim without cgo (a static binary) and the last
// stage, distroless static or scratch, copying that binary from the named
// stage and making it the entrypoint (exec form: no shell in the image).
func TestDockerfile(t *testing.T) {
	path := filepath.Join("..", "..", "Dockerfile")
	known := map[string]bool{"FROM": true, "RUN": true, "COPY": true, "ENTRYPOINT": true, "WORKDIR": true, "USER": true,
		"ENV": true, "ARG": true, "LABEL": true, "CMD": true}
	stages := map[string]bool{}
	var froms []string
	var built, copied, entry string
	for _, in := range parseDockerfile(t, path) {
		if !known[in.keyword] {
			t.Errorf("Dockerfile:%d: unknown instruction %s", in.line, in.keyword)
		}
		switch in.keyword {
		case "FROM":
			f := strings.Fields(in.args)
			if len(f) != 1 && (len(f) != 3 || !strings.EqualFold(f[1], "AS")) {
				t.Errorf("Dockerfile:%d: FROM %s: want IMAGE [AS NAME]", in.line, in.args)
			}
			if len(f) == 3 {
				stages[f[2]] = true
			}
			froms = append(froms, f[0])
			copied, entry = "", "" // what counts is the last stage's
		case "RUN":
			if strings.Contains(in.args, "go build") {
				if !strings.Contains(in.args, "CGO_ENABLED=0") || !strings.HasSuffix(in.args, "./cmd/faassim") {
					t.Errorf("Dockerfile:%d: the build must be CGO_ENABLED=0 go build ... ./cmd/faassim: %s", in.line, in.args)
				}
				_, after, _ := strings.Cut(in.args, " -o ")
				built, _, _ = strings.Cut(after, " ")
			}
		case "COPY":
			f := strings.Fields(in.args)
			if from, ok := strings.CutPrefix(f[0], "--from="); ok {
				if !stages[from] {
					t.Errorf("Dockerfile:%d: COPY --from=%s names no earlier stage", in.line, from)
				}
				if len(f) != 3 || f[1] != built {
					t.Errorf("Dockerfile:%d: COPY %s: want the built binary %s", in.line, in.args, built)
				}
				copied = f[2]
			}
		case "ENTRYPOINT":
			var argv []string
			if err := json.Unmarshal([]byte(in.args), &argv); err != nil || len(argv) == 0 {
				t.Errorf("Dockerfile:%d: ENTRYPOINT %s: want the exec form, a JSON array", in.line, in.args)
			}
			if len(argv) > 0 {
				entry = argv[0]
			}
		}
	}
	if len(froms) < 2 || !strings.HasPrefix(froms[0], "golang:") {
		t.Errorf("stages %q: want a golang build stage, then the image", froms)
	}
	if last := froms[len(froms)-1]; last != "scratch" && !strings.HasPrefix(last, "gcr.io/distroless/static") {
		t.Errorf("the image is FROM %s: want distroless static or scratch", last)
	}
	if filepath.Base(built) != "faassim" || copied == "" || entry != copied {
		t.Errorf("built %q, copied to %q, entrypoint %q: want the faassim binary copied and started", built, copied, entry)
	}
}

// The binary does not link the test-only dependencies: k8s.io/api (the
// batch manifests are text, decoded with it only in tests) and chromedp
// (the playground's browser test drives Chromium with it).
func TestTestOnlyDependenciesStayOut(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	out, err := exec.Command(goBin, "list", "-deps", ".").Output()
	mustDo(t, err)
	for _, p := range strings.Fields(string(out)) {
		for _, testOnly := range []string{"k8s.io/", "sigs.k8s.io/", "github.com/chromedp/"} {
			if strings.HasPrefix(p, testOnly) {
				t.Errorf("the binary imports %s, a test-only dependency", p)
			}
		}
	}
}
