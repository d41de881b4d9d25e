package playground

// CONTRACT STUB (part "explain" replaces this file).

// Explain writes the explanations of cur, saying what changed from prev
// (nil: no previous state) and why, and the formulas that apply to cur.
func Explain(prev *Snapshot, cur Snapshot) (Explanations, []Formula) {
	return Explanations{}, nil
}
