package xlsx

import (
	"crypto/sha256"
	"io"
	"sync"
)

// Number formats are cached by the digest of the styles part's stored bytes: the files made from
// one template share a byte-identical styles part, so that an office receiving two hundred
// communes' reports parses it once. The digest is of the compressed bytes as stored — a part that
// merely claims another's CRC-32 or size gets no other part's formats.
var styleCache struct {
	sync.Mutex
	fmts map[[32]byte][]string
}

// maxCachedStyles bounds the cache: a province's forms come from a few templates.
const maxCachedStyles = 256

// stylesKey is the digest of the styles part's stored bytes, and whether it could be taken.
func (wb *Workbook) stylesKey() ([32]byte, bool) {
	zf := wb.parts[partName(wb.stylesPart)]
	if zf == nil || zf.CompressedSize64 > maxStylePart {
		return [32]byte{}, false
	}
	r, err := zf.OpenRaw()
	if err != nil {
		return [32]byte{}, false
	}
	h := sha256.New()
	h.Write([]byte{byte(zf.Method), byte(zf.Method >> 8)})
	if _, err := io.Copy(h, io.LimitReader(r, maxStylePart)); err != nil {
		return [32]byte{}, false
	}
	var k [32]byte
	h.Sum(k[:0])
	return k, true
}

func cachedFormats(k [32]byte) ([]string, bool) {
	styleCache.Lock()
	defer styleCache.Unlock()
	f, ok := styleCache.fmts[k]
	return f, ok
}

func cacheFormats(k [32]byte, fmts []string) {
	styleCache.Lock()
	defer styleCache.Unlock()
	if styleCache.fmts == nil || len(styleCache.fmts) >= maxCachedStyles {
		styleCache.fmts = map[[32]byte][]string{}
	}
	styleCache.fmts[k] = fmts
}
