package trace

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"slices"

	"faassim/models/workload"
	"faassim/sim"
)

// A Huawei 2023 replay of one day or several (Spec.Days) reads each
// day's files in a first pass for the union of functions and their
// counts, then streams the days one after another: a day's rows are read
// one at a time, and its per-function mean delays (the duration of
// minutes without one) are found by a pass over that day alone when the
// replay reaches it, so nothing grows with the number of days.

// hwDayFiles are one listed day's files; hasDelay says the delay file
// exists.
type hwDayFiles struct {
	day, at    int // the day's number and its place in the list (from 0)
	req, delay string
	hasDelay   bool
}

func huaweiPlan(spec *Spec) ([]hwDayFiles, error) {
	var files []hwDayFiles
	if len(spec.Days) == 0 {
		req, delay, err := huaweiFiles(spec)
		if err != nil {
			return nil, err
		}
		files = []hwDayFiles{{day: spec.Day, req: req, delay: delay}}
	} else {
		if err := CheckDays(spec.Days); err != nil {
			return nil, fmt.Errorf("trace: %w", err)
		}
		dir := spec.Dir
		if spec.Path != "" {
			dir = dirPath(spec.FS, dirPath(spec.FS, spec.Path))
		}
		if dir == "" {
			return nil, errors.New("trace: huawei2023 days need a dir (with requests_minute/)")
		}
		have := dayNumbers(spec.FS, joinPath(spec.FS, dir, hwRequests), "day_", ".csv")
		if len(spec.Days) > len(have) {
			return nil, fmt.Errorf("trace: %d days listed, but %s holds %d days of requests (%s)", len(spec.Days), joinPath(spec.FS, dir, hwRequests), len(have), FormatDays(have))
		}
		for k, day := range spec.Days {
			one := *spec
			one.Dir, one.Path, one.Day = dir, "", day
			req, delay, err := huaweiFiles(&one)
			if err != nil {
				return nil, fmt.Errorf("trace: huawei2023 day %d: no file %s", day, joinPath(spec.FS, dir, hwRequests, fmt.Sprintf("day_%03d.csv", day)))
			}
			if spec.DayRead(k) {
				files = append(files, hwDayFiles{day: day, at: k, req: req, delay: delay})
			}
		}
		if len(files) == 0 {
			return nil, noDayReached(spec)
		}
	}
	for k := range files {
		_, err := statFile(spec.FS, files[k].delay)
		files[k].hasDelay = !errors.Is(err, fs.ErrNotExist)
	}
	return files, nil
}

// hwDay is what a pass over one day finds: its functions, their counts
// in the window, their mean delays, its first and last minute (first -1:
// no rows) and the busiest minute of every function.
type hwDay struct {
	fns         []workload.Function
	counts      []int64
	means       []float32
	first, last sim.Time
	peak        int64
	warnings    []string
}

// scanHuaweiDay reads day f (starting at off of trace time) whole.
func scanHuaweiDay(spec *Spec, f hwDayFiles, off sim.Time) (*hwDay, error) {
	r, err := newHuaweiRows(spec.FS, f.req, f.delay, f.hasDelay, nil)
	if err != nil {
		return nil, err
	}
	d := &hwDay{fns: r.fns, counts: make([]int64, len(r.fns)), first: -1}
	if !f.hasDelay {
		d.warnings = append(d.warnings, fmt.Sprintf("no delay file %s: durations drawn from the Azure 2019 lognormal fit (-0.38, 2.36 s)", f.delay))
	}
	delaySum := make([]float64, len(r.fns))
	delayN := make([]int, len(r.fns))
	for {
		at, cells, ok := r.next()
		if !ok {
			break
		}
		at += off
		if d.first < 0 {
			d.first = at
		}
		d.last = at + sim.Minute
		in := at+sim.Minute > spec.From && at < spec.to()
		var minute int64
		for _, c := range cells {
			if in {
				d.counts[c.fn] += int64(c.n)
				minute += int64(c.n)
			}
		}
		d.peak = max(d.peak, minute) // of every function: a bound
		for fn, dl := range r.rowDelay {
			if dl >= 0 {
				delaySum[fn] += dl
				delayN[fn]++
			}
		}
	}
	r.close()
	if err := r.err(); err != nil {
		return nil, err
	}
	d.means = make([]float32, len(r.fns))
	var all float64
	var alln int
	for fn := range d.means {
		if delayN[fn] > 0 {
			d.means[fn] = float32(delaySum[fn] / float64(delayN[fn]))
			all += float64(d.means[fn])
			alln++
		}
	}
	if f.hasDelay && alln < len(d.means) {
		g := float32(0)
		if alln > 0 {
			g = float32(all / float64(alln))
		}
		for fn := range d.means {
			if delayN[fn] == 0 {
				d.means[fn] = g
			}
		}
		d.warnings = append(d.warnings, fmt.Sprintf("%d of %d functions have no delay at all: they run for the mean of the others' (%.3g ms)", len(d.means)-alln, len(d.means), g))
	}
	return d, nil
}

func openHuawei(spec Spec, seed uint64) (*Trace, error) {
	files, err := huaweiPlan(&spec)
	if err != nil {
		return nil, err
	}
	t := &Trace{PerMinute: true}
	var fns []workload.Function
	union := map[string]int32{}
	var counts []int64
	selecting := spec.selecting()
	listed := max(1, len(spec.Days))
	perDay := make([][]fnCount, listed) // only when selecting
	dayAll := make([]int64, listed)
	var keep *hwDay
	first, last := sim.Time(-1), sim.Time(0)
	for _, f := range files {
		k := f.at
		off := sim.Time(k) * DayLength
		d, err := scanHuaweiDay(&spec, f, off)
		if err != nil {
			return nil, err
		}
		t.addDayWarnings(&spec, f.day, d.warnings)
		if d.first >= 0 {
			if first < 0 {
				first = d.first
			}
			last = d.last
		}
		t.PeakMinute = max(t.PeakMinute, d.peak)
		for local, fn := range d.fns {
			u, ok := union[fn.Name]
			if !ok {
				if limit := spec.functionLimit(); len(fns) >= limit {
					return nil, fmt.Errorf("trace: %s: %s", f.req, tooManyFunctions(limit))
				}
				u = int32(len(fns))
				union[fn.Name] = u
				fns = append(fns, fn)
				counts = append(counts, 0)
			}
			counts[u] += d.counts[local]
			dayAll[k] += d.counts[local]
			if selecting && d.counts[local] > 0 {
				perDay[k] = append(perDay[k], fnCount{u, d.counts[local]})
			}
		}
		if len(files) == 1 {
			keep = d
		}
	}
	remap := selectFunctions(&spec, seed, fns, counts)
	if err := checkWorkload(daysName(files[0].req, files, func(f hwDayFiles) int { return f.day }), first >= 0, &spec, counts, remap); err != nil {
		return nil, err
	}
	t.Functions = applyRemap(fns, remap)
	t.setDayInvocations(selecting, dayAll, perDay, remap)
	if first >= 0 {
		t.Span = max(0, min(spec.to(), last)-max(spec.From, first))
		t.coverFrom = max(spec.From, first)
	}
	t.from = spec.From
	t.dayNumbers = spec.Days // inspect's per-day counts: for a day list only
	newSource := func(seed uint64, keep *hwDay) workload.Source {
		states := newFnStates(seed, t.Functions)
		standIn := huaweiStandIn()
		for i := range states {
			states[i].setFallback(standIn) // used only on days without a delay file
		}
		rows := &hwDays{spec: &spec, seed: seed, files: files, union: union, remap: remap, fns: t.Functions,
			multi: len(spec.Days) > 0, next1: keep, k: -1}
		return newCountSource(rows, states, &spec)
	}
	t.Source = newSource(seed, keep)
	if spec.Sample == 0 || spec.SampleSeed != 0 { // else the selection is the seed's
		t.reopen = func(seed uint64) workload.Source { return newSource(seed, nil) }
	}
	return t, nil
}

// hwDays streams the listed days' rows one day after another.
type hwDays struct {
	spec    *Spec
	seed    uint64
	files   []hwDayFiles
	union   map[string]int32
	remap   []int32
	fns     []workload.Function
	multi   bool
	next1   *hwDay // the single day's first pass, not read again
	k       int
	rows    *huaweiRows
	off     sim.Time
	applied int // the day whose state the functions hold, plus 1
	fail    error
}

func (h *hwDays) err() error { return h.fail }

func (h *hwDays) next() (sim.Time, []cell, bool) {
	for h.fail == nil {
		if h.rows != nil {
			at, cells, ok := h.rows.next()
			if ok {
				return h.off + at, cells, true
			}
			if err := h.rows.err(); err != nil {
				h.fail = err
				break
			}
			h.rows = nil
		}
		if h.k+1 >= len(h.files) {
			break
		}
		h.k++
		if err := h.open(); err != nil {
			h.fail = err
		}
	}
	return 0, nil, false
}

// open starts streaming day h.k, after a pass over it for its mean delays
// (the single day's first pass serves).
func (h *hwDays) open() error {
	f := h.files[h.k]
	h.off = sim.Time(f.at) * DayLength
	d := h.next1
	h.next1 = nil
	if d == nil {
		var err error
		if d, err = scanHuaweiDay(h.spec, f, h.off); err != nil {
			return err
		}
	}
	toK := make([]int32, len(d.fns))
	means := make([]float32, len(h.fns))
	for local, fn := range d.fns {
		toK[local] = h.remap[h.union[fn.Name]]
		if kf := toK[local]; kf >= 0 {
			means[kf] = d.means[local]
		}
	}
	r, err := newHuaweiRows(h.spec.FS, f.req, f.delay, f.hasDelay, toK)
	if err != nil {
		return err
	}
	r.means = means
	h.rows = r
	return nil
}

// enter gives the functions the streams of the day at belongs to and
// the stand-in duration model on days without a delay file.
func (h *hwDays) enter(at sim.Time, fns []fnState) {
	k := int(at / DayLength)
	i, found := slices.BinarySearchFunc(h.files, k, func(f hwDayFiles, k int) int { return cmp.Compare(f.at, k) })
	if h.applied == k+1 || !found {
		return
	}
	h.applied = k + 1
	f := h.files[i]
	standIn := huaweiStandIn()
	for i := range fns {
		if f.hasDelay {
			fns[i].fallback = nil
		} else {
			fns[i].fallback = standIn
		}
		if h.multi {
			fns[i].reseed(h.seed, h.fns[i].Name, f.day)
		}
	}
}
