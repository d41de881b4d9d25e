package trace

import (
	"fmt"

	"faassim/models/dist"
	"faassim/models/workload"
	"faassim/sim"
)

// azDays yields the minutes of the listed days the run reaches, loading
// each day when the replay reaches it into the tables of the day before.
type azDays struct {
	spec     *Spec
	seed     uint64
	files    []azDayFiles     // the days read, in order
	union    map[string]int32 // key -> function of pass 1
	remap    []int32          // pass 1's function -> kept function, -1 dropped
	fns      []workload.Function
	multi    bool
	maxCells []int32 // per minute, the most cells of a day (pass 1)
	next1    *azDay  // the single day pass 1 read, not read again
	k        int     // the day being yielded, in files (once loaded)
	loaded   bool
	m        int
	off      sim.Time

	minutes [][]cell
	// tables are the per-minute cell arrays every day is read into;
	// spare are two more, swapped for the last two minutes of the day
	// before at each load: the spreader still holds those two (it looks
	// one minute back and reads one ahead) while the next day is read.
	tables [][]cell
	spare  [2][]cell
	rd     *azCounts // reads into tables, with one line reader for every file
	// pending is the loaded day's per-function state, applied by enter
	// when the replay reaches the day's first minute.
	pending struct {
		at, day int
		fns     []int32
		pct     []dist.InlinePercentiles
		has     []bool
		mem     []int32
		// dists are the tables as distributions, kept only with
		// keepDists (the reader Open uses for Trace.Durations).
		dists []dist.Dist
	}
	keepDists bool
	applied   int // the listed place of the day whose state the functions hold, -1 none
	fail      error
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

// counts returns the tables day a.k is read into: sized by maxCells the
// first time (one allocation), then the same arrays, with the previous
// day's last two minutes, still held by the spreader, swapped for spares.
func (a *azDays) counts() *azCounts {
	if a.tables == nil {
		var total int
		for _, n := range a.maxCells {
			total += int(n)
		}
		last := int(max(a.maxCells[minutesPerDay-2], a.maxCells[minutesPerDay-1]))
		backing := make([]cell, total+2*last)
		a.tables = make([][]cell, minutesPerDay)
		at := 0
		for m, n := range a.maxCells {
			a.tables[m] = backing[at : at : at+int(n)]
			at += int(n)
		}
		a.spare[0] = backing[at : at : at+last]
		a.spare[1] = backing[at+last : at+last : at+2*last]
		a.rd = &azCounts{tables: a.tables}
		return a.rd
	}
	for i := range a.spare {
		m := minutesPerDay - 2 + i
		a.tables[m], a.spare[i] = a.spare[i][:0], a.tables[m]
	}
	return a.rd
}

// load reads day a.k (pass 1's copy of a single day), keeps its kept
// functions' cells and prepares its per-function state.
func (a *azDays) load() error {
	a.minutes = nil
	f := a.files[a.k]
	d := a.next1
	a.next1 = nil
	if d == nil {
		var err error
		if d, err = loadAzureDay(a.spec, f, a.counts()); err != nil {
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
	p.at, p.day, p.fns, p.pct, p.has, p.mem = f.at, f.day, p.fns[:0], p.pct[:0], p.has[:0], p.mem[:0]
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
		if a.keepDists {
			p.dists = append(p.dists, pd)
		}
	}
	a.minutes, a.m, a.off, a.loaded = d.minutes, 0, sim.Time(f.at)*DayLength, true
	return nil
}

// enter applies the state of the day at belongs to when the replay
// reaches it: that day's duration tables and memory, and (several days)
// its own random streams.
func (a *azDays) enter(at sim.Time, fns []fnState) {
	k := int(at / DayLength)
	p := &a.pending
	if !a.loaded || p.at != k || a.applied == k {
		return
	}
	a.applied = k
	for i, kf := range p.fns {
		st := &fns[kf]
		st.pct, st.hasPct, st.memMB = p.pct[i], p.has[i], p.mem[i]
	}
	if a.multi {
		for i := range fns {
			fns[i].reseed(a.seed, a.fns[i].Name, p.day)
		}
	}
}

// durations hands over the loaded day's duration tables, by function
// (nil for a function without one that day), and stops keeping them.
func (a *azDays) durations(n int) []dist.Dist {
	p := &a.pending
	out := make([]dist.Dist, n)
	for i, kf := range p.fns {
		if p.has[i] {
			out[kf] = p.dists[i]
		}
	}
	p.dists, a.keepDists = nil, false
	return out
}
