package xmppclient

import (
	"io"
	"regexp"
	"sync"
)

// The stanza log must never hold a secret: SASL exchanges carry the password
// (PLAIN) or material to attack it (SCRAM), and in-band registration sends
// it in <password/>.
var redactions = []*regexp.Regexp{
	regexp.MustCompile(`(<(?:auth|response|challenge|success)\b[^>]*>)[^<]*`),
	regexp.MustCompile(`(<password\b[^>]*>)[^<]*`),
	// A registration data form's private fields (XEP-0004 text-private).
	regexp.MustCompile(`(<field\b[^>]*(?:text-private|var=["']password["'])[^>]*>(?:<[^v/][^>]*>|</[^f][^>]*>|[^<])*<value>)[^<]*`),
}

// redactingWriter writes a stanza log with secrets replaced. Each Write is
// one flush of the XML encoder, so an element's text is not split across
// writes in practice; a split one is still redacted from its start tag on.
type redactingWriter struct {
	mu  *sync.Mutex // shared by the in and out writers of one log
	w   io.Writer
	tag string
}

// debugTees returns the writers for received and sent XML, or nils.
func debugTees(w io.Writer) (in, out io.Writer) {
	if w == nil {
		return nil, nil
	}
	mu := new(sync.Mutex)
	return &redactingWriter{mu: mu, w: w, tag: "RECV"}, &redactingWriter{mu: mu, w: w, tag: "SEND"}
}

func (r *redactingWriter) Write(p []byte) (int, error) {
	out := p
	for _, re := range redactions {
		out = re.ReplaceAll(out, []byte("${1}[redacted]"))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, err := io.WriteString(r.w, "\n"+r.tag+" "); err != nil {
		return 0, err
	}
	if _, err := r.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}
