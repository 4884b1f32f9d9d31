package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

type rssDoc struct {
	XMLName xml.Name `xml:"rss"`
	Channel struct {
		Title string `xml:"title"`
		Items []struct {
			Title      string   `xml:"title"`
			Link       string   `xml:"link"`
			GUID       string   `xml:"guid"`
			PubDate    string   `xml:"pubDate"`
			Creator    string   `xml:"http://purl.org/dc/elements/1.1/ creator"`
			Categories []string `xml:"category"`
			Desc       string   `xml:"description"`
			Content    string   `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
		} `xml:"item"`
	} `xml:"channel"`
}

func testServer(t *testing.T, o options) (*server, *httptest.Server) {
	t.Helper()
	s := newServer(o, make([]int, o.hosts)) // port 0 in links: they are not followed here
	ts := httptest.NewServer(s.handler(1))
	t.Cleanup(ts.Close)
	return s, ts
}

func smallOptions() options {
	return options{feeds: 6, items: 20, hosts: 3, size: 1500, gzip: true, gzipLevel: 1, seed: 1}
}

// get does a request without the transport's transparent gzip, so that the test sees what
// the server sent.
// waitStats waits, a few seconds at most, until the server's counts satisfy done.
func waitStats(t *testing.T, s *server, done func(statsJSON) bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !done(s.stats.snapshot()) && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
}

func get(t *testing.T, url string, hdr map[string]string) *http.Response {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func readAll(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestFeedIsRSS(t *testing.T) {
	_, ts := testServer(t, smallOptions())
	resp := get(t, ts.URL+"/feeds/000.xml", nil)
	body := readAll(t, resp)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != "" {
		t.Fatalf("status %d, encoding %q", resp.StatusCode, resp.Header.Get("Content-Encoding"))
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/rss+xml") {
		t.Errorf("Content-Type %q", ct)
	}
	var doc rssDoc
	if err := xml.Unmarshal(body, &doc); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	if doc.Channel.Title == "" || len(doc.Channel.Items) != 20 {
		t.Fatalf("channel %q with %d items", doc.Channel.Title, len(doc.Channel.Items))
	}
	var prev time.Time
	for i, it := range doc.Channel.Items {
		if it.Title == "" || it.Link == "" || it.GUID == "" || it.Creator == "" || it.Desc == "" || len(it.Content) < 300 {
			t.Errorf("item %d incomplete: %+v", i, it)
		}
		if n := len(it.Categories); n < 2 || n > 4 {
			t.Errorf("item %d: %d categories", i, n)
		}
		if strings.ContainsAny(it.Title, "{}") || strings.ContainsAny(it.Content, "{}") {
			t.Errorf("item %d: unexpanded slot: %q", i, it.Title)
		}
		if d, err := time.Parse(time.RFC1123Z, it.PubDate); err == nil {
			if !prev.IsZero() && d.After(prev) {
				t.Errorf("item %d is newer than the one before it", i)
			}
			prev = d
		}
	}
}

func TestConditionalAndGzip(t *testing.T) {
	s, ts := testServer(t, smallOptions())
	url := ts.URL + "/feeds/003.xml"

	resp := get(t, url, map[string]string{"Accept-Encoding": "gzip"})
	gz := readAll(t, resp)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("status %d, encoding %q", resp.StatusCode, resp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(raw, new(rssDoc)); err != nil {
		t.Fatalf("gunzipped body is not RSS: %v", err)
	}
	etag, lm := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	if !strings.HasPrefix(etag, `"`) || lm == "" {
		t.Fatalf("validators: ETag %q, Last-Modified %q", etag, lm)
	}

	// The identity body is the same document, with its own strong tag.
	plain := get(t, url, nil)
	if b := readAll(t, plain); !bytes.Equal(b, raw) || plain.Header.Get("ETag") == etag {
		t.Errorf("identity body differs or shares the gzip ETag %s", etag)
	}

	// The server counts a response once it has written it, which can be after the client has
	// read it: wait for the two above to be counted before starting afresh.
	waitStats(t, s, func(st statsJSON) bool { return st.OK == 2 })
	s.stats.reset()
	for name, hdr := range map[string]map[string]string{
		"If-None-Match":          {"If-None-Match": etag, "Accept-Encoding": "gzip"},
		"If-None-Match list":     {"If-None-Match": `"nope", W/` + etag},
		"If-Modified-Since":      {"If-Modified-Since": lm},
		"If-None-Match wins":     {"If-None-Match": etag, "If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"},
		"identity tag with gzip": {"If-None-Match": plain.Header.Get("ETag"), "Accept-Encoding": "gzip"},
	} {
		r := get(t, url, hdr)
		if b := readAll(t, r); r.StatusCode != http.StatusNotModified || len(b) != 0 {
			t.Errorf("%s: status %d with %d bytes, want 304", name, r.StatusCode, len(b))
		}
		if r.Header.Get("ETag") == "" {
			t.Errorf("%s: 304 without ETag", name)
		}
	}
	for name, hdr := range map[string]map[string]string{
		"stale tag":  {"If-None-Match": `"0000"`},
		"older date": {"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"},
	} {
		if r := get(t, url, hdr); r.StatusCode != 200 {
			t.Errorf("%s: status %d, want 200", name, r.StatusCode)
		} else {
			readAll(t, r)
		}
	}

	waitStats(t, s, func(st statsJSON) bool { return st.OK+st.NotModified >= 7 })
	resp = get(t, ts.URL+"/stats?reset=1", nil)
	var st statsJSON
	if err := json.Unmarshal(readAll(t, resp), &st); err != nil {
		t.Fatal(err)
	}
	if st.NotModified != 5 || st.OK != 2 {
		t.Errorf("stats %+v, want 5 × 304 and 2 × 200", st)
	}
	if st := s.stats.snapshot(); st.OK+st.NotModified != 0 {
		t.Errorf("reset left %+v", st)
	}
}

func TestRoutes(t *testing.T) {
	_, ts := testServer(t, smallOptions())
	for path, want := range map[string]int{
		"/feeds/001.xml":             404, // lives on 127.0.0.2
		"/feeds/1.xml":               404,
		"/feeds/999.xml":             404,
		"/feeds/000.rss":             404,
		"/articles/000/5.html":       200,
		"/articles/000/5-titre.html": 200,
		"/articles/000/20.html":      404,
		"/articles/001/5.html":       404,
		"/opml":                      200,
		"/urls":                      200,
		"/":                          200,
		"/nothing":                   404,
		"/stats":                     200,
		"/articles/000/abc.html":     404,
	} {
		r := get(t, ts.URL+path, nil)
		readAll(t, r)
		if r.StatusCode != want {
			t.Errorf("%s: %d, want %d", path, r.StatusCode, want)
		}
	}
}

func TestOPML(t *testing.T) {
	s, ts := testServer(t, smallOptions())
	body := readAll(t, get(t, ts.URL+"/opml", nil))
	var doc struct {
		Body struct {
			Folders []struct {
				Text  string `xml:"text,attr"`
				Feeds []struct {
					XMLURL string `xml:"xmlUrl,attr"`
				} `xml:"outline"`
			} `xml:"outline"`
		} `xml:"body"`
	}
	if err := xml.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Body.Folders) != 4 {
		t.Fatalf("%d folders, want 4", len(doc.Body.Folders))
	}
	n := 0
	for _, f := range doc.Body.Folders {
		for _, feed := range f.Feeds {
			if !strings.HasPrefix(feed.XMLURL, "http://127.0.0.") {
				t.Errorf("feed URL %s", feed.XMLURL)
			}
			n++
		}
	}
	if n != len(s.docs) {
		t.Errorf("%d feeds in the OPML, want %d", n, len(s.docs))
	}
	if !strings.Contains(string(body), "http://127.0.0.3:0/feeds/002.xml") {
		t.Errorf("feed 002 should be on 127.0.0.3:\n%s", body)
	}
}

func TestLatency(t *testing.T) {
	o := smallOptions()
	o.latency = 40 * time.Millisecond
	_, ts := testServer(t, o)
	t0 := time.Now()
	readAll(t, get(t, ts.URL+"/feeds/000.xml", nil))
	if d := time.Since(t0); d < 40*time.Millisecond {
		t.Errorf("answered in %s, before the latency", d)
	}
}

// TestRealisticCompression keeps the synthetic text from compressing absurdly: real French
// feeds gzip about 3–4× (at nginx's default level 1).
func TestRealisticCompression(t *testing.T) {
	o := smallOptions()
	o.feeds, o.items, o.hosts = 8, 50, 1
	s := newServer(o, []int{18700})
	raw, gz, content, items := 0, 0, 0, 0
	for _, d := range s.docs {
		b, err := d.body()
		if err != nil {
			t.Fatal(err)
		}
		raw += len(b)
		gz += len(d.gz)
		var doc rssDoc
		if err := xml.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		for _, it := range doc.Channel.Items {
			content += len(it.Content)
			items++
		}
	}
	ratio := float64(raw) / float64(gz)
	t.Logf("%d bytes, gzip %.2f×, content %d bytes per item", raw, ratio, content/items)
	if ratio < 2.5 || ratio > 4.5 {
		t.Errorf("gzip ratio %.2f×, want 3–4×", ratio)
	}
	if avg := content / items; avg < 1300 || avg > 1700 {
		t.Errorf("average content %d bytes, want about -size 1500", avg)
	}
}

func TestDeterministic(t *testing.T) {
	o := smallOptions()
	a := newServer(o, []int{1, 2, 3})
	b := newServer(o, []int{1, 2, 3})
	o.seed = 2
	c := newServer(o, []int{1, 2, 3})
	for i := range a.docs {
		if a.docs[i].etag != b.docs[i].etag {
			t.Errorf("feed %d differs between two runs with the same seed", i)
		}
		if a.docs[i].etag == c.docs[i].etag {
			t.Errorf("feed %d is the same with another seed", i)
		}
	}
	// A shift publishes new items: the newest item changes, the older ones stay.
	o.seed, o.shift = 1, 3
	sh := newServer(o, []int{1, 2, 3})
	var before, after rssDoc
	rawA, _ := a.docs[0].body()
	rawB, _ := sh.docs[0].body()
	xml.Unmarshal(rawA, &before)
	xml.Unmarshal(rawB, &after)
	if sh.docs[0].etag == a.docs[0].etag || after.Channel.Items[3].GUID != before.Channel.Items[0].GUID {
		t.Errorf("-shift 3 did not publish 3 new items on top of the old ones")
	}
}

func TestAcceptsGzip(t *testing.T) {
	for ae, want := range map[string]bool{
		"": false, "gzip": true, "gzip, deflate, br": true, "br;q=1.0, gzip;q=0.8": true, "gzip;q=0": false,
		"identity": false, "*": true, "x-gzip": true, "GZIP": true,
	} {
		if got := acceptsGzip(ae); got != want {
			t.Errorf("acceptsGzip(%q) = %v", ae, got)
		}
	}
}

func TestNoValidators(t *testing.T) {
	o := smallOptions()
	o.noValidators = true
	_, ts := testServer(t, o)
	url := ts.URL + "/feeds/003.xml"
	first := get(t, url, nil)
	readAll(t, first)
	if first.Header.Get("ETag") != "" || first.Header.Get("Last-Modified") != "" {
		t.Errorf("validators sent: ETag %q, Last-Modified %q", first.Header.Get("ETag"), first.Header.Get("Last-Modified"))
	}
	again := get(t, url, map[string]string{"If-Modified-Since": time.Now().Format(http.TimeFormat)})
	if b := readAll(t, again); again.StatusCode != 200 || len(b) == 0 {
		t.Errorf("a conditional request got %d with %d bytes, want the whole document", again.StatusCode, len(b))
	}
}
