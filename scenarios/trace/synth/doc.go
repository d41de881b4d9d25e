// Package synth writes synthetic FaaS populations calibrated on the Azure
// Functions 2019 characterization (Shahrad et al., "Serverless in the
// Wild", USENIX ATC 2020), in the layout of that
// trace, so every tool that reads the real trace reads these too.
//
// Apps get a lognormal daily volume solved from the paper's shares (45% of
// apps at most once an hour, 81% at most once a minute; stratified, so a
// small population has the shares too), split among 1 (54%) to 100
// functions. An app's traffic is steady, diurnal (a sinusoid over the day)
// or bursty (an on/off process with exponential periods); inside that
// shape, quiet functions are renewal processes simulated event by event
// and busy ones Poisson minute counts. Timers (15.6% of functions) fire at
// fixed cron-like periods. Average durations are lognormal (-0.38, 2.36 s)
// with a per-function spread written as the percentile columns; app memory
// is Burr XII (c 11.652, k 0.221, lambda 107.083 MB), sampled by its
// closed-form inverse CDF.
//
// Days follow the calendar of the release (day 1 is Monday 2019-07-15):
// a function is the same function every day (app, trigger, durations,
// memory, diurnal phase; only its arrivals are drawn anew), and diurnal
// apps run at WeekendFactor (0.70) of their volume on Saturdays and
// Sundays, which gives the platform's weekend/weekday ratio of 0.81
// (ATC'20 Figure 4; weekly.go says how). Generate writes days to a
// directory; Day and DaysFS generate them in memory, DaysFS one day at a
// time for multi-day replays.
//
// Nothing here is tuned to the inspector: trace inspect measures the
// written files with its own definitions, and the test asserts that those
// measurements land within a few points of the paper.
package synth
