package mailtest_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/mail"
	"github.com/taihe-erp/taihe/internal/platform/mail/mailtest"
)

// TestSenderDeliversDecodedMessage sends through mail.Sender (go-mail) over
// a real SMTP exchange and checks what arrives: addresses, a Chinese
// subject (RFC 2047) and a Chinese multi-line body (quoted-printable or
// base64, whichever go-mail chose).
func TestSenderDeliversDecodedMessage(t *testing.T) {
	srv := mailtest.New(t)
	s, err := mail.New(srv.URL(), "noreply@taihe.test")
	if err != nil {
		t.Fatal(err)
	}
	if !s.Configured() {
		t.Fatal("sender with an SMTP URL reports not configured")
	}
	long := strings.Repeat("太和企业资源计划", 20) // longer than one 76-char encoded line
	body := "您好，王经理：\n验证码是 123456。\n" + long + "\n-- \n太和"
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.Send(ctx, mail.Message{To: "wang@demo.taihe.local", Subject: "太和：重置密码验证码", Body: body}); err != nil {
		t.Fatalf("send: %v", err)
	}
	m, err := srv.Wait(5 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if m.From != "noreply@taihe.test" || m.EnvelopeFrom != "noreply@taihe.test" {
		t.Errorf("from = %q (envelope %q), want noreply@taihe.test", m.From, m.EnvelopeFrom)
	}
	if len(m.To) != 1 || m.To[0] != "wang@demo.taihe.local" || len(m.EnvelopeTo) != 1 || m.EnvelopeTo[0] != "wang@demo.taihe.local" {
		t.Errorf("to = %v (envelope %v)", m.To, m.EnvelopeTo)
	}
	if m.Subject != "太和：重置密码验证码" {
		t.Errorf("subject = %q", m.Subject)
	}
	if got := strings.TrimRight(m.Body, "\n"); got != body {
		t.Errorf("body mismatch:\n got %q\nwant %q\nraw:\n%s", got, body, m.Raw)
	}
	if strings.Contains(string(m.Raw), "验证码") {
		t.Errorf("raw message carries unencoded UTF-8; expected a transfer encoding:\n%s", m.Raw)
	}
}

func TestSenderAuthenticatesWithURLCredentials(t *testing.T) {
	srv := mailtest.New(t)
	s, err := mail.New("smtp://mailer:s3cret%21@"+srv.Addr(), "taihe@localhost")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), mail.Message{To: "a@b.test", Subject: "hi", Body: "x"}); err != nil {
		t.Fatalf("send: %v", err)
	}
	m, err := srv.Wait(5 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if m.AuthUser != "mailer" || m.AuthPassword != "s3cret!" {
		t.Errorf("AUTH PLAIN got user %q password %q, want mailer / s3cret!", m.AuthUser, m.AuthPassword)
	}
}

func TestSenderNotConfigured(t *testing.T) {
	s, err := mail.New("", "taihe@localhost")
	if err != nil {
		t.Fatal(err)
	}
	if s.Configured() {
		t.Error("empty URL reports configured")
	}
	if err := s.Send(context.Background(), mail.Message{To: "a@b.test"}); !errors.Is(err, mail.ErrNotConfigured) {
		t.Errorf("send without URL: %v, want ErrNotConfigured", err)
	}
	for _, bad := range []string{"http://mail.example.com", "smtp://", "::"} {
		if _, err := mail.New(bad, "x@y.test"); err == nil {
			t.Errorf("mail.New(%q) accepted a bad URL", bad)
		}
	}
}

func TestSenderFailsWhenServerIsDown(t *testing.T) {
	srv, err := mailtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	url := srv.URL()
	_ = srv.Close()
	s, err := mail.New(url, "taihe@localhost")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.Send(ctx, mail.Message{To: "a@b.test", Subject: "s", Body: "b"}); err == nil {
		t.Error("send to a closed server reported success")
	}
}

func TestWaitTimesOut(t *testing.T) {
	srv := mailtest.New(t)
	start := time.Now()
	if _, err := srv.Wait(100 * time.Millisecond); !errors.Is(err, mailtest.ErrTimeout) {
		t.Errorf("Wait on an idle server: %v, want ErrTimeout", err)
	}
	if time.Since(start) < 100*time.Millisecond {
		t.Error("Wait returned before its timeout")
	}
}

func TestParseMultipartBase64(t *testing.T) {
	raw := "From: =?UTF-8?B?5aSq5ZKM?= <a@b.test>\r\n" +
		"To: c@d.test\r\n" +
		"Subject: =?UTF-8?Q?=E9=AA=8C=E8=AF=81=E7=A0=81?=\r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: multipart/alternative; boundary=XYZ\r\n\r\n" +
		"--XYZ\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n<p>html</p>\r\n" +
		"--XYZ\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		"6aqM6K+B56CBIDY1NDMyMQ==\r\n--XYZ--\r\n"
	m, err := mailtest.Parse([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "验证码" || m.From != "a@b.test" || len(m.To) != 1 || m.To[0] != "c@d.test" {
		t.Errorf("headers: %+v", m)
	}
	if m.Body != "验证码 654321" {
		t.Errorf("body = %q, want the decoded text/plain part", m.Body)
	}
}
