package scenarios

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// shardSeeds are the real shards FuzzShardRead starts from, one per axis
// but the grid's, kept in its seed corpus (testdata/fuzz/FuzzShardRead):
// running them in every fuzz worker would stall the workers.
var shardSeeds = []struct {
	file, doc string
	sets      []string
	sh        Shard
}{
	{"reps", shardReps, []string{"horizon=3m", "warmup=1m"}, Shard{Index: 0, Count: 2, Version: "test"}},
	{"replay", shardReplay, []string{"horizon=3m", "warmup=1m", "workload.synth.functions=8"}, Shard{Index: 1, Count: 2, Version: "test"}},
}

// The seed corpus is what RunShard writes today (go test -run
// TestShardFuzzSeeds -update rewrites it).
func TestShardFuzzSeeds(t *testing.T) {
	for _, tc := range shardSeeds {
		s, err := LoadWith("s.yaml", []byte(tc.doc), tc.sets, Options{Timeline: 60e9})
		if err != nil {
			t.Fatal(err)
		}
		sr, err := RunShard(context.Background(), s, Options{Timeline: 60e9}, tc.sh)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(sr)
		if err != nil {
			t.Fatal(err)
		}
		corpus := []byte(fmt.Sprintf("go test fuzz v1\n[]byte(%s)\n", strconv.Quote(string(b))))
		path := filepath.Join("testdata", "fuzz", "FuzzShardRead", tc.file)
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, corpus, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, corpus) {
			t.Errorf("%s is not what RunShard writes today (%v): rerun with -update", path, err)
		}
	}
}

// FuzzShardRead: no shard file, however hostile, panics the reader or
// the merge of it alone; what it refuses it refuses with an error.
func FuzzShardRead(f *testing.F) {
	f.Add([]byte(`{"schema":"faassim/results/v1","horizon_s":60,"shard":{"schema":"faassim/shard/v1","index":0,"count":1,"axis":"replications","total":1,"units":[0]}}`))
	f.Add([]byte(`{"schema":"faassim/sweep/v1","points":[],"shard":{"schema":"faassim/shard/v1","index":0,"count":1,"axis":"grid","total":1,"units":[0]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		sf, err := ReadShard("fuzz.json", data)
		if err != nil {
			return
		}
		if sf.Sweep != nil {
			_, _ = MergeSweepShards([]ShardFile{sf})
			return
		}
		one := sf
		one.Shard.Count, one.Shard.Index = 1, 0
		_, _ = MergeShards([]ShardFile{sf}, MergeOptions{})
		_, _ = MergeShards([]ShardFile{sf, one}, MergeOptions{AllowCoupled: true})
	})
}
