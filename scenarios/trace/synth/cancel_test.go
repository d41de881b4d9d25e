package synth

import (
	"context"
	"errors"
	"os"
	"testing"
)

// A cancelled generation stops with the context's error and leaves no
// file of the day it was writing, not even a temporary one.
func TestGenerateStopsWhenCancelled(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := GenerateContext(ctx, dir, Config{Functions: 50, Days: 2, Seed: 1})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left %d files, first %s", len(entries), entries[0].Name())
	}
}
