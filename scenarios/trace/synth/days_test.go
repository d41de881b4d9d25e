package synth

import (
	"context"
	"encoding/csv"
	"io/fs"
	"math"
	"math/cmplx"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"faassim/scenarios/trace"
)

// fnDay is one function's rows of one day, as the files say.
type fnDay struct {
	owner, app, trigger string
	counts              []float64
	total               float64
	durations           string // the durations row without its Count column
}

// readDay parses day's invocations and durations files from fsys.
func readDay(t *testing.T, fsys fs.FS, day int) (fns map[string]*fnDay, memory string) {
	t.Helper()
	names := trace.Azure2019Names(day)
	rows := func(name string) [][]string {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		r, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return r[1:] // the header
	}
	fns = map[string]*fnDay{}
	for _, r := range rows(names[0]) {
		f := &fnDay{owner: r[0], app: r[1], trigger: r[3]}
		for _, c := range r[4:] {
			n, err := strconv.ParseFloat(c, 64)
			if err != nil {
				t.Fatal(err)
			}
			f.counts = append(f.counts, n)
			f.total += n
		}
		fns[r[2]] = f
	}
	for _, r := range rows(names[1]) {
		fns[r[2]].durations = strings.Join(slices.Delete(r, 4, 5), ",")
	}
	b, err := fs.ReadFile(fsys, names[2])
	if err != nil {
		t.Fatal(err)
	}
	return fns, string(b)
}

// A function is the same function every day: the same owner, app and
// trigger, the same duration distribution (its percentile columns and
// average are written from the population, so they are equal, not just
// close: a replay samples each day's durations from the same
// distribution), the same app memory, and a diurnal app peaks at the
// same minute every day. The peak is the first Fourier harmonic's phase
// of the app's per-minute counts; for N arrivals of intensity
// 1 + a sin(2 pi t/day - phi) its standard error is sqrt(2/N)/a radians
// (the harmonic's sums have variance N/2 about a mean of N a/2), so the
// tolerance is 4 of those, in minutes.
func TestDaysKeepIdentity(t *testing.T) {
	cfg := Config{Functions: 600, Seed: 5}
	const days = 7
	fsys, err := DaysFS(context.Background(), cfg, []int{1, 2, 3, 4, 5, 6, 7})
	if err != nil {
		t.Fatal(err)
	}
	apps := population(cfg.Functions, cfg.Seed)
	byName := map[string]*app{}
	for i := range apps {
		byName[apps[i].name] = &apps[i]
	}
	first, memory1 := readDay(t, fsys, 1)
	peaks := map[string][]float64{} // diurnal app -> its peak minute each day
	for day := 1; day <= days; day++ {
		fns, memory := readDay(t, fsys, day)
		if memory != memory1 {
			t.Errorf("day %d: the app memory file differs from day 1's", day)
		}
		if len(fns) != len(first) {
			t.Errorf("day %d: %d functions, day 1 has %d", day, len(fns), len(first))
		}
		sums := map[string][]float64{}
		for name, f := range fns {
			g := first[name]
			if g == nil || f.owner != g.owner || f.app != g.app || f.trigger != g.trigger || f.durations != g.durations {
				t.Fatalf("day %d: function %s is %+v, on day 1 %+v", day, name, f, g)
			}
			if f.trigger == "timer" { // flat: a timer fires on its schedule
				continue
			}
			s := sums[f.app]
			if s == nil {
				s = make([]float64, minutes)
				sums[f.app] = s
			}
			for m, c := range f.counts {
				s[m] += c
			}
		}
		for name, s := range sums {
			a := byName[name]
			var n float64
			var h complex128
			for m, c := range s {
				n += c
				h += complex(c, 0) * cmplx.Exp(complex(0, -2*math.Pi*float64(m)/minutes))
			}
			if a.kind != diurnal || n < 1000 {
				continue
			}
			// c(m) ~ 1 + a sin(theta - phi), theta = 2 pi m/day, has
			// sum c e^(-i theta) ~ N a e^(-i (phi + pi/2))/2: the peak,
			// phi + pi/2, is minus the harmonic's angle.
			peak := math.Mod(-cmplx.Phase(h)/(2*math.Pi)*minutes+2*minutes, minutes)
			want := math.Mod((a.phase+0.25)*minutes, minutes)
			tol := 4 * math.Sqrt(2/n) / a.amplitude * minutes / (2 * math.Pi)
			if d := circular(peak - want); d > tol {
				t.Errorf("day %d: app %s (%.0f invocations, amplitude %.2f) peaks at minute %.0f, its phase says %.0f (tolerance %.0f)",
					day, name, n, a.amplitude, peak, want, tol)
			}
			peaks[name] = append(peaks[name], peak)
		}
	}
	checked := 0
	for name, p := range peaks {
		if len(p) == days {
			checked++
		}
		t.Logf("app %s: peak minute by day %.0f", name, p)
	}
	if checked < 5 {
		t.Errorf("only %d diurnal apps with 1,000 invocations a day to check", checked)
	}
}

// circular is |d| in minutes around the day.
func circular(d float64) float64 {
	d = math.Mod(math.Abs(d), minutes)
	return min(d, minutes-d)
}

// The weekly pattern as the generated days show it: over a week (day 1
// a Monday), each app's log ratio of its mean weekend day to its mean
// weekday (timer functions aside). Diurnal apps average ln WeekendFactor,
// steady and bursty ones 0, within 4 standard errors of the mean over the
// apps (the apps' own spread: the day-to-day variation of 10% and the
// arrivals' noise). Timer functions fire identically every day.
func TestWeekendFactorMeasured(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a week of 2,000 functions")
	}
	cfg := Config{Functions: 2000, Seed: 9}
	fsys, err := DaysFS(context.Background(), cfg, []int{1, 2, 3, 4, 5, 6, 7})
	if err != nil {
		t.Fatal(err)
	}
	apps := population(cfg.Functions, cfg.Seed)
	kindOf := map[string]kind{}
	for _, a := range apps {
		kindOf[a.name] = a.kind
	}
	type tally struct{ weekday, weekend float64 }
	perApp := map[string]*tally{}
	var timers map[string]string
	var all tally
	for day := 1; day <= 7; day++ {
		fns, _ := readDay(t, fsys, day)
		dayTimers := map[string]string{}
		for name, f := range fns {
			if f.trigger == "timer" {
				dayTimers[name] = formatCounts(f.counts)
				continue
			}
			a := perApp[f.app]
			if a == nil {
				a = &tally{}
				perApp[f.app] = a
			}
			if weekend(day) {
				a.weekend += f.total / 2
				all.weekend += f.total / 2
			} else {
				a.weekday += f.total / 5
				all.weekday += f.total / 5
			}
		}
		if timers == nil {
			timers = dayTimers
		} else if !maps(timers, dayTimers) {
			t.Errorf("day %d: timer functions fire differently from day 1", day)
		}
	}
	want := map[kind]float64{diurnal: math.Log(WeekendFactor), steady: 0, bursty: 0}
	for k, mu := range want {
		var x []float64
		for name, a := range perApp {
			if kindOf[name] == k && a.weekday >= 200 && a.weekend > 0 {
				x = append(x, math.Log(a.weekend/a.weekday))
			}
		}
		if len(x) < 10 {
			t.Errorf("kind %d: %d apps of at least 200 invocations a weekday, want 10 or more", k, len(x))
			continue
		}
		mean, sd := meanSD(x)
		se := sd / math.Sqrt(float64(len(x)))
		t.Logf("kind %d: %d apps, weekend/weekday %.3f (ln %.3f +- %.3f), want %.3f", k, len(x), math.Exp(mean), mean, se, math.Exp(mu))
		if math.Abs(mean-mu) > 4*se {
			t.Errorf("kind %d: weekend/weekday ratio %.3f (ln %.3f), want %.3f within 4 standard errors (%.3f)", k, math.Exp(mean), mean, math.Exp(mu), 4*se)
		}
	}
	t.Logf("all apps: weekend/weekday %.3f (a few apps decide it)", all.weekend/all.weekday)
}

func formatCounts(c []float64) string {
	var b strings.Builder
	for _, n := range c {
		b.WriteString(strconv.FormatFloat(n, 'g', -1, 64))
		b.WriteByte(',')
	}
	return b.String()
}

func maps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func meanSD(x []float64) (mean, sd float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		sd += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(sd / float64(len(x)-1))
}

// The factor reproduces the platform's weekend/weekday ratio of 0.81
// (ATC'20 Figure 4, weekly.go): over 20 populations of 50,000 functions,
// the expected ratio 1 - s (1 - WeekendFactor), s the diurnal apps' share
// of the expected invocations, is 0.81 +- 0.02 (the share's spread over
// populations is about 0.08, 0.018 over 20: 0.3 x 0.018 = 0.005 on the
// ratio, so 0.02 is 4 of those).
func TestWeekendFactorGivesPlatformRatio(t *testing.T) {
	if testing.Short() {
		t.Skip("draws 20 populations of 50,000 functions")
	}
	var ratio float64
	const populations = 20
	for seed := uint64(1); seed <= populations; seed++ {
		var all, di float64
		for _, a := range population(50_000, seed) {
			all += a.dailyRate
			if a.kind == diurnal {
				di += a.dailyRate
			}
		}
		ratio += (1 - di/all*(1-WeekendFactor)) / populations
	}
	if math.Abs(ratio-0.81) > 0.02 {
		t.Errorf("expected weekend/weekday ratio %.3f, want 0.81 +- 0.02", ratio)
	}
}

// Day 1 is a Monday as the release's 2019-07-15 is, and every day after
// follows the calendar.
func TestWeekday(t *testing.T) {
	for _, c := range []struct {
		day  int
		want time.Weekday
	}{{1, time.Monday}, {5, time.Friday}, {6, time.Saturday}, {7, time.Sunday}, {8, time.Monday}, {13, time.Saturday}, {14, time.Sunday}, {98, time.Sunday}, {99, time.Monday}} {
		if got := Weekday(c.day); got != c.want {
			t.Errorf("day %d is %s, want %s", c.day, got, c.want)
		}
	}
}
