package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// threeDays is tiny over three days after an hour of warm-up, at a rate
// low enough to simulate in moments.
var threeDays = strings.Replace(strings.Replace(tiny, "horizon: 10m", "horizon: 72h\nwarmup: 1h", 1),
	"rate_per_s: 2", "rate_per_s: 0.02", 1)

const noTimelineNote = "No timeline in these results"

// An HTML report shows instances and cold starts over time without
// --timeline, at the default step (about 500 buckets over the window);
// --timeline wins, and --timeline 0 turns them off, which the page says in
// a line. A report rendered from results saved without a timeline says so
// too, rather than leave the charts out silently.
func TestHTMLDefaultTimeline(t *testing.T) {
	dir := t.TempDir()
	short, long := writeScenario(t, tiny), writeScenario(t, threeDays)
	saved := filepath.Join(dir, "saved.json")
	if _, stderr, code := call("run", short, "-q", "-o", saved); code != 0 {
		t.Fatal(stderr)
	}
	savedTimeline := filepath.Join(dir, "saved-timeline.json")
	if _, stderr, code := call("run", short, "-q", "--timeline", "1m", "-o", savedTimeline); code != 0 {
		t.Fatal(stderr)
	}
	tests := []struct {
		name   string
		args   []string
		charts bool     // the instances and cold-start-ratio charts
		has    []string // in the page
		hasNot []string
	}{
		// 10 min / 500 = 1.2 s: 2 s buckets.
		{"--format html", []string{"run", short, "-q", "--format", "html"}, true, []string{"each 2s bucket"}, []string{noTimelineNote, "midnight"}},
		{"-o FILE.html", []string{"run", short, "-q", "-o", filepath.Join(dir, "r.html")}, true, []string{"each 2s bucket"}, []string{noTimelineNote}},
		{"--timeline wins", []string{"run", short, "-q", "--format", "html", "--timeline", "1m"}, true, []string{"each 1m bucket"}, []string{noTimelineNote}},
		{"--timeline 0 turns them off", []string{"run", short, "-q", "--format", "html", "--timeline", "0"}, false, []string{noTimelineNote}, nil},
		// 71 h / 500 = 511 s: 10 min buckets; the x axis in days, a
		// boundary at 24 h and 48 h.
		{"3 days", []string{"run", long, "-q", "--format", "html"}, true,
			[]string{"each 10m bucket", "Simulated time (days)", "day 2<", "day 3<", "midnight"}, []string{"day 4<", noTimelineNote}},
		{"report from results without a timeline", []string{"report", saved, "--format", "html"}, false, []string{noTimelineNote}, nil},
		{"report from results with one", []string{"report", savedTimeline, "--format", "html"}, true, []string{"each 1m bucket"}, []string{noTimelineNote}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := call(tc.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			page := stdout
			for i, a := range tc.args {
				if a == "-o" {
					data, err := os.ReadFile(tc.args[i+1])
					if err != nil {
						t.Fatal(err)
					}
					page = string(data)
				}
			}
			for _, id := range []string{`id="chart-instances"`, `id="chart-cold-start-ratio"`} {
				if strings.Contains(page, id) != tc.charts {
					t.Errorf("%s in the page: %v, want %v", id, !tc.charts, tc.charts)
				}
			}
			for _, s := range tc.has {
				if !strings.Contains(page, s) {
					t.Errorf("the page lacks %q", s)
				}
			}
			for _, s := range tc.hasNot {
				if strings.Contains(page, s) {
					t.Errorf("the page has %q", s)
				}
			}
		})
	}
}

// JSON carries a timeline only with --timeline, as before the HTML report
// chose one by default; and a timeline changes nothing else in the
// results (the same run with and without one differs by its timeline
// keys alone).
func TestJSONTimelineOnlyWhenAsked(t *testing.T) {
	scenario := writeScenario(t, twoPlatforms)
	plain, stderr, code := call("run", scenario, "-q", "--format", "json")
	if code != 0 {
		t.Fatal(stderr)
	}
	if strings.Contains(plain, `"timeline"`) {
		t.Errorf("run --format json without --timeline has a timeline")
	}
	with, stderr, code := call("run", scenario, "-q", "--format", "json", "--timeline", "1m")
	if code != 0 {
		t.Fatal(stderr)
	}
	var a, b map[string]any
	if err := json.Unmarshal([]byte(plain), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(with), &b); err != nil {
		t.Fatal(err)
	}
	timelines := 0
	for _, p := range b["platforms"].([]any) {
		pl := p.(map[string]any)
		if _, ok := pl["timeline"]; ok {
			timelines++
			delete(pl, "timeline")
		}
	}
	if timelines != 2 {
		t.Errorf("--timeline 1m: %d platforms with a timeline, want 2", timelines)
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("results with a timeline differ from those without beyond the timeline:\n%s\n%s", plain, with)
	}
}
