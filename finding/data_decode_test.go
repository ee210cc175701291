package finding

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// TestDecodeText: the decoder without reflection gives what encoding/json gives, for every
// message MarshalText writes and for what it does not write (then encoding/json decides).
func TestDecodeText(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"", "Điện sản xuất", "%s: %s (%s) bằng %s lần", `"trích"`, "a\\b", "<&>", "\u2028", "tab\there", "xuống\ndòng", "\xff", "😀", "ô E18"}
	var gen func(depth int) Text
	gen = func(depth int) Text {
		tx := Text{VI: words[rng.IntN(len(words))], EN: words[rng.IntN(len(words))]}
		for range rng.IntN(5) {
			switch k := rng.IntN(6); {
			case k == 0:
				tx.Args = append(tx.Args, words[rng.IntN(len(words))])
			case k == 1:
				tx.Args = append(tx.Args, rng.IntN(1<<20)-1<<19)
			case k == 2:
				tx.Args = append(tx.Args, rng.NormFloat64()*1e6)
			case k == 3:
				tx.Args = append(tx.Args, Num("-1234.5"))
			case depth < 3:
				tx.Args = append(tx.Args, gen(depth+1))
			}
		}
		return tx
	}
	fast := 0
	for range 3000 {
		b, err := MarshalText(gen(0))
		if err != nil {
			t.Fatal(err)
		}
		compare(t, b)
		if _, ok := decodeText(b); ok {
			fast++
		}
	}
	if fast < 200 {
		t.Errorf("only %d of 3000 messages took the fast way", fast)
	}
	// A finding as the store keeps it takes the fast way.
	b, _ := MarshalText(Textf("%s: %s (%s) bằng %s lần %s (%s).", "%s: %s (%s) is %s times %s (%s).",
		Text{VI: "Điện sản xuất", EN: "Electricity generated"}, Text{VI: "Lũy kế từ đầu năm", EN: "Year to date"}, Num("5000"), 18.59, "Cùng kỳ", 269))
	if _, ok := decodeText(b); !ok {
		t.Errorf("%s did not take the fast way", b)
	}
	for _, s := range []string{`{"vi":"a"}`, `{"vi":"a","vi":"b"}`, `{"VI":"a"}`, `{"vi":"a","x":1}`, `{"vi":"a","args":[{"i":01}]}`, `{"vi":"a","args":[{"i":+1}]}`,
		`{"vi":"a","args":[{"f":.5}]}`, `{"vi":"a","args":[{"f":1e400}]}`, `{"vi":"a","args":[{"s":"x","i":1}]}`, `{"vi":"a","args":[{}]}`, `{"vi":"a","args":[{"t":null}]}`,
		`{"vi":"a","args":[{"t":{}}]}`, `{"vi":"a","args":[]}`, `null`, ` {"vi" : "a" , "en":"b"} `, `{"vi":"a"} x`, `{"vi":"a",}`, `{"vi":"\u0041"}`, `{"vi":"a","args":[{"i":9223372036854775808}]}`} {
		compare(t, []byte(s))
	}
}

// compare checks that UnmarshalText, fast or not, gives encoding/json's message.
func compare(t *testing.T, b []byte) {
	t.Helper()
	got, gotErr := UnmarshalText(b)
	var d text
	wantErr := json.Unmarshal(b, &d)
	if (gotErr != nil) != (wantErr != nil) {
		t.Errorf("%s: error %v, encoding/json %v", b, gotErr, wantErr)
		return
	}
	if wantErr == nil && !reflect.DeepEqual(got, fromData(d)) {
		t.Errorf("%s:\n got %#v\nwant %#v", b, got, fromData(d))
	}
}

func FuzzDecodeText(f *testing.F) {
	f.Add(`{"vi":"%s (%s)","en":"%s (%s)","args":[{"t":{"vi":"Xăng","en":"Petrol"}},{"n":"5000"},{"i":3},{"f":1.5},{"s":"x"}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		if strings.Count(s, "[") > 50 {
			return
		}
		compare(t, []byte(s))
	})
}
