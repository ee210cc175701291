package mailtest

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"time"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// MSG is an Outlook message for the tests to save as a .msg file, as Outlook lays one out
// ([MS-OXMSG]): its properties in the stream __properties_version1.0 and __substg1.0_ streams,
// each attachment in a storage __attach_version1.0_#XXXXXXXX, an attached message in its
// attachment's storage __substg1.0_3701000D.
type MSG struct {
	// Headers are the internet headers the message came with (PR_TRANSPORT_MESSAGE_HEADERS), ""
	// for none (a message sent, or a draft).
	Headers string
	// Subject, the sender's name and SMTP address, and when it was sent, as Outlook's properties.
	Subject, SenderName, SenderSMTP string
	Sent                            time.Time
	// String8 writes the strings 8-bit (PT_STRING8, Windows-1258) instead of Unicode.
	String8     bool
	Attachments []MSGAttachment
}

// MSGAttachment is a file attached (Name, Data) or a message attached (Message).
type MSGAttachment struct {
	Name    string
	Data    []byte
	Message *MSG
}

// Bytes lays the message out as a compound file ([MS-CFB], version 3, 512-byte sectors).
func (m *MSG) Bytes() []byte {
	root := &cfbEntry{name: "Root Entry", storage: true}
	m.fill(root, 32)
	return writeCFB(root)
}

func (m *MSG) fill(s *cfbEntry, hdr int) {
	props := make([]byte, hdr)
	if hdr == 32 {
		binary.LittleEndian.PutUint32(props[12:], uint32(len(m.Attachments))) // next attachment ID
		binary.LittleEndian.PutUint32(props[20:], uint32(len(m.Attachments)))
	}
	str := func(id uint16, v string) {
		if v == "" {
			return
		}
		if m.String8 {
			s.add(fmt.Sprintf("__substg1.0_%04X001E", id), append(win1258(v), 0))
			return
		}
		s.add(fmt.Sprintf("__substg1.0_%04X001F", id), utf16le(v))
	}
	str(0x007D, m.Headers)
	str(0x0037, m.Subject)
	str(0x0C1A, m.SenderName)
	str(0x0042, m.SenderName)
	str(0x5D01, m.SenderSMTP)
	str(0x0C1F, m.SenderSMTP)
	if !m.Sent.IsZero() {
		props = append(props, fixedProp(0x0039, 0x0040, uint64(m.Sent.UnixNano()/100+116444736000000000))...)
	}
	if m.String8 {
		props = append(props, fixedProp(0x3FFD, 0x0003, 1258)...)
	}
	s.add("__properties_version1.0", props)
	for i, a := range m.Attachments {
		as := &cfbEntry{name: fmt.Sprintf("__attach_version1.0_#%08X", i), storage: true}
		s.kids = append(s.kids, as)
		ap := make([]byte, 8)
		if a.Name != "" {
			as.add("__substg1.0_3707001F", utf16le(a.Name))
		}
		if a.Message != nil {
			ap = append(ap, fixedProp(0x3705, 0x0003, 5)...)
			inner := &cfbEntry{name: "__substg1.0_3701000D", storage: true}
			as.kids = append(as.kids, inner)
			a.Message.fill(inner, 24)
		} else {
			ap = append(ap, fixedProp(0x3705, 0x0003, 1)...)
			as.add("__substg1.0_37010102", a.Data)
		}
		as.add("__properties_version1.0", ap)
	}
}

func fixedProp(id, typ uint16, v uint64) []byte {
	b := make([]byte, 16)
	binary.LittleEndian.PutUint32(b, uint32(id)<<16|uint32(typ))
	binary.LittleEndian.PutUint32(b[4:], 6) // readable, writable
	binary.LittleEndian.PutUint64(b[8:], v)
	return b
}

func utf16le(s string) []byte {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2*len(u)+2)
	for i, c := range u {
		binary.LittleEndian.PutUint16(b[2*i:], c)
	}
	return b
}

// win1258 encodes s in Windows-1258, Vietnamese Windows' 8-bit code page, as Outlook writes an
// 8-bit string: letters with tones as the letter and the tone's combining mark.
func win1258(s string) []byte {
	var b []byte
	enc := charmap.Windows1258.NewEncoder()
	for _, r := range norm.NFD.String(s) { // tones as combining marks, as the code page has them
		c, err := enc.Bytes([]byte(string(r)))
		if err != nil || len(c) != 1 {
			c = []byte("?")
		}
		b = append(b, c...)
	}
	return b
}

// cfbEntry is a storage or a stream of a compound file.
type cfbEntry struct {
	name    string
	storage bool
	data    []byte
	kids    []*cfbEntry
	// Laid out by writeCFB:
	id, start int
}

func (e *cfbEntry) add(name string, data []byte) {
	e.kids = append(e.kids, &cfbEntry{name: name, data: data})
}

const (
	sectorSize  = 512
	miniSize    = 64
	miniCutoff  = 4096
	endOfChain  = 0xFFFFFFFE
	freeSect    = 0xFFFFFFFF
	fatSect     = 0xFFFFFFFD
	difSect     = 0xFFFFFFFC
	noStream    = 0xFFFFFFFF
	dirPerSect  = sectorSize / 128
	fatPerSect  = sectorSize / 4
	maxHeadFATs = 109
)

// writeCFB writes a compound file: streams under 4096 bytes in the mini stream, the others in
// sectors of their own; each storage's children chained as right siblings (a tree mscfb reads,
// and Outlook's readers walk, whatever its balance).
func writeCFB(root *cfbEntry) []byte {
	var all []*cfbEntry
	var walk func(e *cfbEntry)
	walk = func(e *cfbEntry) {
		e.id = len(all)
		all = append(all, e)
		slices.SortFunc(e.kids, func(a, b *cfbEntry) int { return cmpName(a.name, b.name) })
		for _, k := range e.kids {
			walk(k)
		}
	}
	walk(root)

	var sectors [][]byte // the file's sectors after the header
	var fat []uint32
	chain := func(data []byte) int {
		if len(data) == 0 {
			return endOfChain
		}
		first := len(sectors)
		for off := 0; off < len(data); off += sectorSize {
			sec := make([]byte, sectorSize)
			copy(sec, data[off:])
			sectors = append(sectors, sec)
			fat = append(fat, uint32(len(sectors)))
		}
		fat[len(fat)-1] = endOfChain
		return first
	}
	var mini []byte
	var miniFAT []uint32
	for _, e := range all[1:] {
		switch {
		case e.storage:
		case len(e.data) >= miniCutoff:
			e.start = chain(e.data)
		case len(e.data) == 0:
			e.start = endOfChain
		default:
			e.start = len(mini) / miniSize
			n := (len(e.data) + miniSize - 1) / miniSize
			for i := range n {
				next := uint32(e.start + i + 1)
				if i == n-1 {
					next = endOfChain
				}
				miniFAT = append(miniFAT, next)
			}
			buf := make([]byte, n*miniSize)
			copy(buf, e.data)
			mini = append(mini, buf...)
		}
	}
	root.start = chain(mini)
	miniFATStart, miniFATSectors := endOfChain, 0
	if len(miniFAT) > 0 {
		b := make([]byte, 4*len(miniFAT))
		for i, v := range miniFAT {
			binary.LittleEndian.PutUint32(b[4*i:], v)
		}
		miniFATStart = chain(b)
		miniFATSectors = (len(b) + sectorSize - 1) / sectorSize
	}
	dir := make([]byte, ((len(all)+dirPerSect-1)/dirPerSect)*dirPerSect*128)
	for i := range len(dir) / 128 {
		d := dir[i*128:]
		binary.LittleEndian.PutUint32(d[68:], noStream)
		binary.LittleEndian.PutUint32(d[72:], noStream)
		binary.LittleEndian.PutUint32(d[76:], noStream)
	}
	for _, e := range all {
		d := dir[e.id*128:]
		name := utf16.Encode([]rune(e.name))
		for i, c := range name {
			binary.LittleEndian.PutUint16(d[2*i:], c)
		}
		binary.LittleEndian.PutUint16(d[64:], uint16(2*len(name)+2))
		switch {
		case e.id == 0:
			d[66] = 5
		case e.storage:
			d[66] = 1
		default:
			d[66] = 2
		}
		d[67] = 1 // black
		if len(e.kids) > 0 {
			binary.LittleEndian.PutUint32(d[76:], uint32(e.kids[0].id))
			for i, k := range e.kids[:len(e.kids)-1] {
				binary.LittleEndian.PutUint32(dir[k.id*128+72:], uint32(e.kids[i+1].id))
			}
		}
		size := len(e.data)
		if e.id == 0 {
			size = len(mini)
		}
		start := e.start
		if e.storage && e.id != 0 {
			start = 0
		}
		binary.LittleEndian.PutUint32(d[116:], uint32(start))
		binary.LittleEndian.PutUint32(d[120:], uint32(size))
	}
	dirStart := chain(dir)
	// The FAT covers every sector, its own and the DIFAT's too; the header lists the first 109
	// FAT sectors, DIFAT sectors the rest (127 each, and the next DIFAT sector).
	nFAT, nDIFAT := 1, 0
	for {
		nDIFAT = max(0, (nFAT-maxHeadFATs+fatPerSect-2)/(fatPerSect-1))
		need := (len(sectors) + nFAT + nDIFAT + fatPerSect - 1) / fatPerSect
		if need <= nFAT {
			break
		}
		nFAT = need
	}
	fatStart := len(sectors)
	for range nFAT {
		fat = append(fat, fatSect)
		sectors = append(sectors, nil)
	}
	difatStart := len(sectors)
	for range nDIFAT {
		fat = append(fat, difSect)
		sectors = append(sectors, nil)
	}
	fatBytes := make([]byte, nFAT*sectorSize)
	for i := range len(fatBytes) / 4 {
		v := uint32(freeSect)
		if i < len(fat) {
			v = fat[i]
		}
		binary.LittleEndian.PutUint32(fatBytes[4*i:], v)
	}
	for i := range nFAT {
		sectors[fatStart+i] = fatBytes[i*sectorSize : (i+1)*sectorSize]
	}
	for d := range nDIFAT {
		sec := make([]byte, sectorSize)
		for i := range fatPerSect - 1 {
			v := uint32(freeSect)
			if k := maxHeadFATs + d*(fatPerSect-1) + i; k < nFAT {
				v = uint32(fatStart + k)
			}
			binary.LittleEndian.PutUint32(sec[4*i:], v)
		}
		next := uint32(endOfChain)
		if d < nDIFAT-1 {
			next = uint32(difatStart + d + 1)
		}
		binary.LittleEndian.PutUint32(sec[sectorSize-4:], next)
		sectors[difatStart+d] = sec
	}
	firstDIFAT := uint32(endOfChain)
	if nDIFAT > 0 {
		firstDIFAT = uint32(difatStart)
	}

	h := make([]byte, sectorSize)
	copy(h, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	binary.LittleEndian.PutUint16(h[24:], 0x003E)
	binary.LittleEndian.PutUint16(h[26:], 3)
	binary.LittleEndian.PutUint16(h[28:], 0xFFFE)
	binary.LittleEndian.PutUint16(h[30:], 9)
	binary.LittleEndian.PutUint16(h[32:], 6)
	binary.LittleEndian.PutUint32(h[44:], uint32(nFAT))
	binary.LittleEndian.PutUint32(h[48:], uint32(dirStart))
	binary.LittleEndian.PutUint32(h[56:], miniCutoff)
	binary.LittleEndian.PutUint32(h[60:], uint32(miniFATStart))
	binary.LittleEndian.PutUint32(h[64:], uint32(miniFATSectors))
	binary.LittleEndian.PutUint32(h[68:], firstDIFAT)
	binary.LittleEndian.PutUint32(h[72:], uint32(nDIFAT))
	for i := range maxHeadFATs {
		v := uint32(freeSect)
		if i < nFAT {
			v = uint32(fatStart + i)
		}
		binary.LittleEndian.PutUint32(h[76+4*i:], v)
	}
	var out bytes.Buffer
	out.Write(h)
	for _, s := range sectors {
		out.Write(s)
	}
	return out.Bytes()
}

// cmpName orders directory entries as [MS-CFB] 2.6.4 does: shorter names first, then by upper
// case.
func cmpName(a, b string) int {
	ua, ub := utf16.Encode([]rune(a)), utf16.Encode([]rune(b))
	if len(ua) != len(ub) {
		return len(ua) - len(ub)
	}
	return bytes.Compare(bytes.ToUpper([]byte(a)), bytes.ToUpper([]byte(b)))
}
