package remotetest

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// Fault is how a Proxy misbehaves.
type Fault string

const (
	Pass      Fault = ""          // forward as is
	HTML      Fault = "html"      // a login page instead of the API
	Truncated Fault = "truncated" // JSON answers cut in the middle
	Status500 Fault = "500"
	Hang      Fault = "hang" // no answer until the client gives up
)

// Proxy stands between veille and a server on 127.0.0.1: it counts the requests and can be
// told to misbehave.
type Proxy struct {
	*httptest.Server
	fault    atomic.Value // Fault
	requests atomic.Int64
	stop     chan struct{}
	once     sync.Once
}

// NewProxy proxies to target; the test's cleanup stops it.
func NewProxy(t testing.TB, target string) *Proxy {
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{stop: make(chan struct{})}
	p.fault.Store(Pass)
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.ModifyResponse = func(resp *http.Response) error {
		if p.fault.Load().(Fault) != Truncated || !strings.Contains(resp.Header.Get("Content-Type"), "json") {
			return nil
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		b = b[:len(b)/2]
		resp.Body = io.NopCloser(bytes.NewReader(b))
		resp.ContentLength = int64(len(b))
		resp.Header.Del("Content-Length")
		return nil
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.Server = &httptest.Server{Listener: l, Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.requests.Add(1)
		switch p.fault.Load().(Fault) {
		case HTML:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, "<!DOCTYPE html><html><head><title>Connexion</title></head><body><form>Identifiant</form></body></html>")
			return
		case Status500:
			http.Error(w, "Internal Server Error", http.StatusInternalServerError)
			return
		case Hang:
			select {
			case <-r.Context().Done():
			case <-p.stop:
			}
			return
		}
		rp.ServeHTTP(w, r)
	})}}
	p.Start()
	t.Cleanup(func() {
		p.once.Do(func() { close(p.stop) })
		p.Close()
	})
	return p
}

// SetFault changes how the proxy behaves from the next request on.
func (p *Proxy) SetFault(f Fault) { p.fault.Store(f) }

// Requests counts the requests received so far.
func (p *Proxy) Requests() int64 { return p.requests.Load() }
