package scenarios

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseParams parses every --param of a sweep (see ParseParam) and checks
// them against each other and the --set overrides (see checkParams).
func ParseParams(specs, sets []string) ([]Param, error) {
	var ps []Param
	for _, s := range specs {
		p, err := ParseParam(s)
		if err != nil {
			return nil, err
		}
		ps = append(ps, p)
	}
	return ps, checkParams(ps, sets)
}

// checkParams refuses a path swept twice, or swept and also set with
// --set: every point's overrides are applied in order, so the grid would
// list both while every point ran with the last value only (a
// "memory_mb x memory_mb" sweep of one memory size).
func checkParams(params []Param, sets []string) error {
	seen := map[string]string{}
	for _, p := range params {
		k := canonicalPath(p.Path)
		if first, dup := seen[k]; dup {
			return fmt.Errorf("--param %s: the path is swept twice (also --param %s): give it once, with all its values", p.Path, first)
		}
		seen[k] = p.Path
	}
	for _, kv := range sets {
		key, _, _ := strings.Cut(kv, "=")
		if p, dup := seen[canonicalPath(key)]; dup {
			return fmt.Errorf("--param %s: the path is also given by --set %s, which the sweep would override: drop one", p, strings.TrimSpace(key))
		}
	}
	return nil
}

// canonicalPath is a --set path as setNode reads it: trimmed, and list
// indices as numbers ("platforms.00" is "platforms.0").
func canonicalPath(path string) string {
	segs := strings.Split(strings.TrimSpace(path), ".")
	for i, s := range segs {
		if n, err := strconv.Atoi(s); err == nil && n >= 0 {
			segs[i] = strconv.Itoa(n)
		}
	}
	return strings.Join(segs, ".")
}
