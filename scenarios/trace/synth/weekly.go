package synth

import "time"

// releaseFirstDay is day 1 of the Azure Functions 2019 release (files
// d01 to d14): the notebook that comes with it
// (github.com/Azure/AzurePublicDataset,
// analysis/AzureFunctionsDataset2019-Trace_Analysis.md, Figure 4) plots
// its hours from 2019-07-15 to 2019-07-28, a Monday to a Sunday. A
// synthetic day N is the weekday of the release's day N, so days 6, 7,
// 13 and 14 are a Saturday and a Sunday in both.
var releaseFirstDay = time.Date(2019, time.July, 15, 0, 0, 0, 0, time.UTC)

// WeekendFactor multiplies the daily volume of diurnal apps on Saturdays
// and Sundays; steady and bursty apps keep their volume, and timers fire
// on their schedule every day.
//
// Basis: Figure 4 of Shahrad et al. ("Serverless in the Wild", ATC'20),
// as the release's notebook redraws it from the whole platform's
// invocations per hour, digitised column by column (fig4-1.png): the
// weekend days average 0.866 of the two weeks' mean and the weekdays
// 1.063, a weekend/weekday ratio of 0.81 (0.80 the first week, 0.83
// the second). Neither the paper nor the Huawei 2023 release (Joosen
// et al., SoCC 2023, which reports weekly periodicity) states a number,
// so the factor is ours, derived from that ratio: in this population
// the diurnal apps make 64% of the invocations in expectation (87% of
// invocations are in apps above 10^6 a day, which are never on/off and
// so diurnal with probability 0.69; the others with 0.31: 0.87 x 0.69 +
// 0.13 x 0.31, measured over 30 populations of 50,000 functions), so the
// platform's 19% weekend drop, carried by the diurnal apps alone, is a
// drop of 0.19/0.64 = 30% for them: 1 - 0.64 x 0.30 = 0.81 overall. The
// apps whose traffic follows people over the day are the ones that
// follow the working week. A single small population strays from 0.81
// (its few busiest apps decide), as the release's own sample does: its
// curve in the same figure shows 0.89 the first weekend and 1.07 the
// second.
const WeekendFactor = 0.70

// Weekday returns the weekday of day (1 is a Monday), in the calendar
// of the Azure Functions 2019 release.
func Weekday(day int) time.Weekday {
	return releaseFirstDay.AddDate(0, 0, day-1).Weekday()
}

// weekend reports whether day is a Saturday or a Sunday.
func weekend(day int) bool {
	w := Weekday(day)
	return w == time.Saturday || w == time.Sunday
}

// weeklyFactor is what multiplies an app's daily volume on day. Weekdays
// are 1, so they are the days written before the weekly pattern existed,
// byte for byte.
func (a *app) weeklyFactor(day int) float64 {
	if a.kind == diurnal && weekend(day) {
		return WeekendFactor
	}
	return 1
}
