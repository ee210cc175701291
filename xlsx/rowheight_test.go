package xlsx

import "testing"

func TestWithAutoHeights(t *testing.T) {
	in := `<sheetData><row r="1" ht="36" customHeight="true"><c r="A1"/></row><row r="12" ht="20" customHeight="true"></row><row r="2" ht="20" customHeight="true"/></sheetData>`
	want := `<sheetData><row r="1" ht="36" customHeight="true"><c r="A1"/></row><row r="12" ht="20"></row><row r="2" ht="20" customHeight="true"/></sheetData>`
	if got := string(withAutoHeights([]byte(in), map[int]bool{12: true})); got != want {
		t.Errorf("withAutoHeights:\n got %s\nwant %s", got, want)
	}
}
