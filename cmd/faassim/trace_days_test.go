package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"faassim/scenarios/trace"
)

// twoDays writes a two-day Azure 2019 trace: one function called 4 times
// on day 1 and twice on day 2.
func twoDays(t *testing.T) string {
	dir := t.TempDir()
	for day, n := range map[int]uint32{1: 4, 2: 2} {
		w, err := trace.NewAzure2019Writer(dir, day, true)
		if err != nil {
			t.Fatal(err)
		}
		counts := make([]uint32, 1440)
		counts[600] = n
		if err := w.Function(trace.AzureFunctionRow{Owner: "o", App: "a", Function: "f", Trigger: "http", Counts: counts,
			AverageMS: 5, PercentilesMS: [7]float64{5, 5, 5, 5, 5, 5, 5}}); err != nil {
			t.Fatal(err)
		}
		if err := w.App(trace.AzureAppRow{Owner: "o", App: "a", SampleCount: 1, AverageMB: 128}); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestTraceInspectDays: --days reads the days as one run and reports
// each day's invocations; --first-weekday adds the weekday/weekend ratio
// (day 1 a Friday: day 2 is a Saturday, so 4 / 2 = 2); without it, the
// release's calendar (azure2019: day 1 a Monday). Bad lists and flag mixes
// exit 2.
func TestTraceInspectDays(t *testing.T) {
	dir := twoDays(t)
	cases := []struct {
		args     []string
		code     int
		contains []string
	}{
		{[]string{"--days", "1-2", "--first-weekday", "fri", "--format", "json"}, 0,
			[]string{`"days": [`, `"day": 2,`, `"invocations": 2`, `"weekday_weekend_ratio": 2,`, `"weekend_days": [`}},
		// azure2019's own calendar: day 1 a Monday, so days 1-2 hold no weekend.
		{[]string{"--days", "1-2", "--format", "json"}, 0, []string{`"weekday_weekend_note": "no weekday/weekend ratio: the window holds 2 weekdays and 0 weekend days (day 1 a Monday)`}},
		{[]string{"--days", "2,1"}, 0, []string{"days 2, 1", "day 2                         2 invocations", "day 1 a Monday"}},
		{[]string{"--days", "0"}, 2, []string{`want a day number from 1`}},
		{[]string{"--days", "1-3"}, 2, []string{"3 days listed, but"}},
		{[]string{"--days", "1", "--day", "2"}, 2, []string{"give one"}},
		{[]string{"--first-weekday", "mon"}, 2, []string{"needs --days"}},
		{[]string{"--days", "1-2", "--first-weekday", "someday"}, 2, []string{"want monday"}},
	}
	for _, c := range cases {
		var stdout, stderr bytes.Buffer
		err := run(append([]string{"trace", "inspect", dir, "-q"}, c.args...), &stdout, &stderr)
		code := 0
		if err != nil {
			code = exitCode(err)
		}
		text := stdout.String() + stderr.String()
		if err != nil {
			text += err.Error()
		}
		for _, want := range c.contains {
			if code != c.code || !strings.Contains(text, want) {
				t.Errorf("%v: exit %d, output %q; want exit %d containing %q", c.args, code, text, c.code, want)
			}
		}
		if c.code == 0 && strings.Contains(strings.Join(c.args, " "), "json") {
			var m map[string]any
			if err := json.Unmarshal(stdout.Bytes(), &m); err != nil {
				t.Errorf("%v: %v", c.args, err)
			}
		}
	}
}
