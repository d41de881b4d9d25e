package scenarios

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"faassim/models/metrics"
	"faassim/models/workload"
	"faassim/sim"
)

// The folder hands every platform's runs to fold in replication order,
// whatever order they finish in.
func TestFolderFoldsInOrder(t *testing.T) {
	const platforms, reps = 3, 200
	var got [platforms][]int
	f := newFolder(platforms, reps, func(i, r int, run metrics.Run) {
		if run.Requests != int64(1000*i+r) {
			t.Errorf("platform %d replication %d: got the run of %d", i, r, run.Requests)
		}
		got[i] = append(got[i], r)
	})
	order := rand.New(rand.NewPCG(1, 2)).Perm(platforms * reps)
	var wg sync.WaitGroup
	for _, k := range order {
		wg.Add(1)
		go func() {
			defer wg.Done()
			i, r := k%platforms, k/platforms
			f.done(i, r, metrics.Run{Requests: int64(1000*i + r)})
		}()
	}
	wg.Wait()
	for i := range platforms {
		if len(got[i]) != reps {
			t.Fatalf("platform %d: %d folded, want %d", i, len(got[i]), reps)
		}
		for r, x := range got[i] {
			if x != r {
				t.Fatalf("platform %d: fold %d was replication %d", i, r, x)
			}
		}
	}
}

// wait holds a replication back until it is within ahead of the earliest
// not folded, and lets it go once that one is folded; a done ctx ends the
// wait with its error.
func TestFolderWaitBounds(t *testing.T) {
	f := newFolder(2, 2, func(int, int, metrics.Run) {})
	ctx := context.Background()
	for k := range 4 { // replications 0 and 1 of both platforms
		if err := f.wait(ctx, k); err != nil {
			t.Fatal(err)
		}
	}
	released := make(chan error, 1)
	go func() { released <- f.wait(ctx, 4) }() // replication 2
	f.done(0, 1, metrics.Run{})
	f.done(1, 0, metrics.Run{})
	f.done(1, 1, metrics.Run{})
	select {
	case err := <-released:
		t.Fatalf("replication 2 started (%v) with replication 0 of platform 0 not folded", err)
	case <-time.After(50 * time.Millisecond):
	}
	f.done(0, 0, metrics.Run{})
	if err := <-released; err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := f.wait(cctx, 100); err != context.Canceled {
		t.Errorf("wait on a cancelled ctx: %v, want context.Canceled", err)
	}
}

// Results are byte-identical whatever the number of workers, and equal to
// summarizing every run kept: runs are folded in replication order.
func TestRunIdenticalWhateverWorkers(t *testing.T) {
	const doc = `name: reps
seed: 7
horizon: 120s
replications: 60
workload:
  synthetic:
    functions:
      - {name: f, runtime: python, memory_mb: 128, arrival: {process: poisson, rate_per_s: 0.9}, duration: {dist: exponential, mean: 1.991s}}
platforms:
  - {name: lambda, preset: aws-lambda-x86, keep_alive: {policy: fixed, ttl: 30s}}
  - {name: fleet, kind: container, preset: aws-fargate-x86, replica: {vcpu: 1, memory_gb: 2, slots: 4}, scaling: {policy: target, metric: concurrency, target: 0.7, min: 1, max: 4}}
`
	var want []byte
	for _, workers := range []int{1, 2, 3, 8} {
		s, err := Load("reps.yaml", []byte(doc), nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Run(context.Background(), s, Options{Workers: workers, Timeline: 10e9})
		if err != nil {
			t.Fatal(err)
		}
		got, err := json.Marshal(res)
		if err != nil {
			t.Fatal(err)
		}
		if want == nil {
			want = got
			kept, runs, err := RunReplications(context.Background(), s, Options{Workers: 2, Timeline: 10e9})
			if err != nil {
				t.Fatal(err)
			}
			if len(runs) != 2 || len(runs[0]) != 60 {
				t.Fatalf("RunReplications kept %d platforms' runs", len(runs))
			}
			if b, _ := json.Marshal(kept); string(b) != string(got) {
				t.Error("RunReplications's results differ from Run's")
			}
			// Both come from the runner's own fold: hold each platform to
			// metrics.Summarize over its kept runs taken in replication
			// order (float sums differ in the last bits in another order).
			for i, p := range res.Platforms {
				sum := metrics.Summarize(p.Name, p.Kind, runs[i], s.month())
				sum.Settings = p.Settings
				a, _ := json.Marshal(p)
				b, _ := json.Marshal(sum)
				if string(a) != string(b) {
					t.Errorf("platform %s differs from Summarize over its runs in replication order:\n%s\nwant\n%s", p.Name, a, b)
				}
			}
			continue
		}
		if string(got) != string(want) {
			t.Errorf("%d workers: results differ from 1 worker's", workers)
		}
	}
}

// stalling is a platform plan whose replication failSeed waits for release
// and then fails (or panics); the others simulate as usual. started counts
// the simulations begun.
type stalling struct {
	platformPlan
	failSeed uint64
	panics   bool
	release  chan struct{}
	started  *atomic.Int32
}

func (p stalling) simulate(src workload.Source, seed uint64, rec *metrics.Recorder, check func(sim.Time) error) (metrics.Run, error) {
	p.started.Add(1)
	if seed != p.failSeed {
		return p.platformPlan.simulate(src, seed, rec, check)
	}
	<-p.release
	if p.panics {
		panic("injected")
	}
	return metrics.Run{}, errors.New("injected failure")
}

// A replication that fails (an error or a panic) while later ones wait
// for it to be folded ends the run with its error at once: the wait is
// woken, nothing more starts, and no goroutine is left behind.
func TestRunFailsWhileLaterReplicationsWait(t *testing.T) {
	const doc = `name: fail
seed: 3
horizon: 60s
replications: 40
workload:
  synthetic:
    functions:
      - {name: f, runtime: python, memory_mb: 128, arrival: {process: poisson, rate_per_s: 1}, duration: {dist: exponential, mean: 1s}}
platforms:
  - {name: lambda, preset: aws-lambda-x86}
`
	const workers = 2
	ahead := foldAhead(workers, 1)
	for _, tc := range []struct {
		name   string
		panics bool
		want   string
	}{
		{"error", false, "injected failure"},
		{"panic", true, "internal error simulating platform lambda, replication 1: injected"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			s, err := Load("fail.yaml", []byte(doc), nil)
			if err != nil {
				t.Fatal(err)
			}
			opt := Options{Workers: workers}
			plan, err := s.planFor(context.Background(), opt)
			if err != nil {
				t.Fatal(err)
			}
			var started atomic.Int32
			st := stalling{platformPlan: plan.platforms[0], failSeed: sim.DeriveSeed(s.Seed, 0), panics: tc.panics,
				release: make(chan struct{}), started: &started}
			plan.platforms[0] = st
			done := make(chan error, 1)
			go func() {
				_, _, err := plan.run(context.Background(), opt)
				done <- err
			}()
			// Replications 1 to ahead-1 finish and wait for replication 0;
			// replication ahead is held back at the gate.
			for deadline := time.Now().Add(10 * time.Second); started.Load() < int32(ahead); {
				if time.Now().After(deadline) {
					t.Fatalf("%d simulations started, want %d", started.Load(), ahead)
				}
				time.Sleep(time.Millisecond)
			}
			time.Sleep(50 * time.Millisecond)
			if n := started.Load(); n != int32(ahead) {
				t.Errorf("%d simulations started while replication 0 ran, want %d (the gate's bound)", n, ahead)
			}
			close(st.release)
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("got %v, want %q", err, tc.want)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("the run did not return after replication 0 failed")
			}
			if n := started.Load(); n != int32(ahead) {
				t.Errorf("%d simulations started in all, want %d: none after the failure", n, ahead)
			}
			// Goroutines end just after their last send: allow a moment.
			for deadline := time.Now().Add(2 * time.Second); runtime.NumGoroutine() > before; time.Sleep(5 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatalf("%d goroutines left running, %d before", runtime.NumGoroutine(), before)
				}
			}
		})
	}
}
