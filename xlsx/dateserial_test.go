package xlsx

import (
	"strconv"
	"testing"
	"time"
)

// TestDateSerial: the serial a date-formatted cell stores for a day reads back as that day, and
// known serials are Excel's (45645 is 2024-12-19, 61 is 1900-03-01).
func TestDateSerial(t *testing.T) {
	for _, c := range []struct {
		day    string
		serial int
	}{{"2024-12-19", 45645}, {"1900-03-01", 61}, {"2030-12-31", 47848}} {
		day, _ := time.Parse("2006-01-02", c.day)
		if got := DateSerial(day.Add(15 * time.Hour)); got != c.serial {
			t.Errorf("DateSerial(%s) = %d, want %d", c.day, got, c.serial)
		}
		back, ok := Value{Digits: strconv.Itoa(c.serial)}.Time()
		if !ok || !back.Equal(day) {
			t.Errorf("serial %d reads as %v, want %s", c.serial, back, c.day)
		}
	}
}
