package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"syscall"
)

// A sink is where a command's output goes, opened before any work so that
// an unwritable destination fails at once:
//   - standard output (no -o, or -o -);
//   - a character device, FIFO or a file reached through a file
//     descriptor (/dev/null, /dev/stdout, process substitution), written
//     in place and never replaced;
//   - otherwise a temporary file beside the destination (beside the
//     target of a symlink), renamed over it by commit with the existing
//     file's mode: the destination holds the old content or the whole new
//     one, never part of it.
//
// Every error names the path as the user gave it, never the temporary one.
type sink struct {
	ctx  context.Context
	w    io.Writer // what is written into: stdout or file
	file *os.File  // nil for stdout
	flag string    // the flag, "-o" or "--out", for messages
	user string    // the path as given
	dest string    // the file replaced by commit (symlinks followed)
	tmp  string    // the temporary file; "" when writing in place
	mode fs.FileMode
	old  fs.FileInfo // the file replaced, nil for a new one
	done bool
	// failed is the first write error: a command that streams from an
	// input tells the output's failures (the environment's) from the
	// input's (bad data) by it.
	failed error
}

// newFileMode is the mode of a file -o creates: an output is data to
// share, like a file a shell redirection creates.
const newFileMode = 0o644

// maxSymlinks bounds the chain of links followed to the destination.
const maxSymlinks = 40

// openSink opens path for writing as described at sink; cmd prefixes its
// messages. Cancelling ctx makes later writes fail, so a long write
// (trace convert) stops at the next buffer.
func openSink(ctx context.Context, cmd, flag, path string, stdout io.Writer) (*sink, error) {
	s := &sink{ctx: ctx, w: stdout, flag: cmd + ": " + flag, user: path}
	if path == "" || path == "-" {
		return s, nil
	}
	fi, err := os.Stat(path) // follows links: what the path is now
	switch {
	case err == nil && fi.IsDir():
		return nil, usageError{fmt.Errorf("%s %s: is a directory; give a file name", s.flag, path)}
	case err == nil && (!fi.Mode().IsRegular() || throughDescriptor(path)):
		return s.openInPlace(fi)
	case err == nil:
		s.mode, s.old = fi.Mode().Perm(), fi
	case !errors.Is(err, fs.ErrNotExist):
		return nil, s.pathError(path, err)
	default:
		s.mode = newFileMode
	}
	if s.dest, err = followLinks(path); err != nil {
		return nil, s.pathError(path, err)
	}
	f, err := os.CreateTemp(filepath.Dir(s.dest), "."+filepath.Base(s.dest)+".*.tmp")
	if err != nil {
		return nil, s.pathError(s.dest, err)
	}
	if err := temps.add(f.Name()); err != nil {
		f.Close()
		return nil, err
	}
	s.file, s.w, s.tmp = f, f, f.Name()
	return s, nil
}

// openInPlace opens a device, FIFO or descriptor path for writing without
// creating or truncating anything: a device node must stay one, and a
// file behind /dev/stdout belongs to whoever redirected it (appending keeps
// what the shell put there, as writing to the inherited descriptor would).
func (s *sink) openInPlace(fi fs.FileInfo) (*sink, error) {
	if fi.Mode()&fs.ModeSocket != 0 {
		return nil, usageError{fmt.Errorf("%s %s: is a socket; give a file, a device or a pipe", s.flag, s.user)}
	}
	flags := os.O_WRONLY
	if fi.Mode().IsRegular() {
		flags |= os.O_APPEND
	}
	f, err := os.OpenFile(s.user, flags, 0)
	if err != nil {
		return nil, s.pathError(s.user, err)
	}
	s.file, s.w = f, f
	return s, nil
}

// fdPath matches the names of open file descriptors: writing to them
// writes to whatever the descriptor is, in place.
var fdPath = regexp.MustCompile(`^/(dev/(stdout|stderr|fd/\d+)|proc/(self|\d+)/fd/\d+)$`)

func throughDescriptor(path string) bool { return fdPath.MatchString(filepath.Clean(path)) }

// followLinks returns the file path names after following symlinks, even
// a dangling one (writing through it creates its target, as a shell
// redirection does).
func followLinks(path string) (string, error) {
	for range maxSymlinks {
		fi, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) || (err == nil && fi.Mode()&fs.ModeSymlink == 0) {
			return path, nil
		}
		if err != nil {
			return "", err
		}
		target, err := os.Readlink(path)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(path), target)
		}
		path = target
	}
	return "", syscall.ELOOP
}

// Write writes p, failing once the command is interrupted.
func (s *sink) Write(p []byte) (int, error) {
	if err := s.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := s.w.Write(p)
	if err != nil && s.file != nil {
		err = fmt.Errorf("%s %s: %w", s.flag, s.user, unwrapPath(err))
	}
	if err != nil && s.failed == nil {
		s.failed = err
	}
	return n, err
}

// commit makes the output final: a temporary file is synced and renamed
// over the destination, with the mode the destination had.
func (s *sink) commit() error {
	if s.done || s.file == nil {
		s.done = true
		return nil
	}
	s.done = true
	if s.tmp == "" {
		if err := s.file.Close(); err != nil {
			return fmt.Errorf("%s %s: %w", s.flag, s.user, unwrapPath(err))
		}
		return nil
	}
	defer temps.drop(s.tmp) // a no-op once renamed
	err := s.file.Sync()
	if cerr := s.file.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(s.tmp, s.mode)
	}
	if err == nil && s.old != nil {
		keepOwner(s.tmp, s.old)
	}
	if err != nil {
		return fmt.Errorf("%s %s: %w", s.flag, s.user, unwrapPath(err))
	}
	err = temps.commit(s.tmp, func() error { return os.Rename(s.tmp, s.dest) })
	if err != nil && !errors.Is(err, errInterrupted) {
		return s.pathError(s.dest, err)
	}
	return err
}

// abort removes the temporary file of an output not committed; it is a
// no-op after commit, so commands defer it.
func (s *sink) abort() {
	if s == nil || s.done || s.file == nil {
		return
	}
	s.done = true
	s.file.Close()
	if s.tmp != "" {
		temps.drop(s.tmp)
	}
}

// pathError explains why path (the destination, or the directory it goes
// in) cannot be written, naming the user's path: a missing directory or a
// path through a regular file are the environment's (exit 1), as are
// permissions.
func (s *sink) pathError(path string, err error) error {
	dir := filepath.Dir(path)
	switch {
	case errors.Is(err, syscall.ENOTDIR):
		return fmt.Errorf("%s %s: %s is not a directory", s.flag, s.user, fileAncestor(dir))
	case errors.Is(err, fs.ErrNotExist):
		if fi, serr := os.Stat(dir); serr == nil && fi.IsDir() {
			// The directory exists but refuses new files (/proc, /sys).
			return fmt.Errorf("%s %s: cannot create a file in %s", s.flag, s.user, dir)
		}
		return fmt.Errorf("%s %s: directory %s does not exist", s.flag, s.user, dir)
	case errors.Is(err, syscall.EISDIR):
		return usageError{fmt.Errorf("%s %s: is a directory; give a file name", s.flag, s.user)}
	}
	return fmt.Errorf("%s %s: %w", s.flag, s.user, unwrapPath(err))
}

// fileAncestor returns the nearest ancestor of dir that exists and is not
// a directory, or dir when there is none to name.
func fileAncestor(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		if fi, err := os.Stat(d); err == nil {
			if !fi.IsDir() {
				return d
			}
			return dir
		}
		if d == filepath.Dir(d) {
			return dir
		}
	}
}

// unwrapPath drops the path of an *fs.PathError or *os.LinkError: it may
// be the temporary file's, which the user never named.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
