package trace

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// A trace is read from the OS, or from Spec.FS when set: the traces
// embedded in the binary are read in place, never copied to a temporary
// directory that would outlive the process or show up in messages.

// openFile opens name on fsys, or on the OS when fsys is nil.
func openFile(fsys fs.FS, name string) (fs.File, error) {
	if fsys == nil {
		return os.Open(name)
	}
	return fsys.Open(name)
}

// statFile is os.Stat on fsys, or on the OS when fsys is nil.
func statFile(fsys fs.FS, name string) (fs.FileInfo, error) {
	if fsys == nil {
		return os.Stat(name)
	}
	return fs.Stat(fsys, name)
}

// joinPath joins path elements with the separator of fsys: slashes on an
// fs.FS, the OS's separator otherwise.
func joinPath(fsys fs.FS, elem ...string) string {
	if fsys == nil {
		return filepath.Join(elem...)
	}
	return path.Join(elem...)
}

// dirPath is filepath.Dir, or path.Dir on an fs.FS.
func dirPath(fsys fs.FS, name string) string {
	if fsys == nil {
		return filepath.Dir(name)
	}
	return path.Dir(name)
}

// basePath is filepath.Base, or path.Base on an fs.FS.
func basePath(fsys fs.FS, name string) string {
	if fsys == nil {
		return filepath.Base(name)
	}
	return path.Base(name)
}
