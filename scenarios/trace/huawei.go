package trace

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"strconv"

	"faassim/models/dist"
	"faassim/models/workload"
	"faassim/sim"
)

// Huawei 2023 release layout (sir-lab/data-release, README_data_release_2023.md):
// DIR/requests_minute/day_NNN.csv and DIR/function_delay_minute/day_NNN.csv
// (the public dataset names its days day_NN and has no delay files), each
// with columns day,time,<one column per function id>; time is in seconds
// since the start of the release, one row per minute, NaN for idle minutes.
const (
	hwRequests = "requests_minute"
	hwDelay    = "function_delay_minute"
)

// huaweiStandIn is the duration model when a release has no delay file:
// the lognormal fit of Azure 2019 average durations (Shahrad et al.,
// ATC'20: log-mean -0.38, sigma 2.36, seconds), so that the load is not
// silently zero.
func huaweiStandIn() dist.LogNormal {
	median := sim.FromSeconds(math.Exp(-0.38))
	l, _ := dist.LogNormalFromQuantile(median, 0.99, sim.FromSeconds(math.Exp(-0.38+2.36*2.3263478740408408)))
	return l
}

func huaweiFiles(spec *Spec) (req, delay string, err error) {
	if spec.Path != "" {
		return spec.Path, joinPath(spec.FS, dirPath(spec.FS, dirPath(spec.FS, spec.Path)), hwDelay, basePath(spec.FS, spec.Path)), nil
	}
	if spec.Dir == "" {
		return "", "", errors.New("trace: huawei2023 needs a dir (with requests_minute/) or a path")
	}
	for _, name := range []string{fmt.Sprintf("day_%03d.csv", spec.Day), fmt.Sprintf("day_%02d.csv", spec.Day)} {
		req = joinPath(spec.FS, spec.Dir, hwRequests, name)
		if _, err := statFile(spec.FS, req); err == nil {
			return req, joinPath(spec.FS, spec.Dir, hwDelay, name), nil
		}
	}
	return "", "", fmt.Errorf("trace: no %s/day_%03d.csv (or day_%02d.csv) in %s", hwRequests, spec.Day, spec.Day, spec.Dir)
}

// huaweiRows streams the requests file (and its delay file in lockstep)
// one minute at a time: the release is one row per minute, so this format
// needs no more than three rows in memory.
type huaweiRows struct {
	req, delay   *lineReader
	files        []fs.File
	fns          []workload.Function
	remap        []int32   // nil in pass 1
	means        []float32 // per kept function, for idle-minute delays
	rowDelay     []float64 // pass 1: this row's delay per function, -1 if none
	bufs         [3][]cell
	b            int
	lastAt       sim.Time
	rows         int
	fail         error
	done         bool
	ncols, first int
}

func newHuaweiRows(fsys fs.FS, reqPath, delayPath string, hasDelay bool, remap []int32) (*huaweiRows, error) {
	h := &huaweiRows{remap: remap}
	f, err := openFile(fsys, reqPath)
	if err != nil {
		return nil, fmt.Errorf("trace: %w", err)
	}
	h.files = append(h.files, f)
	h.req = newLineReader(reqPath, f)
	names, idx, err := h.req.header()
	if err == nil {
		_, err = h.req.require(idx, "day", "time")
	}
	if err == nil && (idx["day"] != 0 || idx["time"] != 1) {
		err = h.req.errorf("header", "want day,time first, then one column per function")
	}
	if err != nil {
		h.close()
		return nil, err
	}
	h.ncols, h.first = len(names), 2
	for _, n := range names[2:] {
		h.fns = append(h.fns, workload.Function{Name: n, App: n})
	}
	if hasDelay {
		f, err := openFile(fsys, delayPath)
		if err != nil {
			h.close()
			return nil, fmt.Errorf("trace: %w", err)
		}
		h.files = append(h.files, f)
		h.delay = newLineReader(delayPath, f)
		dn, _, err := h.delay.header()
		if err == nil && fmt.Sprint(dn) != fmt.Sprint(names) {
			err = h.delay.errorf("header", "columns differ from %s's", reqPath)
		}
		if err != nil {
			h.close()
			return nil, err
		}
	}
	if remap == nil {
		h.rowDelay = make([]float64, len(h.fns))
	}
	return h, nil
}

func (h *huaweiRows) close() {
	for _, f := range h.files {
		f.Close()
	}
	h.files = nil
}

func (h *huaweiRows) err() error { return h.fail }

func (h *huaweiRows) stop(err error) (sim.Time, []cell, bool) {
	if h.fail == nil {
		h.fail = err
	}
	h.done = true
	h.close()
	return 0, nil, false
}

func (h *huaweiRows) next() (sim.Time, []cell, bool) {
	if h.done {
		return 0, nil, false
	}
	row, err := h.req.next()
	if err == io.EOF {
		h.done = true
		h.close()
		return 0, nil, false
	}
	if err != nil {
		return h.stop(err)
	}
	if len(row) != h.ncols {
		return h.stop(h.req.errorf("columns", "%d columns, the header has %d", len(row), h.ncols))
	}
	at, err := h.rowTime(h.req, row)
	if err != nil {
		return h.stop(err)
	}
	var drow [][]byte
	if h.delay != nil {
		drow, err = h.delay.next()
		if err == io.EOF {
			return h.stop(h.delay.errorf("time", "the delay file ends before the requests file"))
		}
		if err != nil {
			return h.stop(err)
		}
		if len(drow) != h.ncols {
			return h.stop(h.delay.errorf("columns", "%d columns, the header has %d", len(drow), h.ncols))
		}
		if string(drow[0]) != string(row[0]) || string(drow[1]) != string(row[1]) {
			return h.stop(h.delay.errorf("time", "day,time %s,%s differ from the requests file's %s,%s", drow[0], drow[1], row[0], row[1]))
		}
	}
	h.b = (h.b + 1) % 3
	cells := h.bufs[h.b][:0]
	total := minuteTotals{0} // a row is one minute
	for j, b := range row[h.first:] {
		n, err := parseCount(b, true)
		if err == nil {
			err = total.add(0, n)
		}
		if err != nil {
			return h.stop(h.req.errorf(h.fns[j].Name, "%v", err))
		}
		d := -1.0
		if drow != nil {
			if v := drow[h.first+j]; len(v) > 0 && string(v) != "NaN" && string(v) != "nan" {
				if d, err = parseNonNeg(v); err != nil {
					return h.stop(h.delay.errorf(h.fns[j].Name, "%v", err))
				}
			}
		}
		if h.rowDelay != nil {
			h.rowDelay[j] = d
		}
		fn := int32(j)
		if h.remap != nil {
			if fn = h.remap[j]; fn < 0 {
				continue
			}
		}
		if n == 0 {
			continue
		}
		c := cell{fn: fn, n: n, durMS: float32(d)}
		if d < 0 && h.means != nil {
			c.durMS = h.means[fn]
		}
		cells = append(cells, c)
	}
	h.bufs[h.b] = cells
	return at, cells, true
}

// rowTime returns the row's time since the start of its day.
func (h *huaweiRows) rowTime(lr *lineReader, row [][]byte) (sim.Time, error) {
	day, err := strconv.ParseInt(string(row[0]), 10, 64)
	if err != nil || day < 0 {
		return 0, lr.errorf("day", "%q is not a day number", row[0])
	}
	sec, err := strconv.ParseFloat(string(row[1]), 64)
	if err != nil || sec < 0 || sec != math.Trunc(sec) || sec > 1e12 {
		return 0, lr.errorf("time", "%q is not a whole number of seconds", row[1])
	}
	rel := int64(sec) - day*86400
	if rel < 0 || rel >= 86400 {
		return 0, lr.errorf("time", "%s s is not in day %d", row[1], day)
	}
	at := sim.Time(rel) * sim.Second
	h.rows++
	if h.rows > 1 && at < h.lastAt+sim.Minute {
		if at <= h.lastAt {
			return 0, lr.errorf("time", "not sorted: %s s after %v", row[1], h.lastAt)
		}
		return 0, lr.errorf("time", "rows %v apart: want per-minute rows, at least 60 s apart", at-h.lastAt)
	}
	h.lastAt = at
	return at, nil
}
