package wine

import "testing"

// TestHarness: the harness's variable is set exactly when the test binary runs on Windows under
// .ci/wine/exec, and a test that needs a Linux program is skipped there.
func TestHarness(t *testing.T) {
	t.Setenv(Env, "")
	if Running() {
		t.Error("Running with the variable empty")
	}
	t.Setenv(Env, "1")
	if !Running() {
		t.Error("not Running with the variable set")
	}
	ran := false
	t.Run("skipped", func(t *testing.T) {
		Skip(t, "LibreOffice")
		ran = true
	})
	if ran {
		t.Error("Skip did not skip under Wine")
	}
}
