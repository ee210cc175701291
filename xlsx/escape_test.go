package xlsx

import (
	"encoding/xml"
	"strings"
	"testing"
)

func TestXMLSafe(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Hà Nội, 16,4%", "Hà Nội, 16,4%"},
		{"1\x010", "1_x0001_0"},
		{"tab\tnew\nline\r", "tab\tnew\nline\r"},
		{"\x00\x1f", "_x0000__x001F_"},
		{"a\uFFFEb\uFFFF", "a_xFFFE_b_xFFFF_"},
		{"bad \xff byte", "bad  byte"},
	} {
		got := XMLSafe(c.in)
		if got != c.want {
			t.Errorf("XMLSafe(%q) = %q, want %q", c.in, got, c.want)
		}
		var v string
		if err := xml.Unmarshal([]byte("<t>"+escaped(got)+"</t>"), &v); err != nil {
			t.Errorf("%q escaped is not XML: %v", c.in, err)
		}
	}
}

// TestCoreXMLPrefixed: every element of docProps/core.xml carries its namespace's prefix, which
// ExcelJS matches on.
func TestCoreXMLPrefixed(t *testing.T) {
	x := string(coreXML(coreProps{Title: "Biểu <1>", Creator: "chitieu", LastModifiedBy: "chitieu", Created: "2024-03-01T00:00:00Z"}))
	for _, want := range []string{"<cp:lastModifiedBy>chitieu</cp:lastModifiedBy>", "<dc:title>Biểu &lt;1></dc:title>", `<dcterms:created xsi:type="dcterms:W3CDTF">2024-03-01T00:00:00Z</dcterms:created>`} {
		if !strings.Contains(x, want) {
			t.Errorf("core.xml lacks %s:\n%s", want, x)
		}
	}
	if strings.Contains(x, "<lastModifiedBy>") {
		t.Errorf("unprefixed element:\n%s", x)
	}
}
