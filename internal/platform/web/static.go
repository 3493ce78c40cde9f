package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFiles embed.FS

// Static serves the embedded assets under /static/. URLs carry a content
// hash (?v=…) so browsers may cache them forever.
type Static struct {
	fs     fs.FS
	hashes map[string]string
}

// NewStatic hashes every embedded asset once at start-up.
func NewStatic() *Static {
	sub, _ := fs.Sub(staticFiles, "static")
	s := &Static{fs: sub, hashes: map[string]string{}}
	_ = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, p)
		if err != nil {
			return err
		}
		h := sha256.Sum256(b)
		s.hashes[p] = hex.EncodeToString(h[:6])
		return nil
	})
	return s
}

// URL is the cache-busting address of an asset ("app.css" → "/static/app.css?v=…").
func (s *Static) URL(name string) string {
	return "/static/" + name + "?v=" + s.hashes[name]
}

// ServeHTTP serves /static/<name>.
func (s *Static) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/static/")
	if _, ok := s.hashes[name]; !ok {
		http.NotFound(w, r)
		return
	}
	if r.URL.Query().Get("v") == s.hashes[name] {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	http.ServeFileFS(w, r, s.fs, name)
}
