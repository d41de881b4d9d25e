package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"faassim/models/metrics"
	"faassim/scenarios"
)

// perAppFlag is run's --per-app: statistics alone, or with the N busiest
// applications listed (--per-app N, --per-app=N).
type perAppFlag struct{ opt scenarios.PerApp }

func (f *perAppFlag) String() string {
	switch {
	case f.opt.Top > 0:
		return strconv.Itoa(f.opt.Top)
	case f.opt.On:
		return "true"
	}
	return "false"
}

// Type is "bool" so that the help shows --per-app alone, as it is most
// often written; Set takes a number too.
func (f *perAppFlag) Type() string { return "bool" }

func (f *perAppFlag) Set(s string) error {
	if !integer.MatchString(s) { // numbers first: ParseBool reads 1 and 0
		if on, err := strconv.ParseBool(s); err == nil {
			f.opt = scenarios.PerApp{On: on}
			return nil
		}
		return fmt.Errorf("want --per-app alone, or --per-app N with N the busiest applications to list (0 to %d)", metrics.MaxTopApps)
	}
	n, err := strconv.Atoi(strings.TrimPrefix(s, "+"))
	switch {
	case strings.HasPrefix(s, "-") && s != "-0":
		return fmt.Errorf("%s applications: want 0 or more (N is how many of the busiest applications to list)", s)
	case err != nil || n > metrics.MaxTopApps:
		return fmt.Errorf("%s applications: at most %d can be listed (the busiest first; the statistics cover them all)", s, metrics.MaxTopApps)
	}
	f.opt = scenarios.PerApp{On: true, Top: n}
	return nil
}

var perAppUsage = "per-application statistics on FaaS platforms (results' apps: percentiles of the per-app cold-start %, " +
	"over apps with 2 or more requests per replication, and wasted memory: idle instance GB-s); " +
	fmt.Sprintf("--per-app N (or --per-app=N) also lists the N applications with the most requests (0 to %d). ", metrics.MaxTopApps) +
	"A number right after --per-app is its N, never the scenario: write the scenario first or use --per-app=N (default off)"

// addPerApp registers --per-app on fs.
func addPerApp(fs *pflag.FlagSet) *perAppFlag {
	f := &perAppFlag{}
	fs.Var(f, "per-app", perAppUsage)
	fs.Lookup("per-app").NoOptDefVal = "true"
	return f
}

var integer = regexp.MustCompile(`^[+-]?[0-9]+$`)

// joinOptional rewrites "--NAME N" as "--NAME=N" when N is an integer.
// pflag gives a flag with an optional value (NoOptDefVal) its value only
// after "=": "--per-app 20" would make 20 a positional argument, and
// "--per-app -1" a flag -1. It leaves alone what follows "--" and the
// values of flags that take one ("--set --per-app" is a --set).
func joinOptional(fs *pflag.FlagSet, args []string, name string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return append(out, args[i:]...)
		case a == "--"+name && i+1 < len(args) && integer.MatchString(args[i+1]):
			out = append(out, a+"="+args[i+1])
			i++
		case takesValue(fs, a) && i+1 < len(args):
			out = append(out, a, args[i+1])
			i++
		default:
			out = append(out, a)
		}
	}
	return out
}

// takesValue says whether the flag argument a consumes the next argument
// as its value: a long flag without "=" that has no optional value, or a
// group of shorthands whose last one takes a value.
func takesValue(fs *pflag.FlagSet, a string) bool {
	var f *pflag.Flag
	switch {
	case strings.HasPrefix(a, "--") && !strings.Contains(a, "="):
		f = fs.Lookup(a[2:])
	case strings.HasPrefix(a, "-") && len(a) >= 2 && !strings.HasPrefix(a, "--"):
		for k := 1; k < len(a); k++ {
			g := fs.ShorthandLookup(a[k : k+1])
			if g == nil {
				return false
			}
			if g.NoOptDefVal == "" {
				// The rest of the group is its value, or the next argument.
				if k < len(a)-1 {
					return false
				}
				f = g
			}
		}
	}
	return f != nil && f.NoOptDefVal == ""
}

// argsText names the positional arguments a command got, quoted: "2
// arguments: \"s.yaml\", \"abc\"" shows which one was not meant (a
// misspelt flag value, a --per-app word).
func argsText(args []string) string {
	if len(args) == 0 {
		return "no argument"
	}
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = strconv.Quote(a)
	}
	return fmt.Sprintf("%d arguments: %s", len(args), strings.Join(q, ", "))
}
