package scenarios

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"faassim/models/faas"
	"faassim/models/metrics"
)

// The strategies below are those of AWS Lambda Power Tuning
// (github.com/alexcasalboni/aws-lambda-power-tuning, lambda/analyzer.js,
// README-EXECUTE.md), applied to simulated points instead of real
// invocations:
//
//   - cost: the lowest mean cost per invocation; on equal cost the faster
//     (findCheapest). The cost compared leaves out the request fee, as
//     Power Tuning's averagePrice does (see metrics.TunePoint).
//   - speed: the lowest mean duration; on equal duration the cheaper
//     (findFastest).
//   - balanced: the lowest w * cost/max(cost) + (1 - w) * duration/max(duration),
//     w = 0.5 by default (findBalanced). Power Tuning's README says w = 0 is
//     the speed strategy and w = 1 the cost strategy; its code breaks ties of
//     the score by input order, which makes w = 1 pick the first of several
//     equally cheap sizes where cost picks the fastest. Here ties of the
//     score are broken as cost and speed break theirs (the faster, then the
//     cheaper), so the README's equivalences hold exactly.
//
// Power Tuning compares floats exactly; a simulated mean is a sum over many
// invocations whose rounding depends on the order of the additions, so two
// values within a relative 1e-9 are taken as equal here (a billionth of a
// price is arithmetic noise, never a difference in price).

// DefaultTuneMemoryMB is AWS Lambda Power Tuning's default powerValues
// (template.yml, PowerValues: 128,256,512,1024,1536,3008).
var DefaultTuneMemoryMB = []int{128, 256, 512, 1024, 1536, 3008}

// The sizes --memory may name at all: whole MB from 1 to 1,048,576 (the
// generic preset's range). Each platform's own range is checked by Tune
// against its preset (AWS Lambda 128 to 10,240 MB, Cloud Run up to 32 GiB,
// Azure Flex 512, 2,048 or 4,096 MB only).
const (
	TuneMinMemoryMB = 1
	TuneMaxMemoryMB = 1 << 20
)

// DefaultBalancedWeight is Power Tuning's default balancedWeight.
const DefaultBalancedWeight = 0.5

// tuneRelTol is the relative difference under which two costs, durations or
// scores are equal (see above).
const tuneRelTol = 1e-9

func tuneEqual(a, b float64) bool {
	return a == b || math.Abs(a-b) <= tuneRelTol*math.Max(math.Abs(a), math.Abs(b))
}

// tuneCmp compares a and b, equal within tuneRelTol: -1, 0 or +1.
func tuneCmp(a, b float64) int {
	switch {
	case tuneEqual(a, b):
		return 0
	case a < b:
		return -1
	}
	return 1
}

// ParseMemoryGrid parses --memory: "" (Power Tuning's default list), a list
// "128,512,1024" (kept in its order), or a range "from:to:steps" (linear) or
// "from:to:steps:log" (geometric), each point rounded to a whole MB. Every
// size must lie within TuneMinMemoryMB..TuneMaxMemoryMB (the platform's
// range is Tune's to check): a size out of range is an error, never moved
// into range; sizes that repeat (in a list, or once a range is rounded)
// are an error too.
func ParseMemoryGrid(spec string) ([]int, error) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return slices.Clone(DefaultTuneMemoryMB), nil
	}
	inRange := func(mb int, text string) error {
		if mb < TuneMinMemoryMB || mb > TuneMaxMemoryMB {
			return fmt.Errorf("--memory %q: %s MB is not a memory size (1 to 1,048,576 MB)", cutText(spec, 60), text)
		}
		return nil
	}
	var out []int
	if !strings.Contains(spec, ":") {
		seen := map[int]bool{}
		for _, v := range strings.Split(spec, ",") {
			v = strings.TrimSpace(v)
			mb, err := strconv.Atoi(v)
			if err != nil {
				return nil, fmt.Errorf("--memory %q: %q is not a whole number of MB", cutText(spec, 60), cutText(v, 20))
			}
			if err := inRange(mb, v); err != nil {
				return nil, err
			}
			if seen[mb] {
				return nil, fmt.Errorf("--memory %q: %d MB is listed twice", cutText(spec, 60), mb)
			}
			seen[mb] = true
			out = append(out, mb)
		}
		return out, nil
	}
	parts := strings.Split(spec, ":")
	if len(parts) < 3 || len(parts) > 4 || (len(parts) == 4 && parts[3] != "log") {
		return nil, fmt.Errorf("--memory %q: want a list (128,512,1024) or a range from:to:steps or from:to:steps:log", cutText(spec, 60))
	}
	ends := [2]int{}
	for i, p := range parts[:2] {
		mb, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil {
			return nil, fmt.Errorf("--memory %q: %q is not a whole number of MB", cutText(spec, 60), cutText(p, 20))
		}
		if err := inRange(mb, strings.TrimSpace(p)); err != nil {
			return nil, err
		}
		ends[i] = mb
	}
	from, to := ends[0], ends[1]
	if from >= to {
		return nil, fmt.Errorf("--memory %q: a range goes from a smaller size to a larger one", cutText(spec, 60))
	}
	steps, err := strconv.Atoi(strings.TrimSpace(parts[2]))
	// At most one point per MB of the range: more must repeat a size.
	if err != nil || steps < 2 || steps > to-from+1 {
		return nil, fmt.Errorf("--memory %q: steps must be a whole number from 2 to %d (one per MB of the range)", cutText(spec, 60), to-from+1)
	}
	logScale := len(parts) == 4
	for i := range steps {
		f := float64(i) / float64(steps-1)
		x := float64(from) + f*float64(to-from)
		if logScale {
			x = float64(from) * math.Pow(float64(to)/float64(from), f)
		}
		mb := int(math.Round(x))
		// Rounding cannot leave [from, to], but the ends are exact.
		mb = min(max(mb, from), to)
		if len(out) > 0 && out[len(out)-1] == mb {
			return nil, fmt.Errorf("--memory %q: %d steps repeat %d MB once rounded to whole MB: use fewer steps", cutText(spec, 60), steps, mb)
		}
		out = append(out, mb)
	}
	return out, nil
}

// cut shortens s for a message.
func cutText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// ParseArchitectures parses --arch: "" (the platform's own), or a list of
// x86_64 and arm64 without repeats.
func ParseArchitectures(spec string) ([]string, error) {
	if strings.TrimSpace(spec) == "" {
		return nil, nil
	}
	var out []string
	for _, a := range strings.Split(spec, ",") {
		a = strings.TrimSpace(a)
		switch {
		case a != "x86_64" && a != "arm64":
			return nil, fmt.Errorf("--arch %q: unknown architecture %q (valid: x86_64, arm64)", cutText(spec, 60), cutText(a, 20))
		case slices.Contains(out, a):
			return nil, fmt.Errorf("--arch %q: %s is listed twice", cutText(spec, 60), a)
		}
		out = append(out, a)
	}
	return out, nil
}

// CheckTuneStrategy refuses an unknown strategy or a weight outside [0, 1]
// (Power Tuning clamps the weight; a typo such as 5 for 0.5 is better
// reported than clamped to 1).
func CheckTuneStrategy(strategy string, weight float64) error {
	if !slices.Contains(metrics.TuneStrategies, strategy) {
		return fmt.Errorf("--strategy %q: want cost, speed or balanced", strategy)
	}
	if !(weight >= 0 && weight <= 1) {
		return fmt.Errorf("--weight %v: want a number from 0 (speed only) to 1 (cost only)", weight)
	}
	return nil
}

// recommend fills every point's balanced score and the pick of each
// strategy among the points that are not saturated (none: -1).
func recommend(t *metrics.Tune) {
	var cand []int
	maxCost, maxDur := 0.0, 0.0
	for i, p := range t.Points {
		if p.Saturated || !(p.MeanDurationMS > 0) {
			continue
		}
		cand = append(cand, i)
		maxCost, maxDur = math.Max(maxCost, p.CostWithoutRequestFeeUSD), math.Max(maxDur, p.MeanDurationMS)
	}
	w := t.BalancedWeight
	for _, i := range cand {
		p := &t.Points[i]
		p.BalancedScore = w*tuneRatio(p.CostWithoutRequestFeeUSD, maxCost) + (1-w)*tuneRatio(p.MeanDurationMS, maxDur)
	}
	cost := func(i int) float64 { return t.Points[i].CostWithoutRequestFeeUSD }
	dur := func(i int) float64 { return t.Points[i].MeanDurationMS }
	score := func(i int) float64 { return t.Points[i].BalancedScore }
	// Each ordering: its key, then the other strategy's tie-break; a full
	// tie keeps the grid's order (the first point wins), as a stable sort.
	orders := map[string][]func(int) float64{
		"cost":     {cost, dur},
		"speed":    {dur, cost},
		"balanced": {score, dur, cost},
	}
	t.Best = map[string]int{}
	for _, name := range metrics.TuneStrategies {
		keys := orders[name]
		best := -1
		for _, i := range cand {
			if best < 0 || better(i, best, keys) {
				best = i
			}
		}
		t.Best[name] = best
	}
	t.Recommended = t.Best[t.Strategy]
}

// better reports whether point i comes strictly before point j by keys.
func better(i, j int, keys []func(int) float64) bool {
	for _, k := range keys {
		if c := tuneCmp(k(i), k(j)); c != 0 {
			return c < 0
		}
	}
	return false
}

func tuneRatio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// tuneGrid is the grid tuned on preset pr: --memory's sizes, each checked
// against the preset's range (or its only sizes), or, without --memory,
// Power Tuning's default list kept to the sizes the preset offers (its
// own list when it has one), with a note saying so.
func tuneGrid(given []int, pr faas.Preset) (grid []int, note string, err error) {
	if len(given) == 0 {
		switch {
		case len(pr.MemorySizes) > 0:
			grid = slices.Clone(pr.MemorySizes)
		default:
			for _, mb := range DefaultTuneMemoryMB {
				if mb >= pr.MinMemoryMB && mb <= pr.MaxMemoryMB {
					grid = append(grid, mb)
				}
			}
		}
		if !slices.Equal(grid, DefaultTuneMemoryMB) {
			note = fmt.Sprintf("Memory sizes: %s offers %s, so the grid is %v MB, not Power Tuning's default %v (set --memory to choose).",
				pr.Name, presetSizes(pr), grid, DefaultTuneMemoryMB)
		}
		if len(grid) == 0 {
			return nil, "", fmt.Errorf("%s offers %s, none of Power Tuning's default sizes: give --memory", pr.Name, presetSizes(pr))
		}
		return grid, note, nil
	}
	for _, mb := range given {
		if (len(pr.MemorySizes) > 0 && !slices.Contains(pr.MemorySizes, mb)) || mb < pr.MinMemoryMB || mb > pr.MaxMemoryMB {
			return nil, "", fmt.Errorf("--memory: %d MB is not a size %s offers (%s)", mb, pr.Name, presetSizes(pr))
		}
	}
	return given, "", nil
}

func presetSizes(pr faas.Preset) string {
	if len(pr.MemorySizes) > 0 {
		parts := make([]string, len(pr.MemorySizes))
		for i, mb := range pr.MemorySizes {
			parts[i] = strconv.Itoa(mb)
		}
		return strings.Join(parts, ", ") + " MB only"
	}
	return fmt.Sprintf("%s to %s MB", thousands(pr.MinMemoryMB), thousands(pr.MaxMemoryMB))
}

// thousands writes n with a comma every three digits ("10,240").
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
