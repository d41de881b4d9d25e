package trace

import (
	"fmt"
	"io/fs"
	"slices"

	"faassim/models/workload"
	"faassim/sim"
)

// An Azure 2019 replay, of one day (Spec.Day) or several (Spec.Days), is
// read in two passes. The first counts every listed day the run reaches
// (Spec.DayRead), one at a time, and keeps only what is O(functions): the
// union of the days' functions, their invocations in the window (for
// Apps/Top/Sample), the first known memory of each, each minute's most
// cells over the days and the warnings; it builds no per-minute table.
// The second, the Source, reads the days again one at a time as the
// replay reaches them into per-minute tables sized once from the first
// pass and refilled day after day, so a replay holds one day's counts
// and allocates next to nothing per day, whatever the number of days.

// azDayFiles are the files of one listed day: memPath is the memory file
// used, the day's own or the nearest day's that has one (memDay).
type azDayFiles struct {
	day, at           int // the day's number and its place in the list (from 0)
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
		if _, err := statFile(spec.FS, mem); err == nil {
			d.memDay = d.day // the single day's own file: no listing needed
		}
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
		return nil, nil, fmt.Errorf("trace: %d days listed, but %s holds %d days of invocations (%s)", len(spec.Days), dir, len(have), FormatDays(have))
	}
	// Existence by listing, not by opening: opening a file of a generated
	// FS (synth.DaysFS) generates its day.
	haveDur := dayNumbers(spec.FS, dir, "function_durations_percentiles.anon.d", ".csv")
	var files []azDayFiles
	for k, day := range spec.Days {
		n := Azure2019Names(day)
		f := azDayFiles{day: day, at: k, inv: joinPath(spec.FS, dir, n[0]), dur: joinPath(spec.FS, dir, n[1]), memPath: joinPath(spec.FS, dir, n[2])}
		for i, l := range [][]int{have, haveDur} {
			if !slices.Contains(l, day) {
				return nil, nil, fmt.Errorf("trace: azure2019 day %d: no file %s", day, []string{f.inv, f.dur}[i])
			}
		}
		if spec.DayRead(k) {
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		return nil, nil, noDayReached(spec)
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
		if f.memDay == f.day || slices.Contains(withMem, f.day) {
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
			days, FormatDays(missing[near]), Azure2019Names(missing[near][0])[2], near))
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

// loadAzureDay reads the three files of f, its counts into c (nil: new
// tables).
func loadAzureDay(spec *Spec, f azDayFiles, c *azCounts) (*azDay, error) {
	d := &azDay{}
	var dups int
	var err error
	d.fns, d.keys, d.minutes, d.first, d.last, dups, err = readAzureInvocations(f.inv, spec, c)
	if err != nil {
		return nil, err
	}
	if dups > 0 {
		d.warnings = append(d.warnings, fmt.Sprintf("%s: %d rows repeat an owner/app/function of an earlier row: their counts were added to it", f.inv, dups))
	}
	if d.pcts, err = readAzureDurations(spec.FS, f.dur, d.keys, c); err != nil {
		return nil, err
	}
	if w := fillMissingDurations(d.fns, d.pcts); w != "" {
		d.warnings = append(d.warnings, w)
	}
	ws, err := readAzureMemory(spec.FS, f.memPath, d.fns, d.keys, c)
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
	return fmt.Sprintf("%s and the other listed days (%s)", first, FormatDays(days))
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
	listed := max(1, len(spec.Days))
	winFrom, winTo := spec.From, spec.to()
	// Pass 1: the union of the days' functions and their counts.
	var fns []workload.Function
	union := map[string]int32{}
	var counts []int64
	// With a selection, each day's counts per function are kept until the
	// selection is known (12 bytes per active function-day, during Open
	// only), so that DayInvocations counts the kept functions.
	selecting := spec.selecting()
	perDay := make([][]fnCount, listed)
	dayAll := make([]int64, listed)
	// maxCells is each minute's most cells over the days: the replay's
	// tables are sized by it once.
	maxCells := make([]int32, minutesPerDay)
	var keep *azDay // a single day is read once, with its tables
	var rd *azCounts
	if len(files) > 1 {
		rd = &azCounts{inWindow: make([]bool, minutesPerDay)}
	}
	first, last := sim.Time(-1), sim.Time(0)
	hasRows := false
	for _, f := range files {
		off := sim.Time(f.at) * DayLength
		if rd != nil {
			for m := range rd.inWindow {
				at := off + sim.Time(m)*sim.Minute
				rd.inWindow[m] = at+sim.Minute > winFrom && at < winTo
			}
		}
		d, err := loadAzureDay(&spec, f, rd)
		if err != nil {
			return nil, err
		}
		t.addDayWarnings(&spec, f.day, d.warnings)
		hasRows = hasRows || len(d.fns) > 0
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
		if first < 0 {
			first = off + d.first
		}
		last = off + d.last
		if rd != nil {
			for local, n := range rd.perFn {
				counts[toU[local]] += n
				dayAll[f.at] += n
				if selecting && n > 0 {
					perDay[f.at] = append(perDay[f.at], fnCount{toU[local], n})
				}
			}
			for m, n := range rd.totals {
				if rd.inWindow[m] {
					t.PeakMinute = max(t.PeakMinute, int64(n)) // of every function: a bound
				}
			}
			for m, n := range rd.cells {
				maxCells[m] = max(maxCells[m], n)
			}
			continue
		}
		var dayCount map[int32]int64
		if selecting {
			dayCount = make(map[int32]int64)
		}
		for m, cells := range d.minutes {
			maxCells[m] = max(maxCells[m], int32(len(cells)))
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
			dayAll[f.at] += n
			if multi {
				t.PeakMinute = max(t.PeakMinute, n) // of every function: a bound
			}
		}
		for u, n := range dayCount {
			perDay[f.at] = append(perDay[f.at], fnCount{u, n})
		}
		t.Held = cellBytesOf(d.minutes)
		keep = d
	}
	if rd != nil {
		t.Held = tablesBytes(maxCells)
	}
	remap := selectFunctions(&spec, seed, fns, counts)
	if err := checkWorkload(daysName(files[0].inv, files, func(f azDayFiles) int { return f.day }), hasRows, &spec, counts, remap); err != nil {
		return nil, err
	}
	t.Functions = applyRemap(fns, remap)
	t.setDayInvocations(selecting, dayAll, perDay, remap)
	t.Span = max(0, min(winTo, last)-max(winFrom, first))
	t.coverFrom = max(winFrom, first)
	t.from = spec.From
	t.dayNumbers = spec.Days // inspect's per-day counts: for a day list only
	newRows := func(seed uint64) *azDays {
		return &azDays{spec: &spec, seed: seed, files: files, union: union, remap: remap, fns: t.Functions,
			multi: multi, maxCells: maxCells, applied: -1}
	}
	rows := newRows(seed)
	rows.next1 = keep
	states := newFnStates(seed, t.Functions)
	if keep != nil {
		// The single day's memory per function, exactly, and the busiest
		// minute of the kept functions.
		rows.keepDists = true
		if err := rows.load(); err != nil {
			return nil, err
		}
		t.Durations = rows.durations(len(t.Functions))
		rows.enter(sim.Time(files[0].at)*DayLength, states)
		for m, cells := range rows.minutes {
			if at := sim.Time(files[0].at)*DayLength + sim.Time(m)*sim.Minute; at+sim.Minute <= winFrom || at >= winTo {
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
	if spec.Sample == 0 || spec.SampleSeed != 0 { // else the selection is the seed's
		t.reopen = func(seed uint64) workload.Source {
			return newCountSource(newRows(seed), newFnStates(seed, t.Functions), &spec)
		}
	}
	return t, nil
}

// tablesBytes is what the replay's per-minute tables of maxCells hold,
// with the two spare minutes azDays swaps in at each midnight.
func tablesBytes(maxCells []int32) int64 {
	var b int64
	for _, n := range maxCells {
		b += int64(n)*cellBytes + 24
	}
	return b + 2*(int64(slices.Max(maxCells))*cellBytes+24)
}
