package main

import (
	"os"

	"golang.org/x/sys/unix"
)

// fsTopdirFL is FS_TOPDIR_FL (linux/fs.h), chattr's +T.
const fsTopdirFL = 0x00020000

// spreadFolders asks the file system to place each folder made in dir in a block group of its
// own (ext4's Orlov allocator, as for a folder of the root), where it can: see benchReceive.
func spreadFolders(dir string) {
	f, err := os.Open(dir)
	if err != nil {
		return
	}
	defer f.Close()
	flags, err := unix.IoctlGetUint32(int(f.Fd()), unix.FS_IOC_GETFLAGS)
	if err != nil {
		return // not ext2/3/4
	}
	unix.IoctlSetPointerInt(int(f.Fd()), unix.FS_IOC_SETFLAGS, int(flags|fsTopdirFL))
}
