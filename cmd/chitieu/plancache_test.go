package main

import (
	"bytes"
	"chitieu/schema"
	"chitieu/seeds"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// samePlan reports where a and b differ: every field, exported or not, at every depth, except
// the Plan's own bookkeeping (where it was read from, its unit index built on first use); a
// Number is compared by its value, as every use of it does (16.4 is 16.40).
func samePlan(a, b *schema.Plan) []string {
	var diffs []string
	var walk func(path string, x, y reflect.Value)
	walk = func(path string, x, y reflect.Value) {
		if len(diffs) > 10 {
			return
		}
		if x.Type() == reflect.TypeFor[schema.Number]() {
			if !x.Interface().(schema.Number).Equal(y.Interface().(schema.Number)) {
				diffs = append(diffs, fmt.Sprintf("%s: %v ≠ %v", path, x.Interface(), y.Interface()))
			}
			return
		}
		switch x.Kind() {
		case reflect.Struct:
			for i := range x.NumField() {
				f := x.Type().Field(i)
				if x.Type() == reflect.TypeFor[schema.Plan]() && !f.IsExported() {
					continue
				}
				walk(path+"."+f.Name, field(x, i), field(y, i))
			}
		case reflect.Slice:
			if x.IsNil() != y.IsNil() || x.Len() != y.Len() {
				diffs = append(diffs, fmt.Sprintf("%s: nil %v len %d ≠ nil %v len %d", path, x.IsNil(), x.Len(), y.IsNil(), y.Len()))
				return
			}
			for i := range x.Len() {
				walk(fmt.Sprintf("%s[%d]", path, i), x.Index(i), y.Index(i))
			}
		case reflect.Pointer:
			if x.IsNil() != y.IsNil() {
				diffs = append(diffs, fmt.Sprintf("%s: nil %v ≠ nil %v", path, x.IsNil(), y.IsNil()))
			} else if !x.IsNil() {
				walk(path, x.Elem(), y.Elem())
			}
		default:
			if !reflect.DeepEqual(x.Interface(), y.Interface()) {
				diffs = append(diffs, fmt.Sprintf("%s: %v ≠ %v", path, x.Interface(), y.Interface()))
			}
		}
	}
	walk("plan", reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem())
	return diffs
}

// field is the i-th field of the struct v, readable even when unexported (v is addressable).
func field(v reflect.Value, i int) reflect.Value {
	f := v.Field(i)
	if !f.CanInterface() {
		f = reflect.NewAt(f.Type(), f.Addr().UnsafePointer()).Elem()
	}
	return f
}

// TestPlanCacheKeepsThePlan: the plan read back from the cache is the plan parsed, to every field
// of every unit, form, row, target and figure, for the embedded plans, the plan of 200 communes
// the benchmarks use, the schema's test plan, and a plan with a figure written with a trailing zero.
func TestPlanCacheKeepsThePlan(t *testing.T) {
	t.Setenv(cacheEnv, t.TempDir())
	plans := map[string][]byte{}
	for _, name := range seeds.Names() {
		data, err := seeds.Source(name)
		if err != nil {
			t.Fatal(err)
		}
		plans[name] = data
	}
	plans["200 communes"] = must(os.ReadFile(benchPlan(t, t.TempDir(), 200)))
	base := must(os.ReadFile(filepath.Join("..", "..", "schema", "testdata", "base.yaml")))
	plans["base"] = base
	// The same plan with a figure written with trailing zeros and a row kept to 0 decimals.
	zeros := strings.Replace(string(plans["thanh-hoa"]), "value: 14.6\n", "value: 14.60\n", 1)
	if zeros == string(plans["thanh-hoa"]) {
		t.Fatal("thanh-hoa has no 'value: 14.6' to rewrite")
	}
	plans["trailing zeros"] = []byte(zeros)
	for name, data := range plans {
		p, fs := schema.Load(name+".yaml", data)
		if p == nil || fs.HasErrors() {
			t.Fatalf("%s: %v", name, fs)
		}
		if cachedPlan(data) != nil {
			t.Fatalf("%s: a hit before anything was kept", name)
		}
		keepPlan(data, p)
		q := cachedPlan(data)
		if q == nil {
			t.Fatalf("%s: not kept", name)
		}
		if d := samePlan(p, q); len(d) > 0 {
			t.Errorf("%s: the cached plan differs:\n%s", name, strings.Join(d, "\n"))
		}
	}
	// The comparison sees a change (the test can fail).
	p, _ := schema.Load("a.yaml", plans["thanh-hoa"])
	q, _ := schema.Load("b.yaml", plans["trailing zeros"])
	if d := samePlan(p, q); len(d) != 0 {
		t.Errorf("14.6 and 14.60 differ: %v", d)
	}
	q.Targets[len(q.Targets)-1].Note += "!"
	q.Indicators[0].Decimals = nil
	if d := samePlan(p, q); len(d) != 2 {
		t.Errorf("two changes, %d differences: %v", len(d), d)
	}
}

// keptDefault keeps the default plan in a cache folder of the test's own and returns the
// folder, the plan's bytes, the plan and its entry.
func keptDefault(t *testing.T) (dir string, data []byte, p *schema.Plan, entry string) {
	dir = t.TempDir()
	t.Setenv(cacheEnv, dir)
	data = must(seeds.Source(seeds.Default))
	p, _ = schema.Load("plan.yaml", data)
	keepPlan(data, p)
	return dir, data, p, planEntry(data)
}

// TestPlanCacheMisses: an edited plan, a damaged or truncated entry, another build of chitieu
// and CHITIEU_CACHE=off are all misses, and the folder keeps the last 16 plans.
func TestPlanCacheMisses(t *testing.T) {
	dir, data, p, entry := keptDefault(t)
	kept := must(os.ReadFile(entry))
	if cachedPlan(data) == nil {
		t.Fatal("no hit")
	}
	edited := bytes.Replace(data, []byte("value: 14.6\n"), []byte("value: 14.7\n"), 1)
	if cachedPlan(edited) != nil {
		t.Error("an edited plan hit the entry of the plan before")
	}
	for name, damaged := range map[string][]byte{
		"a figure changed": bytes.Replace(kept, []byte(`14.6`), []byte(`14.7`), 1),
		"truncated":        kept[:len(kept)/2],
		"no digest":        kept[bytes.IndexByte(kept, '\n')+1:],
		"empty":            nil,
	} {
		if bytes.Equal(damaged, kept) {
			t.Fatalf("%s: nothing changed", name)
		}
		os.WriteFile(entry, damaged, 0o644)
		if cachedPlan(data) != nil {
			t.Errorf("%s: a damaged entry was taken", name)
		}
	}
	// Another build: the same plan is a miss.
	key := planCacheKey(data)
	saved := programID
	programID = func() string { return "another build" }
	if planCacheKey(data) == key {
		t.Error("another build has the same key")
	}
	programID = saved
	// Off: nothing read or written.
	t.Setenv(cacheEnv, "off")
	keepPlan(edited, p)
	if m, _ := filepath.Glob(filepath.Join(dir, "plans", "*")); len(m) != 1 {
		t.Errorf("CHITIEU_CACHE=off wrote: %v", m)
	}
	// The last 16 are kept.
	t.Setenv(cacheEnv, dir)
	for i := range 20 {
		keepPlan(append(slices.Clone(data), fmt.Sprintf("\n# %d\n", i)...), p)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "plans", "*.json")); len(m) != planCacheKeep {
		t.Errorf("%d entries kept, want %d", len(m), planCacheKeep)
	}
}

// TestPlanCacheSameWorkbook: consolidate --store writes the same bytes and prints the same JSON
// whether the plan was parsed (the cache off, then a miss) or read back from the cache (a hit,
// which leaves the entry the miss wrote in place); a plan workbook is not kept.
func TestPlanCacheSameWorkbook(t *testing.T) {
	if testing.Short() {
		t.Skip("makes the demo")
	}
	kho := demoStoreCopies(t)()
	cache := t.TempDir()
	out := filepath.Join(t.TempDir(), "tong.xlsx")
	var books [][]byte
	var outputs []string
	var written os.FileInfo // the entry the miss wrote
	for i, setting := range []string{"off", cache, cache} {
		t.Setenv(cacheEnv, setting)
		code, stdout, errs := chitieu(t, "consolidate", "--plan", seeds.Default, "--store", kho, "--period", "2024", "--date", "2025-01-20", "-o", out, "--force", "--format", "json")
		if code != exitOK && code != exitFound {
			t.Fatalf("run %d: exit %d\n%s", i, code, errs)
		}
		entries, _ := filepath.Glob(filepath.Join(cache, "plans", "*.json"))
		if len(entries) != min(i, 1) {
			t.Fatalf("run %d: %d entries in the cache", i, len(entries))
		}
		switch i {
		case 1:
			written, _ = os.Stat(entries[0])
		case 2:
			if now, err := os.Stat(entries[0]); err != nil || !os.SameFile(written, now) {
				t.Error("the third run wrote the entry again: no hit")
			}
		}
		books = append(books, must(os.ReadFile(out)))
		outputs = append(outputs, stdout)
	}
	if !bytes.Equal(books[0], books[1]) || !bytes.Equal(books[1], books[2]) {
		t.Errorf("the workbooks differ: %d, %d and %d bytes", len(books[0]), len(books[1]), len(books[2]))
	}
	if outputs[0] != outputs[1] || outputs[1] != outputs[2] || !strings.Contains(outputs[0], `"valid"`) {
		t.Errorf("the outputs differ:\n%s\n%s\n%s", outputs[0], outputs[1], outputs[2])
	}
}

// TestPlanCacheNotForWorkbooks: a plan workbook is read from its file again after its bytes are
// read, so it is not kept (its key could name other contents).
func TestPlanCacheNotForWorkbooks(t *testing.T) {
	cache := t.TempDir()
	t.Setenv(cacheEnv, cache)
	book := filepath.Join(t.TempDir(), "ke-hoach.xlsx")
	if code, _, errs := chitieu(t, "plan", "export", "-o", book); code != exitOK {
		t.Fatalf("plan export: %d %s", code, errs)
	}
	before, _ := filepath.Glob(filepath.Join(cache, "plans", "*")) // the embedded plan exported
	for range 2 {
		if code, _, errs := chitieu(t, "template", "--plan", book, "--period", "2024-03", "-o", t.TempDir()); code != exitOK {
			t.Fatalf("template: %d %s", code, errs)
		}
	}
	if entries, _ := filepath.Glob(filepath.Join(cache, "plans", "*")); len(entries) != len(before) {
		t.Errorf("a plan workbook was kept: %v, before %v", entries, before)
	}
}

// TestPlanCacheUnknownField: an entry holding a field this build's plan has not (written by a
// build whose plan had it, under the same key) is a miss, not a plan without that field.
func TestPlanCacheUnknownField(t *testing.T) {
	_, data, p, entry := keptDefault(t)
	body := must(json.Marshal(p))
	body = append([]byte(`{"Rounding":"half-even",`), body[1:]...)
	sum := sha256.Sum256(body)
	os.WriteFile(entry, fmt.Appendf(nil, "%x\n%s", sum, body), 0o644)
	if cachedPlan(data) != nil {
		t.Error("an entry with a field the plan has not was taken")
	}
}
