package scenarios

import (
	"fmt"
)

func (c *checker) trace(path string, t *TraceSpec) {
	switch t.Format {
	case "azure2019", "huawei2023":
		if t.Dir == "" && t.Path == "" {
			c.add(path+".dir", "missing (the directory of the %s release)", t.Format)
		}
	case "azure2021", "csv":
		if t.Path == "" {
			c.add(path+".path", "missing (the %s file)", t.Format)
		}
		if t.Dir != "" {
			c.add(path+".dir", "does not apply to %s (give path)", t.Format)
		}
	case "lambda-report":
		if t.Path == "" && len(t.Paths) == 0 {
			c.add(path+".paths", "missing (the Lambda log files or globs, or one file as path)")
		}
		if t.Dir != "" {
			c.add(path+".dir", "does not apply to lambda-report (give path or paths)")
		}
		for i, p := range t.Paths {
			if p == "" {
				c.add(fmt.Sprintf("%s.paths[%d]", path, i), "empty")
			}
		}
	case "":
		c.add(path+".format", "missing (valid: azure2019, azure2021, huawei2023, csv, lambda-report)")
	default:
		c.add(path+".format", "unknown format %q (valid: azure2019, azure2021, huawei2023, csv, lambda-report)", t.Format)
	}
	if t.Format != "lambda-report" {
		if len(t.Paths) > 0 {
			c.add(path+".paths", "applies to lambda-report only (give path)")
		}
		if t.Function != "" {
			c.add(path+".function", "applies to lambda-report only")
		}
	}
	if t.Day < 0 {
		c.add(path+".day", "must be >= 1, got %d", t.Day)
	}
	c.days(path, t.Day, t.Days, t.Format, 0)
	c.replay(path, t.Spread, t.From, t.To, t.Top, t.Sample, t.RateScale)
}
