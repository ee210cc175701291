package main

import (
	"bytes"
	"chitieu/schema"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The parsed-plan cache. Reading a plan of 200 units from YAML and linting it takes about 20 ms
// of a core; the same plan read back from the cache takes about 3. A command that needs a usable
// plan (loadPlan) keeps the YAML plan it parsed, when it had no errors, under a key made of the
// plan's bytes and of this very program (its version and revision as built, the Go release, its
// path, size and modification time: a rebuilt or reinstalled chitieu misses), and takes it from
// there while neither changes. Warnings are not kept: loadPlan does not print them (plan check,
// which does, always parses). A plan workbook is not kept: it is read from its file a second
// time, which may have been saved again since the bytes the key would be made of.
//
// The folder is $CHITIEU_CACHE, else chitieu in the user's cache folder (~/.cache/chitieu,
// %LocalAppData%\chitieu); CHITIEU_CACHE=off keeps nothing. Whatever goes wrong with the cache
// (no folder, a damaged or truncated entry, a full disk) is the same as a miss: the plan is parsed.
const cacheEnv = "CHITIEU_CACHE"

// planCacheKeep is how many parsed plans the folder keeps, the most recently written.
const planCacheKeep = 16

// planCacheDir is the folder of parsed plans, or "" for none.
func planCacheDir() string {
	dir := os.Getenv(cacheEnv)
	switch dir {
	case "off":
		return ""
	case "":
		user, err := os.UserCacheDir()
		if err != nil {
			return ""
		}
		dir = filepath.Join(user, "chitieu")
	}
	return filepath.Join(dir, "plans")
}

// planCacheFormat changes when what an entry holds changes in a way a build's identity would
// not show.
const planCacheFormat = "1"

// programID names this build of chitieu, so that a plan parsed by another build (whose schema
// may differ) is never taken for one parsed by this one: its version and source revision as the
// Go tool stamped them, the Go release, and the executable's path, size and time (a build from
// an edited tree, or a copy keeping times, still differs in one of them).
var programID = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	st, err := os.Stat(exe)
	if err != nil {
		return ""
	}
	id := []string{planCacheFormat, runtime.Version(), exe, strconv.FormatInt(st.Size(), 10), strconv.FormatInt(st.ModTime().UnixNano(), 10)}
	if bi, ok := debug.ReadBuildInfo(); ok {
		id = append(id, bi.Main.Path, bi.Main.Version, bi.Main.Sum)
		for _, s := range bi.Settings {
			if strings.HasPrefix(s.Key, "vcs.") {
				id = append(id, s.Key+"="+s.Value)
			}
		}
	}
	return strings.Join(id, "\x00")
})

// planCacheKey is the name of the entry for the plan read from data (programID holds the
// entries' format).
func planCacheKey(data []byte) string {
	id := programID()
	if id == "" {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "chitieu parsed plan\x00%s\x00", id)
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

// planEntry is the file of the entry for the plan read from data, or "" when there is no cache.
func planEntry(data []byte) string {
	dir, key := planCacheDir(), planCacheKey(data)
	if dir == "" || key == "" {
		return ""
	}
	return filepath.Join(dir, key+".json")
}

// cachedPlan returns the plan parsed earlier from data, or nil.
func cachedPlan(data []byte) *schema.Plan {
	entry := planEntry(data)
	if entry == "" {
		return nil
	}
	b, err := os.ReadFile(entry)
	if err != nil {
		return nil
	}
	// The entry is the SHA-256 of the plan's JSON, a newline, and the JSON: an entry damaged on
	// disk is a miss, not a plan with a changed figure.
	sum, body, ok := bytes.Cut(b, []byte("\n"))
	if !ok {
		return nil
	}
	if got := sha256.Sum256(body); hex.EncodeToString(got[:]) != string(sum) {
		return nil
	}
	p := new(schema.Plan)
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(p); err != nil || dec.More() {
		return nil
	}
	// Kept while in use: the folder keeps the plans used last.
	now := time.Now()
	os.Chtimes(entry, now, now)
	return p
}

// keepPlan writes p, parsed from data without errors, into the cache. It writes a new entry
// and renames it into place, so that another run reads either the whole entry or none.
func keepPlan(data []byte, p *schema.Plan) {
	entry := planEntry(data)
	if entry == "" {
		return
	}
	dir := filepath.Dir(entry)
	body, err := json.Marshal(p)
	if err != nil {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(entry)+".*.tmp")
	if err != nil {
		return
	}
	sum := sha256.Sum256(body)
	_, err = fmt.Fprintf(tmp, "%x\n%s", sum, body)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), entry)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return
	}
	prunePlans(dir)
}

// prunePlans leaves the planCacheKeep entries used last, and removes what an interrupted write
// left behind an hour ago or more.
func prunePlans(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type entry struct {
		name string
		at   time.Time
	}
	var kept []entry
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		switch filepath.Ext(e.Name()) {
		case ".json":
			kept = append(kept, entry{e.Name(), info.ModTime()})
		case ".tmp":
			if time.Since(info.ModTime()) > time.Hour {
				os.Remove(filepath.Join(dir, e.Name()))
			}
		}
	}
	if len(kept) <= planCacheKeep {
		return
	}
	slices.SortFunc(kept, func(a, b entry) int { return b.at.Compare(a.at) })
	for _, e := range kept[planCacheKeep:] {
		os.Remove(filepath.Join(dir, e.name))
	}
}
