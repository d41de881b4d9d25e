package scenarios

import (
	"strings"
	"testing"
)

func TestMarshalRoundTrip(t *testing.T) {
	s, err := Open("example:default", nil)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Marshal(s, Comments{"$": {"written by a test"}, "$.platforms[0]": {"the first platform", "second line"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", out)
	back, err := Load("back.yaml", out, nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	again, err := Marshal(back, nil)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := Marshal(s, nil)
	if string(plain) != string(again) {
		t.Errorf("not a fixed point:\n%s\n---\n%s", plain, again)
	}
	if !strings.Contains(string(out), "# the first platform") {
		t.Error("comment missing")
	}
}
