package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"chitieu/intake"
	"chitieu/outfile"
	"chitieu/seeds"
	"chitieu/store"
)

// The load and kill tests run this test binary again as the server; these variables tell it so.
const (
	envChild   = "CHITIEU_SERVE_CHILD" // the store's folder
	envPerUnit = "CHITIEU_SERVE_PER_UNIT"
)

func TestMain(m *testing.M) {
	if dir := os.Getenv(envChild); dir != "" {
		os.Exit(childServer(dir))
	}
	os.Exit(m.Run())
}

// childServer serves the store in dir on a free loopback port, printing the address, until it
// is told to stop or killed.
func childServer(dir string) int {
	defer outfile.Cleanup()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	p, _, err := seeds.Load(seeds.Default)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	st, err := store.Open(ctx, dir, p.ID)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer st.Close()
	perUnit, _ := strconv.Atoi(os.Getenv(envPerUnit))
	srv, err := New(Config{Plan: p, Store: st, OfficeToken: testOffice, UploadsPerUnit: perUnit})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	ln, err := listen()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	fmt.Printf("listening http://%s\n", ln.Addr())
	if err := srv.Serve(ctx, ln); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	return 0
}

func listen() (net.Listener, error) { return net.Listen("tcp", "127.0.0.1:0") }

// server is a child process serving a store.
type server struct {
	cmd  *exec.Cmd
	base string
}

func startChild(t testing.TB, dir string, perUnit int) *server {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), envChild+"="+dir, envPerUnit+"="+strconv.Itoa(perUnit))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("the server did not start: %v", err)
	}
	go io.Copy(io.Discard, out)
	return &server{cmd: cmd, base: strings.TrimSpace(strings.TrimPrefix(line, "listening "))}
}

// peakRSS is the most memory the process has held (VmHWM, as GNU time's maximum resident set).
func (s *server) peakRSS() int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return -1
}

// upload is one file to send through one unit's link.
type upload struct {
	path, via string
	// form, unit, period: the report the file is; valid: whether it should count.
	form, unit, period string
	valid              bool
}

// loadSet writes the files of the load test: 150 valid reports (27 districts, yearly 2019–2023,
// and the first half of 2024 for 15 of them), and 50 invalid ones — messy cells for the first
// half of 2022, files that are no workbook, and other units' reports sent through a neighbour's
// link. Every file's bytes are distinct.
func loadSet(t testing.TB, dir string) []upload {
	p := testPlan(t)
	var districts []string
	for _, c := range p.Form("03/CT-H").Units {
		if c != "407" { // Nghi Sơn exists from 2020 only
			districts = append(districts, c)
		}
	}
	var ups []upload
	add := func(unit, period, via string, valid bool, edits ...edit) {
		d := filepath.Join(dir, fmt.Sprint(len(ups)))
		os.MkdirAll(d, 0o755)
		ups = append(ups, upload{path: fillForm(t, p, d, "03/CT-H", unit, period, edits...), via: via, form: "03/CT-H", unit: unit, period: period, valid: valid})
	}
	for _, year := range []string{"2019", "2020", "2021", "2022", "2023"} {
		for _, u := range districts {
			add(u, year, u, true)
		}
	}
	for _, year := range []string{"2020", "2021", "2022", "2023"} {
		add("407", year, "407", true)
	}
	for _, u := range districts[:16] {
		add(u, "2024-6M", u, true)
	}
	for _, u := range districts[:25] {
		add(u, "2022-6M", u, false, messy)
	}
	junk := filepath.Join(dir, "junk")
	os.MkdirAll(junk, 0o755)
	for i := range 15 {
		path := filepath.Join(junk, fmt.Sprintf("báo cáo %d.xlsx", i))
		os.WriteFile(path, []byte(fmt.Sprintf("<html>not a workbook %d</html>", i)), 0o644)
		ups = append(ups, upload{path: path, via: districts[i]})
	}
	for i := range 10 {
		add(districts[i], "2021-6M", districts[i+1], false)
	}
	if len(ups) != 200 || len(districts) != 26 {
		t.Fatalf("%d files, %d districts", len(ups), len(districts))
	}
	return ups
}

// post sends a file through a link, retrying when the unit has too many uploads in progress;
// it returns the answer, the time of the attempt answered, and the attempts refused.
func post(ctx context.Context, base, token string, path string) (intake.Entry, time.Duration, int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return intake.Entry{}, 0, 0, err
	}
	refused := 0
	for {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		w, _ := mw.CreateFormFile("file", filepath.Base(path))
		w.Write(data)
		mw.Close()
		req, _ := http.NewRequestWithContext(ctx, "POST", base+"/u/"+token+"/upload", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Accept", "application/json")
		start := time.Now()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return intake.Entry{}, 0, refused, err
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		took := time.Since(start)
		switch resp.StatusCode {
		case http.StatusOK:
			var fj intake.Entry
			err := json.Unmarshal(raw, &fj)
			return fj, took, refused, err
		case http.StatusTooManyRequests:
			refused++
			select {
			case <-ctx.Done():
				return intake.Entry{}, 0, refused, ctx.Err()
			case <-time.After(time.Duration(50+rand.IntN(100)) * time.Millisecond):
			}
		default:
			return intake.Entry{}, 0, refused, fmt.Errorf("%s: %s", resp.Status, raw)
		}
	}
}

// makeStore makes a store with a link for every unit and returns the tokens.
func makeStore(t testing.TB, dir string) map[string]string {
	t.Helper()
	p := testPlan(t)
	st, err := store.Open(context.Background(), dir, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tokens := map[string]string{}
	for _, u := range p.Units {
		tok := NewToken()
		if _, err := st.AddLink(context.Background(), u.Code, HashToken(tok)); err != nil {
			t.Fatal(err)
		}
		tokens[u.Code] = tok
	}
	return tokens
}

// TestLoad sends 200 distinct files at once, valid and invalid, to a server in another process
// on loopback: every one is recorded exactly once and the board says what was sent. The latency
// and the server's peak memory go to the log.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("200 uploads to a server process")
	}
	dir := t.TempDir()
	kho := filepath.Join(dir, "kho")
	tokens := makeStore(t, kho)
	made := time.Now()
	ups := loadSet(t, filepath.Join(dir, "in"))
	t.Logf("%d files written in %v", len(ups), time.Since(made).Round(time.Millisecond))
	srv := startChild(t, kho, 16)
	idle := srv.peakRSS()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	type result struct {
		fj            intake.Entry
		took, overall time.Duration
		refused       int
		err           error
	}
	results := make([]result, len(ups))
	var wg sync.WaitGroup
	gate := make(chan struct{})
	for i, u := range ups {
		wg.Go(func() {
			<-gate
			start := time.Now()
			fj, took, refused, err := post(ctx, srv.base, tokens[u.via], u.path)
			results[i] = result{fj, took, time.Since(start), refused, err}
		})
	}
	start := time.Now()
	close(gate)
	wg.Wait()
	wall := time.Since(start)
	peak := srv.peakRSS()

	var took, overall []time.Duration
	refused := 0
	for i, r := range results {
		if r.err != nil {
			t.Fatalf("upload %d (%s): %v", i, ups[i].path, r.err)
		}
		if r.fj.Valid != ups[i].valid || !r.fj.New {
			t.Errorf("upload %d (%s via %s): valid %v new %v, want valid %v", i, filepath.Base(ups[i].path), ups[i].via, r.fj.Valid, r.fj.New, ups[i].valid)
		}
		took, overall = append(took, r.took), append(overall, r.overall)
		refused += r.refused
	}
	slices.Sort(took)
	slices.Sort(overall)
	q := func(d []time.Duration, f float64) time.Duration {
		return d[min(len(d)-1, int(f*float64(len(d))))].Round(time.Millisecond)
	}
	t.Logf("%d uploads at once in %v (%.1f files/s): latency p50 %v, p99 %v, max %v; refused-and-retried %d; server peak RSS %.1f MiB (%.1f MiB idle)",
		len(ups), wall.Round(time.Millisecond), float64(len(ups))/wall.Seconds(), q(took, 0.50), q(took, 0.99), took[len(took)-1].Round(time.Millisecond),
		refused, float64(peak)/(1<<20), float64(idle)/(1<<20))

	// The lower bound in the same run: the same files checked and filed into a fresh store by
	// as many workers as the server checks files at once, with no HTTP in between.
	bound := lowerBound(t, filepath.Join(dir, "bound"), ups)
	t.Logf("lower bound, the same files checked and received in-process by %d workers: %v (%.1f files/s)",
		runtime.GOMAXPROCS(0), bound.Round(time.Millisecond), float64(len(ups))/bound.Seconds())

	// Every file exactly once: one submission and one upload row each, none else.
	st, err := store.Open(context.Background(), kho, "thanh-hoa")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// Refused files (sent through another unit's link) are their sender's evidence: asked for.
	subs, err := st.Submissions(context.Background(), store.Filter{WithRefused: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != len(ups) {
		t.Errorf("%d submissions for %d files", len(subs), len(ups))
	}
	seen := map[string]int{}
	for _, s := range subs {
		seen[s.SHA256]++
	}
	for i, r := range results {
		if seen[r.fj.SHA256] != 1 {
			t.Errorf("file %d recorded %d times", i, seen[r.fj.SHA256])
		}
		if ups, _ := st.UploadsOf(context.Background(), r.fj.SHA256); len(ups) != 1 {
			t.Errorf("file %d has %d upload rows", i, len(ups))
		}
	}
	if problems, err := st.Verify(context.Background()); err != nil || len(problems) > 0 {
		t.Errorf("store: %v %v", problems, err)
	}
	// The board: each report's state is what was sent for it.
	want := map[string]string{} // period form unit → state
	periods := map[string]bool{}
	for _, u := range ups {
		if u.unit == "" {
			continue
		}
		periods[u.period] = true
		if u.via != u.unit {
			continue // sent through another unit's link: evidence of its sender, no unit's report
		}
		k := u.period + " " + u.form + " " + u.unit
		if u.valid {
			want[k] = store.StateValid
		} else if want[k] == "" {
			want[k] = store.StateInvalid
		}
	}
	for per := range periods {
		req, _ := http.NewRequest("GET", srv.base+"/api/status?period="+per, nil)
		req.Header.Set("Authorization", "Bearer "+testOffice)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var rep store.StatusReport
		json.NewDecoder(resp.Body).Decode(&rep)
		resp.Body.Close()
		counts := map[string]int{}
		for _, f := range rep.Forms {
			for _, u := range f.Units {
				w := want[per+" "+f.Form+" "+u.Unit]
				if w == "" {
					w = store.StateMissing
				}
				if u.State != w {
					t.Errorf("%s %s %s: board says %s, was sent %s", per, f.Form, u.Unit, u.State, w)
				}
				counts[u.State]++
			}
		}
		if s := rep.Summary; s.Valid != counts[store.StateValid] || s.Invalid != counts[store.StateInvalid] || s.Missing != counts[store.StateMissing] ||
			s.Expected != s.Valid+s.Invalid+s.Missing {
			t.Errorf("%s: summary %+v, rows %v", per, s, counts)
		}
	}
}

// TestKillMidUpload kills the server while uploads are in flight, at a range of moments, and
// once while a body is half sent: the store stays consistent (integrity, every row with its
// file), every upload the server answered is recorded, and the unit can upload again.
func TestKillMidUpload(t *testing.T) {
	if testing.Short() {
		t.Skip("kills server processes")
	}
	dir := t.TempDir()
	kho := filepath.Join(dir, "kho")
	tokens := makeStore(t, kho)
	p := testPlan(t)
	var files []upload
	for i, u := range p.Form("03/CT-H").Units[:24] {
		d := filepath.Join(dir, "in", u)
		os.MkdirAll(d, 0o755)
		per := []string{"2023", "2022", "2021"}[i%3]
		var edits []edit
		if i%4 == 0 {
			edits = append(edits, messy)
		}
		files = append(files, upload{path: fillForm(t, p, d, "03/CT-H", u, per, edits...), via: u, unit: u})
	}
	answered := map[string]string{} // sha256 → path, uploads the server answered 200
	var mu sync.Mutex
	for round := range 8 {
		srv := startChild(t, kho, 2)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		var wg sync.WaitGroup
		for _, f := range files[round*3 : round*3+3] {
			wg.Go(func() {
				fj, _, _, err := post(ctx, srv.base, tokens[f.via], f.path)
				if err == nil {
					mu.Lock()
					answered[fj.SHA256] = f.path
					mu.Unlock()
				}
			})
		}
		if round == 7 {
			// A body half sent when the server dies.
			pr, pw := io.Pipe()
			go func() {
				req, _ := http.NewRequestWithContext(ctx, "POST", srv.base+"/u/"+tokens["380"]+"/upload", pr)
				req.Header.Set("Content-Type", "multipart/form-data; boundary=b")
				req.Header.Set("Accept", "application/json")
				if resp, err := http.DefaultClient.Do(req); err == nil {
					resp.Body.Close()
				}
			}()
			pw.Write([]byte("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"half.xlsx\"\r\n\r\nPK\x03\x04"))
			time.Sleep(100 * time.Millisecond)
			defer pw.Close()
		}
		time.Sleep(time.Duration(round*40) * time.Millisecond)
		srv.cmd.Process.Signal(syscall.SIGKILL)
		srv.cmd.Wait()
		wg.Wait()
		cancel()

		st, err := store.Open(context.Background(), kho, p.ID)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if problems, err := st.Verify(context.Background()); err != nil || len(problems) > 0 {
			t.Fatalf("round %d, killed after %d ms: %v %v", round, round*40, problems, err)
		}
		for sha := range answered {
			if subs, _ := st.Submissions(context.Background(), store.Filter{SHA256: sha}); len(subs) != 1 {
				t.Errorf("round %d: an answered upload (%s) is not in the store", round, filepath.Base(answered[sha]))
			}
		}
		st.Close()
	}
	// Restarted, the server takes every file again: those recorded say so, the others are new.
	srv := startChild(t, kho, 2)
	again, fresh := 0, 0
	for _, f := range files {
		fj, _, _, err := post(context.Background(), srv.base, tokens[f.via], f.path)
		if err != nil {
			t.Fatalf("%s after the kills: %v", filepath.Base(f.path), err)
		}
		if fj.New {
			fresh++
		} else {
			again++
		}
	}
	t.Logf("%d uploads answered before a kill; after restarting, %d files were already recorded and %d new", len(answered), again, fresh)
	st, _ := store.Open(context.Background(), kho, p.ID)
	defer st.Close()
	subs, _ := st.Submissions(context.Background(), store.Filter{})
	if len(subs) != len(files) {
		t.Errorf("%d submissions for %d distinct files", len(subs), len(files))
	}
	if problems, err := st.Verify(context.Background()); err != nil || len(problems) > 0 {
		t.Errorf("at the end: %v %v", problems, err)
	}
}

// lowerBound checks and receives the files as an upload does — check, sender, history, receipt
// — on GOMAXPROCS workers into a new store, and returns the time taken.
func lowerBound(t *testing.T, dir string, ups []upload) time.Duration {
	p := testPlan(t)
	st, err := store.Open(context.Background(), dir, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv, err := New(Config{Plan: p, Store: st, OfficeToken: testOffice})
	if err != nil {
		t.Fatal(err)
	}
	work := make(chan upload)
	var wg sync.WaitGroup
	start := time.Now()
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for u := range work {
				if _, err := srv.receive(context.Background(), p.Unit(u.via), u.path, filepath.Base(u.path)); err != nil {
					t.Error(err)
				}
			}
		})
	}
	for _, u := range ups {
		work <- u
	}
	close(work)
	wg.Wait()
	return time.Since(start)
}
