package mail

// windowsPerm reports whether file modes say nothing of who may read a file (Windows): there a
// file under the user's profile is the user's, and its mode bits are always 0666 or 0444.
func windowsPerm() bool { return true }
