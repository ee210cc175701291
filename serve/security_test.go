package serve

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"chitieu/intake"
	"chitieu/store"
)

// payloads are what a unit name, a note or a file name may hold: markup and formulas.
const (
	scriptName = `<script>alert("unit")</script> =HYPERLINK("http://evil.example","x")`
	scriptNote = `=HYPERLINK("http://evil.example","bấm") <script>alert("note")</script>`
	scriptFile = `"><svg onload=alert(1)> =cmd|' -C calc'!A0.xlsx`
)

// TestEscaped: every value from the plan or a file stays text on every page and in every
// download — never markup, never a formula.
func TestEscaped(t *testing.T) {
	p := testPlan(t)
	p.Unit("380").Name = scriptName
	p.Form("03/CT-H").Title = `<img src=x onerror=alert("title")>`
	e := newEnvPlan(t, p, nil)
	path := fillForm(t, p, e.dir, "03/CT-H", "380", "2023", note(scriptNote))
	bad := fillForm(t, p, t.TempDir(), "03/CT-H", "380", "2024-6M", note(scriptNote), messy)
	up := func(path, name string) intake.Entry {
		body, ctype := multipartBody(t, path, name)
		req, _ := http.NewRequest("POST", e.unitURL("380")+"/upload", body)
		req.Header.Set("Content-Type", ctype)
		req.Header.Set("Accept", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %s", resp.Status, raw)
		}
		var fj intake.Entry
		jsonUnmarshal(t, raw, &fj)
		return fj
	}
	good := up(path, scriptFile)
	if !good.Valid {
		t.Fatalf("the file with a formula in its note: %+v", good)
	}
	messyOne := up(bad, scriptFile+"2")
	c := e.browser()
	e.login(c)
	pages := map[string]string{}
	for _, u := range []string{
		e.unitURL("380"), e.unitURL("380") + "/file/" + good.SHA256, e.unitURL("380") + "/file/" + messyOne.SHA256,
		e.ts.URL + "/office?period=2023", e.ts.URL + "/office?period=2024-6M", e.ts.URL + "/office/file/" + good.SHA256,
		e.ts.URL + "/office/file/" + messyOne.SHA256, e.ts.URL + "/office/audit", e.ts.URL + "/u/nope",
	} {
		status, page, _ := get(t, c, u)
		if status != 200 && status != 404 {
			t.Errorf("%s: %d", u, status)
		}
		pages[u] = page
	}
	markup := regexp.MustCompile(`<script>alert|<svg|<img src=x`)
	seen := map[string]bool{}
	for u, page := range pages {
		if m := markup.FindString(page); m != "" {
			t.Errorf("%s: %q reached the page as markup", u, m)
		}
		for _, s := range []string{"&lt;script&gt;alert(&#34;unit&#34;)", "&lt;svg onload=alert(1)&gt;", "&lt;script&gt;alert(&#34;note&#34;)", "&lt;img src=x"} {
			if strings.Contains(page, s) {
				seen[s] = true
			}
		}
	}
	for _, s := range []string{"&lt;script&gt;alert(&#34;unit&#34;)", "&lt;svg onload=alert(1)&gt;", "&lt;script&gt;alert(&#34;note&#34;)", "&lt;img src=x"} {
		if !seen[s] {
			t.Errorf("%q is shown nowhere as text", s)
		}
	}
	// Downloads: the note and the name are text cells, never formulas.
	for _, u := range []string{
		e.unitURL("380") + "/form?form=03%2FCT-H&period=2023",
		e.unitURL("380") + "/file/" + messyOne.SHA256 + "/annotated",
		e.ts.URL + "/office/workbook?period=2023",
	} {
		status, data, h := get(t, c, u)
		if status != 200 {
			t.Fatalf("%s: %d", u, status)
		}
		if cd := h.Get("Content-Disposition"); strings.ContainsAny(cd, "<>\r\n") {
			t.Errorf("%s: raw name in the header %q", u, cd)
		}
		for name, xml := range zipParts(t, []byte(data)) {
			if strings.Contains(xml, "<f>HYPERLINK") || strings.Contains(xml, "<f>cmd") || regexp.MustCompile(`<f[^>]*>[^<]*evil`).MatchString(xml) {
				t.Errorf("%s: %s holds the payload as a formula", u, name)
			}
		}
	}
	// The note reached the store as the unit typed it.
	subs, _ := e.st.Submissions(context.Background(), store.Filter{SHA256: good.SHA256, WithFigures: true})
	found := false
	for _, g := range subs[0].Figures {
		found = found || g.Note == scriptNote
	}
	if !found {
		t.Error("the note was not kept as typed")
	}
}

func zipParts(t testing.TB, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".xml") {
			continue
		}
		r, _ := f.Open()
		b, _ := io.ReadAll(r)
		r.Close()
		out[f.Name] = string(b)
	}
	return out
}

// TestSlowClients: a client that sends its headers or its body a byte at a time is cut off when
// its time is up, and the server answers others meanwhile.
func TestSlowClients(t *testing.T) {
	e := newEnv(t, func(c *Config) {
		c.Timeouts = Timeouts{ReadHeader: 300 * time.Millisecond, Read: time.Second, Write: 2 * time.Second, Idle: time.Second}
	})
	addr := strings.TrimPrefix(e.ts.URL, "http://")
	trickle := func(head string, then string) time.Duration {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		start := time.Now()
		if _, err := io.WriteString(conn, head); err != nil {
			t.Fatal(err)
		}
		closed := make(chan struct{})
		go func() {
			io.Copy(io.Discard, conn) // returns when the server closes the connection
			close(closed)
		}()
		for i := 0; i < 100; i++ {
			select {
			case <-closed:
				return time.Since(start)
			case <-time.After(50 * time.Millisecond):
			}
			conn.Write([]byte(then))
			// Meanwhile another client is served.
			if i == 3 {
				if status, _, _ := get(t, http.DefaultClient, e.ts.URL+"/"); status != 200 {
					t.Errorf("a normal request meanwhile: %d", status)
				}
			}
		}
		return time.Since(start)
	}
	if d := trickle("GET / HTTP/1.1\r\nHost: x\r\n", "X"); d > 2*time.Second {
		t.Errorf("slow headers held the connection %v", d)
	}
	head := fmt.Sprintf("POST /u/%s/upload HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n--b\r\n", e.tokens["380"])
	if d := trickle(head, "X"); d > 3*time.Second {
		t.Errorf("a slow body held the connection %v", d)
	}
	// Nothing half sent was recorded, and the unit can send at once.
	if subs, _ := e.st.Submissions(context.Background(), store.Filter{}); len(subs) != 0 {
		t.Errorf("%d submissions from cut-off uploads", len(subs))
	}
	if status, fj := e.uploadJSON("380", fillForm(t, e.plan, e.dir, "03/CT-H", "380", "2023")); status != 200 || !fj.Valid {
		t.Errorf("after the slow clients: %d %+v", status, fj)
	}
	// An idle keep-alive connection is closed too.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	start := time.Now()
	if _, err := br.ReadByte(); err == nil || time.Since(start) > 3*time.Second {
		t.Errorf("idle connection: %v after %v", err, time.Since(start))
	}
}
