package outfile

import (
	"golang.org/x/sys/windows"
)

// Private makes the file at path readable and writable by its owner only: for secrets such as
// the units' links and the office's token. Windows ignores mode bits (a file written on D:\ is
// readable by every user of the computer); the file gets its own access list, inheriting
// nothing, with the current user alone allowed.
func Private(path string) error {
	token := windows.GetCurrentProcessToken()
	user, err := token.GetTokenUser()
	if err != nil {
		return err
	}
	sd, err := windows.SecurityDescriptorFromString("D:P(A;;FA;;;" + user.User.Sid.String() + ")")
	if err != nil {
		return err
	}
	dacl, _, err := sd.DACL()
	if err != nil {
		return err
	}
	return windows.SetNamedSecurityInfo(path, windows.SE_FILE_OBJECT,
		windows.DACL_SECURITY_INFORMATION|windows.PROTECTED_DACL_SECURITY_INFORMATION, nil, nil, dacl, nil)
}
