package trace

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"faassim/models/workload"
)

// WriteCSV streams t's invocations to w as a generic CSV trace:
// timestamp,function,duration_ms,memory_mb,app with the timestamp in
// seconds since the start of the replay and every time exact to the
// nanosecond. The app column is an addition to the generic format that
// csv readers ignore unless asked, so app-level statistics survive a
// conversion.
func WriteCSV(w io.Writer, t *Trace) error {
	for _, f := range t.Functions {
		if strings.ContainsAny(f.Name+f.App, ",\"\r\n") {
			return fmt.Errorf("trace: function %q of app %q: a comma, quote or newline cannot be written to the generic CSV", f.Name, f.App)
		}
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString("timestamp,function,duration_ms,memory_mb,app\n")
	var inv workload.Invocation
	var buf []byte
	for t.Source.Next(&inv) {
		f := &t.Functions[inv.Function]
		buf = appendFixed(buf[:0], int64(inv.Arrival), 9)
		buf = append(buf, ',')
		buf = append(buf, f.Name...)
		buf = append(buf, ',')
		buf = appendFixed(buf, int64(inv.Duration), 6)
		buf = append(buf, ',')
		if inv.MemoryMB > 0 {
			buf = strconv.AppendInt(buf, int64(inv.MemoryMB), 10)
		}
		buf = append(buf, ',')
		buf = append(buf, f.App...)
		buf = append(buf, '\n')
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	if err := t.Source.Err(); err != nil {
		return err
	}
	return bw.Flush()
}

// appendFixed writes v / 10^digits with trailing zeros of the fraction
// dropped: nanoseconds as seconds (9) or milliseconds (6), exactly.
func appendFixed(b []byte, v int64, digits int) []byte {
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	div := int64(1)
	for range digits {
		div *= 10
	}
	b = strconv.AppendInt(b, v/div, 10)
	frac := v % div
	if frac == 0 {
		return b
	}
	s := strconv.FormatInt(frac+div, 10)[1:] // zero-padded
	return append(append(b, '.'), strings.TrimRight(s, "0")...)
}

// Azure2019Writer writes one day of a trace in the Azure Functions 2019
// layout (the three files of the release), one function at a time, so a
// generator never holds a whole population's minutes. Files are written
// under temporary names and renamed by Close: a failed run leaves no
// partial day behind.
type Azure2019Writer struct {
	dir, day       string
	files          [3]*os.File
	bufs           [3]*bufio.Writer
	names          [3]string
	memory         bool
	buf            []byte
	err            error
	countFunctions int
}

// AzureFunctionRow is one function's day: its per-minute counts (1440)
// and its duration percentiles in ms (0, 1, 25, 50, 75, 99, 100th).
type AzureFunctionRow struct {
	Owner, App, Function, Trigger string
	Counts                        []uint32
	AverageMS                     float64
	PercentilesMS                 [7]float64
}

// AzureAppRow is one app's memory: the average allocated MB and its
// 1, 5, 25, 50, 75, 95, 99 and 100th percentiles.
type AzureAppRow struct {
	Owner, App    string
	SampleCount   int
	AverageMB     float64
	PercentilesMB [8]float64
}

// Azure2019Names are the names of day's three files in the release:
// invocations, durations and memory.
func Azure2019Names(day int) [3]string {
	return [3]string{fmt.Sprintf(azInvocations, day), fmt.Sprintf(azDurations, day), fmt.Sprintf(azMemory, day)}
}

// NewAzure2019Writer creates day's files in dir; withMemory false mimics
// days 13 and 14 of the release, which have no memory file.
func NewAzure2019Writer(dir string, day int, withMemory bool) (*Azure2019Writer, error) {
	w := &Azure2019Writer{dir: dir, memory: withMemory}
	for i, base := range Azure2019Names(day) {
		if i == 2 && !withMemory {
			break
		}
		name := filepath.Join(dir, base)
		f, err := os.CreateTemp(dir, "."+base+".*.tmp")
		if err != nil {
			w.abort()
			return nil, err
		}
		w.files[i], w.bufs[i], w.names[i] = f, bufio.NewWriterSize(f, 1<<16), name
	}
	w.headers()
	return w, nil
}

// NewAzure2019WriterTo writes a day's three files to inv, dur and mem
// (mem nil: a day without memory file), in memory say; Close flushes them
// and renames nothing.
func NewAzure2019WriterTo(inv, dur, mem io.Writer) *Azure2019Writer {
	w := &Azure2019Writer{memory: mem != nil}
	for i, out := range []io.Writer{inv, dur, mem} {
		if out != nil {
			w.bufs[i] = bufio.NewWriterSize(out, 1<<16)
		}
	}
	w.headers()
	return w
}

// headers writes the three files' header lines.
func (w *Azure2019Writer) headers() {
	withMemory := w.memory
	b := []byte("HashOwner,HashApp,HashFunction,Trigger")
	for m := 1; m <= minutesPerDay; m++ {
		b = strconv.AppendInt(append(b, ','), int64(m), 10)
	}
	w.bufs[0].Write(append(b, '\n'))
	w.bufs[1].WriteString("HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum," + strings.Join(azPctColumns, ",") + "\n")
	if withMemory {
		w.bufs[2].WriteString("HashOwner,HashApp,SampleCount,AverageAllocatedMb,AverageAllocatedMb_pct1,AverageAllocatedMb_pct5,AverageAllocatedMb_pct25,AverageAllocatedMb_pct50,AverageAllocatedMb_pct75,AverageAllocatedMb_pct95,AverageAllocatedMb_pct99,AverageAllocatedMb_pct100\n")
	}
}

// Function writes one function's counts and durations.
func (w *Azure2019Writer) Function(r AzureFunctionRow) error {
	if w.err != nil {
		return w.err
	}
	if len(r.Counts) != minutesPerDay {
		return fmt.Errorf("trace: function %s: %d minute counts, want %d", r.Function, len(r.Counts), minutesPerDay)
	}
	b := append(w.buf[:0], r.Owner+","+r.App+","+r.Function+","+r.Trigger...)
	var total uint64
	for _, n := range r.Counts {
		b = strconv.AppendUint(append(b, ','), uint64(n), 10)
		total += uint64(n)
	}
	w.buf = b
	if _, err := w.bufs[0].Write(append(b, '\n')); err != nil {
		w.err = err
		return err
	}
	p := r.PercentilesMS
	_, w.err = fmt.Fprintf(w.bufs[1], "%s,%s,%s,%s,%d,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", r.Owner, r.App, r.Function,
		g(r.AverageMS), total, g(p[0]), g(p[6]), g(p[0]), g(p[1]), g(p[2]), g(p[3]), g(p[4]), g(p[5]), g(p[6]))
	return w.err
}

// App writes one app's memory row (ignored on a day without memory file).
func (w *Azure2019Writer) App(r AzureAppRow) error {
	if w.err != nil || !w.memory {
		return w.err
	}
	p := r.PercentilesMB
	_, w.err = fmt.Fprintf(w.bufs[2], "%s,%s,%d,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", r.Owner, r.App, r.SampleCount,
		g(r.AverageMB), g(p[0]), g(p[1]), g(p[2]), g(p[3]), g(p[4]), g(p[5]), g(p[6]), g(p[7]))
	return w.err
}

func g(v float64) string { return strconv.FormatFloat(v, 'g', 8, 64) }

// Close flushes the files and renames them into place.
func (w *Azure2019Writer) Close() error {
	if w.err != nil {
		w.abort()
		return w.err
	}
	for i, f := range w.files {
		if w.bufs[i] == nil {
			continue
		}
		if err := w.bufs[i].Flush(); err != nil {
			w.abort()
			return err
		}
		if f == nil { // NewAzure2019WriterTo: the caller's writer
			continue
		}
		if err := f.Close(); err != nil {
			w.abort()
			return err
		}
	}
	for i, f := range w.files {
		if f == nil {
			continue
		}
		// CreateTemp makes 0600 files; a trace is data to share.
		if err := os.Chmod(f.Name(), 0o644); err != nil {
			return err
		}
		if err := os.Rename(f.Name(), w.names[i]); err != nil {
			return err
		}
		w.files[i] = nil
	}
	return nil
}

// Abort removes the day's temporary files without renaming them: the day
// is not written.
func (w *Azure2019Writer) Abort() { w.abort() }

func (w *Azure2019Writer) abort() {
	for i, f := range w.files {
		if f != nil {
			f.Close()
			os.Remove(f.Name())
			w.files[i] = nil
		}
	}
}
