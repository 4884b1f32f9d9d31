// Command feedserver serves synthetic French tech-press RSS feeds over loopback, for veille's
// benchmarks (bench/run.sh). Everything it serves is deterministic from -seed.
//
// The feeds are spread over -hosts loopback addresses, 127.0.0.1 … 127.0.0.H, each with its own
// listener on the same -port, so that a per-host politeness limit behaves as with real outlets
// (Linux routes all of 127.0.0.0/8 to lo). It never listens anywhere else.
//
// Endpoints, on every host:
//
//	/feeds/NNN.xml     RSS 2.0 (only on the feed's own host; 404 elsewhere), gzip when asked,
//	                   strong ETag and Last-Modified, 304 on If-None-Match / If-Modified-Since
//	/articles/NNN/J.html  the web page of an item
//	/stats[?reset=1]   JSON counts of the responses served (all hosts together)
//	/opml, /urls       every feed as OPML 2.0 (4 folders) or one URL per line (127.0.0.1 only)
//
// Usage:
//
//	go run ./bench/feedserver -feeds 100 -items 50 -port 18700 -duration 30m
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

type options struct {
	feeds, items, hosts, port int
	latency                   time.Duration
	size                      int
	gzip                      bool
	gzipLevel                 int
	duration                  time.Duration
	shift                     int
	seed                      uint64
	addrFile                  string
	logRequests               bool
	noValidators              bool // no ETag nor Last-Modified, and conditional requests ignored
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("feedserver: ")
	var o options
	flag.IntVar(&o.feeds, "feeds", 100, "number of feeds")
	flag.IntVar(&o.items, "items", 50, "items per feed")
	flag.IntVar(&o.hosts, "hosts", 25, "spread the feeds over 127.0.0.1 … 127.0.0.`H` (1–254)")
	flag.IntVar(&o.port, "port", 18700, "TCP port on every host (0: a free port per host)")
	flag.DurationVar(&o.latency, "latency", 0, "delay added before every response (feeds, articles, opml)")
	flag.IntVar(&o.size, "size", 1500, "average content:encoded `bytes` per item")
	flag.BoolVar(&o.gzip, "gzip", true, "serve gzip to clients that accept it")
	flag.IntVar(&o.gzipLevel, "gzip-level", 1, "gzip `level`, 1–9 (1 is nginx's default gzip_comp_level)")
	flag.DurationVar(&o.duration, "duration", 30*time.Minute, "exit by itself after this long")
	flag.IntVar(&o.shift, "shift", 0, "publish `N` new items per feed (the window slides: ETags change)")
	flag.Uint64Var(&o.seed, "seed", 1, "seed of all generated content")
	base := flag.String("base", "", "publish the newest items at this `time` (RFC 3339, or \"now\") instead of 2026-11-26: the story scenario needs news inside veille's 4-day window")
	flag.StringVar(&o.addrFile, "addr-file", "", "once listening, write the OPML URL to this `file`")
	flag.BoolVar(&o.logRequests, "log", false, "log every request to stderr")
	flag.BoolVar(&o.noValidators, "no-validators", false, "send neither ETag nor Last-Modified and answer every request 200, like many French sites")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: feedserver [flags]\n\nSynthetic French tech feeds on 127.0.0.1 … 127.0.0.H for benchmarks.\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	switch *base {
	case "":
	case "now":
		baseTime = time.Now().Truncate(time.Second)
	default:
		t, err := time.Parse(time.RFC3339, *base)
		if err != nil {
			log.Print("-base: ", err)
			os.Exit(2)
		}
		baseTime = t
	}
	if err := o.check(); err != nil {
		log.Print(err)
		os.Exit(2)
	}
	if err := run(o); err != nil {
		log.Print(err)
		os.Exit(1)
	}
}

func (o *options) check() error {
	switch {
	case o.feeds < 1 || o.feeds > 100000:
		return errors.New("-feeds must be between 1 and 100000")
	case o.items < 1 || o.items > 100000:
		return errors.New("-items must be between 1 and 100000")
	case o.hosts < 1 || o.hosts > 254:
		return errors.New("-hosts must be between 1 and 254")
	case o.port < 0 || o.port > 65535:
		return errors.New("-port must be between 0 and 65535")
	case o.size < 100:
		return errors.New("-size must be at least 100")
	case o.gzipLevel < 1 || o.gzipLevel > 9:
		return errors.New("-gzip-level must be between 1 and 9")
	case o.shift < 0:
		return errors.New("-shift must not be negative")
	case o.latency < 0 || o.duration <= 0:
		return errors.New("-latency must not be negative and -duration must be positive")
	}
	return nil
}

func run(o options) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, o.duration)
	defer cancel()

	// Listen first: the ports go into the generated links. Clients that connect before the
	// content is ready wait in the accept queue.
	lns := make([]net.Listener, o.hosts)
	ports := make([]int, o.hosts)
	for h := 1; h <= o.hosts; h++ {
		addr := net.JoinHostPort("127.0.0."+strconv.Itoa(h), strconv.Itoa(o.port))
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			for _, l := range lns[:h-1] {
				l.Close()
			}
			hint := ""
			if h > 1 {
				hint = " (Linux routes 127.0.0.0/8 to lo; elsewhere add the alias, or use -hosts 1)"
			}
			return fmt.Errorf("cannot listen on %s: %v%s", addr, err, hint)
		}
		lns[h-1] = ln
		ports[h-1] = ln.Addr().(*net.TCPAddr).Port
	}

	t0 := time.Now()
	s := newServer(o, ports)
	raw, gz := 0, 0
	for _, d := range s.docs {
		raw += d.rawLen
		gz += len(d.gz)
	}
	msg := fmt.Sprintf("%d feeds × %d items (shift %d), %.1f MB of XML", o.feeds, o.items, o.shift, float64(raw)/1e6)
	if o.gzip && gz > 0 {
		msg += fmt.Sprintf(", %.1f MB gzip (%.1f×)", float64(gz)/1e6, float64(raw)/float64(gz))
	}
	log.Printf("%s, generated in %s; serving on 127.0.0.1–127.0.0.%d port %d for %s",
		msg, time.Since(t0).Round(time.Millisecond), o.hosts, ports[0], o.duration)

	srvs := make([]*http.Server, o.hosts)
	var wg sync.WaitGroup
	errc := make(chan error, o.hosts)
	for h := 1; h <= o.hosts; h++ {
		srv := &http.Server{
			Handler:           s.handler(h),
			ReadHeaderTimeout: 10 * time.Second,
			IdleTimeout:       2 * time.Minute,
			ErrorLog:          log.New(os.Stderr, "feedserver: ", 0),
		}
		srvs[h-1] = srv
		wg.Go(func() {
			if err := srv.Serve(lns[h-1]); err != nil && !errors.Is(err, http.ErrServerClosed) {
				errc <- err
			}
		})
	}
	if o.addrFile != "" {
		if err := writeFileAtomic(o.addrFile, s.opmlURL()+"\n"); err != nil {
			ctx2, c2 := context.WithTimeout(context.Background(), time.Second)
			defer c2()
			for _, srv := range srvs {
				srv.Shutdown(ctx2)
			}
			return err
		}
	}

	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-errc:
	}
	sctx, scancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer scancel()
	for _, srv := range srvs {
		if err := srv.Shutdown(sctx); err != nil {
			srv.Close()
		}
	}
	wg.Wait()
	st := s.stats.snapshot()
	log.Printf("stopped: %d × 200, %d × 304, %d × 404, %.1f MB sent", st.OK, st.NotModified, st.NotFound, float64(st.Bytes)/1e6)
	return runErr
}

func writeFileAtomic(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".feedserver-addr-*")
	if err != nil {
		return err
	}
	if _, err := tmp.WriteString(content); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// server holds the generated documents and the counters.
type server struct {
	opt   options
	cfg   *genConfig
	docs  []*feedDoc
	stats stats
}

func newServer(o options, ports []int) *server {
	cfg := &genConfig{Feeds: o.feeds, Items: o.items, Hosts: o.hosts, Size: o.size, Shift: o.shift,
		Seed: o.seed, Gzip: o.gzip, GzipLevel: o.gzipLevel, Ports: ports}
	return &server{opt: o, cfg: cfg, docs: generate(cfg)}
}

func (s *server) opmlURL() string { return s.cfg.hostURL(1) + "/opml" }

type stats struct {
	ok, notModified, notFound, other, bytes atomic.Int64
}

type statsJSON struct {
	OK          int64 `json:"200"`
	NotModified int64 `json:"304"`
	NotFound    int64 `json:"404"`
	Other       int64 `json:"other"`
	Bytes       int64 `json:"bytes"`
}

func (st *stats) snapshot() statsJSON {
	return statsJSON{st.ok.Load(), st.notModified.Load(), st.notFound.Load(), st.other.Load(), st.bytes.Load()}
}

func (st *stats) reset() statsJSON {
	return statsJSON{st.ok.Swap(0), st.notModified.Swap(0), st.notFound.Swap(0), st.other.Swap(0), st.bytes.Swap(0)}
}

func (st *stats) count(code, n int) {
	switch code {
	case http.StatusOK:
		st.ok.Add(1)
	case http.StatusNotModified:
		st.notModified.Add(1)
	case http.StatusNotFound:
		st.notFound.Add(1)
	default:
		st.other.Add(1)
	}
	st.bytes.Add(int64(n))
}

// handler serves host 127.0.0.h.
func (s *server) handler(h int) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/stats", func(w http.ResponseWriter, r *http.Request) {
		var st statsJSON
		if r.URL.Query().Get("reset") == "1" {
			st = s.stats.reset()
		} else {
			st = s.stats.snapshot()
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		json.NewEncoder(w).Encode(st)
	})
	mux.HandleFunc("/feeds/", func(w http.ResponseWriter, r *http.Request) { s.serveFeed(w, r, h) })
	mux.HandleFunc("/articles/", func(w http.ResponseWriter, r *http.Request) { s.serveArticle(w, r, h) })
	mux.HandleFunc("/opml", func(w http.ResponseWriter, r *http.Request) {
		if h != 1 || !s.delay(r) {
			s.notFound(w, "the OPML is served on 127.0.0.1")
			return
		}
		s.send(w, r, http.StatusOK, "text/x-opml; charset=UTF-8", s.opml())
	})
	mux.HandleFunc("/urls", func(w http.ResponseWriter, r *http.Request) {
		if h != 1 || !s.delay(r) {
			s.notFound(w, "the URL list is served on 127.0.0.1")
			return
		}
		var b strings.Builder
		for i := range s.docs {
			b.WriteString(s.cfg.feedURL(i) + "\n")
		}
		s.send(w, r, http.StatusOK, "text/plain; charset=UTF-8", []byte(b.String()))
	})
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "veille bench feedserver: host 127.0.0.%d, %d feeds in all; see /opml on 127.0.0.1, /feeds/NNN.xml, /stats\n", h, len(s.docs))
	})
	if !s.opt.logRequests {
		return mux
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, code: http.StatusOK}
		t0 := time.Now()
		mux.ServeHTTP(rec, r)
		log.Printf("127.0.0.%d %s %s %d %s", h, r.Method, r.URL.RequestURI(), rec.code, time.Since(t0).Round(time.Microsecond))
	})
}

type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.code = code
	r.ResponseWriter.WriteHeader(code)
}

// delay waits -latency, or until the client goes away (then it reports false).
func (s *server) delay(r *http.Request) bool {
	if s.opt.latency <= 0 {
		return true
	}
	t := time.NewTimer(s.opt.latency)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

func (s *server) notFound(w http.ResponseWriter, msg string) {
	s.stats.count(http.StatusNotFound, 0)
	http.Error(w, msg, http.StatusNotFound)
}

// send writes a body that is not conditional, gzipped on the fly when asked (these are small).
func (s *server) send(w http.ResponseWriter, r *http.Request, code int, ctype string, body []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(code)
	n := 0
	if r.Method != http.MethodHead {
		n, _ = w.Write(body)
	}
	s.stats.count(code, n)
}

// parseIndex reads the NNN of /feeds/NNN.xml or /articles/NNN/….
func (s *server) parseIndex(p string) (int, bool) {
	n, err := strconv.Atoi(p)
	if err != nil || n < 0 || n >= len(s.docs) || fmt.Sprintf("%03d", n) != p {
		return 0, false
	}
	return n, true
}

func (s *server) serveFeed(w http.ResponseWriter, r *http.Request, h int) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		s.stats.count(http.StatusMethodNotAllowed, 0)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, ok := strings.CutPrefix(r.URL.Path, "/feeds/")
	if ok {
		name, ok = strings.CutSuffix(name, ".xml")
	}
	i, ok2 := s.parseIndex(name)
	if !ok || !ok2 {
		s.notFound(w, "no such feed")
		return
	}
	d := s.docs[i]
	if d.Host != h {
		s.notFound(w, fmt.Sprintf("feed %03d lives on 127.0.0.%d", i, d.Host))
		return
	}
	if !s.delay(r) {
		return
	}

	useGzip := d.gz != nil && acceptsGzip(r.Header.Get("Accept-Encoding"))
	etag := d.etag
	if useGzip {
		etag = d.etag[:len(d.etag)-1] + `-gz"`
	}
	hd := w.Header()
	if !s.opt.noValidators {
		hd.Set("ETag", etag)
		hd.Set("Last-Modified", d.lastMod.Format(http.TimeFormat))
	}
	hd.Set("Vary", "Accept-Encoding")
	hd.Set("Cache-Control", "max-age=0, must-revalidate")

	if !s.opt.noValidators && notModified(r, d) {
		w.WriteHeader(http.StatusNotModified)
		s.stats.count(http.StatusNotModified, 0)
		return
	}
	body := d.gz
	if useGzip {
		hd.Set("Content-Encoding", "gzip")
	} else {
		b, err := d.body()
		if err != nil {
			s.stats.count(http.StatusInternalServerError, 0)
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		body = b
	}
	hd.Set("Content-Type", "application/rss+xml; charset=UTF-8")
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	n := 0
	if r.Method != http.MethodHead {
		n, _ = w.Write(body)
	}
	s.stats.count(http.StatusOK, n)
}

// notModified applies RFC 9110 §13.1: If-None-Match (weak comparison, either encoding's tag)
// wins over If-Modified-Since.
func notModified(r *http.Request, d *feedDoc) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		base := strings.Trim(d.etag, `"`)
		for _, tag := range strings.Split(inm, ",") {
			tag = strings.TrimSpace(tag)
			if tag == "*" {
				return true
			}
			tag = strings.Trim(strings.TrimPrefix(tag, "W/"), `"`)
			if tag == base || tag == base+"-gz" {
				return true
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" {
		t, err := http.ParseTime(ims)
		return err == nil && !d.lastMod.After(t)
	}
	return false
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip.
func acceptsGzip(ae string) bool {
	for _, part := range strings.Split(ae, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != "gzip" && coding != "x-gzip" && coding != "*" {
			continue
		}
		q := 1.0
		if k, v, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.TrimSpace(k) == "q" {
			if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				q = f
			}
		}
		if q > 0 {
			return true
		}
	}
	return false
}

func (s *server) serveArticle(w http.ResponseWriter, r *http.Request, h int) {
	rest, _ := strings.CutPrefix(r.URL.Path, "/articles/")
	feed, page, ok := strings.Cut(rest, "/")
	i, ok2 := s.parseIndex(feed)
	jstr, ok3 := strings.CutSuffix(page, ".html")
	jstr, _, _ = strings.Cut(jstr, "-") // J-the-title-slug.html
	j, err := strconv.Atoi(jstr)
	if !ok || !ok2 || !ok3 || err != nil || j < 0 || j >= s.cfg.Shift+s.cfg.Items || s.docs[i].Host != h {
		s.notFound(w, "no such article")
		return
	}
	if !s.delay(r) {
		return
	}
	s.send(w, r, http.StatusOK, "text/html; charset=utf-8", s.cfg.renderArticle(&s.docs[i].feedMeta, j))
}

// opml lists every feed in its folder; AI-only outlets carry veille:aiOnly="true".
func (s *server) opml() []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<opml version="2.0" xmlns:veille="https://veille.dev/opml">` + "\n")
	fmt.Fprintf(&b, "  <head>\n    <title>veille bench: %d synthetic feeds</title>\n    <dateCreated>%s</dateCreated>\n  </head>\n  <body>\n",
		len(s.docs), baseTime.UTC().Format("Mon, 02 Jan 2006 15:04:05 GMT"))
	for _, cat := range opmlCategories {
		fmt.Fprintf(&b, "    <outline text=\"%s\" title=\"%s\">\n", htmlEscape(cat.name), htmlEscape(cat.name))
		for i, d := range s.docs {
			if d.Category != cat.name {
				continue
			}
			title := htmlEscape(d.Title)
			fmt.Fprintf(&b, "      <outline type=\"rss\" text=\"%s\" title=\"%s\" xmlUrl=\"%s\" htmlUrl=\"%s/\"", title, title, s.cfg.feedURL(i), s.cfg.hostURL(d.Host))
			if d.AIOnly {
				b.WriteString(` veille:aiOnly="true"`)
			}
			b.WriteString("/>\n")
		}
		b.WriteString("    </outline>\n")
	}
	b.WriteString("  </body>\n</opml>\n")
	return []byte(b.String())
}
