package scenarios

import (
	"cmp"
	"fmt"
	"reflect"

	"github.com/goccy/go-yaml/ast"

	"faassim/internal/yamlerr"
	"faassim/scenarios/trace"
)

// DayList is the days of a multi-day per-minute trace replayed as one
// continuous run (workload.trace and workload.synth "days:"), in the order
// replayed: written as a range "A-B" (trace.ParseDays' forms, "1-5,8"
// too) or a YAML list of day numbers ([1, 3, 5]). The k-th day listed
// starts at k x 24 h of the run.
type DayList []int

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

var dayListType = reflect.TypeFor[DayList]()

// dayList decodes days: a range string or a list of whole day numbers,
// each bad element named by its index and line.
func (d *decoder) dayList(n ast.Node, v reflect.Value, path string, o origin) {
	if seq, ok := n.(*ast.SequenceNode); ok {
		if len(seq.Values) > trace.MaxDays {
			d.add(path, o, "%d days, more than %d", len(seq.Values), trace.MaxDays)
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
	days, err := trace.ParseDays(text)
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
		case d < 1 || d > cmp.Or(last, trace.MaxDays):
			c.add(at, "must be within 1..%d (days count from 1), got %d", cmp.Or(last, trace.MaxDays), d)
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
