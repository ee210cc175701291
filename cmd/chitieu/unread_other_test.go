//go:build !unix

package main

import "testing"

func unreadableFolder(t *testing.T, parent string) string {
	t.Skip("a folder made unreadable is tested on unix")
	return ""
}
