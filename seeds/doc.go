// Package seeds holds the plans embedded in chitieu, built from the documents the project was
// founded on, and those documents themselves so that every quote can be checked.
//
// The default plan is Thanh Hóa's:
//
//	p, findings, err := seeds.Load(seeds.Default)
//	if err != nil || findings.HasErrors() { … }
//	fmt.Println(p.Name) // Tỉnh Thanh Hóa
package seeds
