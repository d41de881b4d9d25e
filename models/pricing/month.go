package pricing

import (
	"fmt"

	"faassim/models/metrics"
	"faassim/sim"
)

// The months a bill is projected to. Free allowances and volume tiers are
// monthly, so the length of the month changes what a window costs a month.
const (
	// Month30Days is 30 x 24 hours: the default.
	Month30Days = 720 * sim.Hour
	// Month730Hours is 365 x 24 / 12 hours, the month of the AWS Pricing
	// Calculator ("The Calculator assumes 730 hours in a month",
	// aws.amazon.com/calculator/calculator-assumptions).
	Month730Hours = 730 * sim.Hour
	// DefaultMonth is the month of a scenario that names none, and of
	// results written before they recorded their month.
	DefaultMonth = Month30Days
	// MinMonth and MaxMonth bound the month a scenario may choose: a
	// calendar month is 28 to 31 days, and any of them lets a user match
	// one month's bill. Outside that range a "monthly" allowance or volume
	// tier would be applied to a span that is no month.
	MinMonth = 28 * 24 * sim.Hour
	MaxMonth = 31 * 24 * sim.Hour
)

// CheckMonth returns nil if month can be a billing month (MinMonth to
// MaxMonth), or the reason it cannot.
func CheckMonth(month sim.Time) error {
	if month < MinMonth || month > MaxMonth {
		return fmt.Errorf("a month must be 28 to 31 days (672h to 744h; 720h is 30 days, "+
			"730h the AWS Pricing Calculator's month), got %s", metrics.ShortDuration(month.Seconds()))
	}
	return nil
}

// MonthName says which month a projection used, for reports: "30-day
// month", or the hours of any other ("730-hour month").
func MonthName(month sim.Time) string { return metrics.MonthName(month.Seconds()) }
