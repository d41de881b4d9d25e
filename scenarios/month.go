package scenarios

import (
	"time"

	"faassim/models/pricing"
	"faassim/sim"
)

// month is the billing month that costs are projected to: the scenario's,
// or pricing.DefaultMonth (30 days) for a Scenario built in Go without
// ApplyDefaults.
func (s *Scenario) month() sim.Time {
	if s.Month == 0 {
		return pricing.DefaultMonth
	}
	return sim.FromDuration(time.Duration(s.Month))
}

// monthLine is the assumption that says which month costs are projected
// to.
func monthLine(m sim.Time) string {
	name := pricing.MonthName(m)
	if m == pricing.Month730Hours {
		name += " (365 days / 12, the AWS Pricing Calculator's month)"
	}
	return "Monthly costs project the measured window to a " + name +
		"; monthly volume tiers and free allowances apply to that projection, not to the window."
}

// month checks the scenario's billing month: a positive duration of 28 to
// 31 days. 720h (30 days) and 730h (the AWS Pricing Calculator's month)
// are the usual ones; any calendar month's length is accepted so that a
// run can be set against one month's bill (672h for February, 744h for a
// 31-day month), nothing shorter or longer because monthly allowances and
// volume tiers only mean something over a month.
func (c *checker) month(m Duration) {
	if m == 0 {
		return // not set: ApplyDefaults gives 720h
	}
	if m < 0 {
		c.add("month", "must be a positive duration (720h or 730h), got %s", m)
		return
	}
	if err := pricing.CheckMonth(sim.FromDuration(time.Duration(m))); err != nil {
		c.add("month", "%v", err)
	}
}
