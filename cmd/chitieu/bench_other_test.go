//go:build !linux

package main

// spreadFolders places folders in block groups of their own on Linux's ext4 only.
func spreadFolders(string) {}
