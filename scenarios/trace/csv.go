package trace

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
)

// csvRows reads the header of a generic CSV trace:
// timestamp,function,duration_ms[,memory_mb][,app], columns found by name.
// The timestamp is the arrival, in decimal seconds of any epoch or RFC 3339;
// rows must be sorted by it.
func csvRows(lr *lineReader) (*rowFormat, error) {
	names, idx, err := lr.header()
	if err != nil {
		return nil, err
	}
	c, err := lr.require(idx, "timestamp", "function", "duration_ms")
	if err != nil {
		return nil, err
	}
	memCol, hasMem := idx["memory_mb"]
	appCol, hasApp := idx["app"]
	return &rowFormat{ncols: len(names), sortField: "timestamp",
		parse: func(f [][]byte) (invRow, string, error) {
			var r invRow
			var err error
			if r.arrival, err = parseTimestamp(f[c[0]]); err != nil {
				return r, "timestamp", err
			}
			if len(f[c[1]]) == 0 {
				return r, "function", errors.New("empty function name")
			}
			r.fn = f[c[1]]
			r.app = r.fn
			if hasApp && len(f[appCol]) > 0 {
				r.app = f[appCol]
			}
			ms, err := parseNonNeg(f[c[2]])
			if err != nil {
				return r, "duration_ms", err
			}
			if r.duration, err = secondsToTime(ms / 1000); err != nil {
				return r, "duration_ms", err
			}
			if hasMem && len(f[memCol]) > 0 {
				mb, err := parseNonNeg(f[memCol])
				if err != nil || mb > math.MaxInt32 {
					return r, "memory_mb", fmt.Errorf("%q is not a memory size in MB", f[memCol])
				}
				r.memMB = int32(math.Ceil(mb))
			}
			r.end = r.arrival + r.duration
			return r, "", nil
		}}, nil
}

// parseTimestamp reads decimal seconds exactly (integer and fraction
// apart: a float64 of Unix seconds loses the microseconds) or RFC 3339.
func parseTimestamp(b []byte) (int64, error) {
	s := string(b)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UnixNano(), nil
	}
	whole, frac, _ := cutByte(s, '.')
	neg := len(whole) > 0 && whole[0] == '-'
	if neg {
		whole = whole[1:]
	}
	if whole == "" && frac == "" {
		return 0, fmt.Errorf("%q is neither seconds nor RFC 3339", s)
	}
	var sec int64
	if whole != "" {
		var err error
		sec, err = strconv.ParseInt(whole, 10, 64)
		if err != nil || whole[0] == '+' || sec > math.MaxInt64/1_000_000_000-1 {
			return 0, fmt.Errorf("%q is neither seconds nor RFC 3339", s)
		}
	}
	var ns int64
	for i, ch := range frac {
		if ch < '0' || ch > '9' {
			return 0, fmt.Errorf("%q is neither seconds nor RFC 3339", s)
		}
		if i < 9 {
			ns = ns*10 + int64(ch-'0')
		}
	}
	for i := len(frac); i < 9; i++ {
		ns *= 10
	}
	t := sec*1e9 + ns
	if neg {
		t = -t
	}
	return t, nil
}

func cutByte(s string, c byte) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
