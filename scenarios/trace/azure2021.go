package trace

// azure2021Rows reads the header of an Azure Functions 2021 file,
// app,func,end_timestamp,duration (seconds since the start of the trace;
// the duration excludes the cold start, so arrival = end_timestamp -
// duration). Columns are found by name.
func azure2021Rows(lr *lineReader) (*rowFormat, error) {
	names, idx, err := lr.header()
	if err != nil {
		return nil, err
	}
	c, err := lr.require(idx, "app", "func", "end_timestamp", "duration")
	if err != nil {
		return nil, err
	}
	return &rowFormat{ncols: len(names), sortField: "end_timestamp", reorder: true,
		parse: func(f [][]byte) (invRow, string, error) {
			end, err := parseNonNeg(f[c[2]])
			if err != nil {
				return invRow{}, "end_timestamp", err
			}
			d, err := parseNonNeg(f[c[3]])
			if err != nil {
				return invRow{}, "duration", err
			}
			endNS, err := secondsToTime(end)
			if err != nil {
				return invRow{}, "end_timestamp", err
			}
			dNS, err := secondsToTime(d)
			if err != nil {
				return invRow{}, "duration", err
			}
			return invRow{app: f[c[0]], fn: f[c[1]], arrival: endNS - dNS, end: endNS, duration: dNS}, "", nil
		}}, nil
}
