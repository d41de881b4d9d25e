package scenarios

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"faassim/internal/yamlerr"
)

// DayList is the days of a multi-day per-minute trace replayed as one
// continuous run (workload.trace and workload.synth "days:"), in the order
// replayed: written as a range "A-B" or a YAML list of day numbers
// ([1, 3, 5]). The k-th day listed starts at k x 24 h of the run.
type DayList []int

// maxListedDays bounds the days one replay lists: ten years of days, far
// above any release (Azure 2019: 14; Huawei 2023: some 230), and small
// enough that a typo such as 1-1000000 is named, not allocated.
const maxListedDays = 3660

// MarshalYAML writes a run of consecutive days as the range "A-B" a
// person writes, anything else as the list; Load reads either back.
func (d DayList) MarshalYAML() (any, error) {
	if len(d) > 1 {
		consecutive := true
		for i := 1; i < len(d); i++ {
			consecutive = consecutive && d[i] == d[i-1]+1
		}
		if consecutive {
			return fmt.Sprintf("%d-%d", d[0], d[len(d)-1]), nil
		}
	}
	return []int(d), nil
}

// parseDayRange reads the string form of days: "A-B", both whole numbers
// from 1, A <= B, or one day "N".
func parseDayRange(s string) ([]int, error) {
	a, b, isRange := strings.Cut(strings.TrimSpace(s), "-")
	if !isRange {
		b = a
	}
	first, ea := strconv.Atoi(strings.TrimSpace(a))
	last, eb := strconv.Atoi(strings.TrimSpace(b))
	switch {
	case ea != nil || eb != nil:
		return nil, fmt.Errorf("want a range of days such as 1-14, or a list such as [1, 3, 5], got %q", s)
	case first < 1:
		return nil, fmt.Errorf("days %q: days count from 1", s)
	case last < first:
		return nil, fmt.Errorf("days %q: the range runs backwards (want A-B with A <= B, e.g. 1-14)", s)
	case last-first >= maxListedDays:
		return nil, fmt.Errorf("days %q: %d days, more than %d", s, last-first+1, maxListedDays)
	}
	days := make([]int, 0, last-first+1)
	for d := first; d <= last; d++ {
		days = append(days, d)
	}
	return days, nil
}

var dayListType = reflect.TypeFor[DayList]()

// dayList decodes days: a range string or a list of whole day numbers,
// each bad element named by its index and line.
func (d *decoder) dayList(n ast.Node, v reflect.Value, path string, o origin) {
	if seq, ok := n.(*ast.SequenceNode); ok {
		if len(seq.Values) > maxListedDays {
			d.add(path, o, "%d days, more than %d", len(seq.Values), maxListedDays)
			return
		}
		days := make(DayList, len(seq.Values))
		for i, e := range seq.Values {
			eo := o
			if eo.set == "" {
				eo.line = yamlerr.Line(e)
			}
			d.decode(e, reflect.ValueOf(&days[i]).Elem(), fmt.Sprintf("%s[%d]", path, i), eo)
		}
		v.Set(reflect.ValueOf(days))
		return
	}
	if in, ok := n.(*ast.IntegerNode); ok { // days: 3, one day
		var day int
		d.integer(in, reflect.ValueOf(&day).Elem(), path, o)
		v.Set(reflect.ValueOf(DayList{day}))
		return
	}
	text, ok := scalarText(n)
	if !ok {
		d.add(path, o, "want a range of days such as 1-14, or a list such as [1, 3, 5], got %s", kindOf(n))
		return
	}
	days, err := parseDayRange(text)
	if err != nil {
		d.add(path, o, "%v", err)
		return
	}
	v.Set(reflect.ValueOf(DayList(days)))
}

// days checks a days list against day and the format: the formats with a
// file per day only, every day from 1, up to last (0: no bound known),
// each listed once.
func (c *checker) days(path string, day int, days DayList, format string, last int) {
	if len(days) == 0 {
		return
	}
	if day != 0 {
		c.add(path+".days", "give day or days, not both (day %d, days %s)", day, dayText(days))
	}
	if format != "azure2019" && format != "huawei2023" {
		c.add(path+".days", "applies to the per-day releases azure2019 and huawei2023 only, not %s", format)
		return
	}
	seen := map[int]int{}
	for i, d := range days {
		at := fmt.Sprintf("%s.days[%d]", path, i)
		switch j, dup := seen[d]; {
		case d < 1:
			c.add(at, "must be >= 1 (days count from 1), got %d", d)
		case last > 0 && d > last:
			c.add(at, "must be within 1..%d, got %d", last, d)
		case dup:
			c.add(at, "day %d is listed twice (also days[%d]): a run replays each day once", d, j)
		}
		seen[d] = i
	}
}

// dayText is days as written in messages: "1-14" or "[1 3 5]".
func dayText(days DayList) string {
	v, _ := days.MarshalYAML()
	return fmt.Sprint(v)
}
