package scenarios

import (
	"encoding/binary"
	"testing"

	"faassim/scenarios/trace"
	"faassim/sim"
)

// FuzzCalibrate: whatever the records (equal timestamps, zero durations,
// a single report, INIT on every line, memory changing), Calibrate either
// refuses with a LogsError or writes a scenario that Load reads back.
// Each 8 bytes of input is one report: the gap since the previous arrival
// (2 bytes, ms x 100), the duration (2 bytes, ms / 10), INIT (2 bytes, ms;
// 0 warm), memory (1 byte, x 64 MB) and the function (1 byte, 0-3).
func FuzzCalibrate(f *testing.F) {
	f.Add([]byte{0x10, 0, 0x20, 0, 0x2c, 0x01, 2, 0, 0x10, 0, 0x20, 0, 0, 0, 2, 0, 0x90, 0x10, 0x20, 0, 0, 0, 2, 0})
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 8*2_000 {
			return
		}
		var rs []trace.LambdaReport
		at := int64(1_767_225_600e9) // 2026-01-01
		names := []string{"a", "b", "c", "d"}
		for ; len(data) >= 8; data = data[8:] {
			at += int64(binary.LittleEndian.Uint16(data)) * 100 * int64(sim.Millisecond)
			r := trace.LambdaReport{Function: names[data[7]%4], HasTime: true,
				Duration:     sim.Time(binary.LittleEndian.Uint16(data[2:])) * 10 * sim.Microsecond,
				Init:         sim.Time(binary.LittleEndian.Uint16(data[4:])) * sim.Millisecond,
				MemorySizeMB: 128 + 64*int(data[6]%160), MaxMemoryUsedMB: int(data[6])}
			r.Cold = r.Init > 0
			r.End = at + int64(r.Duration+r.Init)
			r.Billed = r.Duration + r.Init
			rs = append(rs, r)
		}
		s, comments, _, err := Calibrate(ReportsOf(rs), CalibrateOptions{MinFit: 20})
		if err != nil {
			if _, ok := err.(*LogsError); !ok {
				t.Fatalf("not a LogsError: %v", err)
			}
			return
		}
		out, err := Marshal(s, comments)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Load("fuzz.yaml", out, nil); err != nil {
			t.Fatalf("the calibrated scenario does not load: %v\n%s", err, out)
		}
	})
}
