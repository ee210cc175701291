package serve

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"chitieu/store"
)

// syncBuffer is a log the server writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// dirBytes is the size of everything in a folder: the store's index, its log and its files.
func dirBytes(t testing.TB, dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// storeBytes reads every byte the store's folder holds.
func storeBytes(t testing.TB, dir string) []byte {
	var all []byte
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(path)
			all = append(all, data...)
		}
		return nil
	})
	return all
}

// TestHostileName: a file name of a megabyte, with a newline and an escape sequence, is cut
// before the store keeps it or the log writes it, and the log line is escaped as the text writer
// escapes: one line, no raw control character.
func TestHostileName(t *testing.T) {
	log := &syncBuffer{}
	e := newEnv(t, func(c *Config) { c.Log = log })
	before := dirBytes(t, e.st.Dir())
	path := fillForm(t, e.plan, e.dir, "03/CT-H", "380", "2023")
	forged := "a\n2024-07-20 09:00:00 upload 999 \"forged.xlsx\": valid\x1b[2J"
	name := forged + strings.Repeat("ệ", 1<<20/3) + ".xlsx"
	// The name in RFC 2231 form, as a client sends one with a newline or an escape in it.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename*=UTF-8''`+pctEncode(name))
	w, _ := mw.CreatePart(h)
	data, _ := os.ReadFile(path)
	w.Write(data)
	mw.Close()
	body, ctype := &buf, mw.FormDataContentType()
	req, _ := http.NewRequest("POST", e.unitURL("380")+"/upload", body)
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		data, _ := io.ReadAll(resp.Body)
		t.Fatalf("upload: %s %s", resp.Status, data)
	}
	grown := dirBytes(t, e.st.Dir()) - before
	ups, _ := e.st.Uploads(context.Background(), "380")
	subs, _ := e.st.Submissions(context.Background(), store.Filter{Unit: "380"})
	audit, _ := e.st.AuditLog(context.Background(), 10)
	if len(ups) != 1 || len(ups[0].Name) > store.MaxNameBytes || len(subs) != 1 || len(subs[0].Name) > store.MaxNameBytes {
		t.Errorf("names kept: upload %d bytes, file %d bytes", len(ups[0].Name), len(subs[0].Name))
	}
	for _, a := range audit {
		if len(a.Detail) > store.MaxAuditField || len(a.Target) > store.MaxAuditField {
			t.Errorf("audit entry of %d bytes", len(a.Detail))
		}
	}
	// The store grows by the file and a few rows, not by the name: well under the megabyte.
	if fi, _ := os.Stat(path); grown > fi.Size()+256<<10 {
		t.Errorf("the store grew by %d bytes for a %d-byte file", grown, fi.Size())
	}
	out := log.String()
	if strings.ContainsRune(out, 0x1b) || strings.Count(out, "\n") != 1 || !strings.Contains(out, `\x1b[2J`) {
		t.Errorf("log:\n%.300s", out)
	}
	if len(out) > 4<<10 {
		t.Errorf("a log line of %d bytes", len(out))
	}
	t.Logf("store grew %d bytes; log line %d bytes", grown, len(out))
}

// TestRefusalFlood: a thousand cross-origin POSTs with 60 KB paths, through a unit's link, are
// counted, not written one row each; the audit log names the unit and never holds the link's
// token, in the store's bytes or on the audit page.
func TestRefusalFlood(t *testing.T) {
	e := newEnv(t, nil)
	tok := e.tokens["380"]
	junk := strings.Repeat("A", 60<<10)
	for i := range 1000 {
		req, _ := http.NewRequest("POST", e.unitURL("380")+"/upload/"+junk, strings.NewReader("x"))
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.Header.Set("Origin", "https://evil.example/"+junk)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Fatalf("POST %d: %s", i, resp.Status)
		}
	}
	// A wrong token and an upload refused, too.
	resp, _ := http.Post(e.ts.URL+"/u/"+NewToken()+"/upload", "text/plain", strings.NewReader("x"))
	resp.Body.Close()
	e.st.Close() // the log checkpointed into the index, as the store's bytes stay
	st, err := store.Open(context.Background(), e.st.Dir(), e.plan.ID)
	if err != nil {
		t.Fatal(err)
	}
	e.st = st
	t.Cleanup(func() { st.Close() }) // before the folder goes: Windows removes no open file
	// The whole store, index checkpointed: a new store with its links is some 100 KB of it.
	grown := dirBytes(t, e.st.Dir())
	if grown > 2<<20 {
		t.Errorf("after 1,000 refused POSTs the store holds %d bytes (bound 2 MiB)", grown)
	}
	entries, _ := e.st.AuditLog(context.Background(), 2000)
	if len(entries) > 10 {
		t.Errorf("%d audit rows for 1,000 refusals", len(entries))
	}
	named := false
	for _, a := range entries {
		named = named || a.Action == "cross-origin" && strings.HasPrefix(a.Target, "unit:380 ")
	}
	if !named {
		t.Errorf("no cross-origin entry names unit 380: %+v", entries)
	}
	if bytes.Contains(storeBytes(t, e.st.Dir()), []byte(tok)) {
		t.Error("the store's bytes hold the link's token")
	}
	srv, err := New(Config{Plan: e.plan, Store: st, OfficeToken: testOffice})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", "/office/audit", nil)
	req.Header.Set("Authorization", "Bearer "+testOffice)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != 200 || strings.Contains(rec.Body.String(), tok) || !strings.Contains(rec.Body.String(), "đơn vị 380 /u/…/") {
		t.Errorf("audit page: %d, token shown or unit not named", rec.Code)
	}
	t.Logf("store %d bytes, %d audit rows", grown, len(entries))
}

// TestAuditPages: the audit page shows a page of entries and links to the older ones.
func TestAuditPages(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	for i := range 250 {
		e.st.Audit(ctx, store.AuditEntry{Actor: "cli", Action: "test", Target: fmt.Sprintf("entry-%03d", i)})
	}
	c := e.browser()
	e.login(c)
	_, page, _ := get(t, c, e.ts.URL+"/office/audit")
	if !strings.Contains(page, "entry-249") || strings.Contains(page, "entry-149") || !strings.Contains(page, "before=") {
		t.Fatalf("first page: newest 100 and a link to older ones expected")
	}
	seen := map[string]bool{}
	next := e.ts.URL + "/office/audit"
	for pages := 0; next != "" && pages < 10; pages++ {
		_, page, _ = get(t, c, next)
		for i := range 250 {
			if strings.Contains(page, fmt.Sprintf("entry-%03d<", i)) {
				seen[fmt.Sprint(i)] = true
			}
		}
		next = ""
		if m := olderRE.FindStringSubmatch(page); m != nil {
			next = e.ts.URL + strings.ReplaceAll(m[1], "&amp;", "&")
		}
	}
	if len(seen) != 250 {
		t.Errorf("paging through the log showed %d of 250 entries", len(seen))
	}
}

var olderRE = regexp.MustCompile(`<a href="(/office/audit\?before=[^"]+)">`)

// pctEncode is RFC 2231's encoding of a parameter value: every byte but letters and digits as %XX.
func pctEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
