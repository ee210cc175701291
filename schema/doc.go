// Package schema is chitieu's domain model: the plan (reporting units, indicators, forms,
// targets, reported figures and their sources), reading it from YAML with the line and column of
// every problem — or from the tables of a plan workbook with the sheet and cell — linting it (the
// only user of validator/v10), and the values every other package shares: periods, exact decimal
// numbers, units of measure and column formulas. It imports no workbook code.
//
// A plan is loaded and linted in one call; findings carry their file:line:col:
//
//	p, findings := schema.Load("thanh-hoa.yaml", data)
//	for _, f := range findings {
//		fmt.Printf("%s: %s: %s\n", f.Plan, f.Severity.Word(finding.VI), f.Detail.In(finding.VI))
//	}
//	if findings.HasErrors() {
//		return // the plan must not be used
//	}
//	t := p.Targets[0]
//	fmt.Println(t.Indicator, t.Period, t.Statement(p.Indicator(t.Indicator).Unit))
//	// TTVA_CN 2021-2025 khoảng 16,4 ± 0,5%/năm
//
// Numbers are exact decimals (16.4 stays 16.4); units of the same quantity convert exactly
// (ConvertUnit: 15 tỷ USD is 15000 triệu USD). A Period is a reporting period (2024-03, 2024-Q1,
// 2024-6M, 2024) with the data window of the reporting regime; a Span is a range of years.
package schema
