package store

// StoredName is name as the store keeps a received file under it, made safe as a file name on
// Windows and Unix (storedName): for a program that must hold a file under the name it came with
// before it is received, such as an upload being checked.
func StoredName(name string) string { return storedName(name) }
