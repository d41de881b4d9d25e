package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"faassim/internal/textfile"
	"faassim/models/pricing"
)

const pricesIntro = `faassim prices [flags]

Lists the price sheets faassim knows: provider, product, region, billing
model, the date the prices took effect and where they come from. Platforms
use their preset's sheet unless the scenario names another with
"prices: NAME"; add or update sheets with --prices FILE (YAML, the same
fields as "faassim prices --format json" shows).`

func pricesCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("prices", pricesIntro, stdout, stderr)
	provider := fs.String("provider", "", "only sheets of `PROVIDER` (aws, gcp, azure)")
	format := fs.StringP("format", "f", "text", "output `format`: text or json (every rate)")
	user := fs.StringArray("prices", nil, "also list the sheets in `FILE` (repeatable)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("prices: unexpected argument %q", fs.Arg(0))}
	}
	extra, err := loadPrices(*user)
	if err != nil {
		return err
	}
	var sheets []pricing.Sheet
	for _, sh := range append(extra, pricing.Sheets()...) {
		if *provider != "" && !strings.EqualFold(sh.Provider, *provider) {
			continue
		}
		if slices.ContainsFunc(sheets, func(o pricing.Sheet) bool { return o.Name == sh.Name }) {
			continue // a user's sheet replaces the embedded one of that name
		}
		sheets = append(sheets, sh)
	}
	if len(sheets) == 0 {
		return usageError{fmt.Errorf("prices: no sheet for provider %q", *provider)}
	}
	switch *format {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(sheets)
	case "text":
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "sheet\tprovider\tproduct\tregion\tmodel\teffective\tsource")
		for _, sh := range sheets {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", sh.Name, sh.Provider, sh.Product, sh.Region, sh.Model, sh.Effective, sh.Source)
		}
		return tw.Flush()
	}
	return usageError{fmt.Errorf("prices: unknown --format %q (want text or json)", *format)}
}

// maxSheetLineBytes caps a price sheet's lines: a sheet's longest line is
// a URL; the size cap is pricing.Input's alone (a thousandth of the
// default memory bound, with its reason in the message).
const maxSheetLineBytes = 64 << 10

// loadPrices reads the user's price sheet files (--prices).
func loadPrices(paths []string) ([]pricing.Sheet, error) {
	var all []pricing.Sheet
	for _, path := range paths {
		data, err := pricing.Input.ReadFile(path)
		if err != nil {
			return nil, usageError{err}
		}
		if line := textfile.LongLine(data, maxSheetLineBytes); line > 0 {
			return nil, usageError{&textfile.LineError{File: path, Line: line, Max: maxSheetLineBytes}}
		}
		sheets, err := pricing.Parse(path, data)
		if err != nil {
			return nil, usageError{err}
		}
		all = append(all, sheets...)
	}
	return all, nil
}
