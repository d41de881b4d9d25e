package trace

import (
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"

	"faassim/models/workload"
	"faassim/sim"
)

// rowFormat parses the rows of a per-invocation format (azure2021, csv).
type rowFormat struct {
	ncols int
	// sortField names the column blamed when rows are out of order.
	sortField string
	// reorder: rows need only be sorted within the reorder window (azure2021);
	// otherwise every arrival must be at or after the previous row's (csv).
	reorder bool
	parse   func(f [][]byte) (row invRow, field string, err error)
}

type invRow struct {
	app, fn  []byte
	arrival  int64 // ns in the file's own epoch
	end      int64 // arrival + duration: the reorder watermark's clock
	duration int64
	memMB    int32
	// configMB is the function's configured memory when the row says it
	// (lambda-report's Memory Size), else 0.
	configMB int32
}

// rowsFunc reads a file's header and returns the parser of its rows.
type rowsFunc func(lr *lineReader) (*rowFormat, error)

// rowSource yields a per-invocation trace's rows in file order: a CSV
// file through its rowFormat, or Lambda logs (lambda_open.go).
type rowSource interface {
	next() (invRow, error) // io.EOF at the end
	// errorf is a RowError at the row last returned.
	errorf(field, format string, args ...any) error
	close()
	// warnings are the fallbacks taken and the malformed rows skipped,
	// once the rows are read.
	warnings() []string
}

// rowOrder says how a source's rows are sorted (see rowFormat).
type rowOrder struct {
	sortField string
	reorder   bool
	hint      string // added to "not sorted" errors
}

// rowsOpener opens the rows of spec.
type rowsOpener func(spec *Spec) (rowSource, rowOrder, error)

// csvOpener opens a CSV file whose header rows reads.
func csvOpener(rows rowsFunc) rowsOpener {
	return func(spec *Spec) (rowSource, rowOrder, error) {
		if spec.Path == "" {
			return nil, rowOrder{}, fmt.Errorf("trace: %s needs a path", spec.Format)
		}
		f, err := openFile(spec.FS, spec.Path)
		if err != nil {
			return nil, rowOrder{}, fmt.Errorf("trace: %w", err)
		}
		lr := newLineReader(spec.Path, f)
		format, err := rows(lr)
		if err != nil {
			f.Close()
			return nil, rowOrder{}, err
		}
		return &csvRowSource{f: f, lr: lr, format: format}, rowOrder{sortField: format.sortField, reorder: format.reorder,
			hint: "; rows must be sorted by end_timestamp or by arrival"}, nil
	}
}

type csvRowSource struct {
	f      fs.File
	lr     *lineReader
	format *rowFormat
}

func (c *csvRowSource) next() (invRow, error) {
	f, err := c.lr.next()
	if err != nil {
		return invRow{}, err
	}
	if len(f) < c.format.ncols {
		return invRow{}, c.lr.errorf("columns", "%d columns, want at least %d", len(f), c.format.ncols)
	}
	r, field, err := c.format.parse(f)
	if err != nil {
		return r, c.lr.errorf(field, "%v", err)
	}
	return r, nil
}

func (c *csvRowSource) errorf(field, format string, args ...any) error {
	return c.lr.errorf(field, format, args...)
}

func (c *csvRowSource) close()             { c.f.Close() }
func (c *csvRowSource) warnings() []string { return nil }

// replicaJitter is how far after an arrival its rate_scale copies may land:
// copies drawn uniformly in [t, t+1s) multiply every burst the trace shows
// at one-second resolution and above, without stacking copies on the same
// nanosecond (which would turn every copy into a simultaneous cold start).
const replicaJitter = sim.Second

// tooMany is what lookup returns for a function past Spec.MaxFunctions.
const tooMany = -2

// openPerInvocation reads the file twice: a first pass validates it,
// finds the first arrival (time 0), lists the functions and counts their
// invocations in the window, all in O(functions + reorder window); the
// Source then streams the second pass.
func openPerInvocation(spec Spec, seed uint64, rows rowsOpener) (*Trace, error) {
	index := map[string]int32{}
	var fns []workload.Function
	var counts []int64
	limit := spec.functionLimit()
	type config struct {
		mb, other int32
		end       int64
	}
	var configs []config // by function: the configured memory of its latest row
	pass1 := &perInvSource{spec: spec, rowsOf: rows, rateScale: 1,
		onRow: func(fn int32, r *invRow) {
			if r.configMB <= 0 {
				return
			}
			for int(fn) >= len(configs) {
				configs = append(configs, config{})
			}
			c := &configs[fn]
			switch {
			case c.mb == 0:
				*c = config{mb: r.configMB, end: r.end}
			case c.mb != r.configMB:
				if r.end >= c.end {
					c.other, c.mb, c.end = c.mb, r.configMB, r.end
				} else {
					c.other = r.configMB
				}
			case r.end > c.end:
				c.end = r.end
			}
		},
		lookup: func(app, fn []byte) int32 {
			k := string(app) + "\x00" + string(fn)
			i, ok := index[k]
			if !ok && len(fns) >= limit {
				return tooMany
			}
			if !ok {
				i = int32(len(fns))
				index[k] = i
				name := string(fn)
				appName := string(app)
				if appName == "" {
					appName = name
				}
				fns = append(fns, workload.Function{Name: name, App: appName})
				counts = append(counts, 0)
			}
			return i
		}}
	if err := pass1.open(); err != nil {
		return nil, err
	}
	var inv workload.Invocation
	var last sim.Time
	for pass1.Next(&inv) {
		counts[inv.Function]++
		fns[inv.Function].MemoryMB = max(fns[inv.Function].MemoryMB, int(inv.MemoryMB))
		last = inv.Arrival
	}
	warnings := pass1.src.warnings()
	pass1.close()
	if err := pass1.Err(); err != nil {
		return nil, err
	}
	for i, c := range configs {
		if c.mb == 0 {
			continue
		}
		fns[i].MemoryMB = int(c.mb)
		if c.other != 0 {
			warnings = append(warnings, fmt.Sprintf("function %s: the configured memory changed within its logs (%d MB and %d MB): it runs at the latest, %d MB",
				fns[i].Name, c.other, c.mb, c.mb))
		}
	}
	remap := selectFunctions(&spec, seed, fns, counts)
	label := spec.Path
	if label == "" && len(spec.Paths) > 0 {
		label = spec.Paths[0]
	}
	if err := checkWorkload(label, len(fns) > 0, &spec, counts, remap); err != nil {
		return nil, err
	}
	t := &Trace{Functions: applyRemap(fns, remap), Warnings: warnings}
	for i, n := range counts {
		if remap[i] >= 0 {
			t.Invocations += n
		}
	}
	t.Span = last // arrivals are relative to the window's start
	scales := make([]stream, len(t.Functions))
	for i, f := range t.Functions {
		scales[i] = newStream(seed, "trace/scale/"+f.Name)
	}
	src := &perInvSource{spec: spec, rowsOf: rows, rateScale: spec.RateScale, origin: pass1.origin, hasOrigin: pass1.hasOrigin,
		scales: scales, jitter: sim.NewStream(seed, "trace/jitter"),
		lookup: func(app, fn []byte) int32 {
			i, ok := index[string(app)+"\x00"+string(fn)]
			if !ok {
				return -1
			}
			return remap[i]
		}}
	if err := src.open(); err != nil {
		return nil, err
	}
	t.Source = src
	return t, nil
}

// perInvSource streams a per-invocation file through a min-heap that
// holds the rows not yet known to be next: the reorder window of an
// azure2021 file, and the pending copies of rate_scale > 1.
type perInvSource struct {
	spec      Spec
	rowsOf    rowsOpener
	onRow     func(fn int32, r *invRow) // pass 1: sees every kept row
	lookup    func(app, fn []byte) int32
	rateScale float64
	scales    []stream
	jitter    *rand.Rand
	origin    int64 // the first arrival, ns in the file's epoch (which may be negative)
	hasOrigin bool
	firstRow  int64 // the first row's arrival, for the span check

	src     rowSource
	ord     rowOrder
	pending pendingHeap
	seq     uint64
	mark    int64 // arrivals at or before mark can be emitted
	maxEnd  int64
	lastRow int64
	lastOut int64
	rows    int
	eof     bool
	done    bool
	closed  bool
	err     error
}

func (s *perInvSource) open() error {
	var err error
	s.src, s.ord, err = s.rowsOf(&s.spec)
	return err
}

func (s *perInvSource) close() {
	if s.src != nil && !s.closed {
		s.src.close()
		s.closed = true
	}
}

// Err returns the first bad row or read error.
func (s *perInvSource) Err() error { return s.err }

// Next yields the next invocation in arrival order.
func (s *perInvSource) Next(inv *workload.Invocation) bool {
	for !s.done {
		if len(s.pending) > 0 && (s.eof || s.pending[0].arrival <= s.mark) {
			p := s.pending.pop()
			s.lastOut = p.arrival
			if !s.hasOrigin {
				s.origin, s.hasOrigin = p.arrival, true
			}
			t := sim.Time(p.arrival - s.origin)
			if t < s.spec.From {
				continue
			}
			if t >= s.spec.to() {
				break
			}
			*inv = workload.Invocation{Arrival: t - s.spec.From, Function: p.fn, Duration: sim.Time(p.duration), MemoryMB: p.memMB}
			return true
		}
		if s.eof {
			break
		}
		s.read()
	}
	s.done = true
	s.close()
	return false
}

// read parses one row into the heap, or sets eof or err.
func (s *perInvSource) read() {
	r, err := s.src.next()
	if err == io.EOF {
		s.eof = true
		return
	}
	if err == nil {
		err = s.order(&r)
	}
	if err != nil {
		s.err, s.eof, s.done = err, true, true
		s.pending = s.pending[:0]
		return
	}
	fn := s.lookup(r.app, r.fn)
	if fn == tooMany {
		s.err = s.src.errorf("function", "%s", tooManyFunctions(s.spec.functionLimit()))
		s.eof, s.done = true, true
		s.pending = s.pending[:0]
		return
	}
	if fn < 0 {
		return
	}
	if s.onRow != nil {
		s.onRow(fn, &r)
	}
	p := pending{arrival: r.arrival, fn: fn, duration: r.duration, memMB: r.memMB}
	copies := uint64(1)
	if s.rateScale != 1 {
		copies = scaleCount(1, s.rateScale, &s.scales[fn])
	}
	// The copies wait in the heap with the reorder window's rows: the same
	// bound as a per-minute trace's busiest minute (MaxPerMinute) holds
	// them, so that a rate_scale of 1e9 fails here rather than filling
	// the memory (callers estimate first; this is the backstop).
	if held := uint64(len(s.pending)) + copies; held > maxPerMinute {
		s.err = s.src.errorf("rate_scale", "rate scale %g makes %d invocations to hold at once, more than the %d a replay holds", s.rateScale, held, maxPerMinute)
		s.eof, s.done = true, true
		s.pending = s.pending[:0]
		return
	}
	for c := uint64(0); c < copies; c++ {
		q := p
		if c > 0 {
			q.arrival += int64(s.jitter.Int64N(int64(replicaJitter)))
		}
		s.seq++
		q.seq = s.seq
		s.pending.push(q)
	}
}

// order checks r against the rows before it and advances the watermark.
func (s *perInvSource) order(r *invRow) error {
	s.rows++
	// Times are int64 nanoseconds from the first arrival: a row 100 years
	// away from it would overflow them, and is certainly a bad timestamp.
	if s.rows == 1 {
		s.firstRow = r.arrival
	} else if d := float64(r.arrival) - float64(s.firstRow); math.Abs(d) > maxSpanNS {
		return s.src.errorf(s.ord.sortField, "%s is more than 100 years from the first arrival %s", fmtNS(r.arrival), fmtNS(s.firstRow))
	}
	if !s.ord.reorder {
		if s.rows > 1 && r.arrival < s.lastRow {
			return s.src.errorf(s.ord.sortField, "not sorted: %s is before the previous row's %s",
				fmtNS(r.arrival), fmtNS(s.lastRow))
		}
		s.lastRow, s.mark = r.arrival, r.arrival
		return nil
	}
	// Rows sorted by end time, or by arrival, are both fine: if every
	// duration is at most W, no later row can arrive before maxEnd - W.
	// A row that does arrive before what was already replayed breaks that
	// promise, and is reported rather than replayed out of order.
	if s.rows > 1 && r.arrival < s.lastOut {
		return s.src.errorf(s.ord.sortField, "not sorted: arrival %s (end - duration) is before %s, already replayed%s, out of order by at most the reorder window %v",
			fmtNS(r.arrival), fmtNS(s.lastOut), s.ord.hint, s.spec.ReorderWindow)
	}
	if s.rows > 1 && r.end < s.maxEnd-int64(s.spec.ReorderWindow) {
		return s.src.errorf(s.ord.sortField, "not sorted: %s is more than the reorder window %v before %s%s",
			fmtNS(r.end), s.spec.ReorderWindow, fmtNS(s.maxEnd), s.ord.hint)
	}
	if s.rows == 1 || r.end > s.maxEnd {
		s.maxEnd = r.end
	}
	s.mark = s.maxEnd - int64(s.spec.ReorderWindow)
	return nil
}

// maxSpanNS is the longest a per-invocation trace may span: 100 years.
const maxSpanNS = 100 * 365.25 * 24 * 3600 * 1e9

func fmtNS(ns int64) string { return fmt.Sprintf("%.9gs", float64(ns)/1e9) }

type pending struct {
	arrival  int64
	seq      uint64
	duration int64
	fn       int32
	memMB    int32
}

// pendingHeap is a min-heap by (arrival, seq): ties keep file order.
type pendingHeap []pending

func (h pendingHeap) less(i, j int) bool {
	return h[i].arrival < h[j].arrival || (h[i].arrival == h[j].arrival && h[i].seq < h[j].seq)
}

func (h *pendingHeap) push(p pending) {
	*h = append(*h, p)
	a := *h
	for i := len(a) - 1; i > 0; {
		parent := (i - 1) / 2
		if !a.less(i, parent) {
			break
		}
		a[i], a[parent] = a[parent], a[i]
		i = parent
	}
}

func (h *pendingHeap) pop() pending {
	a := *h
	top := a[0]
	last := len(a) - 1
	a[0] = a[last]
	a = a[:last]
	for i := 0; ; {
		c := 2*i + 1
		if c >= len(a) {
			break
		}
		if c+1 < len(a) && a.less(c+1, c) {
			c++
		}
		if !a.less(c, i) {
			break
		}
		a[i], a[c] = a[c], a[i]
		i = c
	}
	*h = a
	return top
}
