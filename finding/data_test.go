package finding

import "testing"

func TestNum(t *testing.T) {
	for _, c := range []struct{ in, vi, en string }{
		{"0.01", "0,01", "0.01"},
		{"1234.5", "1.234,5", "1,234.5"},
		{"-15000", "-15.000", "-15,000"},
		{"190", "190", "190"},
		{"abc", "abc", "abc"},
	} {
		if vi, en := Num(c.in).In(VI), Num(c.in).In(EN); vi != c.vi || en != c.en {
			t.Errorf("Num(%q) = %q / %q, want %q / %q", c.in, vi, en, c.vi, c.en)
		}
	}
}

// TestMarshalText: a message as data comes back printing the same in each language, its
// arguments still raw (a number is formatted when printed, in the reader's way).
func TestMarshalText(t *testing.T) {
	inner := Textf("ô %s", "cell %s", "E12")
	msg := Textf("%s: %s bằng %s lần (%d tệp), %q", "%s: %s is %s times (%d files), %q", inner, Num("0.01"), Num("1234.5"), 3, "15.000")
	b, err := MarshalText(msg)
	if err != nil {
		t.Fatal(err)
	}
	back, err := UnmarshalText(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []Lang{VI, EN} {
		if got, want := back.In(l), msg.In(l); got != want {
			t.Errorf("%s: %q, want %q (stored %s)", l, got, want, b)
		}
	}
	if got := back.In(EN); got != `cell E12: 0.01 is 1,234.5 times (3 files), "15.000"` {
		t.Errorf("English: %q", got)
	}
}
