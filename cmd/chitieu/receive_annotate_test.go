package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReceiveAnnotateResubmitted: a unit's corrected file, sent under the same name, is filed
// and annotated like the first; its annotated copy gets a name of its own beside the first one's,
// and receive exits as for the verdict, not as for a usage error (issue 24).
func TestReceiveAnnotateResubmitted(t *testing.T) {
	dir := t.TempDir()
	in, kho, ann := filepath.Join(dir, "nhận"), filepath.Join(dir, "kho"), filepath.Join(dir, "gửi lại")
	file := fillTemplate(t, in, map[string]string{"SL_XANG/TH": "'15.000", "SL_DIEN/LK": "'744,5"})
	code, out, errs := chitieu(t, "receive", "--store", kho, "--annotate", ann, file)
	if code != exitFound {
		t.Fatalf("first: exit %d\n%s\n%s", code, out, errs)
	}
	// Corrected but for a number typed as text: a warning still, so a copy again.
	fillTemplate(t, in, map[string]string{"SL_XANG/TH": "15", "SL_DIEN/LK": "'744,5"})
	code, out, errs = chitieu(t, "receive", "--store", kho, "--annotate", ann, file)
	if code == exitUsage || strings.Contains(errs, "--force") {
		t.Errorf("resubmitted: exit %d\n%s\n%s", code, out, errs)
	}
	if vcode, _, _ := chitieu(t, "validate", file); code != vcode {
		t.Errorf("resubmitted: exit %d, the verdict's is %d\n%s", code, vcode, errs)
	}
	names, _ := filepath.Glob(filepath.Join(ann, "*.xlsx"))
	if len(names) != 2 {
		t.Fatalf("annotated copies %q, want the first file's and the corrected one's", names)
	}
	a, _ := os.ReadFile(names[0])
	b, _ := os.ReadFile(names[1])
	if string(a) == string(b) {
		t.Errorf("the two annotated copies are the same")
	}
	if !strings.Contains(out, filepath.Base(names[1])) && !strings.Contains(out, filepath.Base(names[0])) {
		t.Errorf("receive does not name the copy it wrote:\n%s", out)
	}
}
