package trace

import (
	"fmt"
	"io"
)

// Replaying Lambda logs (Spec.Format lambda-report). A REPORT's timestamp
// is the end of its invocation, so arrival = End - Duration - Init -
// Restore, and rows sorted by End are out of arrival order by up to the
// longest Duration + Init + Restore. The per-invocation reorder heap
// (perinv.go) absorbs that: Lambda's longest timeout is 900 s ("Configure
// Lambda function timeout", docs.aws.amazon.com/lambda/latest/dg/
// configuration-timeout.html) and INIT, or a SnapStart restore, is cut at
// 10 s before the invoke phase takes over ("Understanding the Lambda
// execution environment lifecycle", lambda-runtime-environment.html), so
// DefaultReorderWindow's 30 minutes holds any of them with room for clock
// skew between log streams.
//
// Several files (one per function, say) cover the same hours: they are
// read together, merged by the End of each file's next record, so that
// the merged stream is out of End order by no more than its files are.
// The replayed Invocation has the logged Duration (INIT excluded: the
// simulator models the cold start itself; a timeout keeps its logged
// duration, which is the timeout) and Max Memory Used as its memory; the
// function runs at its Memory Size (the latest, when it changed).

// maxLambdaFiles bounds the files replayed at once: each holds a file
// descriptor and a 64 KB buffer while the merge runs.
const maxLambdaFiles = 1000

// lambdaOrder is how REPORT rows must be sorted.
var lambdaOrder = rowOrder{sortField: "timestamp", reorder: true,
	hint: "; REPORT lines must be in time order (Logs Insights sorts newest first by default: add `sort @timestamp asc` to the query)"}

func lambdaOpener(spec *Spec) (rowSource, rowOrder, error) {
	paths := spec.Paths
	if spec.Path != "" {
		paths = append([]string{spec.Path}, paths...)
	}
	files, err := expandLambdaPaths(spec.FS, paths)
	if err != nil {
		return nil, lambdaOrder, err
	}
	if len(files) > maxLambdaFiles {
		return nil, lambdaOrder, fmt.Errorf("trace: %d files of Lambda logs: a replay reads at most %d at once (concatenate the files of one function)", len(files), maxLambdaFiles)
	}
	m := &lambdaRows{st: LambdaStats{Forms: map[string]int{}}}
	for _, name := range files {
		lf, err := openLambdaFile(spec.FS, name, spec.Function, &m.st)
		if err != nil {
			m.close()
			return nil, lambdaOrder, err
		}
		m.files = append(m.files, &lambdaHead{lf: lf})
	}
	return m, lambdaOrder, nil
}

// lambdaRows merges the records of its files by End.
type lambdaRows struct {
	files  []*lambdaHead
	heap   []*lambdaHead // files with a record, by head End
	primed bool
	st     LambdaStats
	last   LambdaReport // the record last returned, for errorf
	fn     []byte
}

type lambdaHead struct {
	lf  *lambdaFile
	rec LambdaReport
}

// advance reads h's next record; ok is false at its end.
func (h *lambdaHead) advance() (bool, error) {
	ok, err := h.lf.next(&h.rec)
	if err != nil || !ok {
		return false, err
	}
	if !h.rec.HasTime {
		return false, &RowError{File: h.rec.File, Line: h.rec.Line, Field: "timestamp",
			Reason: "a bare REPORT line, without a timestamp: its durations can be read (calibration) but it cannot be replayed, which needs each invocation's time; export the logs with `aws logs tail`, `sam logs` or `aws logs filter-log-events --output json`"}
	}
	return true, nil
}

func (m *lambdaRows) next() (invRow, error) {
	if !m.primed {
		m.primed = true
		for _, h := range m.files {
			ok, err := h.advance()
			if err != nil {
				return invRow{}, err
			}
			if ok {
				m.push(h)
			}
		}
	}
	if len(m.heap) == 0 {
		return invRow{}, io.EOF
	}
	h := m.heap[0]
	m.last = h.rec
	ok, err := h.advance()
	if err != nil {
		return invRow{}, err
	}
	if ok {
		m.heap[0] = h
		m.down(0)
	} else {
		n := len(m.heap) - 1
		m.heap[0] = m.heap[n]
		m.heap = m.heap[:n]
		if n > 0 {
			m.down(0)
		}
	}
	r := &m.last
	m.fn = append(m.fn[:0], r.Function...)
	return invRow{app: m.fn, fn: m.fn, arrival: r.Arrival(), end: r.End, duration: int64(r.Duration),
		memMB: int32(r.MaxMemoryUsedMB), configMB: int32(r.MemorySizeMB)}, nil
}

func (m *lambdaRows) less(i, j int) bool { return m.heap[i].rec.End < m.heap[j].rec.End }

func (m *lambdaRows) push(h *lambdaHead) {
	m.heap = append(m.heap, h)
	for i := len(m.heap) - 1; i > 0; {
		p := (i - 1) / 2
		if !m.less(i, p) {
			break
		}
		m.heap[i], m.heap[p] = m.heap[p], m.heap[i]
		i = p
	}
}

func (m *lambdaRows) down(i int) {
	for {
		c := 2*i + 1
		if c >= len(m.heap) {
			return
		}
		if c+1 < len(m.heap) && m.less(c+1, c) {
			c++
		}
		if !m.less(c, i) {
			return
		}
		m.heap[i], m.heap[c] = m.heap[c], m.heap[i]
		i = c
	}
}

func (m *lambdaRows) errorf(field, format string, args ...any) error {
	return &RowError{File: m.last.File, Line: m.last.Line, Field: field, Reason: fmt.Sprintf(format, args...)}
}

func (m *lambdaRows) close() {
	for _, h := range m.files {
		h.lf.close()
	}
}

func (m *lambdaRows) warnings() []string {
	if w := m.st.MalformedWarning(); w != "" {
		return []string{w}
	}
	return nil
}
