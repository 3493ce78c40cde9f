// Package mail sends mail through the SMTP server named by TAIHE_SMTP_URL
// (smtp://user:pass@host:port, ?tls=starttls|tls|none). Mail goes out after
// the business transaction commits, never inside it.
package mail

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"

	gomail "github.com/wneessen/go-mail"
)

// Message is one plain-text mail.
type Message struct {
	To, Subject, Body string
}

// Sender delivers messages; the zero URL means mail is not configured.
type Sender struct {
	u    *url.URL
	from string
}

// ErrNotConfigured is returned when no SMTP URL is set.
var ErrNotConfigured = errors.New("mail: TAIHE_SMTP_URL is not set")

// New parses the SMTP URL; from is the sender address.
func New(rawURL, from string) (*Sender, error) {
	if rawURL == "" {
		return &Sender{from: from}, nil
	}
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return nil, fmt.Errorf("mail: bad SMTP URL %q", rawURL)
	}
	return &Sender{u: u, from: from}, nil
}

// Configured reports whether mail can be sent.
func (s *Sender) Configured() bool { return s != nil && s.u != nil }

// Send delivers m or returns why not.
func (s *Sender) Send(ctx context.Context, m Message) error {
	if !s.Configured() {
		return ErrNotConfigured
	}
	msg := gomail.NewMsg()
	if err := msg.From(s.from); err != nil {
		return err
	}
	if err := msg.To(m.To); err != nil {
		return err
	}
	msg.Subject(m.Subject)
	msg.SetBodyString(gomail.TypeTextPlain, m.Body)
	port := 25
	if p := s.u.Port(); p != "" {
		port, _ = strconv.Atoi(p)
	}
	opts := []gomail.Option{gomail.WithPort(port)}
	switch s.u.Query().Get("tls") {
	case "tls":
		opts = append(opts, gomail.WithSSL())
	case "starttls":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	default:
		if s.u.Scheme == "smtps" {
			opts = append(opts, gomail.WithSSL())
		} else {
			opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
		}
	}
	if user := s.u.User; user != nil {
		pass, _ := user.Password()
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain), gomail.WithUsername(user.Username()), gomail.WithPassword(pass))
	}
	c, err := gomail.NewClient(s.u.Hostname(), opts...)
	if err != nil {
		return err
	}
	return c.DialAndSendWithContext(ctx, msg)
}
