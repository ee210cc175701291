package templates

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"chitieu/internal/wine"
)

// need skips a test when a program it drives is missing — except in CI, which installs them all
// and must run every test.
func need(t *testing.T, check func() error, what string) {
	t.Helper()
	wine.Skip(t, what)
	if err := check(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is required in CI: %v", what, err)
		}
		t.Skipf("%s is not available: %v", what, err)
	}
}

// debianPython is Debian's python3, which imports Debian's python3-openpyxl and python3-uno
// (another python3 may come first on PATH).
const debianPython = "/usr/bin/python3"

func pythonWith(module string) func() error {
	return func() error { return exec.Command(debianPython, "-c", "import "+module).Run() }
}

func soffice() error {
	_, err := exec.LookPath("soffice")
	return err
}

// officePath is the PYTHONPATH of the scripts that drive LibreOffice: this package's testdata and
// the shared office.py beside the reader's fill scripts.
func officePath(t *testing.T) string {
	t.Helper()
	a, err := filepath.Abs("testdata")
	b, err2 := filepath.Abs(filepath.Join("..", "validate", "testdata", "fill"))
	if err != nil || err2 != nil {
		t.Fatal(err, err2)
	}
	return a + string(os.PathListSeparator) + b
}
