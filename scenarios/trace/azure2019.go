package trace

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"regexp"
	"slices"
	"strconv"

	"faassim/models/dist"
	"faassim/models/workload"
	"faassim/sim"
)

// Azure 2019 file names of day NN (Shahrad et al., ATC'20 release).
const (
	azInvocations = "invocations_per_function_md.anon.d%02d.csv"
	azDurations   = "function_durations_percentiles.anon.d%02d.csv"
	azMemory      = "app_memory_percentiles.anon.d%02d.csv"
	minutesPerDay = 1440
)

// The duration columns and the percentiles they hold.
var (
	azPctColumns = []string{"percentile_Average_0", "percentile_Average_1", "percentile_Average_25",
		"percentile_Average_50", "percentile_Average_75", "percentile_Average_99", "percentile_Average_100"}
	azPctQ = []float64{0, 0.01, 0.25, 0.50, 0.75, 0.99, 1}
)

var dayInName = regexp.MustCompile(`\.d(\d+)\.csv$`)

// azure2019Files returns the three files of the day spec names.
func azure2019Files(spec *Spec) (inv, dur, mem string, err error) {
	day, dir := spec.Day, spec.Dir
	if spec.Path != "" {
		m := dayInName.FindStringSubmatch(spec.Path)
		if m == nil {
			return "", "", "", fmt.Errorf("trace: azure2019 path %s: the name must end in .dNN.csv", spec.Path)
		}
		day, _ = strconv.Atoi(m[1])
		dir = dirPath(spec.FS, spec.Path)
	}
	if day < 1 {
		return "", "", "", fmt.Errorf("trace: azure2019 needs a day (1-14), got %d", day)
	}
	inv = joinPath(spec.FS, dir, fmt.Sprintf(azInvocations, day))
	if spec.Path != "" {
		inv = spec.Path
	}
	return inv, joinPath(spec.FS, dir, fmt.Sprintf(azDurations, day)), joinPath(spec.FS, dir, fmt.Sprintf(azMemory, day)), nil
}

// azCounts is what readAzureInvocations keeps of a day's counts: either
// the per-minute cell lists of the replay (tables), or, with tables nil,
// only each function's invocations in the minutes inWindow marks and
// each minute's total (the counting pass: no per-minute table is built,
// so counting a day allocates O(functions), not the day's cells).
type azCounts struct {
	// tables, when not nil, receives the minutes' cells: its slices are
	// refilled from length 0, so a day read after another reuses the
	// arrays of the one before instead of growing new ones by append.
	tables   [][]cell
	inWindow []bool       // counting: per minute, whether it counts
	perFn    []int64      // counting: per function, its counts inWindow
	cells    []int32      // counting: per minute, its cells (non-zero counts)
	totals   minuteTotals // per minute, over all functions
	// lr reads every file of every day read with c: its buffer and its
	// fields are made once, not three times a day, and the buffer is 64
	// KiB, not newLineReader's 1 MiB, as it is held for the whole replay
	// (a longer line is assembled in the reader's own buffer).
	lr *lineReader
}

// lines returns a line reader of r: c's, reset, or a new one (c nil).
func (c *azCounts) lines(name string, r io.Reader) *lineReader {
	if c == nil {
		return newLineReader(name, r)
	}
	if c.lr == nil {
		c.lr = newLineReaderOn(name, bufio.NewReaderSize(r, 64<<10))
		return c.lr
	}
	c.lr.r.Reset(r)
	c.lr.name, c.lr.line = name, 0
	return c.lr
}

// reuse returns s cleared to n zeros, in its own array when it fits.
func reuse[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// readAzureInvocations reads the per-minute counts into c (only non-zero
// cells: most functions are idle most minutes), and returns the
// functions, their owner/app/function keys, the first and last minute
// the columns cover, and how many rows repeated an earlier key. A nil c
// builds new tables.
func readAzureInvocations(path string, spec *Spec, c *azCounts) ([]workload.Function, map[string]int, [][]cell, sim.Time, sim.Time, int, error) {
	f, err := openFile(spec.FS, path)
	if err != nil {
		return nil, nil, nil, 0, 0, 0, fmt.Errorf("trace: %w", err)
	}
	defer f.Close()
	lr := c.lines(path, f)
	names, idx, err := lr.header()
	if err != nil {
		return nil, nil, nil, 0, 0, 0, err
	}
	cols, err := lr.require(idx, "HashOwner", "HashApp", "HashFunction", "Trigger")
	if err != nil {
		return nil, nil, nil, 0, 0, 0, err
	}
	// Minute columns: every column after Trigger, labelled 1..1440
	// (the public excerpt starts at 540: labels, not positions, count).
	firstMin := cols[3] + 1
	labels := make([]int, 0, len(names)-firstMin)
	for j, n := range names[firstMin:] {
		m, err := strconv.Atoi(n)
		if err != nil || m < 1 || m > minutesPerDay {
			return nil, nil, nil, 0, 0, 0, lr.errorf("header", "minute column %q: want increasing minutes 1-1440", n)
		}
		// labels hold minutes from 0: label m is minute m-1.
		if len(labels) > 0 && m-1 <= labels[len(labels)-1] {
			if at := slices.Index(labels, m-1); at >= 0 {
				// Two columns of one minute: which one holds its count?
				return nil, nil, nil, 0, 0, 0, lr.errorf("header", "minute column %q appears twice (columns %d and %d)", n, firstMin+at+1, firstMin+j+1)
			}
			return nil, nil, nil, 0, 0, 0, lr.errorf("header", "minute column %q comes after %d: want increasing minutes 1-1440", n, labels[len(labels)-1]+1)
		}
		labels = append(labels, m-1)
	}
	if len(labels) == 0 {
		return nil, nil, nil, 0, 0, 0, lr.errorf("header", "no minute columns")
	}
	if c == nil {
		c = &azCounts{tables: make([][]cell, minutesPerDay)}
	}
	counting := c.tables == nil
	minutes := c.tables
	for m := range minutes {
		minutes[m] = minutes[m][:0]
	}
	c.totals = reuse(c.totals, minutesPerDay)
	totals := c.totals
	c.perFn = c.perFn[:0]
	if counting {
		c.cells = reuse(c.cells, minutesPerDay)
	}
	var fns []workload.Function
	keys := make(map[string]int)
	dups := 0
	for {
		row, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, nil, 0, 0, 0, err
		}
		if len(row) != len(names) {
			return nil, nil, nil, 0, 0, 0, lr.errorf("columns", "%d columns, the header has %d", len(row), len(names))
		}
		if limit := spec.functionLimit(); len(fns) >= limit {
			return nil, nil, nil, 0, 0, 0, lr.errorf("HashFunction", "%s", tooManyFunctions(limit))
		}
		fn := len(fns)
		key := string(row[cols[0]]) + "/" + string(row[cols[1]]) + "/" + string(row[cols[2]])
		if earlier, dup := keys[key]; dup {
			// One function, one row of counts: a repeated key (the same
			// function listed again, e.g. under another trigger) adds to
			// the first, so that every table indexed by key stays aligned.
			fn = earlier
			dups++
		} else {
			keys[key] = fn
			fns = append(fns, workload.Function{Name: string(row[cols[2]]), App: string(row[cols[1]]),
				Trigger: string(row[cols[3]])})
			if counting {
				c.perFn = append(c.perFn, 0)
			}
		}
		for j, b := range row[firstMin:] {
			if len(b) == 1 && b[0] == '0' {
				continue // most cells: most functions are idle most minutes
			}
			n, err := parseCount(b, false)
			if err != nil {
				return nil, nil, nil, 0, 0, 0, lr.errorf(names[firstMin+j], "%v", err)
			}
			if n > 0 {
				m := labels[j]
				if err := totals.add(m, n); err != nil {
					return nil, nil, nil, 0, 0, 0, lr.errorf(names[firstMin+j], "%v", err)
				}
				switch {
				case !counting:
					minutes[m] = append(minutes[m], cell{fn: int32(fn), n: n})
				default:
					c.cells[m]++
					if c.inWindow[m] {
						c.perFn[fn] += int64(n)
					}
				}
			}
		}
	}
	if dups > 0 {
		// A repeated row's cells came after other functions': put every
		// minute back in function order and add counts of the same
		// function, so the spreader sees one count per function.
		for m, cs := range minutes {
			if len(cs) < 2 {
				continue
			}
			slices.SortStableFunc(cs, func(a, b cell) int { return cmp.Compare(a.fn, b.fn) })
			k := 0
			for _, c := range cs[1:] {
				if c.fn == cs[k].fn {
					if uint64(cs[k].n)+uint64(c.n) > math.MaxUint32 {
						return nil, nil, nil, 0, 0, 0, lr.errorf("counts", "minute %d of function %s: the repeated rows add up to more than %d", m+1, fns[c.fn].Name, uint32(math.MaxUint32))
					}
					cs[k].n += c.n
					continue
				}
				k++
				cs[k] = c
			}
			minutes[m] = cs[:k+1]
		}
	}
	first := sim.Time(labels[0]) * sim.Minute
	last := sim.Time(labels[len(labels)-1]+1) * sim.Minute
	return fns, keys, minutes, first, last, dups, nil
}

// readAzureDurations returns each function's percentile table in ms; a
// function without a row gets a NaN table.
func readAzureDurations(fsys fs.FS, path string, keys map[string]int, c *azCounts) ([][7]float64, error) {
	pcts := make([][7]float64, len(keys))
	for i := range pcts {
		pcts[i][0] = math.NaN()
	}
	f, err := openFile(fsys, path)
	if err != nil {
		return nil, fmt.Errorf("trace: durations: %w", err)
	}
	defer f.Close()
	lr := c.lines(path, f)
	names, idx, err := lr.header()
	if err != nil {
		return nil, err
	}
	cols, err := lr.require(idx, append([]string{"HashOwner", "HashApp", "HashFunction"}, azPctColumns...)...)
	if err != nil {
		return nil, err
	}
	for {
		row, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(row) != len(names) {
			return nil, lr.errorf("columns", "%d columns, the header has %d", len(row), len(names))
		}
		fn, ok := keys[string(row[cols[0]])+"/"+string(row[cols[1]])+"/"+string(row[cols[2]])]
		if !ok {
			continue // a function with durations but no invocations this day
		}
		var p [7]float64
		for k, c := range cols[3:] {
			v, err := parseNonNeg(row[c])
			if err != nil {
				return nil, lr.errorf(azPctColumns[k], "%v", err)
			}
			if k > 0 && v < p[k-1] {
				return nil, lr.errorf(azPctColumns[k], "%v ms is below the previous percentile's %v ms", v, p[k-1])
			}
			p[k] = v
		}
		pcts[fn] = p
	}
	return pcts, nil
}

// fillMissingDurations gives each function without a duration row the
// pointwise median of its app's tables, or of every table when its app has
// none. The median of each percentile column keeps the table monotone (a
// median of pointwise-dominated vectors is dominated), and keeping the
// function, rather than dropping it, keeps its load in the replay.
func fillMissingDurations(fns []workload.Function, pcts [][7]float64) string {
	byApp := map[string][][7]float64{}
	var all [][7]float64
	for i, p := range pcts {
		if !math.IsNaN(p[0]) {
			byApp[fns[i].App] = append(byApp[fns[i].App], p)
			all = append(all, p)
		}
	}
	if len(all) == 0 {
		for i := range pcts {
			pcts[i] = [7]float64{}
		}
		return fmt.Sprintf("no function has a duration row: all %d run for 0 ms", len(pcts))
	}
	missing, fromApp := 0, 0
	cache := map[string][7]float64{}
	for i, p := range pcts {
		if !math.IsNaN(p[0]) {
			continue
		}
		missing++
		app := fns[i].App
		pool := byApp[app]
		if len(pool) > 0 {
			fromApp++
		} else {
			pool, app = all, "\x00all"
		}
		m, ok := cache[app]
		if !ok {
			m = pointwiseMedian(pool)
			cache[app] = m
		}
		pcts[i] = m
	}
	if missing == 0 {
		return ""
	}
	return fmt.Sprintf("%d of %d functions have no duration row: %d use the pointwise median of their app's percentile tables, %d that of all functions' tables",
		missing, len(fns), fromApp, missing-fromApp)
}

func pointwiseMedian(pool [][7]float64) [7]float64 {
	var out [7]float64
	col := make([]float64, len(pool))
	for k := range out {
		for i, p := range pool {
			col[i] = p[k]
		}
		slices.Sort(col)
		n := len(col)
		out[k] = (col[(n-1)/2] + col[n/2]) / 2
	}
	return out
}

func percentileDist(p [7]float64) (dist.Percentiles, error) {
	pts := make([]dist.Point, len(p))
	for k, v := range p {
		pts[k] = dist.Point{Q: azPctQ[k], Value: sim.Time(math.Round(v * float64(sim.Millisecond)))}
	}
	return dist.NewPercentiles(pts)
}

// readAzureMemory sets each function's MemoryMB to its app's average
// allocated memory (the 2019 trace records memory per app, not per function:
// github.com/Azure/AzurePublicDataset, AzureFunctionsDataset2019.md), rounded
// up to a whole MB. A file with a HashFunction column
// (invitro's per-function variant) is matched per function.
func readAzureMemory(fsys fs.FS, path string, fns []workload.Function, keys map[string]int, c *azCounts) ([]string, error) {
	f, err := openFile(fsys, path)
	if errors.Is(err, fs.ErrNotExist) {
		// Days 13 and 14 of the release have no memory file.
		return []string{fmt.Sprintf("no memory file %s: memory left unset (0 MB) for all %d functions", basePath(fsys, path), len(fns))}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("trace: memory: %w", err)
	}
	defer f.Close()
	lr := c.lines(path, f)
	names, idx, err := lr.header()
	if err != nil {
		return nil, err
	}
	cols, err := lr.require(idx, "HashOwner", "HashApp", "AverageAllocatedMb")
	if err != nil {
		return nil, err
	}
	fnCol, perFn := idx["HashFunction"]
	byApp := map[string]float64{}
	byFn := map[int]float64{}
	for {
		row, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(row) != len(names) {
			return nil, lr.errorf("columns", "%d columns, the header has %d", len(row), len(names))
		}
		mb, err := parseNonNeg(row[cols[2]])
		if err != nil {
			return nil, lr.errorf("AverageAllocatedMb", "%v", err)
		}
		app := string(row[cols[0]]) + "/" + string(row[cols[1]])
		byApp[app] = mb
		if perFn {
			if fn, ok := keys[app+"/"+string(row[fnCol])]; ok {
				byFn[fn] = mb
			}
		}
	}
	missing := 0
	for key, fn := range keys {
		mb, ok := byFn[fn]
		if !ok {
			mb, ok = byApp[key[:len(key)-len(fns[fn].Name)-1]]
		}
		if !ok {
			missing++
			continue
		}
		fns[fn].MemoryMB = int(math.Ceil(mb))
	}
	if missing > 0 {
		return []string{fmt.Sprintf("%d of %d functions have no memory row: memory left unset (0 MB)", missing, len(fns))}, nil
	}
	return nil, nil
}
