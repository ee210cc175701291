// Package wine tells a test that it runs on Windows under Wine, as CI runs the Windows test
// binaries (.ci/wine/exec sets CHITIEU_WINE=1): the Linux programs some tests drive —
// LibreOffice, openpyxl, Chromium — are not there, and those tests run on Linux instead.
// Every other test runs under Wine as on Linux.
package wine

import (
	"os"
	"testing"
)

// Env is the variable .ci/wine/exec sets for the programs it runs.
const Env = "CHITIEU_WINE"

// Running reports whether the program runs under the Wine harness.
func Running() bool { return os.Getenv(Env) == "1" }

// Skip skips t under Wine, naming the Linux program the test drives.
func Skip(t testing.TB, program string) {
	t.Helper()
	if Running() {
		t.Skipf("%s is not run under Wine; CI runs this test on Linux", program)
	}
}
