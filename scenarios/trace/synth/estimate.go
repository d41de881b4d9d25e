package synth

import "math"

// bytesPerFunction is what the population holds per function: its name,
// trigger and parameters, and its share of its app's (measured 240 to 320
// bytes, the allocations of growth included), doubled for safety.
const bytesPerFunction = 640

// BytesPerCount is what a per-minute count takes in the written files, on
// average (measured: 300 MB for a day of 100,000 functions).
const BytesPerCount = 2

// Cost is what Generate will do for cfg, before it starts: the per-minute
// counts it draws and writes (1,440 a function a day), and the memory the
// population holds (per function, plus one day's counts and shape).
func Cost(cfg Config) (counts, bytes float64) {
	f := math.Max(float64(cfg.Functions), 0)
	return f * float64(max(cfg.Days, 0)) * minutes, f*bytesPerFunction + 64<<10
}

// DaysCost is what DaysFS does for n functions over the listed days,
// read day by day passes times (a reader that first counts every day,
// then replays them, makes 2): the counts it draws grow with the days
// and the passes, the memory it holds does not (the population and one
// day, DayBytes).
func DaysCost(n int, days []int, passes int) (counts, bytes float64) {
	counts, _ = Cost(Config{Functions: n, Days: len(days) * max(passes, 1)})
	return counts, DayBytes(n)
}
