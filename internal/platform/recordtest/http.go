package recordtest

import (
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/web"
)

// Server is a web server of the world, with a menu and a renderer of the
// platform's templates plus views, the way internal/app builds one; the
// test registers its routes on it, then Serves it.
func (w *World) Server(views ...fs.FS) *web.Server {
	w.T.Helper()
	menu := &web.Menu{}
	render, err := web.NewRenderer(w.Cat, web.NewStatic(), menu, views...)
	if err != nil {
		w.T.Fatal(err)
	}
	srv := web.NewServer(w.Cat, w.IDs, render, web.Config{})
	srv.Menu = menu
	return srv
}

// Serve serves srv on a loopback port until the test ends.
func (w *World) Serve(srv *web.Server) *httptest.Server {
	hs := httptest.NewServer(srv.Handler())
	w.T.Cleanup(hs.Close)
	return hs
}

// Response is an answer read in full.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Do sends req with c and reads the answer, failing the test on a
// transport error.
func Do(t testing.TB, c *http.Client, req *http.Request) Response {
	t.Helper()
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return Response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// NoRedirect is an http.Client CheckRedirect that returns redirects to the
// test instead of following them.
func NoRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
