package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"faassim/models/metrics"
)

// failAbove is diff's --fail-above threshold on the rise of a platform's
// monthly cost: US dollars a month ("$50", "50") or a share of BASE's cost
// ("10%").
type failAbove struct {
	usd      float64 // dollars a month, when !relative
	percent  float64 // when relative
	relative bool
	text     string // as the user wrote it, for the message
}

// parseFailAbove reads a --fail-above value: a finite number >= 0, with an
// optional "$" before it (dollars a month) or a "%" after it (relative to
// BASE's monthly cost). Nothing else: "$10%", "-5", "1e999", "NaN" and ""
// are refused, saying what is expected.
func parseFailAbove(s string) (failAbove, error) {
	t := strings.TrimSpace(s)
	fa := failAbove{text: t}
	num := t
	switch {
	case strings.HasSuffix(t, "%"):
		fa.relative = true
		num = strings.TrimSuffix(t, "%")
	case strings.HasPrefix(t, "$"):
		num = strings.TrimPrefix(t, "$")
	}
	bad := func(why string) (failAbove, error) {
		return failAbove{}, fmt.Errorf("--fail-above %q: %s; want dollars a month (\"$50\" or \"50\") or a percentage of BASE's monthly cost (\"10%%\")", s, why)
	}
	// Only digits and one point: ParseFloat alone would take "0x1p3",
	// "Inf", "1_000" and a sign.
	if num == "" || strings.Trim(num, "0123456789.") != "" || strings.Count(num, ".") > 1 || num == "." {
		return bad("not a number")
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsInf(v, 0) {
		return bad("not a finite number")
	}
	if fa.relative {
		fa.percent = v
	} else {
		fa.usd = v
	}
	return fa, nil
}

// exceeded says whether a platform's monthly cost change goes over the
// threshold, and how much it rose in words. The change compared is the
// mean of the paired per-replication differences (deterministic for a
// given seed, so a CI job does not flap). A rise from a BASE cost of 0 is
// over any percentage.
func (fa failAbove) exceeded(c metrics.Change) (bool, string) {
	rise := fmt.Sprintf("+$%.2f/month", c.Delta)
	if c.Relative != nil {
		rise += fmt.Sprintf(" (%+.1f%%)", 100**c.Relative)
	}
	if c.Delta <= 0 {
		return false, rise
	}
	if !fa.relative {
		return c.Delta > fa.usd, rise
	}
	if c.Base <= 0 {
		return true, rise + " from $0.00"
	}
	return 100*c.Delta/c.Base > fa.percent, rise
}
