package scenarios

import (
	"context"
	"testing"

	"faassim/scenarios/trace/synth"
)

// BenchmarkReplayAzureDay replays a synthetic Azure-format day of 10,000
// functions (about 10 million invocations at rate_scale 0.05) through one
// FaaS platform with a fixed keep-alive: reading, spreading and sampling the
// trace, and simulating every invocation. It reports invocations per second
// of one core (the simulation is single-threaded).
func BenchmarkReplayAzureDay(b *testing.B) {
	dir := b.TempDir()
	if err := synth.Generate(dir, synth.Config{Functions: 10_000, Days: 1, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	text := `name: replay
seed: 1
horizon: 24h
workload:
  trace: {format: azure2019, dir: ` + dir + `, day: 1, spread: uniform, rate_scale: 0.05}
platforms:
  - {name: lambda, preset: generic, keep_alive: {policy: fixed, ttl: 10m}}
`
	b.ReportAllocs()
	b.ResetTimer()
	var n int64
	for i := 0; i < b.N; i++ {
		s, err := Load("replay.yaml", []byte(text), nil)
		if err != nil {
			b.Fatal(err)
		}
		res, err := Run(context.Background(), s, Options{})
		if err != nil {
			b.Fatal(err)
		}
		n += res.Platforms[0].Requests
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "invocations/s")
}
