package sandbox

import (
	"bytes"
	"io"
	"os"
	"strings"
)

// maxTailRead bounds how much of a log is read for a tail or a search.
const maxTailRead = 256 << 10

// fileSize returns the size of name, 0 if it does not exist.
func fileSize(name string) int64 {
	fi, err := os.Stat(name)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// readFrom returns the content of name from offset on (at most its last
// maxTailRead bytes).
func readFrom(name string, offset int64) []byte {
	f, err := os.Open(name)
	if err != nil {
		return nil
	}
	defer f.Close()
	size := fileSize(name)
	if size-offset > maxTailRead {
		offset = size - maxTailRead
	}
	if offset < 0 || offset > size {
		offset = 0 // the file was replaced
	}
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return nil
	}
	b, _ := io.ReadAll(io.LimitReader(f, maxTailRead))
	return b
}

// tailLines returns the last n non-empty lines of name written after offset.
func tailLines(name string, offset int64, n int) []string {
	var out []string
	for _, l := range strings.Split(string(readFrom(name, offset)), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	if len(out) > n {
		out = out[len(out)-n:]
	}
	return out
}

// logContains reports whether name holds s after offset.
func logContains(name string, offset int64, s string) bool {
	return bytes.Contains(readFrom(name, offset), []byte(s))
}

// findLine returns the first line of name after offset that contains s.
func findLine(name string, offset int64, s string) string {
	for _, l := range strings.Split(string(readFrom(name, offset)), "\n") {
		if strings.Contains(l, s) {
			return strings.TrimSpace(l)
		}
	}
	return ""
}

// LogTail returns the last n lines of the sandbox's Prosody log.
func (s *Server) LogTail(n int) []string {
	return tailLines(s.LogFile, 0, n)
}
