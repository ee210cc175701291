//go:build !unix && !windows

package outfile

// placeNew puts tmp in place at path unless something is there, by claiming the name first.
func placeNew(tmp, path string) error { return claimThenRename(tmp, path) }
