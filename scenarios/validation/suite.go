package validation

// All is the built-in suite, in its stable order: theory, published,
// prices, accounting, study.
func All() []Case {
	var cs []Case
	cs = append(cs, theoryCases()...)
	cs = append(cs, distributionCases()...)
	cs = append(cs, publishedCases()...)
	cs = append(cs, priceCases()...)
	cs = append(cs, accountingCases()...)
	cs = append(cs, studyCases()...)
	return cs
}
