package store

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// The tests below run this test binary again as child processes; these
// variables tell a child what to do.
const (
	envRole   = "CHITIEU_STORE_CHILD" // "receive" or "kill"
	envDir    = "CHITIEU_STORE_DIR"
	envPrefix = "CHITIEU_STORE_PREFIX"
	envSrc    = "CHITIEU_STORE_SRC"
)

// subFor is the check result of the i-th synthetic file: ten units, one
// period, every third invalid, every eleventh unidentified, so that
// concurrent receipts supersede each other.
func subFor(i int) Submission {
	sub := sample("01/CT-TK", fmt.Sprintf("U%d", i%10), "2024-03", i%3 != 0)
	if i%11 == 0 {
		sub.Form, sub.Unit, sub.Period = "", "", ""
	}
	return sub
}

func child(t *testing.T, role string, env ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), append(env, envRole+"="+role)...)
	cmd.Stderr = os.Stderr
	return cmd
}

// TestChild is the child process's side; run on its own it does nothing.
func TestChild(t *testing.T) {
	ctx := context.Background()
	switch os.Getenv(envRole) {
	case "receive":
		// Prepare everything, then wait for the parent's word, so that the
		// two children really receive at the same time.
		st := open(t, os.Getenv(envDir))
		src := t.TempDir()
		prefix := os.Getenv(envPrefix)
		var paths []string
		for i := range 100 {
			data := []byte(fmt.Sprintf("%s %d", prefix, i))
			paths = append(paths, writeFile(t, src, fmt.Sprintf("Báo cáo %s %03d.xlsx", prefix, i), data))
		}
		fmt.Println("ready")
		if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil {
			t.Fatal(err)
		}
		for i, path := range paths {
			if _, err := st.Receive(ctx, path, subFor(i)); err != nil {
				t.Fatal(err)
			}
		}
	case "kill":
		st := open(t, os.Getenv(envDir))
		fmt.Println("ready")
		if err := receiveAll(ctx, st, os.Getenv(envSrc)); err != nil {
			t.Fatal(err)
		}
	default:
		t.Skip("only as a child process")
	}
}

const killFiles = 300

// makeKillFiles writes the files the kill test receives.
func makeKillFiles(t *testing.T) string {
	src := t.TempDir()
	for i := range killFiles {
		writeFile(t, src, fmt.Sprintf("Biểu %03d.xlsx", i), []byte(fmt.Sprintf("kill test file %d", i)))
	}
	return src
}

func receiveAll(ctx context.Context, st *Store, src string) error {
	for i := range killFiles {
		if _, err := st.Receive(ctx, filepath.Join(src, fmt.Sprintf("Biểu %03d.xlsx", i)), subFor(i)); err != nil {
			return err
		}
	}
	return nil
}

func TestTwoProcesses(t *testing.T) {
	if os.Getenv(envRole) != "" {
		t.Skip("in a child")
	}
	if testing.Short() {
		t.Skip("runs the test binary as processes; .ci/run runs it")
	}
	dir := t.TempDir()
	var cmds []*exec.Cmd
	var gos []io.WriteCloser
	for _, prefix := range []string{"A", "B"} {
		cmd := child(t, "receive", envDir+"="+dir, envPrefix+"="+prefix)
		in, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if line, err := bufio.NewReader(out).ReadString('\n'); err != nil || line != "ready\n" {
			t.Fatalf("child said %q, %v", line, err)
		}
		cmds = append(cmds, cmd)
		gos = append(gos, in)
	}
	for _, in := range gos {
		fmt.Fprintln(in, "go")
		in.Close()
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("child: %v", err)
		}
	}
	st := open(t, dir)
	subs, err := st.Submissions(context.Background(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	switches := 0
	for i, s := range subs {
		if i > 0 && s.Name[len("Báo cáo ")] != subs[i-1].Name[len("Báo cáo ")] {
			switches++
		}
		if s.Seq != int64(i+1) {
			t.Errorf("submission %d has seq %d, want %d", s.ID, s.Seq, i+1)
		}
		if seen[s.SHA256] {
			t.Errorf("%s recorded twice", s.SHA256)
		}
		seen[s.SHA256] = true
	}
	for _, p := range []string{"A", "B"} {
		for i := range 100 {
			if !seen[sum([]byte(fmt.Sprintf("%s %d", p, i)))] {
				t.Errorf("file %s %d not recorded", p, i)
			}
		}
	}
	t.Logf("%d submissions; the writer changed %d times in receive order", len(subs), switches)
	if len(subs) != 200 {
		t.Errorf("%d submissions, want 200", len(subs))
	}
	// However the two children interleaved, supersession must be what the
	// rule gives in receive order.
	if got, want := supersessions(subs), replay(subs); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("superseded_by %v\nwant %v", got, want)
	}
	checkFiles(t, st)
}

func supersessions(subs []Submission) map[int64]int64 {
	m := map[int64]int64{}
	for _, s := range subs {
		if s.SupersededBy != 0 {
			m[s.ID] = s.SupersededBy
		}
	}
	return m
}

// replay applies the supersede rule to subs in receive order, independently
// of the SQL that implements it.
func replay(subs []Submission) map[int64]int64 {
	m := map[int64]int64{}
	for i, s := range subs {
		if !s.identified() {
			continue
		}
		for _, e := range subs[:i] {
			if e.Form == s.Form && e.Unit == s.Unit && e.Period == s.Period && m[e.ID] == 0 && (s.Valid || !e.Valid) {
				m[e.ID] = s.ID
			}
		}
	}
	return m
}

func TestKilled(t *testing.T) {
	if os.Getenv(envRole) != "" {
		t.Skip("in a child")
	}
	if testing.Short() {
		t.Skip("runs the test binary as processes; .ci/run runs it")
	}
	ctx := context.Background()
	src := makeKillFiles(t)

	clean := open(t, t.TempDir())
	if err := receiveAll(ctx, clean, src); err != nil {
		t.Fatal(err)
	}
	want := dump(t, clean, false)

	dir := t.TempDir()
	for round := range 6 {
		cmd := child(t, "kill", envDir+"="+dir, envSrc+"="+src)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if line, err := bufio.NewReader(out).ReadString('\n'); err != nil || line != "ready\n" {
			t.Fatalf("child said %q, %v", line, err)
		}
		time.Sleep(time.Duration(rand.IntN(40_000)) * time.Microsecond)
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()

		st := open(t, dir)
		subs, err := st.Submissions(ctx, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("round %d: killed with %d of %d recorded", round, len(subs), killFiles)
		checkFiles(t, st)
		st.Close()
	}
	st := open(t, dir)
	if err := receiveAll(ctx, st, src); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, st, false); got != want {
		t.Errorf("after kills and a full receipt:\n%s\nwant, as a clean run:\n%s", got, want)
	}
	checkFiles(t, st)
}
