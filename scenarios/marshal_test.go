package scenarios

import (
	"strings"
	"testing"
)

// TestMarshalRoundTrip writes every embedded example and reads it back:
// what Marshal writes must load to a scenario that writes the same bytes
// (a fixed point), so a written file says exactly what will run.
func TestMarshalRoundTrip(t *testing.T) {
	for _, ex := range Examples() {
		t.Run(ex.Name, func(t *testing.T) {
			s, err := Open("example:"+ex.Name, nil)
			if err != nil {
				t.Fatal(err)
			}
			plain, err := Marshal(s, nil)
			if err != nil {
				t.Fatal(err)
			}
			back, err := Load("back.yaml", plain, nil)
			if err != nil {
				t.Fatalf("%v\n%s", err, plain)
			}
			again, err := Marshal(back, nil)
			if err != nil {
				t.Fatal(err)
			}
			if string(plain) != string(again) {
				t.Errorf("not a fixed point:\n%s\n---\n%s", plain, again)
			}
		})
	}
}

func TestMarshalComments(t *testing.T) {
	s, err := Open("example:default", nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Name = "quote: \"me\"\n# not a comment"
	out, err := Marshal(s, Comments{"$": {"written by a test"}, "$.platforms[0]": {"the first platform", "second line"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# written by a test\n", "# the first platform\n", "# second line\n", "ttl: 6m\n"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	back, err := Load("back.yaml", out, nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if back.Name != s.Name {
		t.Errorf("name %q came back as %q", s.Name, back.Name)
	}
}

func TestShortDuration(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"25h", "25h"}, {"1h30m", "1h30m"}, {"6m", "6m"}, {"250ms", "250ms"}, {"1.991s", "1.991s"},
		{"0s", "0s"}, {"1h0m5s", "1h0m5s"}, {"10m30s", "10m30s"}, {"-2h", "-2h"},
	} {
		d, err := parseDuration(c.in)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := d.MarshalText(); string(got) != c.want {
			t.Errorf("%s written as %s, want %s", c.in, got, c.want)
		}
	}
}
