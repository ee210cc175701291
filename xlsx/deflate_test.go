package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"testing"
)

// TestParallelDeflate: an entry of any length, cut into pieces compressed at once, reads back
// whole through archive/zip (which checks its CRC), and the zip's bytes do not depend on the
// number of cores.
func TestParallelDeflate(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var sample bytes.Buffer
	for sample.Len() < 4*deflateChunk {
		fmt.Fprintf(&sample, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>%x</t></is></c></row>`, sample.Len(), sample.Len(), rng.Uint32()%977)
	}
	data := sample.Bytes()
	sizes := []int{0, 1, deflateChunk - 1, deflateChunk, deflateChunk + 1, 3*deflateChunk + deflateChunk/2}
	write := func(procs int) []byte {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		var out bytes.Buffer
		zw := zip.NewWriter(&out)
		zw.RegisterCompressor(zip.Deflate, newParallelDeflate)
		for _, n := range sizes {
			w, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprint(n), Method: zip.Deflate})
			if err != nil {
				t.Fatal(err)
			}
			// In uneven writes, as excelize and the splicing of rows make them.
			for rest := data[:n]; len(rest) > 0; {
				k := min(len(rest), 1+rng.IntN(70000))
				w.Write(rest[:k])
				rest = rest[k:]
			}
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		return out.Bytes()
	}
	one, four := write(1), write(4)
	if !bytes.Equal(one, four) {
		t.Error("the zip differs between 1 and 4 cores")
	}
	zr, err := zip.NewReader(bytes.NewReader(four), int64(len(four)))
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		r.Close()
		if err != nil || !bytes.Equal(got, data[:sizes[i]]) {
			t.Errorf("entry of %d bytes: read %d bytes back, %v", sizes[i], len(got), err)
		}
	}
}
