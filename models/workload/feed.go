package workload

import "faassim/sim"

// Feeder pulls invocations from a Source one at a time and hands each to a
// model at its arrival time. It is the engine's event stream (sim.Stream):
// only the next arrival is ever held, and arrivals never enter the event
// heap, so a run holds O(1) pending arrivals whatever the trace length.
type Feeder struct {
	src     Source
	until   sim.Time
	arrive  func(now sim.Time, inv Invocation)
	next    Invocation
	has     bool
	last    sim.Time
	fed     int64
	outside int64 // arrivals at or past the horizon, left unread
}

// Feed delivers the source's invocations that arrive before until to
// arrive, as eng's event stream.
func Feed(eng *sim.Engine, src Source, until sim.Time, arrive func(now sim.Time, inv Invocation)) *Feeder {
	f := &Feeder{src: src, until: until, arrive: arrive}
	f.read()
	eng.SetStream(f)
	return f
}

func (f *Feeder) read() {
	f.has = f.src.Next(&f.next)
	if !f.has {
		return
	}
	if f.next.Arrival >= f.until {
		f.outside++
		f.has = false
		return
	}
	if f.next.Arrival < f.last {
		// Sources promise order; a trace reader reports disorder itself,
		// so this is a bug in a source, not bad input.
		panic("workload: source went back in time")
	}
	f.last = f.next.Arrival
}

// Next returns the pending invocation's arrival time.
func (f *Feeder) Next() (sim.Time, bool) { return f.next.Arrival, f.has }

// Fire delivers the pending invocation and reads the next one.
func (f *Feeder) Fire(now sim.Time) {
	f.fed++
	inv := f.next
	f.read()
	f.arrive(now, inv)
}

// Fed returns how many invocations were delivered.
func (f *Feeder) Fed() int64 { return f.fed }

// Err returns the source's error, if it failed.
func (f *Feeder) Err() error { return f.src.Err() }

var _ sim.Stream = (*Feeder)(nil)
