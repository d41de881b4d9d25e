package scenarios

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// WriteSummary prints the calibration as a table, one row a function,
// then the platform's keep-alive and cold start and every warning.
func (cal *Calibration) WriteSummary(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "function\treports\tcold\tduration fit\tp50\tp99\tfit error\tmemory MB (used max/p99)\trate/s\tCV\tarrivals\tTTL cold sim/obs")
	for _, f := range cal.Functions {
		arr := f.Arrival.Arrival.Process
		if cal.Arrivals == "replay" {
			arr = "replay"
		}
		errText := "-"
		if f.Duration.SigmaLog > 0 {
			errText = fmt.Sprintf("%.1f%%", 100*f.Duration.QuantileError)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\t%s\t%d (%d/%.0f)\t%.4g\t%.2f\t%s\t%.4f/%.4f\n",
			f.Name, f.Reports, f.Cold, f.Duration.Kind, durText(f.Duration.P50), durText(f.Duration.P99), errText,
			f.MemorySizeMB, f.MaxMemoryUsedMB, f.P99MemoryUsedMB, f.Arrival.RatePerS, f.Arrival.CV, arr, f.SimColdRatio, f.ColdRatio)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	k := cal.KeepAlive
	fmt.Fprintf(w, "\nkeep-alive: fixed TTL %s (grid %s to %s, %d values): replayed cold-start ratio closest to the observed %.4f\n",
		shortDuration(k.TTL), shortDuration(k.Grid[0]), shortDuration(k.Grid[len(k.Grid)-1]), len(k.Grid), k.Observed)
	if cal.Init != nil {
		fmt.Fprintf(w, "INIT (pooled over %d cold lines): %s\n", cal.Cold, cal.Init.Reason)
		fmt.Fprintf(w, "overhead (assumed, not in the logs): lognormal median %s, p99 %s: the non-INIT share of %s's published cold start\n",
			cal.Overhead.Median, cal.Overhead.P99, cal.OverheadRuntime)
	}
	for _, f := range cal.Functions {
		fmt.Fprintf(w, "%s: duration %s\n", f.Name, f.Duration.Reason)
		if f.Init != nil {
			fmt.Fprintf(w, "%s: INIT p50 %s p99 %s, %s\n", f.Name, durText(f.Init.P50), durText(f.Init.P99), f.Init.Kind)
		}
		fmt.Fprintf(w, "%s: arrivals %s\n", f.Name, f.Arrival.Reason)
		if f.FitRequests > 0 {
			fmt.Fprintf(w, "%s: the calibrated scenario, simulated (%d requests), gives a cold-start ratio of %.4f; observed %.4f\n", f.Name, f.FitRequests, f.FitColdRatio, f.ColdRatio)
		}
	}
	var warns []string
	warns = append(warns, cal.Warnings...)
	for _, f := range cal.Functions {
		for _, x := range f.Warnings {
			warns = append(warns, f.Name+": "+x)
		}
	}
	for _, x := range warns {
		fmt.Fprintln(w, "warning: "+x)
	}
	_, err := fmt.Fprintf(w, "window %s, %d reports, %d cold (%s)\n", cal.Window.Round(time.Second), cal.Reports, cal.Cold, strings.TrimSpace(fmt.Sprintf("%.2f%%", 100*float64(cal.Cold)/float64(max(cal.Reports, 1)))))
	return err
}
