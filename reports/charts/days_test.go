package charts

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"faassim/models/metrics"
)

// multiDay is the results of a run of days x 24 h after warmupS of
// warm-up, with timelines at the step DefaultTimelineStep picks for the
// measured window: two FaaS platforms whose instances follow a diurnal
// curve, lower on days 6 and 7 (a weekend) and a cold-start ratio that
// peaks each morning, as a replay of an Azure-like trace would draw.
func multiDay(days int, warmupS float64) metrics.Results {
	horizonS := float64(days) * daySeconds
	stepS := metrics.DefaultTimelineStep(time.Duration((horizonS - warmupS) * float64(time.Second))).Seconds()
	n := int(math.Ceil((horizonS - warmupS) / stepS))
	r := metrics.Results{Schema: metrics.Schema, Scenario: fmt.Sprintf("%d days", days), Seed: 1,
		HorizonS: horizonS, WarmupS: warmupS, Replications: 1}
	for pi, name := range []string{"fixed-10m", "hybrid"} {
		t := &metrics.Timeline{StartS: warmupS, StepS: stepS}
		for i := range n {
			at := warmupS + float64(i)*stepS
			day := int(at / daySeconds)
			phase := 2 * math.Pi * (at/daySeconds - float64(day))
			weekly := 1.0
			if day%7 == 5 || day%7 == 6 {
				weekly = 0.6
			}
			reqs := math.Round(stepS * (2 + 1.5*math.Sin(phase-math.Pi/2)) * weekly)
			inst := math.Round(10*(3+2*math.Sin(phase-math.Pi/2))*weekly*(1+0.3*float64(pi))) / 10
			cold := math.Round(reqs * (0.002 + 0.004*math.Max(0, math.Sin(phase-math.Pi/3))) / (1 + float64(pi)))
			t.Instances = append(t.Instances, inst)
			t.BusyInstances = append(t.BusyInstances, inst/2)
			t.Requests = append(t.Requests, reqs)
			t.ColdStarts = append(t.ColdStarts, cold)
			t.Rejected = append(t.Rejected, 0)
		}
		r.Platforms = append(r.Platforms, metrics.Platform{Name: name, Kind: "faas", Requests: 1, Timeline: t})
	}
	return r
}

// Day boundaries are marked, on both timeline charts, at each midnight
// strictly inside the measured window and only there: none for one day
// (after a warm-up or not), one for a warm-up day and a measured day, 13
// for 14 days. The x axis reads in hours up to two days, in days beyond.
func TestDayMarks(t *testing.T) {
	tests := []struct {
		name      string
		r         metrics.Results
		midnights int
		unit      string
	}{
		{"1 day, 4 h warm-up", multiDay(1, 4*3600), 0, "h"},
		{"1 day, no warm-up", multiDay(1, 0), 0, "h"},
		{"2 days, warm-up of a day", multiDay(2, daySeconds), 0, "h"},
		{"2 days, 4 h warm-up", multiDay(2, 4*3600), 1, "h"},
		{"3 days, 4 h warm-up", multiDay(3, 4*3600), 2, "days"},
		{"14 days, 7 d warm-up", multiDay(14, 7*daySeconds), 6, "days"},
		{"14 days, 4 h warm-up", multiDay(14, 4*3600), 13, "days"},
		{"80 days: too many to mark", multiDay(80, 0), 0, "days"},
	}
	label := regexp.MustCompile(`day (\d+)<`)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cs, err := ForResults(tc.r, SVG)
			if err != nil {
				t.Fatal(err)
			}
			byName := map[string]Chart{}
			for _, c := range cs {
				byName[c.Name] = c
			}
			for _, name := range []string{"instances", "cold-start-ratio"} {
				c, ok := byName[name]
				if !ok {
					t.Fatalf("no %s chart", name)
				}
				svg := string(c.Data)
				if !strings.Contains(svg, "Simulated time ("+tc.unit+")") {
					t.Errorf("%s: x axis not in %s", name, tc.unit)
				}
				// Every boundary is a dashed line; labels may be thinned
				// where they would touch, but the first is always there
				// and the numbers are those of the days that begin.
				lines := strings.Count(svg, "stroke-dasharray:3,3")
				if lines != tc.midnights {
					t.Errorf("%s: %d day boundaries drawn, want %d", name, lines, tc.midnights)
				}
				marked := strings.Contains(c.Caption, "midnight")
				if marked != (tc.midnights > 0) {
					t.Errorf("%s: caption mentions midnights: %v, want %v: %s", name, marked, tc.midnights > 0, c.Caption)
				}
				days := label.FindAllStringSubmatch(svg, -1)
				if tc.midnights == 0 {
					if len(days) > 0 {
						t.Errorf("%s: day labels %v without a boundary", name, days)
					}
					continue
				}
				first := int(tc.r.WarmupS/daySeconds) + 2
				if len(days) == 0 || days[0][1] != fmt.Sprint(first) {
					t.Errorf("%s: labels %v, want the first to be day %d", name, days, first)
				}
			}
			if strings.HasPrefix(tc.name, "80 days") && !strings.Contains(byName["instances"].Caption, "not marked") {
				t.Errorf("80 days: the caption does not say boundaries are left out: %s", byName["instances"].Caption)
			}
		})
	}
}

// The timeline charts of 3 and 14 days, byte for byte: look at the images
// (go test -update rewrites them) before accepting a change.
func TestGoldenDays(t *testing.T) {
	for _, tc := range []struct {
		file string
		r    metrics.Results
	}{
		{"days-3", multiDay(3, 4*3600)},
		{"days-14", multiDay(14, 4*3600)},
	} {
		cs, err := ForResults(tc.r, SVG)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			if c.Name != "instances" && c.Name != "cold-start-ratio" {
				continue
			}
			path := filepath.Join("testdata", tc.file+"-"+c.Name+".svg")
			if *update {
				if err := os.WriteFile(path, c.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(c.Data, want) {
				t.Errorf("%s differs from %s; look at the new image, then run go test -update", c.Name, path)
			}
		}
	}
}

// Simulated time 0 is the trace window's from (Results.DayOffsetS into
// the first replayed day), so the trace's midnights fall DayOffsetS before
// each whole day of simulated time: with from: 6h, at 18 h, 42 h and
// 66 h of a 3-day run, beginning days 2, 3 and 4. A from past the first
// day (1d6h) shifts the labels too; an offset that is not a usable number
// (a hand-edited file) marks the run's own midnights.
func TestDayMarksOffset(t *testing.T) {
	const h = 3600.0
	tests := []struct {
		name    string
		days    int
		warmupS float64
		offsetS float64
		wantS   []float64
		wantDay []int
	}{
		{"no offset", 3, 0, 0, []float64{24 * h, 48 * h}, []int{2, 3}},
		{"from 6h", 3, 0, 6 * h, []float64{18 * h, 42 * h, 66 * h}, []int{2, 3, 4}},
		{"from 6h, warm-up of a day", 3, 24 * h, 6 * h, []float64{42 * h, 66 * h}, []int{3, 4}},
		{"from 1d6h", 3, 0, 30 * h, []float64{18 * h, 42 * h, 66 * h}, []int{3, 4, 5}},
		{"from 1d", 3, 0, 24 * h, []float64{24 * h, 48 * h}, []int{3, 4}},
		{"from 23h59m, 1 day", 1, 0, 23*h + 59*60, []float64{60}, []int{2}},
		{"negative offset ignored", 3, 0, -6 * h, []float64{24 * h, 48 * h}, []int{2, 3}},
		{"NaN offset ignored", 3, 0, math.NaN(), []float64{24 * h, 48 * h}, []int{2, 3}},
	}
	label := regexp.MustCompile(`day (\d+)<`)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := multiDay(tc.days, tc.warmupS)
			r.DayOffsetS = tc.offsetS
			at, days, ok := timelines(r).midnights()
			if !ok || fmt.Sprint(at) != fmt.Sprint(tc.wantS) || fmt.Sprint(days) != fmt.Sprint(tc.wantDay) {
				t.Fatalf("midnights at %v s, days %v (ok %v); want %v s, days %v", at, days, ok, tc.wantS, tc.wantDay)
			}
			cs, err := ForResults(r, SVG)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cs {
				if c.Name != "instances" && c.Name != "cold-start-ratio" {
					continue
				}
				svg := string(c.Data)
				if n := strings.Count(svg, "stroke-dasharray:3,3"); n != len(tc.wantS) {
					t.Errorf("%s: %d dashed lines, want %d", c.Name, n, len(tc.wantS))
				}
				got := label.FindAllStringSubmatch(svg, -1)
				if len(got) == 0 || got[0][1] != fmt.Sprint(tc.wantDay[0]) {
					t.Errorf("%s: labels %v, want the first to be day %d", c.Name, got, tc.wantDay[0])
				}
				offset := strings.Contains(c.Caption, "trace window's from")
				if want := tc.offsetS > 0; offset != want {
					t.Errorf("%s: caption names the window's from: %v, want %v: %s", c.Name, offset, want, c.Caption)
				}
			}
		})
	}
}

// The timeline charts share one x axis, the measured window: a trace that
// ends a day before the horizon leaves the cold-start ratio without points
// there (no requests), yet its axis still runs to the horizon, as the
// instances chart's does.
func TestTimelineChartsShareTheWindow(t *testing.T) {
	r := multiDay(3, 0)
	for i := range r.Platforms {
		tl := r.Platforms[i].Timeline
		for j := range tl.Requests {
			if tl.StartS+float64(j)*tl.StepS >= 2*daySeconds {
				tl.Requests[j], tl.ColdStarts[j], tl.Instances[j], tl.BusyInstances[j] = 0, 0, 0, 0
			}
		}
	}
	cs, err := ForResults(r, SVG)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Name != "instances" && c.Name != "cold-start-ratio" {
			continue
		}
		if !strings.Contains(string(c.Data), ">3.0<") {
			t.Errorf("%s: the x axis does not reach day 3.0, the horizon", c.Name)
		}
	}
}
