package playground

import (
	"reflect"
	"strconv"
	"strings"
	"time"

	"faassim/models/metrics"
	"faassim/scenarios"
)

// change is one setting that differs between two states: its --set path,
// the words for it, and its effective value before and after.
type change struct {
	Path     string
	Field    string // the path's last element: "ttl", "rate_per_s", ...
	What     string // "TTL on lambda"
	Old, New string // as a person reads them: "10m", "1m"
	Platform string // the platform it acts on ("" for a workload setting)
}

// words is the change in a phrase: "TTL on lambda 10m to 1m".
func (c change) words() string { return c.What + " " + c.Old + " to " + c.New }

// changesBetween lists what the overrides change from prev to cur, in the
// order the paths were first written (cur's, then those only prev had),
// each with its effective value in either scenario: an override removed
// brings back the example's value, and one that writes the value already
// in effect changes nothing.
func changesBetween(prev, cur Snapshot) []change {
	var paths []string
	seen := map[string]bool{}
	for _, sets := range [][]string{cur.State.Sets, prev.State.Sets} {
		for _, kv := range sets {
			key, _, ok := strings.Cut(kv, "=")
			key = strings.TrimSpace(key)
			if ok && key != "" && !seen[key] {
				seen[key] = true
				paths = append(paths, key)
			}
		}
	}
	var out []change
	for _, path := range paths {
		oldV, newV := valueAt(prev, path), valueAt(cur, path)
		if oldV == newV {
			continue
		}
		c := change{Path: path, Field: path[strings.LastIndex(path, ".")+1:], Old: oldV, New: newV}
		c.What, c.Platform = settingWords(cur.Scenario, path)
		out = append(out, c)
	}
	return out
}

// settingWords names the setting at a --set path: "TTL on lambda",
// "rate of api".
func settingWords(s *scenarios.Scenario, path string) (what, platform string) {
	segs := strings.Split(path, ".")
	field := segs[len(segs)-1]
	label, ok := fieldWords[field]
	if !ok {
		label = strings.ReplaceAll(field, "_", " ")
	}
	switch {
	case len(segs) >= 2 && segs[0] == "platforms":
		if i, err := strconv.Atoi(segs[1]); err == nil && s != nil && i >= 0 && i < len(s.Platforms) {
			platform = s.Platforms[i].Name
			return label + " on " + platform, platform
		}
	case len(segs) >= 4 && segs[0] == "workload" && segs[2] == "functions":
		if i, err := strconv.Atoi(segs[3]); err == nil && s != nil && s.Workload.Synthetic != nil && i >= 0 && i < len(s.Workload.Synthetic.Functions) {
			name := s.Workload.Synthetic.Functions[i].Name
			if segs[len(segs)-2] == "duration" && field != "dist" {
				label = field + " duration"
			}
			if field == "rate_per_s" && s.Workload.Synthetic.Functions[i].Arrival.Process == "mmpp" {
				label = "quiet rate" // an mmpp's rate_per_s: between bursts
			}
			return label + " of " + name, ""
		}
	}
	return label, ""
}

// fieldWords are the words for the settings the controls write.
var fieldWords = map[string]string{
	"rate_per_s":         "rate",
	"cv":                 "burstiness (cv)",
	"burst_rate_per_s":   "burst rate",
	"burst_mean":         "burst length",
	"quiet_mean":         "quiet spell",
	"process":            "arrival process",
	"memory_mb":          "memory",
	"policy":             "policy",
	"ttl":                "TTL",
	"per_instance":       "per-instance concurrency",
	"provisioned":        "provisioned instances",
	"account_limit":      "account limit",
	"replicas":           "replicas",
	"target":             "autoscaling target",
	"on_limit":           "on-limit",
	"horizon":            "horizon",
	"seed":               "seed",
	"cpu_bound_fraction": "CPU-bound share",
}

// valueAt is the effective value at a --set path in a snapshot, as a
// person reads it. A zero integer is "the preset's": the results'
// settings say what it resolved to.
func valueAt(s Snapshot, path string) string {
	if s.Scenario == nil {
		return "?"
	}
	segs := strings.Split(path, ".")
	field := segs[len(segs)-1]
	v := reflect.ValueOf(s.Scenario).Elem()
	for _, seg := range segs {
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return "unset"
			}
			v = v.Elem()
		}
		switch v.Kind() {
		case reflect.Struct:
			f, ok := fieldByTag(v, seg)
			if !ok {
				return "?"
			}
			v = f
		case reflect.Slice:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= v.Len() {
				return "none"
			}
			v = v.Index(i)
		default:
			return "?"
		}
	}
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "unset"
		}
		v = v.Elem()
	}
	if v.Type() == reflect.TypeFor[scenarios.Duration]() {
		return metrics.ShortDuration(time.Duration(v.Int()).Seconds())
	}
	switch v.Kind() {
	case reflect.Int:
		if v.Int() == 0 {
			return resolvedInt(s, segs)
		}
		n := strconv.FormatInt(v.Int(), 10)
		if field == "memory_mb" {
			n += " MB"
		}
		return n
	case reflect.Float64:
		x := v.Float()
		if field == "rate_per_s" || field == "burst_rate_per_s" {
			return rate(x)
		}
		if field == "target" {
			return pct(x)
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	}
	return "?"
}

// fieldByTag finds a struct field by its yaml name, inline ones included.
func fieldByTag(v reflect.Value, name string) (reflect.Value, bool) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		tag, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if tag == name && f.IsExported() {
			return v.Field(i), true
		}
		if opts == "inline" && f.Type.Kind() == reflect.Struct {
			if g, ok := fieldByTag(v.Field(i), name); ok {
				return g, true
			}
		}
	}
	return reflect.Value{}, false
}

// resolvedInt says what a zero integer resolved to, from the settings of
// the platform it belongs to.
func resolvedInt(s Snapshot, segs []string) string {
	field := segs[len(segs)-1]
	if len(segs) < 2 || segs[0] != "platforms" {
		return "0"
	}
	i, err := strconv.Atoi(segs[1])
	if err != nil || i < 0 || i >= len(s.Scenario.Platforms) {
		return "0"
	}
	p := resultOf(s.Results, s.Scenario.Platforms[i].Name)
	if p == nil || p.Settings == nil {
		return "0"
	}
	st := p.Settings
	switch field {
	case "per_instance":
		return strconv.Itoa(st.PerInstance)
	case "account_limit":
		if st.AccountLimit == 0 {
			return "none"
		}
		return strconv.Itoa(st.AccountLimit)
	case "provisioned":
		return strconv.Itoa(st.Provisioned)
	case "memory_mb":
		if len(st.Functions) > 0 && st.Functions[0].MemoryMB > 0 {
			return strconv.Itoa(st.Functions[0].MemoryMB) + " MB"
		}
	}
	return "0"
}
