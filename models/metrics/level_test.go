package metrics

import (
	"testing"

	"faassim/sim"
)

// step is one change of a level: delta at second at.
type step struct {
	at    float64
	delta int64
}

func TestLevel(t *testing.T) {
	s := sim.FromSeconds
	// Every case uses the window [10 s, 20 s). Integrals are level-seconds
	// counted by hand from the steps.
	tests := []struct {
		name     string
		steps    []step
		close    float64
		integral float64
		max      int64
		value    int64
	}{
		{"never changes", nil, 30, 0, 0, 0},
		{"all inside", []step{{12, +2}, {15, -1}}, 30,
			2*3 + 1*5, 2, 1},
		{"set before, carried in", []step{{1, +5}, {2, -2}}, 30,
			3 * 10, 5 - 2, 3},
		{"peak before the window is not counted", []step{{1, +9}, {5, -8}, {12, +1}}, 30,
			1*2 + 2*8, 2, 2},
		{"changes after the window are tracked, not counted", []step{{15, +1}, {25, +7}}, 30,
			1 * 5, 1, 8},
		{"change exactly at from replaces the old level", []step{{5, +4}, {10, -3}}, 30,
			1 * 10, 1, 1},
		{"change exactly at to is outside", []step{{20, +6}}, 30, 0, 0, 6},
		{"momentary spike counts for max only", []step{{12, +1}, {14, +3}, {14, -3}}, 30,
			1 * 8, 4, 1},
		{"closed inside the window", []step{{11, +2}}, 16, 2 * 5, 2, 2},
		{"closed before the window", []step{{1, +2}}, 8, 0, 0, 2},
		{"closed at from", []step{{1, +2}}, 10, 0, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := NewLevel(s(10), s(20))
			for _, st := range tt.steps {
				l.Add(s(st.at), st.delta)
			}
			l.Close(s(tt.close))
			if got := l.Integral(); got != tt.integral {
				t.Errorf("Integral() = %v, want %v", got, tt.integral)
			}
			if got := l.Max(); got != tt.max {
				t.Errorf("Max() = %v, want %v", got, tt.max)
			}
			if got := l.Value(); got != tt.value {
				t.Errorf("Value() = %v, want %v", got, tt.value)
			}
		})
	}
}

func TestLevelFractionalSeconds(t *testing.T) {
	l := NewLevel(0, sim.Hour)
	l.Add(250*sim.Millisecond, 1)
	l.Add(1750*sim.Millisecond, 2)
	l.Close(2 * sim.Second)
	// 1 x 1.5 s + 3 x 0.25 s
	if got, want := l.Integral(), 2.25; got != want {
		t.Errorf("Integral() = %v, want %v", got, want)
	}
}

func TestLevelEmptyWindow(t *testing.T) {
	l := NewLevel(5*sim.Second, 5*sim.Second)
	l.Add(sim.Second, 3)
	l.Add(5*sim.Second, 1)
	l.Close(9 * sim.Second)
	if l.Integral() != 0 || l.Max() != 0 || l.Value() != 4 {
		t.Errorf("got integral %v, max %v, value %v; want 0, 0, 4", l.Integral(), l.Max(), l.Value())
	}
}

func TestLevelPanics(t *testing.T) {
	tests := []struct {
		name string
		f    func()
	}{
		{"window ends before it starts", func() { NewLevel(2, 1) }},
		{"time goes back", func() {
			l := NewLevel(0, 10)
			l.Add(5, 1)
			l.Add(4, 1)
		}},
		{"close before the last change", func() {
			l := NewLevel(0, 10)
			l.Add(5, 1)
			l.Close(4)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			tt.f()
		})
	}
}

func TestLevelDoesNotAllocate(t *testing.T) {
	l := NewLevel(sim.Second, sim.Hour)
	now := sim.Time(0)
	allocs := testing.AllocsPerRun(1000, func() {
		now += sim.Millisecond
		l.Add(now, 1)
		l.Add(now, -1)
	})
	if allocs != 0 {
		t.Errorf("Add allocates %v times per call, want 0", allocs)
	}
}
