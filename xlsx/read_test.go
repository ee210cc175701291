package xlsx

import "testing"

func TestDigits(t *testing.T) {
	for raw, want := range map[string]string{
		"570.3099999999999": "570.31", "844.9299999999999": "844.93", "0.164": "0.164", "13370": "13370",
		"1E-3": "0.001", "1.5E+20": "150000000000000000000", "-0": "0", "0.30000000000000004": "0.3",
		"123456789012345678": "123456789012346000", "abc": "abc", "": "",
	} {
		if got := Digits(raw); got != want {
			t.Errorf("Digits(%q) = %q, want %q", raw, got, want)
		}
	}
}
