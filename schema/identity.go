package schema

// Identity is what a workbook says it is: the plan, form, version, unit and period it was made
// for, and the fingerprint of the form's layout (Plan.Fingerprint).
type Identity struct {
	Plan        string `json:"plan"`
	PlanVersion string `json:"plan_version"`
	Form        string `json:"form"`
	FormVersion string `json:"form_version"`
	Fingerprint string `json:"fingerprint"`
	Unit        string `json:"unit"`
	Period      string `json:"period"`
}

// CellKey names a cell of a form by what it holds: an indicator's value in a column.
type CellKey struct{ Indicator, Column string }
