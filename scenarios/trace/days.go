package trace

import (
	"cmp"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"

	"faassim/sim"
)

// DayLength is the trace time between the starts of two consecutive
// listed days (Spec.Days): the k-th listed day starts at k x DayLength.
const DayLength = 24 * sim.Hour

// MaxDays bounds a day list: 10,000 days is 27 years, past any release,
// and keeps "1-999999999" from allocating a list of a billion days.
const MaxDays = 10000

// ParseDays parses a day list: "A-B" (a range, both ends included), "D"
// (one day), or several of those separated by commas ("1-5,8,10-12"),
// kept in the order given. Days count from 1; a day listed twice, a
// reversed range or a list of more than MaxDays days is an error naming
// the day.
func ParseDays(s string) ([]int, error) {
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("days %q: want a range A-B or a list of day numbers", s)
	}
	var days []int
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := parseDay(lo, part)
		if err != nil {
			return nil, err
		}
		b := a
		if isRange {
			if b, err = parseDay(hi, part); err != nil {
				return nil, err
			}
			if b < a {
				return nil, fmt.Errorf("days %q: range %s ends before it starts", s, part)
			}
		}
		if b-a+1 > MaxDays-len(days) {
			return nil, fmt.Errorf("days %q: more than %d days", s, MaxDays)
		}
		for d := a; d <= b; d++ {
			days = append(days, d)
		}
	}
	return days, CheckDays(days)
}

// parseDay reads one day number of part.
func parseDay(v, part string) (int, error) {
	v = strings.TrimSpace(v)
	d, err := strconv.Atoi(v)
	if err != nil || d < 1 || d > MaxDays {
		return 0, fmt.Errorf("days: %q in %q: want a day number from 1 to %d", v, part, MaxDays)
	}
	return d, nil
}

// CheckDays refuses a day list with a day below 1 or over MaxDays, or a
// day listed twice (one run replays each day once: a repeated day would
// replay the same counts twice as if they were two days).
func CheckDays(days []int) error {
	if len(days) > MaxDays {
		return fmt.Errorf("days: %d days listed, more than %d", len(days), MaxDays)
	}
	seen := make(map[int]int, len(days))
	for i, d := range days {
		if d < 1 || d > MaxDays {
			return fmt.Errorf("days: day %d (item %d of the list): want a day number from 1 to %d", d, i+1, MaxDays)
		}
		if j, dup := seen[d]; dup {
			return fmt.Errorf("days: day %d is listed twice (items %d and %d)", d, j+1, i+1)
		}
		seen[d] = i
	}
	return nil
}

// dayStreamName is the name of a function's random stream kind on day
// day. Day 1's streams are the single-day reader's names, so day 1 alone
// replays as it always has; later days draw from streams of their own,
// so a day's arrivals and durations do not depend on which other days
// are listed, nor does a day repeat another's draws.
func dayStreamName(kind, fn string, day int) string {
	if day == 1 {
		return "trace/" + kind + "/" + fn
	}
	return "trace/" + kind + "/" + fn + "/d" + strconv.Itoa(day)
}

// reseed gives st the streams of day day. The equidistant phase stays the
// one drawn at the start: a timer stays periodic across midnight. Day
// 1's spread stream skips the draw that phase took, as on a fresh state.
func (st *fnState) reseed(seed uint64, fn string, day int) {
	st.spread = newStream(seed, dayStreamName("spread", fn, day))
	st.dur = newStream(seed, dayStreamName("durations", fn, day))
	st.scale = newStream(seed, dayStreamName("scale", fn, day))
	if day == 1 {
		st.spread.float64()
	}
}

// dayEnterer is a minuteRows of several days: the spreader calls enter
// with each minute's start before it spreads it, so that per-day state
// (durations, memory, streams) changes exactly at midnight, not when the
// reader, one minute ahead, opens the next day.
type dayEnterer interface {
	enter(at sim.Time, fns []fnState)
}

// dayNumbers returns the day numbers of the files in dir named
// prefix+NUMBER+suffix (sorted). It lists dir rather than globbing, so
// that a directory name with a pattern character ("runs[2]") is read as
// written.
func dayNumbers(fsys fs.FS, dir, prefix, suffix string) []int {
	var ents []fs.DirEntry
	if fsys == nil {
		ents, _ = os.ReadDir(cmp.Or(dir, "."))
	} else {
		ents, _ = fs.ReadDir(fsys, cmp.Or(dir, "."))
	}
	var out []int
	for _, e := range ents {
		num, ok := strings.CutPrefix(e.Name(), prefix)
		if num, ok = strings.CutSuffix(num, suffix); !ok {
			continue
		}
		if d, err := strconv.Atoi(num); err == nil {
			out = append(out, d)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// DayRead says whether the k-th listed day (from 0) of Days has a minute
// in the window [From, To) that the run reaches (before From + Horizon,
// when set): a day wholly outside is read by neither of Open's passes,
// and counts 0 in DayInvocations.
func (s *Spec) DayRead(k int) bool {
	start := sim.Time(k) * DayLength
	end := s.to()
	if s.Horizon > 0 && s.From+s.Horizon < end {
		end = s.From + s.Horizon
	}
	return start+DayLength > s.From && start < end
}

// noDayReached is the error of a window, or horizon, that reaches none
// of the listed days.
func noDayReached(spec *Spec) error {
	to := "the end"
	if spec.To > 0 {
		to = spec.To.String()
	}
	return fmt.Errorf("trace: the window from %v to %s reaches none of the %d listed days (%s): the k-th listed day starts at k x 24h",
		spec.From, to, len(spec.Days), FormatDays(spec.Days))
}

// nearestDay is the day of have nearest to d, the earlier on a tie; 0
// when have is empty.
func nearestDay(have []int, d int) int {
	best := 0
	for _, h := range have {
		if best == 0 || abs(h-d) < abs(best-d) {
			best = h
		}
	}
	return best
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// FormatDays writes a day list compactly: "13, 14".
func FormatDays(days []int) string {
	s := make([]string, len(days))
	for i, d := range days {
		s[i] = strconv.Itoa(d)
	}
	return strings.Join(s, ", ")
}

// dayWindow is how much of the k-th listed day the window covers: the
// overlap of [k, k+1) days of trace time with the minutes of the window
// the files cover, [coverFrom, coverFrom+Span).
func (t *Trace) dayWindow(k int) sim.Time {
	lo := max(sim.Time(k)*DayLength, t.coverFrom)
	hi := min(sim.Time(k+1)*DayLength, t.coverFrom+t.Span)
	return max(hi-lo, 0)
}

// selecting reports whether the spec keeps only some functions.
func (s *Spec) selecting() bool { return len(s.Apps) > 0 || s.Top > 0 || s.Sample > 0 }

// addDayWarnings keeps a day's warnings, named by the day when several
// are listed.
func (t *Trace) addDayWarnings(spec *Spec, day int, ws []string) {
	for _, w := range ws {
		if len(spec.Days) > 1 {
			w = fmt.Sprintf("day %d: %s", day, w)
		}
		t.Warnings = append(t.Warnings, w)
	}
}

// fnCount is one union function's invocations on one day.
type fnCount struct {
	fn int32
	n  int64
}

// setDayInvocations counts each listed day's invocations of the kept
// functions: all of dayAll[k] without a selection, else the kept ones'
// among perDay[k].
func (t *Trace) setDayInvocations(selecting bool, dayAll []int64, perDay [][]fnCount, remap []int32) {
	t.DayInvocations = make([]int64, len(dayAll))
	for k := range dayAll {
		if !selecting {
			t.DayInvocations[k] = dayAll[k]
		} else {
			for _, c := range perDay[k] {
				if remap[c.fn] >= 0 {
					t.DayInvocations[k] += c.n
				}
			}
		}
		t.Invocations += t.DayInvocations[k]
	}
}
