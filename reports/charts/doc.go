// Package charts draws simulation results as SVG or PNG images with
// gonum/plot: latency CDFs, instances and cold starts over time, the
// distribution of the instance count, cost breakdowns, sweep curves (with
// the power-tuning and keep-alive trade-off views) and the break-even
// chart. Like the renderers in package reports it
// reads only the results types of models/metrics, never an engine, so saved
// JSON results can be drawn again later.
//
// Every chart is 8 x 5 inches (the power-tuning chart, two panels, is 8 x 7)
// with sans-serif text, axis labels that name their units and a legend
// outside the data area. Platform i has colour Palette[i] in every chart.
// Values a chart cannot place (a 0 ms latency on a log axis, a bucket with
// no requests for a ratio) are left out by a stated rule, and the chart's
// Caption says which and how many: nothing is dropped silently, and no NaN
// or infinite coordinate reaches the image.
//
// Charts over time read in seconds, minutes or hours up to two days and in
// days beyond; when the measured window crosses a midnight of the run
// (every 24 h from its start, the start of a trace's first replayed day)
// a dashed line marks it, labelled with the day that begins ("day 2").
//
// The output is deterministic: the same input gives the same bytes, in
// both formats, so the images can be compared in tests and diffs.
package charts
