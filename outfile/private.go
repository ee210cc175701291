//go:build !windows

package outfile

import "os"

// Private makes the file at path readable and writable by its owner only (mode 0600): for
// secrets such as the units' links and the office's token.
func Private(path string) error { return os.Chmod(path, 0o600) }
