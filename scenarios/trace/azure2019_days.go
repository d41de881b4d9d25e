package trace

import (
	"fmt"
	"io/fs"

	"faassim/models/dist"
	"faassim/models/workload"
	"faassim/sim"
)

// An Azure 2019 replay, of one day (Spec.Day) or several (Spec.Days), is
// read in two passes. The first reads every listed day whole, one at a
// time, and keeps only what is O(functions): the union of the days'
// functions, their invocations in the window (for Apps/Top/Sample), the
// first known memory of each, and the warnings. The second, the Source,
// reads the days again one at a time as the replay reaches them, so a
// replay holds one day's counts whatever the number of days.

// azDayFiles are the files of one listed day: memPath is the memory file
// used, the day's own or the nearest day's that has one (memDay).
type azDayFiles struct {
	day               int
	inv, dur, memPath string
	memDay            int
}

// azure2019Plan lists the files of the days spec replays and the
// warnings about days without a memory file.
func azure2019Plan(spec *Spec) ([]azDayFiles, []string, error) {
	if len(spec.Days) == 0 {
		inv, dur, mem, err := azure2019Files(spec)
		if err != nil {
			return nil, nil, err
		}
		d := azDayFiles{day: spec.Day, inv: inv, dur: dur, memPath: mem}
		if m := dayInName.FindStringSubmatch(inv); m != nil {
			fmt.Sscanf(m[1], "%d", &d.day)
		}
		return azureMemoryDays(spec.FS, dirPath(spec.FS, dur), []azDayFiles{d})
	}
	if err := CheckDays(spec.Days); err != nil {
		return nil, nil, fmt.Errorf("trace: %w", err)
	}
	dir := spec.Dir
	if spec.Path != "" {
		dir = dirPath(spec.FS, spec.Path)
	}
	if dir == "" {
		return nil, nil, fmt.Errorf("trace: azure2019 days need a dir (the release's directory)")
	}
	have := dayNumbers(spec.FS, dir, "invocations_per_function_md.anon.d", ".csv")
	if len(spec.Days) > len(have) {
		return nil, nil, fmt.Errorf("trace: %d days listed, but %s holds %d days of invocations (%s)", len(spec.Days), dir, len(have), formatDays(have))
	}
	files := make([]azDayFiles, len(spec.Days))
	for k, day := range spec.Days {
		n := Azure2019Names(day)
		f := azDayFiles{day: day, inv: joinPath(spec.FS, dir, n[0]), dur: joinPath(spec.FS, dir, n[1]), memPath: joinPath(spec.FS, dir, n[2])}
		for _, p := range []string{f.inv, f.dur} {
			if _, err := statFile(spec.FS, p); err != nil {
				return nil, nil, fmt.Errorf("trace: azure2019 day %d: no file %s", day, p)
			}
		}
		files[k] = f
	}
	return azureMemoryDays(spec.FS, dir, files)
}

// azureMemoryDays points each day without a memory file (days 13 and 14
// of the release) at the nearest day of dir that has one, the earlier on
// a tie, listed or not, with a warning naming the days and the day used.
// With no memory file in dir at all, memPath stays the missing file and
// readAzureMemory warns that memory is left unset.
func azureMemoryDays(fsys fs.FS, dir string, files []azDayFiles) ([]azDayFiles, []string, error) {
	withMem := dayNumbers(fsys, dir, "app_memory_percentiles.anon.d", ".csv")
	missing := map[int][]int{} // memory day used -> days without a file
	var order []int
	for k := range files {
		f := &files[k]
		if _, err := statFile(fsys, f.memPath); err == nil {
			f.memDay = f.day
			continue
		}
		near := nearestDay(withMem, f.day)
		if near == 0 {
			continue
		}
		f.memDay = near
		f.memPath = joinPath(fsys, dir, Azure2019Names(near)[2])
		if _, seen := missing[near]; !seen {
			order = append(order, near)
		}
		missing[near] = append(missing[near], f.day)
	}
	var ws []string
	for _, near := range order {
		days := "day "
		if len(missing[near]) > 1 {
			days = "days "
		}
		ws = append(ws, fmt.Sprintf("%s%s: no memory file (%s): the functions take their apps' memory on day %d, the nearest day with one",
			days, formatDays(missing[near]), Azure2019Names(missing[near][0])[2], near))
	}
	return files, ws, nil
}

// azDay is one day read whole: its functions (with their memory that
// day), their keys, minutes and duration tables.
type azDay struct {
	fns         []workload.Function
	keys        map[string]int
	minutes     [][]cell
	first, last sim.Time
	pcts        [][7]float64
	warnings    []string
}

// loadAzureDay reads the three files of f.
func loadAzureDay(spec *Spec, f azDayFiles) (*azDay, error) {
	d := &azDay{}
	var dups int
	var err error
	d.fns, d.keys, d.minutes, d.first, d.last, dups, err = readAzureInvocations(f.inv, spec)
	if err != nil {
		return nil, err
	}
	if dups > 0 {
		d.warnings = append(d.warnings, fmt.Sprintf("%s: %d rows repeat an owner/app/function of an earlier row: their counts were added to it", f.inv, dups))
	}
	if d.pcts, err = readAzureDurations(spec.FS, f.dur, d.keys); err != nil {
		return nil, err
	}
	if w := fillMissingDurations(d.fns, d.pcts); w != "" {
		d.warnings = append(d.warnings, w)
	}
	ws, err := readAzureMemory(spec.FS, f.memPath, d.fns, d.keys)
	if err != nil {
		return nil, err
	}
	d.warnings = append(d.warnings, ws...)
	return d, nil
}

// daysName names the input of a day list in a message: the first day's
// file, with the days listed after it.
func daysName[F any](first string, files []F, day func(F) int) string {
	if len(files) < 2 {
		return first
	}
	days := make([]int, len(files))
	for i, f := range files {
		days[i] = day(f)
	}
	return fmt.Sprintf("%s and the other listed days (%s)", first, formatDays(days))
}

// keysInOrder returns the day's owner/app/function keys by function
// index, so that functions are numbered in the order the files list them
// (a map's order would make the numbering, and the replay, vary).
func keysInOrder(d *azDay) []string {
	keys := make([]string, len(d.fns))
	for key, local := range d.keys {
		keys[local] = key
	}
	return keys
}

// cellBytesOf is what a day's minutes hold.
func cellBytesOf(minutes [][]cell) int64 {
	var b int64
	for _, cells := range minutes {
		b += int64(cap(cells))*cellBytes + 24 // the cells and the slice
	}
	return b
}

func openAzure2019(spec Spec, seed uint64) (*Trace, error) {
	files, ws, err := azure2019Plan(&spec)
	if err != nil {
		return nil, err
	}
	t := &Trace{PerMinute: true, Warnings: ws}
	multi := len(spec.Days) > 0
	winFrom, winTo := spec.From, spec.to()
	// Pass 1: the union of the days' functions and their counts.
	var fns []workload.Function
	union := map[string]int32{}
	var counts []int64
	// With a selection, each day's counts per function are kept until the
	// selection is known (8 bytes per active function-day, during Open
	// only), so that DayInvocations counts the kept functions.
	selecting := len(spec.Apps) > 0 || spec.Top > 0 || spec.Sample > 0
	type fnCount struct {
		fn int32
		n  int64
	}
	perDay := make([][]fnCount, len(files))
	dayAll := make([]int64, len(files))
	var keep *azDay // a single day is read once
	first, last := sim.Time(-1), sim.Time(0)
	hasRows := false
	for k, f := range files {
		d, err := loadAzureDay(&spec, f)
		if err != nil {
			return nil, err
		}
		for _, w := range d.warnings {
			if len(files) > 1 {
				w = fmt.Sprintf("day %d: %s", f.day, w)
			}
			t.Warnings = append(t.Warnings, w)
		}
		hasRows = hasRows || len(d.fns) > 0
		off := sim.Time(k) * DayLength
		toU := make([]int32, len(d.fns))
		for local, key := range keysInOrder(d) {
			u, ok := union[key]
			if !ok {
				if limit := spec.functionLimit(); len(fns) >= limit {
					return nil, fmt.Errorf("trace: %s: %s", f.inv, tooManyFunctions(limit))
				}
				u = int32(len(fns))
				union[key] = u
				fns = append(fns, d.fns[local])
				counts = append(counts, 0)
			} else if fns[u].MemoryMB == 0 {
				fns[u].MemoryMB = d.fns[local].MemoryMB
			}
			toU[local] = u
		}
		if k == 0 {
			first = off + d.first
		}
		last = off + d.last
		var dayCount map[int32]int64
		if selecting {
			dayCount = make(map[int32]int64)
		}
		for m, cells := range d.minutes {
			at := off + sim.Time(m)*sim.Minute
			if at+sim.Minute <= winFrom || at >= winTo {
				continue
			}
			var n int64
			for _, c := range cells {
				counts[toU[c.fn]] += int64(c.n)
				n += int64(c.n)
				if selecting {
					dayCount[toU[c.fn]] += int64(c.n)
				}
			}
			dayAll[k] += n
			if multi {
				t.PeakMinute = max(t.PeakMinute, n) // of every function: a bound
			}
		}
		for u, n := range dayCount {
			perDay[k] = append(perDay[k], fnCount{u, n})
		}
		t.Held = max(t.Held, cellBytesOf(d.minutes))
		if len(files) == 1 {
			keep = d
		}
	}
	remap := selectFunctions(&spec, seed, fns, counts)
	if err := checkWorkload(daysName(files[0].inv, files, func(f azDayFiles) int { return f.day }), hasRows, &spec, counts, remap); err != nil {
		return nil, err
	}
	t.Functions = applyRemap(fns, remap)
	t.DayInvocations = make([]int64, len(files))
	for k := range files {
		if !selecting {
			t.DayInvocations[k] = dayAll[k]
		}
		for _, c := range perDay[k] {
			if remap[c.fn] >= 0 {
				t.DayInvocations[k] += c.n
			}
		}
		t.Invocations += t.DayInvocations[k]
	}
	t.Span = max(0, min(winTo, last)-max(winFrom, first))
	t.coverFrom = max(winFrom, first)
	t.from = spec.From
	for _, f := range files {
		if len(spec.Days) > 0 { // inspect's per-day counts: for a day list only
			t.dayNumbers = append(t.dayNumbers, f.day)
		}
	}
	states := newFnStates(seed, t.Functions)
	rows := &azDays{spec: &spec, seed: seed, files: files, union: union, remap: remap, fns: t.Functions, multi: multi, next1: keep}
	if keep != nil {
		// The single day's memory per function, exactly, and the busiest
		// minute of the kept functions.
		if err := rows.load(); err != nil {
			return nil, err
		}
		rows.enter(0, states)
		for m, cells := range rows.minutes {
			if at := sim.Time(m) * sim.Minute; at+sim.Minute <= winFrom || at >= winTo {
				continue
			}
			var n int64
			for _, c := range cells {
				n += int64(c.n)
			}
			t.PeakMinute = max(t.PeakMinute, n)
		}
	}
	t.Source = newCountSource(rows, states, &spec)
	return t, nil
}

// azDays yields the minutes of the listed days, loading each day when
// the replay reaches it and dropping the one before.
type azDays struct {
	spec   *Spec
	seed   uint64
	files  []azDayFiles
	union  map[string]int32 // key -> function of pass 1
	remap  []int32          // pass 1's function -> kept function, -1 dropped
	fns    []workload.Function
	multi  bool
	next1  *azDay // the single day pass 1 read, not read again
	k      int    // the day being yielded (once loaded)
	loaded bool
	m      int
	off    sim.Time

	minutes [][]cell
	// pending is the loaded day's per-function state, applied by enter
	// when the replay reaches the day's first minute.
	pending struct {
		k   int
		fns []int32
		pct []dist.InlinePercentiles
		has []bool
		mem []int32
	}
	applied int // the day whose state the functions hold, -1 none
	fail    error
}

func (a *azDays) err() error { return a.fail }

func (a *azDays) next() (sim.Time, []cell, bool) {
	for {
		if a.fail != nil {
			return 0, nil, false
		}
		if a.loaded && a.m < len(a.minutes) {
			a.m++
			return a.off + sim.Time(a.m-1)*sim.Minute, a.minutes[a.m-1], true
		}
		if a.loaded && a.k+1 >= len(a.files) {
			a.minutes = nil
			return 0, nil, false
		}
		if a.loaded {
			a.k++
		}
		if err := a.load(); err != nil {
			a.fail = err
			return 0, nil, false
		}
	}
}

// load reads day a.k (pass 1's copy of a single day), keeps its kept
// functions' cells and prepares its per-function state.
func (a *azDays) load() error {
	a.minutes = nil // drop the day before: its last minutes live on in the spreader
	f := a.files[a.k]
	d := a.next1
	a.next1 = nil
	if d == nil {
		var err error
		if d, err = loadAzureDay(a.spec, f); err != nil {
			return err
		}
	}
	toK := make([]int32, len(d.fns))
	for local, key := range keysInOrder(d) {
		toK[local] = -1
		if u, ok := a.union[key]; ok {
			toK[local] = a.remap[u]
		}
	}
	for m, cells := range d.minutes {
		out := cells[:0]
		for _, c := range cells {
			if nf := toK[c.fn]; nf >= 0 {
				c.fn = nf
				out = append(out, c)
			}
		}
		d.minutes[m] = out
	}
	p := &a.pending
	p.k, p.fns, p.pct, p.has, p.mem = a.k, p.fns[:0], p.pct[:0], p.has[:0], p.mem[:0]
	for local, kf := range toK {
		if kf < 0 {
			continue
		}
		pd, err := percentileDist(d.pcts[local])
		if err != nil { // checked row by row already; a pooled table is monotone too
			return fmt.Errorf("trace: %s: function %s: %v", f.dur, d.fns[local].Name, err)
		}
		in, ok := pd.Inline() // 7 points: always held inline
		mem := int32(d.fns[local].MemoryMB)
		if mem == 0 {
			mem = int32(a.fns[kf].MemoryMB) // no row that day: its memory on another day
		}
		p.fns, p.pct, p.has, p.mem = append(p.fns, kf), append(p.pct, in), append(p.has, ok), append(p.mem, mem)
	}
	a.minutes, a.m, a.off, a.loaded = d.minutes, 0, sim.Time(a.k)*DayLength, true
	return nil
}

// enter applies the state of the day at belongs to when the replay
// reaches it: that day's duration tables and memory, and (several days)
// its own random streams.
func (a *azDays) enter(at sim.Time, fns []fnState) {
	k := int(at / DayLength)
	p := &a.pending
	if !a.loaded || p.k != k || a.applied == k+1 {
		return
	}
	a.applied = k + 1
	for i, kf := range p.fns {
		st := &fns[kf]
		st.pct, st.hasPct, st.memMB = p.pct[i], p.has[i], p.mem[i]
	}
	if a.multi {
		day := a.files[k].day
		for i := range fns {
			fns[i].reseed(a.seed, a.fns[i].Name, day)
		}
	}
}
