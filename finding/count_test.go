package finding

import "testing"

func TestCount(t *testing.T) {
	for _, c := range []struct {
		n      int
		vi, en string
	}{{0, "0 tệp", "0 files"}, {1, "1 tệp", "1 file"}, {2, "2 tệp", "2 files"}} {
		x := Count(c.n, "tệp", "file", "files")
		if x.In(VI) != c.vi || x.In(EN) != c.en {
			t.Errorf("%d: %q %q", c.n, x.In(VI), x.In(EN))
		}
		if got := Textf("%s đã nhận", "%s received", x).In(EN); got != c.en+" received" {
			t.Errorf("as an argument: %q", got)
		}
	}
}
