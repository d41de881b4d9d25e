package validation

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fixedReport is a report with one outcome of every kind: a replicated
// pass, a relative fail, a price, an info and a case that could not run.
func fixedReport() Report {
	r := Report{Schema: Schema, Skipped: 2, Elapsed: 1234 * time.Millisecond, Outcomes: []Outcome{
		{Name: "theory/erlang-b/c20-a18", Group: Theory, Reference: "Erlang B(20, 18) = 0.10921", Source: "Kleinrock vol. 1, eq. 3.46",
			Checks: []Check{replicated("rejection probability", []float64{0.108, 0.110, 0.109, 0.1095}, 0.10921, 0.002, "0.002")}},
		{Name: "published/simfaas-readme", Group: Published, Reference: "SimFaaS: P(cold) 0.00136 | 7.70 instances", Source: "github.com/pacslab/simfaas",
			Checks: []Check{relative("P(cold)", 0.0016, 0.00136, 0.10, "within 10%"), relative("mean instances", 7.72, 7.70, 0.03, "within 3%")}},
		{Name: "prices/aws-lambda/example", Group: Prices, Reference: "$2.73", Source: "aws.amazon.com/lambda/pricing",
			Checks: []Check{toTheCent("total ($)", 2.7333, 2.73)}},
		{Name: "study/keep-alive", Group: Study, Reference: "the hybrid policy against fixed TTLs", Source: "Shahrad et al., ATC 2020",
			Checks: []Check{info("hybrid: p75 cold-start %", 12.5, "reported, not judged")}},
		{Name: "accounting/broken", Group: Accounting, Reference: "a case that cannot run", Source: "none",
			Checks: []Check{{Metric: "run", Status: Fail, Tolerance: Tolerance{Words: "the case must run: boom"}}}},
	}}
	r.tally()
	return r
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./scenarios/validation -update rewrites it); got:\n%s", name, got)
	}
}

func TestRenderGolden(t *testing.T) {
	for _, f := range Formats {
		t.Run(f, func(t *testing.T) {
			var b bytes.Buffer
			if err := Render(&b, fixedReport(), f); err != nil {
				t.Fatal(err)
			}
			golden(t, "report."+f+".golden", b.Bytes())
		})
	}
	if err := Render(new(bytes.Buffer), fixedReport(), "html"); err == nil {
		t.Error("an unknown format was accepted")
	}
}

// The JSON has the schema's keys and no other, whatever the outcome, and
// the same report gives the same bytes.
func TestJSONKeys(t *testing.T) {
	var a, b bytes.Buffer
	if err := JSON(&a, fixedReport()); err != nil {
		t.Fatal(err)
	}
	if err := JSON(&b, fixedReport()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("the same report rendered differently")
	}
	var doc map[string]any
	if err := json.Unmarshal(a.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	keys := func(m map[string]any) []string {
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		slices.Sort(ks)
		return ks
	}
	want := map[string][]string{
		"top":       {"cases", "failed", "info", "passed", "schema"},
		"case":      {"checks", "group", "name", "reference", "source"},
		"check":     {"error", "metric", "reference", "se", "status", "tolerance", "value"},
		"error":     {"kind", "value"},
		"tolerance": {"value", "words"},
	}
	check := func(what string, m map[string]any) {
		if got := keys(m); !slices.Equal(got, want[what]) {
			t.Errorf("%s keys %v, want %v", what, got, want[what])
		}
	}
	check("top", doc)
	if doc["schema"] != Schema {
		t.Errorf("schema %v", doc["schema"])
	}
	for _, c := range doc["cases"].([]any) {
		cm := c.(map[string]any)
		check("case", cm)
		for _, k := range cm["checks"].([]any) {
			km := k.(map[string]any)
			check("check", km)
			check("error", km["error"].(map[string]any))
			check("tolerance", km["tolerance"].(map[string]any))
		}
	}
}

// The suite's cases are stable: the same names in the same order, in
// the same groups (testdata/cases.golden; -update rewrites it when a case
// is added on purpose). Names are unique and start with their group.
func TestCasesAreStable(t *testing.T) {
	var b strings.Builder
	seen := map[string]bool{}
	groups := []string{Theory, Published, Prices, Accounting, Study}
	last := 0
	for _, c := range All() {
		if seen[c.Name] {
			t.Errorf("case %s twice", c.Name)
		}
		seen[c.Name] = true
		g := slices.Index(groups, c.Group)
		if g < 0 || !strings.HasPrefix(c.Name, c.Group+"/") || g < last {
			t.Errorf("case %s in group %q: out of order or misnamed", c.Name, c.Group)
		}
		last = max(last, g)
		if c.Reference == "" || c.Source == "" || c.Run == nil {
			t.Errorf("case %s lacks its reference, source or run", c.Name)
		}
		slow := ""
		if c.Slow {
			slow = " (slow)"
		}
		b.WriteString(c.Name + slow + "\n")
	}
	golden(t, "cases.golden", []byte(b.String()))
}

// A case that fails to run, or gives no check or a number JSON cannot
// carry, fails and says why; outcomes keep the suite's order.
func TestRunFailures(t *testing.T) {
	cs := []Case{
		{Name: "a", Run: func(context.Context, int) ([]Check, error) { return nil, errors.New("boom") }},
		{Name: "b", Run: func(context.Context, int) ([]Check, error) { return nil, nil }},
		{Name: "c", Run: func(context.Context, int) ([]Check, error) {
			return []Check{relative("x", math.NaN(), 1, 0.1, "within 10%")}, nil
		}},
		{Name: "d", Run: func(context.Context, int) ([]Check, error) {
			return []Check{relative("x", 1.05, 1, 0.1, "within 10%")}, nil
		}},
	}
	r, err := Run(context.Background(), cs, 3)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{Fail, Fail, Fail, Pass} {
		if o := r.Outcomes[i]; o.Name != cs[i].Name || o.Status() != want {
			t.Errorf("outcome %d: %s %s, want %s %s", i, o.Name, o.Status(), cs[i].Name, want)
		}
	}
	if r.Failed != 3 || r.Passed != 1 {
		t.Errorf("%d failed, %d passed; want 3 and 1", r.Failed, r.Passed)
	}
	if err := JSON(new(bytes.Buffer), r); err != nil {
		t.Errorf("a NaN reached the JSON: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, cs, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled run returned %v", err)
	}
}

func TestSelect(t *testing.T) {
	cs := []Case{{Name: "theory/a", Slow: true}, {Name: "theory/b/c"}, {Name: "prices/c"}}
	for _, tt := range []struct {
		pattern string
		short   bool
		want    []string
		skipped int
	}{
		{"", false, []string{"theory/a", "theory/b/c", "prices/c"}, 0},
		{"", true, []string{"theory/b/c", "prices/c"}, 1},
		{"theory/*", false, []string{"theory/a", "theory/b/c"}, 0},
		{"*/c", false, []string{"theory/b/c", "prices/c"}, 0},
		{"price", false, []string{"prices/c"}, 0},
		{"nothing", false, nil, 0},
	} {
		got, skipped, err := Select(cs, tt.pattern, tt.short)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, c := range got {
			names = append(names, c.Name)
		}
		if !slices.Equal(names, tt.want) || skipped != tt.skipped {
			t.Errorf("Select(%q, short %v) = %v, %d skipped; want %v, %d", tt.pattern, tt.short, names, skipped, tt.want, tt.skipped)
		}
	}
	if _, _, err := Select(cs, "[", false); err == nil {
		t.Error("a malformed pattern was accepted")
	}
}

// The references list each distinct tolerance once: for every check when
// all share it, by name for a few, by count for many.
func TestTolerances(t *testing.T) {
	judged := func(names ...string) []Check {
		var cs []Check
		for _, n := range names {
			cs = append(cs, info(n, 1, "reported"))
		}
		return cs
	}
	tests := []struct {
		checks []Check
		want   []string
	}{
		{judged("a", "b"), []string{"every check: reported"}},
		{append(judged("a", "b"), info("c", 1, "other")), []string{"a; b: reported", "c: other"}},
		{append(judged("a", "b", "c", "d"), info("e", 1, "other")), []string{"4 checks (a, ...): reported", "e: other"}},
	}
	for _, tt := range tests {
		if got := tolerances(Outcome{Checks: tt.checks}); !slices.Equal(got, tt.want) {
			t.Errorf("tolerances %q, want %q", got, tt.want)
		}
	}
}
