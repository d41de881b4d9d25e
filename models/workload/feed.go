package workload

import "faassim/sim"

// Feeder pulls invocations from a Source one at a time and hands each to a
// model at its arrival time: only the next arrival is ever scheduled, so a
// run holds O(1) pending arrivals whatever the trace length.
type Feeder struct {
	eng     *sim.Engine
	src     Source
	until   sim.Time
	arrive  func(now sim.Time, inv Invocation)
	next    Invocation
	fed     int64
	outside int64 // arrivals at or past the horizon, left unread
}

// Feed schedules the source's invocations that arrive before until on eng.
func Feed(eng *sim.Engine, src Source, until sim.Time, arrive func(now sim.Time, inv Invocation)) *Feeder {
	f := &Feeder{eng: eng, src: src, until: until, arrive: arrive}
	f.schedule()
	return f
}

func (f *Feeder) schedule() {
	if !f.src.Next(&f.next) {
		return
	}
	if f.next.Arrival >= f.until {
		f.outside++
		return
	}
	if f.next.Arrival < f.eng.Now() {
		// Sources promise order; a trace reader reports disorder itself,
		// so this is a bug in a source, not bad input.
		panic("workload: source went back in time")
	}
	f.eng.Schedule(f.next.Arrival, f, 0)
}

// Handle delivers the pending invocation and schedules the next one.
func (f *Feeder) Handle(now sim.Time, _ uint64) {
	f.fed++
	f.arrive(now, f.next)
	f.schedule()
}

// Fed returns how many invocations were delivered.
func (f *Feeder) Fed() int64 { return f.fed }

// Err returns the source's error, if it failed.
func (f *Feeder) Err() error { return f.src.Err() }
