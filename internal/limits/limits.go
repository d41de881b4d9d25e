package limits

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Bytes is an amount of memory in bytes. Unlimited (any negative value)
// lifts a bound.
type Bytes int64

// Unlimited lifts a bound: "--max-memory unlimited".
const Unlimited = -1

// DefaultMaxMemory is the memory a command may use unless --max-memory says
// otherwise: 1 GB, what a small CI runner or a shared batch slot can give
// without anyone noticing.
const DefaultMaxMemory Bytes = 1_000_000_000

// EventsPerSecond is the speed the work estimate assumes: simulated
// requests a second on one core. It is the slowest measured on this
// project's examples and trace replays (a trace replay runs at 2.2 million
// invocations a second, synthetic examples at 2.1 to 7.6 million): an
// estimate at this rate is an upper bound of the CPU time, rarely exceeded.
const EventsPerSecond = 2e6

// DefaultMaxEvents is the work a command may do unless --max-events says
// otherwise: one hour of CPU at EventsPerSecond.
const DefaultMaxEvents = 3600 * EventsPerSecond

// Budget bounds what a command may use. A zero field takes its default; a
// negative one is unlimited.
type Budget struct {
	MaxMemory Bytes
	MaxEvents float64
}

// Memory returns the memory bound in bytes, or +Inf when unlimited.
func (b Budget) Memory() float64 {
	switch {
	case b.MaxMemory == 0:
		return float64(DefaultMaxMemory)
	case b.MaxMemory < 0:
		return math.Inf(1)
	}
	return float64(b.MaxMemory)
}

// Events returns the work bound in events, or +Inf when unlimited.
func (b Budget) Events() float64 {
	switch {
	case b.MaxEvents == 0:
		return DefaultMaxEvents
	case b.MaxEvents < 0:
		return math.Inf(1)
	}
	return b.MaxEvents
}

// MemoryFlag names the memory bound's flag and value, for messages:
// "--max-memory (now 1GB, the default)".
func (b Budget) MemoryFlag() string {
	if b.MaxMemory == 0 {
		return "--max-memory (now " + DefaultMaxMemory.String() + ", the default)"
	}
	return "--max-memory (now " + b.MaxMemory.String() + ")"
}

// EventsFlag names the work bound's flag and value, for messages.
func (b Budget) EventsFlag() string {
	if b.MaxEvents == 0 {
		return "--max-events (now " + FormatCount(DefaultMaxEvents) + ", the default)"
	}
	return "--max-events (now " + FormatCount(b.MaxEvents) + ")"
}

// units are the suffixes ParseBytes accepts, decimal and binary.
var units = []struct {
	suffix string
	size   float64
}{
	{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"tib", 1 << 40},
	{"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"tb", 1e12},
	{"k", 1e3}, {"m", 1e6}, {"g", 1e9}, {"t", 1e12}, {"b", 1},
}

// ParseBytes reads a memory size: "1GB", "512MB", "4GiB", "1.5G", "2e9" (bytes);
// "none", "off" or "unlimited" lift the bound (Unlimited). A size of 0 is
// refused: it could mean no memory or no bound, and "unlimited" says the
// second.
func ParseBytes(s string) (Bytes, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	switch t {
	case "none", "off", "unlimited":
		return Unlimited, nil
	}
	scale := 1.0
	for _, u := range units {
		if num, ok := strings.CutSuffix(t, u.suffix); ok {
			t, scale = strings.TrimSpace(num), u.size
			break
		}
	}
	x, err := strconv.ParseFloat(t, 64)
	if err == nil && x == 0 {
		return 0, fmt.Errorf("invalid size %q: no memory at all (unlimited lifts the bound; or give a size such as 1GB)", s)
	}
	if err != nil || !(x > 0) || math.IsInf(x, 0) || x*scale >= math.MaxInt64 {
		return 0, fmt.Errorf("invalid size %q (want e.g. 1GB, 512MB, 4GiB, or unlimited)", s)
	}
	if b := Bytes(math.Ceil(x * scale)); b > 0 {
		return b, nil
	}
	return 1, nil
}

// String formats b the way ParseBytes reads it: "1GB", "1.5GB", "4GiB",
// "unlimited".
func (b Bytes) String() string {
	if b < 0 {
		return "unlimited"
	}
	for _, u := range []struct {
		suffix string
		size   int64
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if int64(b) >= u.size && int64(b)%u.size == 0 && int64(b)%1000 != 0 {
			return strconv.FormatInt(int64(b)/u.size, 10) + u.suffix
		}
	}
	return FormatSize(float64(b))
}

// FormatSize writes a number of bytes in round decimal units: "1GB",
// "2.3GB", "640MB", "12KB", "900B".
func FormatSize(n float64) string {
	switch {
	case math.IsInf(n, 1):
		return "unlimited"
	case n >= 1e12:
		return trim(n/1e12) + "TB"
	case n >= 1e9:
		return trim(n/1e9) + "GB"
	case n >= 1e6:
		return trim(n/1e6) + "MB"
	case n >= 1e3:
		return trim(n/1e3) + "KB"
	}
	return strconv.FormatFloat(math.Ceil(n), 'f', 0, 64) + "B"
}

func trim(x float64) string {
	if x >= 100 {
		return strconv.FormatFloat(math.Round(x), 'f', 0, 64)
	}
	return strconv.FormatFloat(x, 'g', 2, 64)
}

// ParseEvents reads an event count: "1e10", "7200000000"; "none", "off" or
// "unlimited" lift the bound (-1). A count of 0 is refused, as a size of 0
// is by ParseBytes.
func ParseEvents(s string) (float64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	switch t {
	case "none", "off", "unlimited":
		return Unlimited, nil
	}
	x, err := strconv.ParseFloat(strings.ReplaceAll(t, "_", ""), 64)
	if err == nil && x == 0 {
		return 0, fmt.Errorf("invalid event count %q: no work at all (unlimited lifts the bound; or give a count such as 1e10)", s)
	}
	if err != nil || !(x >= 1) || math.IsInf(x, 0) {
		return 0, fmt.Errorf("invalid event count %q (want e.g. 1e10, or unlimited)", s)
	}
	return x, nil
}

// FormatCount writes a large count briefly: "7.2e+09" becomes "7.2e9",
// counts under a million keep their digits ("48,000").
func FormatCount(x float64) string {
	switch {
	case math.IsInf(x, 1):
		return "unlimited"
	case x < 1e6:
		return groupDigits(int64(math.Round(x)))
	}
	mant, exp, _ := strings.Cut(strconv.FormatFloat(x, 'e', 1, 64), "e") // "7.2", "+09"
	return strings.TrimSuffix(mant, ".0") + "e" + strings.TrimLeft(strings.TrimPrefix(exp, "+"), "0")
}

// FormatNumber writes a factor or a flag's number as a user types it:
// "0.05", "3", "1e9".
func FormatNumber(x float64) string {
	if math.Abs(x) >= 1e6 && !math.IsInf(x, 0) {
		return FormatCount(x)
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// CPUTime says how long events take at EventsPerSecond: "about 2 h",
// "about 40 min", "under a minute".
func CPUTime(events float64) string {
	s := events / EventsPerSecond
	switch {
	case s < 60:
		return "under a minute of CPU"
	case s < 3600:
		return fmt.Sprintf("about %.0f minutes of CPU", s/60)
	case s < 100*3600:
		return fmt.Sprintf("about %.2g hours of CPU", s/3600)
	case s < 3*365*24*3600:
		return fmt.Sprintf("about %.0f days of CPU", s/86400)
	}
	return fmt.Sprintf("about %s years of CPU", FormatCount(s/(365.25*86400)))
}
