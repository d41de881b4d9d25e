package samejson

import "testing"

// recorder keeps what Compare reports instead of failing the test.
type recorder struct {
	testing.TB
	errs int
}

func (r *recorder) Helper()                   {}
func (r *recorder) Errorf(string, ...any)     { r.errs++ }
func (r *recorder) Fatalf(f string, a ...any) { r.TB.Fatalf(f, a...) }

func TestCompare(t *testing.T) {
	tests := []struct {
		name      string
		got, want string
		rules     Rules
		errs      int
	}{
		{"equal", `{"a": 1, "b": [1.5, "x"]}`, `{"a": 1, "b": [1.5, "x"]}`, Rules{}, 0},
		{"a count off by one", `{"requests": 11}`, `{"requests": 10}`, Rules{}, 1},
		{"a mean in its 14th digit", `{"mean": 2.00000000000001}`, `{"mean": 2.0}`, Rules{}, 0},
		{"a mean in its 6th digit", `{"mean": 2.00001}`, `{"mean": 2.0}`, Rules{}, 1},
		{"a missing key", `{"a": 1}`, `{"a": 1, "b": 2}`, Rules{}, 1},
		{"a bound above the peak", `{"instances": {"max": 9}, "warnings": ["instances.max is an upper bound: ..."]}`, `{"instances": {"max": 7}}`, Rules{Bounded: true}, 0},
		{"a bound below the peak", `{"instances": {"max": 6}}`, `{"instances": {"max": 7}}`, Rules{Bounded: true}, 1},
		{"a bound where none is allowed", `{"instances": {"max": 9}}`, `{"instances": {"max": 7}}`, Rules{}, 1},
		{"bounded: no distribution", `{"instances": {"max": 7}}`, `{"instances": {"max": 7, "distribution": [], "running_distribution": []}}`, Rules{Bounded: true}, 0},
		{"a distribution missing where none may be", `{"instances": {"max": 7}}`, `{"instances": {"max": 7, "distribution": []}}`, Rules{}, 1},
		{"another warning", `{"warnings": ["something else"]}`, `{}`, Rules{Bounded: true}, 1},
		{"exact by key", `{"cold": 1.5}`, `{"cold": 1.4999999999999999}`, Rules{Exact: func(k, _ string) bool { return k == "cold" }}, 1},
	}
	for _, tt := range tests {
		r := &recorder{TB: t}
		Compare(r, []byte(tt.got), []byte(tt.want), tt.rules)
		if r.errs != tt.errs {
			t.Errorf("%s: %d differences reported, want %d", tt.name, r.errs, tt.errs)
		}
	}
}
