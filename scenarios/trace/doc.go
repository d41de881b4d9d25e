// Package trace streams real and synthetic FaaS traces into workload
// Sources: Azure Functions 2019 and Huawei Cloud 2023 per-minute counts,
// Azure Functions 2021, generic CSV and AWS Lambda REPORT log
// per-invocation rows. Open returns
// the functions up front and a Source that holds O(functions + one minute
// of invocations), never the whole trace; bad input is reported as
// "file:line: field: reason". Every reader bounds what one line may cost:
// at most MaxLineBytes ("file:line: line longer than N bytes") and
// MaxColumns fields a line, and at most MaxPerMinute invocations a minute
// (a count, or a minute's total over all functions). A file with no rows,
// or a window and selection that keep no invocation, is refused: an empty
// workload is always a mistake.
//
// Per-minute counts are spread inside their minute (Spec.Spread):
//   - uniform: each arrival independently uniform in the minute. This is
//     also exactly a Poisson process conditioned on the minute's count.
//   - equidistant: n arrivals exactly 60/n s apart, the first at phase x
//     60/n s, with one phase per function drawn once: a function at a
//     steady count per minute (a timer) stays perfectly periodic across
//     minute boundaries, and functions do not all fire at the same instant.
//   - poisson: a Poisson process whose intensity is piecewise linear,
//     running through each minute from the mean of it and the previous
//     minute's count to the mean of it and the next one's, conditioned on
//     the minute's count. Since a Poisson process with a constant rate
//     per minute, given the counts, is just uniform spreading, this is what
//     makes poisson differ: rate changes are ramps, not steps at minute
//     boundaries. The count of every minute stays exact, and a flat stretch
//     is uniform.
//
// Azure 2019: a function's durations are sampled by piecewise-linear
// inverse CDF through its percentile row (0,1,25,50,75,99,100, ms); a
// function with no duration row keeps its invocations and gets the
// pointwise median of its app's rows, or of all rows when its app has none
// (a Warning counts them). Memory is the app's AverageAllocatedMb rounded up
// (per function when the memory file has a HashFunction column); a day
// without a memory file (13 and 14) takes the nearest day's of the
// directory that has one, the earlier on a tie, with a Warning (0 MB, with
// a Warning, when the directory has none).
//
// Several days (Spec.Days, azure2019 and huawei2023; ParseDays reads
// "1-14" or "1,3,5") are one continuous run: the k-th listed day starts at
// k x DayLength, From and To count from the first listed day's midnight,
// and the Source yields one stream across midnight. A first pass counts
// every listed day the run reaches (Spec.DayRead: a day wholly outside
// [From, To), or starting at or past From + Horizon, is read by neither
// pass), one at a time and without building per-minute tables, for the
// union of their functions and their counts in the window (Apps, Top and
// Sample select over the days read; DayInvocations are per day); the
// Source then reads the days again one at a time as the replay reaches
// them, into per-minute tables sized once and reused day after day, so
// it holds one day's counts whatever the number of days.
// Trace.SourceFor makes the Source of another seed without the first
// pass. Each day's invocations use that day's
// durations (the fill rule above, per day) and memory (the day's, or the
// function's on another listed day when it has no row that day); per-day
// state changes exactly at midnight, not when the reader, a minute ahead,
// opens the next day. Random streams are per function and per day: day
// 1's are the single-day reader's, so day 1 replays exactly as Spec.Day 1
// does; day d > 1 has its own (the name with "/dNN"), so a day's
// arrivals do not depend on the other days listed. (Spec.Day d > 1 alone
// keeps the names it always had, so its replay is unchanged; Days [d]
// differs from it in its random draws only.) The equidistant phase is
// drawn once per function, so a timer keeps its period across midnight.
//
// Azure 2021: arrival = end_timestamp - duration. The public sample is
// sorted by arrival, the full release by end time; both stream through a
// reorder heap: with every duration at most W (Spec.ReorderWindow, default
// 30 min), no later row arrives before the latest end seen minus W. A row
// that breaks this is "end_timestamp: not sorted". Time 0 is the first
// arrival, as for CSV; the file is read twice (a validating first pass
// lists the functions and finds time 0).
//
// Huawei 2023: requests_minute/day_NNN.csv with function_delay_minute/
// day_NNN.csv in lockstep; NaN or empty is 0 requests. The release gives a
// per-minute mean delay only, so each invocation runs for its minute's
// mean (the function's mean of the day in a minute without one); there is
// no app, so each function is its own app. Over several days, each day's
// means are found by a pass over that day when the replay reaches it, and
// a day without a delay file draws from the stand-in.
//
// Lambda logs (lambda-report): REPORT records in any of the forms
// ReadLambdaReports detects, one file or several (Spec.Paths, globs) read
// together and merged by end time; arrival = timestamp - Duration - Init -
// Restore, through the same reorder heap as Azure 2021. Bare REPORT lines
// (no timestamp) are refused for replay; malformed lines are skipped and
// listed in a Warning. See lambda.go and lambda_open.go.
//
// Selection (Spec.Apps, then Top, then Sample, all over the window From-To)
// happens before replay; new function indices keep the file's order.
// RateScale k thins each arrival with probability k (k < 1) or keeps
// floor(k) copies plus one with probability frac(k). Per-minute formats
// scale counts before spreading, so the minute-to-minute burst structure,
// all these traces record, is kept; per-invocation formats place copies
// uniformly within one second after their original, which keeps bursts at
// one-second resolution and above without stacking copies on one instant.
package trace
