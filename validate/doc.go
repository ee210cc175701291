// Package validate checks the workbooks reporting units send back: it finds them in files and
// folders, opens each safely, reads it by its keys, checks it against the plan, notices the same
// report sent twice, and writes annotated copies for the units.
//
//	rep, err := validate.Run(ctx, validate.Options{Plan: p}, []string{"nop-bao-cao/"})
//	for _, f := range rep.Files {
//		for _, x := range f.Findings { … x.Cell, x.Code, x.Detail.In(finding.VI) … }
//	}
package validate
