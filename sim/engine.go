package sim

import "fmt"

// Handler reacts to an event. Data is an opaque word chosen by whoever
// scheduled the event (an instance index, a request slot, ...), so that a
// model can schedule without allocating a closure per event.
type Handler interface {
	Handle(now Time, data uint64)
}

// HandlerFunc adapts a function to a Handler. Converting a func value to an
// interface does not allocate, but creating a closure does: build them once,
// not per event.
type HandlerFunc func(now Time, data uint64)

// Handle calls f(now, data).
func (f HandlerFunc) Handle(now Time, data uint64) { f(now, data) }

var _ Handler = HandlerFunc(nil)

// EventID names a scheduled event so that it can be cancelled. The zero
// EventID names no event; cancelling it is a no-op.
type EventID struct {
	slot int32  // index into Engine.slots, plus one
	gen  uint32 // generation of that slot when the event was scheduled
}

// Valid reports whether id was returned by Schedule (it may have fired or
// been cancelled since).
func (id EventID) Valid() bool { return id.slot != 0 }

// entry is a heap element: only the ordering key and the slot, so that sifts
// move 24 bytes; the handler and data stay put in the slot table.
type entry struct {
	at   Time
	seq  uint64
	slot int32
}

func (a entry) before(b entry) bool {
	return a.at < b.at || (a.at == b.at && a.seq < b.seq)
}

type slot struct {
	h    Handler
	data uint64
	pos  int32 // index in the heap, or -1 when free
	gen  uint32
}

// Engine is a single-threaded discrete-event scheduler: a binary heap of
// events ordered by (time, sequence number), so that events at the same
// instant run in the order they were scheduled. Scheduling, cancelling and
// running an event are O(log n) and allocation-free once the heap has grown.
type Engine struct {
	now    Time
	seq    uint64
	heap   []entry
	slots  []slot
	free   []int32 // indices of free slots
	fired  uint64
	stop   bool
	stream Stream
	// streamSeq orders the stream's next event among same-instant heap
	// events: it counts as scheduled when the previous one finished firing,
	// as if the stream had scheduled it then.
	streamSeq uint64
	// check, when set, runs every checkEvery events; an error stops Run
	// (see SetCheck). untilCheck counts down to it.
	check      func(now Time) error
	untilCheck uint64
	err        error
}

// checkEvery is how often SetCheck's function runs: every 65,536 events,
// a few milliseconds of simulation, so that a check costs nothing per
// event and an interrupt or a memory bound is honoured within moments.
const checkEvery = 1 << 16

// SetCheck makes Run call check every 65,536 events with the current time;
// the first error it returns stops Run, and Err returns it. A caller uses
// it to honour a cancelled context, to stop a run whose memory went over a
// bound, and to report progress. nil removes it.
func (e *Engine) SetCheck(check func(now Time) error) {
	e.check = check
	e.untilCheck = checkEvery + 1 // counted down before each event: checks after 65,536, 131,072, ...
}

// Err returns the error that stopped the last Run, or nil.
func (e *Engine) Err() error { return e.err }

// Stream is an ordered sequence of events kept outside the heap, such as
// the arrivals read from a workload: the engine asks for the time of its
// next event and fires it when it is due. A long arrival sequence then
// costs no heap operations, only a comparison per event. At the same
// instant events keep the engine's rule, scheduling order: the stream's
// next event counts as scheduled when its previous one finished firing
// (or when the stream was set), exactly as if it had been put in the heap
// then.
type Stream interface {
	// Next returns the time of the stream's next event, or false when it
	// has none left. It must not return a time before the last one fired.
	Next() (Time, bool)
	// Fire handles the next event at now and advances the stream.
	Fire(now Time)
}

// SetStream makes the engine draw events from s as well as from its heap
// (nil removes it). An engine has at most one stream.
func (e *Engine) SetStream(s Stream) {
	e.stream = s
	e.seq++
	e.streamSeq = e.seq
}

// NewEngine returns an engine at time 0 with no events.
func NewEngine() *Engine { return &Engine{} }

// Now returns the current simulated time.
func (e *Engine) Now() Time { return e.now }

// Pending returns the number of scheduled events.
func (e *Engine) Pending() int { return len(e.heap) }

// Fired returns the number of events run so far.
func (e *Engine) Fired() uint64 { return e.fired }

// Schedule arranges for h.Handle(at, data) to run at time at. Scheduling in
// the past is a modelling bug, not a recoverable condition: it panics.
func (e *Engine) Schedule(at Time, h Handler, data uint64) EventID {
	if at < e.now {
		panic(fmt.Sprintf("sim: event scheduled at %v, before now (%v)", at, e.now))
	}
	if h == nil {
		panic("sim: nil handler")
	}
	var s int32
	if n := len(e.free); n > 0 {
		s = e.free[n-1]
		e.free = e.free[:n-1]
	} else {
		s = int32(len(e.slots))
		e.slots = append(e.slots, slot{})
	}
	sl := &e.slots[s]
	sl.h, sl.data = h, data
	e.seq++
	e.heap = append(e.heap, entry{at: at, seq: e.seq, slot: s})
	e.up(len(e.heap) - 1)
	return EventID{slot: s + 1, gen: sl.gen}
}

// After schedules h to run d after now.
func (e *Engine) After(d Time, h Handler, data uint64) EventID {
	return e.Schedule(e.now+d, h, data)
}

// Cancel removes a pending event and reports whether it was pending. An event
// that has fired or was cancelled already is left alone, so holders may
// cancel stale IDs freely.
func (e *Engine) Cancel(id EventID) bool {
	if id.slot == 0 {
		return false
	}
	s := id.slot - 1
	if int(s) >= len(e.slots) {
		return false
	}
	sl := &e.slots[s]
	if sl.gen != id.gen || sl.h == nil {
		return false
	}
	i := int(sl.pos)
	last := len(e.heap) - 1
	if i != last {
		e.heap[i] = e.heap[last]
		e.slots[e.heap[i].slot].pos = int32(i)
		e.heap = e.heap[:last]
		if !e.down(i) {
			e.up(i)
		}
	} else {
		e.heap = e.heap[:last]
	}
	e.release(s)
	return true
}

// Stop makes Run return after the event being handled.
func (e *Engine) Stop() { e.stop = true }

// Run handles events in order until none is left at or before until, then
// advances the clock to until (unless until is Never). It returns the number
// of events handled. A check (SetCheck) that fails stops it early, with the
// clock where it stopped.
func (e *Engine) Run(until Time) uint64 {
	start := e.fired
	e.stop, e.err = false, nil
	for !e.stop {
		if e.check != nil {
			if e.untilCheck--; e.untilCheck == 0 {
				e.untilCheck = checkEvery
				if err := e.check(e.now); err != nil {
					e.err = err
					return e.fired - start
				}
			}
		}
		if e.stream != nil {
			if at, ok := e.stream.Next(); ok && at <= until && (len(e.heap) == 0 || at < e.heap[0].at ||
				(at == e.heap[0].at && e.streamSeq < e.heap[0].seq)) {
				if at < e.now {
					panic(fmt.Sprintf("sim: stream event at %v, before now (%v)", at, e.now))
				}
				e.now = at
				e.fired++
				e.stream.Fire(at)
				e.seq++
				e.streamSeq = e.seq
				continue
			}
		}
		if len(e.heap) == 0 {
			break
		}
		top := e.heap[0]
		if top.at > until {
			break
		}
		e.pop()
		sl := &e.slots[top.slot]
		h, data := sl.h, sl.data
		e.release(top.slot)
		e.now = top.at
		e.fired++
		h.Handle(top.at, data)
	}
	if !e.stop && until != Never && until > e.now {
		e.now = until
	}
	return e.fired - start
}

// release frees a slot and bumps its generation so that old IDs go stale.
func (e *Engine) release(s int32) {
	sl := &e.slots[s]
	sl.h = nil
	sl.pos = -1
	sl.gen++
	e.free = append(e.free, s)
}

func (e *Engine) pop() {
	last := len(e.heap) - 1
	if last > 0 {
		e.heap[0] = e.heap[last]
		e.slots[e.heap[0].slot].pos = 0
	}
	e.heap = e.heap[:last]
	if last > 1 {
		e.down(0)
	}
}

// up moves the entry at i towards the root, shifting parents down into the
// hole instead of swapping (half the writes).
func (e *Engine) up(i int) {
	x := e.heap[i]
	for i > 0 {
		p := (i - 1) / 2
		if !x.before(e.heap[p]) {
			break
		}
		e.heap[i] = e.heap[p]
		e.slots[e.heap[i].slot].pos = int32(i)
		i = p
	}
	e.heap[i] = x
	e.slots[x.slot].pos = int32(i)
}

// down moves the entry at i0 towards the leaves and reports whether it moved.
func (e *Engine) down(i0 int) bool {
	n := len(e.heap)
	x := e.heap[i0]
	i := i0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if r := c + 1; r < n && e.heap[r].before(e.heap[c]) {
			c = r
		}
		if !e.heap[c].before(x) {
			break
		}
		e.heap[i] = e.heap[c]
		e.slots[e.heap[i].slot].pos = int32(i)
		i = c
	}
	e.heap[i] = x
	e.slots[x.slot].pos = int32(i)
	return i > i0
}
