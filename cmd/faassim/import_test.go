package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateImport = flag.Bool("update", false, "rewrite the golden scenario files of import")

// import --help teaches: what it does, every flag with its default, examples.
func TestImportHelp(t *testing.T) {
	out, _, code := call("import", "--help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"serverless.yml", "SAM", "PLACEHOLDER", "rate(5 minutes)", "cron(", "2026-01-01T00:00:00Z",
		"--horizon", `(default "24h")`, "--var", "KEY=VALUE", "-o, --output", "Examples:", "Fargate"} {
		if !strings.Contains(out, want) {
			t.Errorf("import --help lacks %q", want)
		}
	}
}

// Bad input is refused with exit status 2 and no output file; -o never
// replaces the deployment file it reads.
func TestImportRefusals(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "serverless.yml")
	original, err := os.ReadFile(filepath.Join("testdata", "import", "serverless.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, original, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"import"}, "import: want one deployment file"},
		{[]string{"import", in, "-o", in}, "is the same file as the deployment file"},
		{[]string{"import", in, "--var", "stage"}, `import: --var "stage": want KEY=VALUE`},
		{[]string{"import", in, "--horizon", "0s"}, "import: --horizon"},
		{[]string{"import", in, "--horizon", "ten"}, "import: --horizon"},
		{[]string{"import", filepath.Join(dir, "missing.yml")}, "missing.yml"},
	} {
		_, stderr, code := call(tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
	if got, _ := os.ReadFile(in); string(got) != string(original) {
		t.Error("the deployment file was changed")
	}
	if got := entries(t, dir); strings.Join(got, " ") != "serverless.yml" {
		t.Errorf("left %v, want only serverless.yml", got)
	}
}

// parseHorizon reads Go durations and whole days.
func TestParseHorizon(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // "" refused
	}{{"24h", "24h0m0s"}, {"7d", "168h0m0s"}, {"90m", "1h30m0s"}, {"0d", ""}, {"-1h", ""}, {"1.5d", ""}, {"d", ""}} {
		got, err := parseHorizon(tc.in)
		if (tc.want == "") != (err != nil) || (err == nil && got.String() != tc.want) {
			t.Errorf("parseHorizon(%q) = %v, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}
