package scenarios

import (
	"math"
	"strings"
	"testing"
	"time"

	"faassim/models/workload"
	"faassim/sim"
)

// Firing times worked out by hand from the calendar (2026-01-01 is a
// Thursday; 2026-02-01, 2026-03-01 Sundays; 2026-08-01 a Saturday;
// 2028 a leap year), under the EventBridge rules
// (docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html):
// L the last day of the month or week, dW the weekday nearest day d, w#n
// the n-th w of the month, day-of-week 1-7 = SUN-SAT, times in UTC.
func TestCronFiringTimes(t *testing.T) {
	jan1 := "2026-01-01T00:00:00Z"
	for _, tc := range []struct {
		expr, from string
		want       []string // the first firings at or after from
		more       bool     // whether more follow
	}{
		{"0 12 * * ? *", jan1, []string{"2026-01-01T12:00", "2026-01-02T12:00"}, true},
		{"cron(0 12 * * ? *)", "2026-01-01T12:00:30Z", []string{"2026-01-02T12:00"}, true},
		// A firing at start itself counts: the schedule is taken to exist
		// before the run, so a run starting at noon gets noon's request.
		{"0 12 * * ? *", "2026-01-01T12:00:00Z", []string{"2026-01-01T12:00", "2026-01-02T12:00"}, true},
		{"0/15 * * * ? *", jan1, []string{"2026-01-01T00:00", "2026-01-01T00:15", "2026-01-01T00:30"}, true},
		{"5,55 23 31 DEC ? *", jan1, []string{"2026-12-31T23:05", "2026-12-31T23:55", "2027-12-31T23:05"}, true},
		{"0 10 ? * MON-FRI *", jan1, []string{"2026-01-01T10:00", "2026-01-02T10:00", "2026-01-05T10:00"}, true},
		{"30 8 ? jan,MAR SUN *", "2026-01-20T00:00:00Z", []string{"2026-01-25T08:30", "2026-03-01T08:30"}, true},
		{"0 0 L * ? *", jan1, []string{"2026-01-31T00:00", "2026-02-28T00:00", "2026-03-31T00:00"}, true},
		{"0 0 L 2 ? 2028", jan1, []string{"2028-02-29T00:00"}, false},
		// 1W: Thursday the 1st itself; Sunday 1 Feb -> Monday the 2nd;
		// Saturday 1 Aug -> Monday the 3rd (W never leaves the month).
		{"0 9 1W * ? *", jan1, []string{"2026-01-01T09:00", "2026-02-02T09:00", "2026-03-02T09:00"}, true},
		{"0 9 1W 8 ? *", jan1, []string{"2026-08-03T09:00"}, true},
		// LW: Saturday 31 Jan -> Friday the 30th; Saturday 28 Feb -> 27th; Tuesday 31 Mar.
		{"0 18 LW * ? *", jan1, []string{"2026-01-30T18:00", "2026-02-27T18:00", "2026-03-31T18:00"}, true},
		// 3#2: the second Tuesday: 13 Jan (Tuesdays 6, 13), 10 Feb (3, 10), 10 Mar.
		{"0 12 ? * 3#2 *", jan1, []string{"2026-01-13T12:00", "2026-02-10T12:00", "2026-03-10T12:00"}, true},
		// 5#5: the fifth Thursday: 29 Jan, none in Feb or Mar, 30 Apr.
		{"0 12 ? * 5#5 *", jan1, []string{"2026-01-29T12:00", "2026-04-30T12:00"}, true},
		// 6L: the last Friday: 30 Jan, 27 Feb, 27 Mar.
		{"0 12 ? * 6L *", jan1, []string{"2026-01-30T12:00", "2026-02-27T12:00", "2026-03-27T12:00"}, true},
		// L alone in day-of-week: the last day of the week, Saturday.
		{"0 7 ? * L *", jan1, []string{"2026-01-03T07:00", "2026-01-10T07:00"}, true},
		{"0 0 1 1 ? 2027-2029", jan1, []string{"2027-01-01T00:00", "2028-01-01T00:00", "2029-01-01T00:00"}, false},
		{"0 0 1 1 ? 2030/10", jan1, []string{"2030-01-01T00:00", "2040-01-01T00:00", "2050-01-01T00:00"}, true},
		{"0 0 1 1 ? 2190-2199", "2199-06-01T00:00:00Z", nil, false},
		// Never: 30 February, and a year already past.
		{"0 0 30 2 ? *", jan1, nil, false},
		{"0 0 1 1 ? 2020", jan1, nil, false},
	} {
		sched, err := ParseCron(tc.expr)
		if err != nil {
			t.Errorf("%s: %v", tc.expr, err)
			continue
		}
		from, _ := time.Parse(time.RFC3339, tc.from)
		c := &workload.Cron{Schedule: sched, Start: from}
		var got []string
		var prev sim.Time
		for range len(tc.want) + 1 {
			at, ok := c.Next(prev, nil)
			if !ok {
				break
			}
			got = append(got, from.Add(at.Duration()).Format("2006-01-02T15:04"))
			prev = at
		}
		more := len(got) > len(tc.want)
		if more {
			got = got[:len(tc.want)]
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") || more != tc.more {
			t.Errorf("%s from %s: fires %v (more: %v), want %v (more: %v)", tc.expr, tc.from, got, more, tc.want, tc.more)
		}
	}
}

// Every malformed expression is refused naming the field at fault.
func TestCronErrors(t *testing.T) {
	for _, tc := range []struct{ expr, want string }{
		{"0 12 * * *", "has 5 fields, want 6"},
		{"0 12 * * * *", "one of them must be ?"},
		{"0 12 ? * ? *", "both ?"},
		{"60 12 * * ? *", `minutes "60"`},
		{"0 24 * * ? *", `hours "24"`},
		{"0 0 32 * ? *", `day-of-month "32"`},
		{"0 0 * 13 ? *", `month "13"`},
		{"0 0 * FOO ? *", `month "FOO"`},
		{"0 0 ? * 8 *", `day-of-week "8"`},
		{"0 0 ? * 0 *", `day-of-week "0"`},
		{"0 0 ? * 3#1,6#3 *", "# stands alone"},
		{"0 0 ? * 3#6 *", "1 to 5"},
		{"0 0 ? * */2 *", "no steps"},
		{"0 0 * * ? 1969", `year "1969"`},
		{"0 0 * * ? 2200", `year "2200"`},
		{"0 22-2 * * ? *", "runs backwards"},
		{"*/0 * * * ? *", "step"},
		{"0 0 #3 * ? *", "day-of-month"},
		{"cron(0 0 * * ? *", "closing )"},
	} {
		_, err := ParseCron(tc.expr)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseCron(%q) = %v, want an error containing %q", tc.expr, err, tc.want)
		}
	}
}

// rate(N unit): singular for 1, plural above (EventBridge, "Rate
// expressions": "If the value is equal to 1, then the unit must be
// singular. If the value is greater than 1, the unit must be plural").
func TestRate(t *testing.T) {
	for _, tc := range []struct {
		expr string
		want time.Duration // 0: refused
	}{
		{"rate(1 minute)", time.Minute},
		{"rate(5 minutes)", 5 * time.Minute},
		{"rate(1 hour)", time.Hour},
		{"rate(2 days)", 48 * time.Hour},
		{"10 minutes", 10 * time.Minute},
		{"rate(1 minutes)", 0},
		{"rate(5 minute)", 0},
		{"rate(0 minutes)", 0},
		{"rate(5 seconds)", 0},
		{"rate(5)", 0},
		{"rate(-1 hour)", 0},
	} {
		got, err := ParseRate(tc.expr)
		if tc.want == 0 && err == nil || tc.want != 0 && (err != nil || got != tc.want) {
			t.Errorf("ParseRate(%q) = %v, %v; want %v", tc.expr, got, err, tc.want)
		}
	}
}

// A cron arrival in a run: 09:00 on weekdays over 72 hours fires on
// Thursday 1 and Friday 2 January 2026 from the default start (a Thursday
// midnight), and only on Monday from a start on Saturday 3 January.
func TestCronArrivalsInARun(t *testing.T) {
	base := `name: cron
horizon: 72h
%s
workload:
  synthetic:
    functions:
      - {name: nightly, runtime: python, arrival: {process: cron, expression: "0 9 ? * MON-FRI *"}, duration: {dist: deterministic, value: 1s}}
platforms:
  - {name: lambda, preset: aws-lambda-x86}
`
	for _, tc := range []struct {
		start string
		want  int64
	}{{"", 2}, {"start: 2026-01-03T00:00:00Z", 1}} {
		res := runResults(t, strings.Replace(base, "%s", tc.start, 1))
		if got := res.Platforms[0].Requests; got != tc.want {
			t.Errorf("start %q: %d requests, want %d", tc.start, got, tc.want)
		}
	}
}

// A cron that never fires, a bad expression and a bad start are refused
// at their lines.
func TestCronValidation(t *testing.T) {
	text := `name: cron
horizon: 1h
start: yesterday
workload:
  synthetic:
    functions:
      - name: a
        runtime: python
        arrival: {process: cron, expression: "0 0 30 2 ? *"}
        duration: {dist: deterministic, value: 1s}
      - name: b
        runtime: python
        arrival: {process: cron, expression: "0 0 * * * *", rate_per_s: 1}
        duration: {dist: deterministic, value: 1s}
      - name: c
        runtime: python
        arrival: {process: poisson, rate_per_s: 1, expression: "0 0 * * ? *"}
        duration: {dist: deterministic, value: 1s}
platforms:
  - {name: lambda, preset: aws-lambda-x86}
`
	_, err := Load("c.yaml", []byte(text), nil)
	if err == nil {
		t.Fatal("accepted")
	}
	for _, want := range []string{
		`c.yaml:3: start: want an RFC 3339 time`,
		`c.yaml:9: workload.synthetic.functions[0].arrival.expression: cron expression "0 0 30 2 ? *" never fires`,
		`c.yaml:13: workload.synthetic.functions[1].arrival.rate_per_s: does not apply to process cron`,
		`c.yaml:13: workload.synthetic.functions[1].arrival.expression: day-of-month "*" and day-of-week "*"`,
		`c.yaml:17: workload.synthetic.functions[2].arrival.expression: applies to process cron only`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in\n%v", want, err)
		}
	}
}

// FuzzCron: no expression makes the parser panic, and a schedule it
// accepts answers After consistently: strictly later, on a whole minute,
// and the same answer from any instant between.
func FuzzCron(f *testing.F) {
	for _, s := range []string{"0 12 * * ? *", "0/15 * * * ? *", "0 9 1W,15W * ? *", "0 18 LW * ? *",
		"0 12 ? * 3#2 *", "0 12 ? * 6L,2 *", "0 0 L 2 ? 2028/4", "5-10/2 1,3 ? JAN-MAR MON-FRI 2026-2030", "cron(0 0 30 2 ? *)"} {
		f.Add(s)
	}
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Add("rate(5 minutes)")
	f.Fuzz(func(t *testing.T, expr string) {
		if d, err := ParseRate(expr); err == nil && d < time.Minute {
			t.Fatalf("%q: rate %v, below a minute", expr, d)
		}
		c, err := ParseCron(expr)
		if err != nil {
			return
		}
		a, ok := c.After(from)
		if !ok {
			return
		}
		if !a.After(from) || a.Second() != 0 || a.Nanosecond() != 0 {
			t.Fatalf("%q: After(%v) = %v", expr, from, a)
		}
		if b, ok := c.After(a.Add(-time.Second)); !ok || !b.Equal(a) {
			t.Fatalf("%q: After(%v) = %v, but After just before it = %v", expr, from, a, b)
		}
	})
}

// The work estimate counts a cron's firings: 09:00 on weekdays over 72 h
// from Thursday 1 January 2026 is 2 requests a platform; a minute cron
// over 30 days, 43,200, counted over its first 10,080 and extrapolated;
// each beside the simulation's setup.
func TestCronEstimate(t *testing.T) {
	for _, tc := range []struct {
		expr, horizon string
		want          float64
	}{{"0 9 ? * MON-FRI *", "72h", 2}, {"* * * * ? *", "720h", 43_200}} {
		text := "name: e\nhorizon: " + tc.horizon + "\nworkload:\n  synthetic:\n    functions:\n      - {name: a, runtime: go, arrival: {process: cron, expression: \"" +
			tc.expr + "\"}, duration: {dist: deterministic, value: 1s}}\nplatforms:\n  - {name: l, preset: aws-lambda-x86}\n"
		s, err := Load("e.yaml", []byte(text), nil)
		if err != nil {
			t.Fatal(err)
		}
		est, err := s.Estimate(Options{})
		if err != nil {
			t.Fatal(err)
		}
		// One simulation: its setup counts too (simSetupEvents).
		if math.Abs(est.Events-simSetupEvents-tc.want) > 0.01*tc.want {
			t.Errorf("%s over %s: %.1f events estimated, want %.0f", tc.expr, tc.horizon, est.Events, tc.want)
		}
	}
}
