// Package mailtest is a real SMTP server for tests: it listens on
// 127.0.0.1:0, speaks SMTP through github.com/emersion/go-smtp and keeps every
// message it receives, decoded (MIME parts, quoted-printable, base64 and
// RFC 2047 headers) so tests can read what a user would see.
package mailtest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Message is one received mail.
type Message struct {
	// Envelope sender and recipients, as given in MAIL FROM and RCPT TO.
	EnvelopeFrom string
	EnvelopeTo   []string
	// AuthUser and AuthPassword are the SMTP AUTH PLAIN credentials, if any.
	AuthUser, AuthPassword string
	// From, To and Subject are the decoded headers.
	From    string
	To      []string
	Subject string
	// Body is the decoded text: the text/plain part of a multipart
	// message, or the whole body of a single-part one.
	Body string
	// Header is the raw header of the message.
	Header mail.Header
	// Raw is the message exactly as it crossed the wire.
	Raw []byte
}

// Server is a running SMTP server that collects messages.
type Server struct {
	srv  *smtp.Server
	l    net.Listener
	addr string
	msgs chan Message

	mu   sync.Mutex
	all  []Message
	errs []error
}

// Start listens on a free port of 127.0.0.1 and serves until Close.
func Start() (*Server, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{l: l, addr: l.Addr().String(), msgs: make(chan Message, 100)}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }))
	s.srv.Domain = "mailtest.local"
	s.srv.AllowInsecureAuth = true
	s.srv.ReadTimeout, s.srv.WriteTimeout = 10*time.Second, 10*time.Second
	s.srv.MaxMessageBytes = 10 << 20
	s.srv.ErrorLog = discardLogger{}
	go func() { _ = s.srv.Serve(l) }()
	return s, nil
}

// New starts a server for a test and closes it when the test ends.
func New(t testing.TB) *Server {
	t.Helper()
	s, err := Start()
	if err != nil {
		t.Fatalf("mailtest: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// Addr is host:port.
func (s *Server) Addr() string { return s.addr }

// URL is the server as a TAIHE_SMTP_URL (plain SMTP, no TLS, no auth).
func (s *Server) URL() string { return "smtp://" + s.addr }

// Close stops the server. The listener is closed here too: Serve may not
// have registered it yet.
func (s *Server) Close() error {
	err := s.srv.Close()
	_ = s.l.Close()
	return err
}

// ErrTimeout is returned by Wait when no message arrived in time.
var ErrTimeout = errors.New("mailtest: no message arrived")

// Wait returns the next message not yet returned by Wait, waiting at most
// timeout for it.
func (s *Server) Wait(timeout time.Duration) (Message, error) {
	select {
	case m := <-s.msgs:
		return m, nil
	case <-time.After(timeout):
		s.mu.Lock()
		defer s.mu.Unlock()
		if len(s.errs) > 0 {
			return Message{}, fmt.Errorf("%w; errors while receiving: %v", ErrTimeout, errors.Join(s.errs...))
		}
		return Message{}, ErrTimeout
	}
}

// Messages lists every message received so far (also those already returned by Wait).
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.all...)
}

func (s *Server) deliver(m Message, err error) {
	s.mu.Lock()
	if err != nil {
		s.errs = append(s.errs, err)
		s.mu.Unlock()
		return
	}
	s.all = append(s.all, m)
	s.mu.Unlock()
	select {
	case s.msgs <- m:
	default: // nobody is reading that many; Messages still has it
	}
}

type session struct {
	s          *Server
	from       string
	to         []string
	user, pass string
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }
func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.from = from
	return nil
}
func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}
func (x *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, perr := Parse(raw)
	m.EnvelopeFrom, m.EnvelopeTo = x.from, append([]string(nil), x.to...)
	m.AuthUser, m.AuthPassword = x.user, x.pass
	x.s.deliver(m, perr)
	return perr
}

// AuthMechanisms and Auth accept PLAIN with any credentials and remember
// them, so a sender configured with user:pass@ can be tested too.
func (x *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (x *session) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(_, username, password string) error {
		x.user, x.pass = username, password
		return nil
	}), nil
}

var wordDecoder = &mime.WordDecoder{}

// Parse decodes a raw RFC 5322 message.
func Parse(raw []byte) (Message, error) {
	m := Message{Raw: raw}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return m, fmt.Errorf("mailtest: parse: %w", err)
	}
	m.Header = msg.Header
	dec := func(v string) string {
		if d, err := wordDecoder.DecodeHeader(v); err == nil {
			return d
		}
		return v
	}
	m.Subject = dec(msg.Header.Get("Subject"))
	if a, err := mail.ParseAddress(msg.Header.Get("From")); err == nil {
		m.From = a.Address
	} else {
		m.From = dec(msg.Header.Get("From"))
	}
	if list, err := msg.Header.AddressList("To"); err == nil {
		for _, a := range list {
			m.To = append(m.To, a.Address)
		}
	}
	body, err := decodePart(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
	if err != nil {
		return m, err
	}
	m.Body = body
	return m, nil
}

// decodePart returns the text of a part: the first text/plain leaf of a
// multipart tree, decoded from its transfer encoding.
func decodePart(contentType, encoding string, r io.Reader) (string, error) {
	mediaType, params, err := mime.ParseMediaType(contentType)
	if contentType == "" {
		mediaType, err = "text/plain", nil
	}
	if err != nil {
		return "", fmt.Errorf("mailtest: content type %q: %w", contentType, err)
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(r, params["boundary"])
		var first string
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return first, nil
			}
			if err != nil {
				return "", fmt.Errorf("mailtest: multipart: %w", err)
			}
			ct := p.Header.Get("Content-Type")
			text, err := decodePart(ct, p.Header.Get("Content-Transfer-Encoding"), p)
			if err != nil {
				return "", err
			}
			if ct == "" || strings.HasPrefix(ct, "text/plain") || strings.HasPrefix(ct, "multipart/") {
				return text, nil
			}
			if first == "" {
				first = text
			}
		}
	}
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, &newlineStripper{r: r})
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return "", fmt.Errorf("mailtest: body (%s): %w", encoding, err)
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n"), nil
}

// newlineStripper drops CR and LF so base64 lines decode as one stream.
type newlineStripper struct{ r io.Reader }

func (n *newlineStripper) Read(p []byte) (int, error) {
	for {
		k, err := n.r.Read(p)
		j := 0
		for _, c := range p[:k] {
			if c != '\r' && c != '\n' {
				p[j] = c
				j++
			}
		}
		if j > 0 || err != nil {
			return j, err
		}
	}
}

type discardLogger struct{}

func (discardLogger) Printf(string, ...interface{}) {}
func (discardLogger) Println(...interface{})        {}
