package main

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/spf13/pflag"

	"faassim/internal/duration"
)

// finiteFloat is a float flag that refuses NaN and ±Inf where they are
// parsed: strconv reads "NaN" and "inf", and no option of faassim means
// anything with them (a NaN tolerance is never reached, a NaN bound
// compares false with everything).
type finiteFloat float64

func (f *finiteFloat) String() string { return strconv.FormatFloat(float64(*f), 'g', -1, 64) }
func (f *finiteFloat) Type() string   { return "float" }

func (f *finiteFloat) Set(s string) error {
	v, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil && !math.IsInf(v, 0):
		return fmt.Errorf("%q is not a number", s)
	case math.IsNaN(v) || math.IsInf(v, 0):
		return fmt.Errorf("%q is not a finite number", s)
	}
	*f = finiteFloat(v)
	return nil
}

// finiteFloat64 defines a finiteFloat flag with a default, as fs.Float64.
func finiteFloat64(fs *pflag.FlagSet, name string, value float64, usage string) *float64 {
	p := new(float64)
	*p = value
	fs.Var((*finiteFloat)(p), name, usage)
	return p
}

// finiteFloat64Var is finiteFloat64 into p, as fs.Float64Var.
func finiteFloat64Var(fs *pflag.FlagSet, p *float64, name string, value float64, usage string) {
	*p = value
	fs.Var((*finiteFloat)(p), name, usage)
}

// durationFlag defines a duration flag read by faassim's one duration
// parser (Go's syntax and days: "10m", "7d", "1d12h"), as fs.Duration.
func durationFlag(fs *pflag.FlagSet, name string, value time.Duration, usage string) *time.Duration {
	p := new(time.Duration)
	durationFlagVar(fs, p, name, value, usage)
	return p
}

// durationFlagVar is durationFlag into p, as fs.DurationVar.
func durationFlagVar(fs *pflag.FlagSet, p *time.Duration, name string, value time.Duration, usage string) {
	*p = value
	fs.Var((*duration.Value)(p), name, usage)
}
