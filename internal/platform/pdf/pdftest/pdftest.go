// Package pdftest reads the text of a PDF in tests with poppler's
// pdftotext (Debian poppler-utils). Without it a test fails: it never
// skips, so a machine that cannot check the PDFs does not pass for one
// that did.
package pdftest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Text is the text of the PDF b, page by page (pages end with a form
// feed), in reading order.
func Text(t testing.TB, b []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatalf("pdftotext is missing (apt-get install -y poppler-utils): %v", err)
	}
	in := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(in, b, 0o600); err != nil {
		t.Fatal(err)
	}
	var out, stderr bytes.Buffer
	cmd := exec.Command(bin, "-layout", "-enc", "UTF-8", in, "-")
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("pdftotext: %v: %s", err, stderr.String())
	}
	return out.String()
}
