package outfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/windows"

	"chitieu/internal/wine"
)

// TestPrivateWindows: a secret written with Private is open to its owner alone, whatever the
// folder's access list would give it. Before, the links file was only chmod-ed, which Windows
// ignores: on D:\ every user of the computer could read the units' links.
func TestPrivateWindows(t *testing.T) {
	wine.Skip(t, "Windows' access lists (Wine keeps none on Linux files)")
	path := filepath.Join(t.TempDir(), "Đường dẫn các đơn vị.csv")
	if err := os.WriteFile(path, []byte("unit,name,url\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Private(path); err != nil {
		t.Fatal(err)
	}
	sd, err := windows.GetNamedSecurityInfo(path, windows.SE_FILE_OBJECT, windows.DACL_SECURITY_INFORMATION)
	if err != nil {
		t.Fatal(err)
	}
	user, err := windows.GetCurrentProcessToken().GetTokenUser()
	if err != nil {
		t.Fatal(err)
	}
	got := sd.String()
	if want := "D:P(A;;FA;;;" + user.User.Sid.String() + ")"; got != want {
		t.Errorf("access list %s, want %s", got, want)
	}
	if data, err := os.ReadFile(path); err != nil || !strings.HasPrefix(string(data), "unit,") {
		t.Errorf("the owner cannot read it: %v", err)
	}
}
