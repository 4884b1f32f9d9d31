package remote

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"veille/feeds"
)

// Options configures a server client. The password is never printed, logged or put in an
// error.
type Options struct {
	URL      string // GReader: the API root (FreshRSS: …/api/greader.php; Miniflux: its base URL)
	Username string
	Password string // or API token
	Timeout  time.Duration
	MaxBody  int64
	// Transport replaces the default one (tests count requests with it).
	Transport http.RoundTripper
	UserAgent string
}

func (o Options) client() *http.Client {
	t := o.Timeout
	if t <= 0 {
		t = defaultTimeout
	}
	rt := o.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	return &http.Client{Timeout: t, Transport: rt}
}

// Google Reader API stream ids.
const (
	streamReadingList = "user/-/state/com.google/reading-list"
	streamRead        = "user/-/state/com.google/read"
	streamStarred     = "user/-/state/com.google/starred"
	labelPrefix       = "user/-/label/"
	longIDPrefix      = "tag:google.com,2005:reader/item/"
)

// Batch sizes: ids per stream/items/ids page, items per stream/items/contents request, ids
// per edit-tag request. FreshRSS and Miniflux take these in one go.
const (
	idsPage      = 10000
	contentBatch = 250
	editBatch    = 250
)

// GReader is a client of the Google Reader API.
type GReader struct {
	opts  Options
	base  string
	hc    *http.Client
	auth  string // the ClientLogin token
	token string // the write token (T=)
	// noItemContents is set once the server answered stream/items/contents with 404 or 405:
	// items are then read from stream/contents pages.
	noItemContents bool
}

// NewGReader returns a client; nothing is sent before Login.
func NewGReader(o Options) *GReader {
	if o.MaxBody <= 0 {
		o.MaxBody = defaultMaxBody
	}
	return &GReader{opts: o, base: strings.TrimRight(o.URL, "/"), hc: o.client()}
}

// statusError is a non-2xx answer; body holds its first bytes, for the error's words.
type statusError struct {
	status int
	body   string
}

func (e *statusError) Error() string { return fmt.Sprintf("HTTP %d", e.status) }

// do sends one request and returns the body of a 2xx answer. Errors are *Error.
func (g *GReader) do(ctx context.Context, op, method, path string, q url.Values, form url.Values) ([]byte, http.Header, error) {
	u := g.base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, nil, &Error{Kind: ErrNetwork, Op: op, Err: errors.New("bad server URL")}
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if g.auth != "" {
		req.Header.Set("Authorization", "GoogleLogin auth="+g.auth)
	}
	if g.opts.UserAgent != "" {
		req.Header.Set("User-Agent", g.opts.UserAgent)
	}
	resp, err := g.hc.Do(req)
	if err != nil {
		return nil, nil, &Error{Kind: netKind(err), Op: op, Err: cleanNetErr(err)}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, g.opts.MaxBody+1))
	if err != nil {
		return nil, nil, &Error{Kind: netKind(err), Op: op, Status: resp.StatusCode, Err: cleanNetErr(err)}
	}
	if int64(len(b)) > g.opts.MaxBody {
		return nil, nil, &Error{Kind: ErrTooLarge, Op: op, Status: resp.StatusCode}
	}
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return nil, resp.Header, &Error{Kind: ErrAuth, Op: op, Status: resp.StatusCode}
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return nil, resp.Header, &Error{Kind: ErrServer, Op: op, Status: resp.StatusCode,
			Err: &statusError{resp.StatusCode, string(b[:min(len(b), 200)])}}
	}
	return b, resp.Header, nil
}

// netKind tells a timeout from another transport failure.
func netKind(err error) ErrorKind {
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return ErrTimeout
	}
	return ErrNetwork
}

// cleanNetErr drops the URL net/http puts in its errors: the message says what failed, and a
// URL could carry user info.
func cleanNetErr(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// getJSON gets a JSON document and decodes it into v; an HTML page or broken JSON is a clear
// error, never a silent empty result.
func (g *GReader) getJSON(ctx context.Context, op, method, path string, q, form url.Values, v any) error {
	err := g.withToken(ctx, func() error {
		if form != nil {
			form.Set("T", g.token)
		}
		b, _, err := g.do(ctx, op, method, path, q, form)
		if err != nil {
			return err
		}
		return decodeJSON(op, b, v)
	})
	return err
}

func decodeJSON(op string, b []byte, v any) error {
	t := bytes.TrimSpace(b)
	if len(t) > 0 && t[0] == '<' {
		return &Error{Kind: ErrNotAPI, Op: op, Err: errors.New("an HTML page instead of the API")}
	}
	if err := json.Unmarshal(t, v); err != nil {
		return &Error{Kind: ErrProtocol, Op: op, Err: errors.New("truncated or invalid JSON")}
	}
	return nil
}

// withToken runs a request once more after signing in again when the server refuses it: the
// write token expires (FreshRSS says so with X-Reader-Google-Bad-Token), and so may the
// ClientLogin one during a long session.
func (g *GReader) withToken(ctx context.Context, fn func() error) error {
	err := fn()
	var e *Error
	if errors.As(err, &e) && e.Kind == ErrAuth && g.token != "" {
		if lerr := g.Login(ctx); lerr != nil {
			return lerr
		}
		return fn()
	}
	return err
}

// Login does ClientLogin and gets a write token.
func (g *GReader) Login(ctx context.Context) error {
	g.auth, g.token = "", ""
	form := url.Values{"Email": {g.opts.Username}, "Passwd": {g.opts.Password}}
	b, _, err := g.do(ctx, "login", http.MethodPost, "/accounts/ClientLogin", nil, form)
	if err != nil {
		return err
	}
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '<' {
		return &Error{Kind: ErrNotAPI, Op: "login", Err: errors.New("an HTML page instead of the API")}
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "Auth="); ok {
			g.auth = v
		}
	}
	if g.auth == "" {
		return &Error{Kind: ErrProtocol, Op: "login", Err: errors.New("no Auth token in the answer")}
	}
	return g.fetchToken(ctx)
}

func (g *GReader) fetchToken(ctx context.Context) error {
	b, _, err := g.do(ctx, "token", http.MethodGet, "/reader/api/0/token", nil, nil)
	if err != nil {
		return err
	}
	t := strings.TrimSpace(string(b))
	if t == "" || strings.HasPrefix(t, "<") || strings.ContainsAny(t, " \n") {
		return &Error{Kind: ErrNotAPI, Op: "token", Err: errors.New("no token in the answer")}
	}
	g.token = t
	return nil
}

// Subscriptions lists subscription/list; a subscription's first category is its folder.
func (g *GReader) Subscriptions(ctx context.Context) ([]Subscription, error) {
	var r struct {
		Subscriptions []struct {
			ID         string `json:"id"`
			Title      string `json:"title"`
			URL        string `json:"url"`
			HTMLURL    string `json:"htmlUrl"`
			Categories []struct {
				ID    string `json:"id"`
				Label string `json:"label"`
			} `json:"categories"`
		} `json:"subscriptions"`
	}
	q := url.Values{"output": {"json"}}
	if err := g.getJSON(ctx, "subscription/list", http.MethodGet, "/reader/api/0/subscription/list", q, nil, &r); err != nil {
		return nil, err
	}
	out := make([]Subscription, 0, len(r.Subscriptions))
	for _, s := range r.Subscriptions {
		u := s.URL
		if u == "" {
			u = strings.TrimPrefix(s.ID, "feed/") // Google's own form: the id is feed/URL
		}
		if u == "" || s.ID == "" {
			continue
		}
		sub := Subscription{ID: s.ID, URL: u, Title: s.Title, SiteURL: s.HTMLURL}
		if len(s.Categories) > 0 {
			sub.Category = s.Categories[0].Label
			if sub.Category == "" {
				sub.Category = labelName(s.Categories[0].ID)
			}
		}
		out = append(out, sub)
	}
	return out, nil
}

// labelName is X of user/-/label/X or user/1234/label/X (Miniflux puts the user's number),
// "" for another stream id.
func labelName(id string) string {
	if !strings.HasPrefix(id, "user/") {
		return ""
	}
	rest := id[len("user/"):]
	i := strings.IndexByte(rest, '/')
	if i < 0 {
		return ""
	}
	name, ok := strings.CutPrefix(rest[i:], "/label/")
	if !ok {
		return ""
	}
	return name
}

// CanonicalID turns an item id in any of the API's forms into its decimal form: the long form
// "tag:google.com,2005:reader/item/" + 16 hex digits (stream/items/contents), or decimal
// (stream/items/ids, FreshRSS everywhere). A bare id is decimal, even with 16 digits: that is
// what the API's ids calls return, and FreshRSS ids are 16-digit microsecond times.
func CanonicalID(id string) (string, error) {
	id = strings.TrimSpace(id)
	if hex, ok := strings.CutPrefix(id, longIDPrefix); ok {
		v, err := strconv.ParseUint(hex, 16, 64)
		if err != nil || hex == "" {
			return "", fmt.Errorf("bad item id %q", id)
		}
		return strconv.FormatUint(v, 10), nil
	}
	v, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return "", fmt.Errorf("bad item id %q", id)
	}
	return strconv.FormatUint(v, 10), nil
}

// longID is the long hex form, which every server accepts back.
func longID(canonical string) string {
	v, _ := strconv.ParseUint(canonical, 10, 64)
	return fmt.Sprintf("%s%016x", longIDPrefix, v)
}

// streamIDs lists every item id of a stream (minus exclude), following continuation tokens.
func (g *GReader) streamIDs(ctx context.Context, stream, exclude string) ([]string, error) {
	var out []string
	cont := ""
	for page := 0; ; page++ {
		q := url.Values{"s": {stream}, "n": {strconv.Itoa(idsPage)}, "output": {"json"}}
		if exclude != "" {
			q.Set("xt", exclude)
		}
		if cont != "" {
			q.Set("c", cont)
		}
		var r struct {
			ItemRefs []struct {
				ID string `json:"id"`
			} `json:"itemRefs"`
			Continuation flexString `json:"continuation"`
		}
		if err := g.getJSON(ctx, "stream/items/ids", http.MethodGet, "/reader/api/0/stream/items/ids", q, nil, &r); err != nil {
			return nil, err
		}
		for _, ref := range r.ItemRefs {
			id, err := CanonicalID(ref.ID)
			if err != nil {
				return nil, &Error{Kind: ErrProtocol, Op: "stream/items/ids", Err: err}
			}
			out = append(out, id)
		}
		next := string(r.Continuation)
		if next == "" || next == cont || len(r.ItemRefs) == 0 || page > 1000 {
			return out, nil
		}
		cont = next
	}
}

// StateIDs lists the unread ids (reading list minus read) and the starred ones.
func (g *GReader) StateIDs(ctx context.Context) (unread, starred []string, err error) {
	if unread, err = g.streamIDs(ctx, streamReadingList, streamRead); err != nil {
		return nil, nil, err
	}
	if starred, err = g.streamIDs(ctx, streamStarred, ""); err != nil {
		return nil, nil, err
	}
	return unread, starred, nil
}

// grItem is an item of stream/items/contents and stream/contents.
type grItem struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Published flexInt  `json:"published"`
	Updated   flexInt  `json:"updated"`
	Crawl     flexInt  `json:"crawlTimeMsec"`
	Author    string   `json:"author"`
	Cats      []string `json:"categories"`
	Canonical []struct {
		Href string `json:"href"`
	} `json:"canonical"`
	Alternate []struct {
		Href string `json:"href"`
	} `json:"alternate"`
	Summary struct {
		Content string `json:"content"`
	} `json:"summary"`
	Content struct {
		Content string `json:"content"`
	} `json:"content"`
	Origin struct {
		StreamID string `json:"streamId"`
	} `json:"origin"`
}

type grItems struct {
	Items        []grItem   `json:"items"`
	Continuation flexString `json:"continuation"`
}

func (it *grItem) item() (Item, error) {
	id, err := CanonicalID(it.ID)
	if err != nil {
		return Item{}, err
	}
	out := Item{ID: id, FeedID: it.Origin.StreamID}
	out.Title, out.Author = it.Title, it.Author
	for _, l := range it.Canonical {
		if out.URL == "" {
			out.URL = l.Href
		}
	}
	for _, l := range it.Alternate {
		if out.URL == "" {
			out.URL = l.Href
		}
	}
	out.Content = it.Content.Content
	if out.Content == "" {
		out.Content = it.Summary.Content
	} else if it.Summary.Content != it.Content.Content {
		out.Summary = it.Summary.Content
	}
	if it.Published > 0 {
		out.Published = time.Unix(int64(it.Published), 0).UTC()
	} else if it.Crawl > 0 {
		out.Published = time.UnixMilli(int64(it.Crawl)).UTC()
	}
	if it.Updated > 0 {
		out.Updated = time.Unix(int64(it.Updated), 0).UTC()
	}
	for _, c := range it.Cats {
		if name := labelName(c); name != "" {
			out.Labels = append(out.Labels, name)
		}
	}
	return out, nil
}

// Items gets items by id, contentBatch per POST stream/items/contents. A server without that
// call (404, 405) is read through stream/contents pages of the reading list instead, until
// every id asked for is found or the list ends.
func (g *GReader) Items(ctx context.Context, ids []string) ([]Item, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var out []Item
	for start := 0; start < len(ids) && !g.noItemContents; start += contentBatch {
		part := ids[start:min(start+contentBatch, len(ids))]
		form := url.Values{}
		for _, id := range part {
			form.Add("i", longID(id))
		}
		var r grItems
		err := g.getJSON(ctx, "stream/items/contents", http.MethodPost, "/reader/api/0/stream/items/contents",
			url.Values{"output": {"json"}}, form, &r)
		var e *Error
		if errors.As(err, &e) && (e.Status == http.StatusNotFound || e.Status == http.StatusMethodNotAllowed) {
			g.noItemContents = true
			break
		}
		if err != nil {
			return nil, err
		}
		for i := range r.Items {
			it, err := r.Items[i].item()
			if err != nil {
				return nil, &Error{Kind: ErrProtocol, Op: "stream/items/contents", Err: err}
			}
			out = append(out, it)
		}
	}
	if !g.noItemContents {
		return out, nil
	}
	return g.itemsFromStream(ctx, ids, out)
}

// itemsFromStream pages through stream/contents of the reading list for the ids not in have.
func (g *GReader) itemsFromStream(ctx context.Context, ids []string, have []Item) ([]Item, error) {
	want := make(map[string]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	for _, it := range have {
		delete(want, it.ID)
	}
	out := have
	cont := ""
	for page := 0; len(want) > 0; page++ {
		q := url.Values{"n": {"1000"}, "output": {"json"}}
		if cont != "" {
			q.Set("c", cont)
		}
		var r grItems
		if err := g.getJSON(ctx, "stream/contents", http.MethodGet,
			"/reader/api/0/stream/contents/"+streamReadingList, q, nil, &r); err != nil {
			return nil, err
		}
		for i := range r.Items {
			it, err := r.Items[i].item()
			if err != nil {
				return nil, &Error{Kind: ErrProtocol, Op: "stream/contents", Err: err}
			}
			if want[it.ID] {
				delete(want, it.ID)
				out = append(out, it)
			}
		}
		next := string(r.Continuation)
		if next == "" || next == cont || len(r.Items) == 0 || page > 1000 {
			break
		}
		cont = next
	}
	return out, nil
}

// editTag posts edit-tag for ids, editBatch at a time.
func (g *GReader) editTag(ctx context.Context, add, remove string, ids []string) error {
	for start := 0; start < len(ids); start += editBatch {
		part := ids[start:min(start+editBatch, len(ids))]
		form := url.Values{}
		for _, id := range part {
			form.Add("i", longID(id))
		}
		if add != "" {
			form.Set("a", add)
		}
		if remove != "" {
			form.Set("r", remove)
		}
		err := g.withToken(ctx, func() error {
			form.Set("T", g.token)
			_, _, err := g.do(ctx, "edit-tag", http.MethodPost, "/reader/api/0/edit-tag", nil, form)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// Mark sends a read, unread, star or unstar change.
func (g *GReader) Mark(ctx context.Context, kind feeds.SyncChangeKind, ids []string) error {
	switch kind {
	case feeds.SyncRead:
		return g.editTag(ctx, streamRead, "", ids)
	case feeds.SyncUnread:
		return g.editTag(ctx, "", streamRead, ids)
	case feeds.SyncStar:
		return g.editTag(ctx, streamStarred, "", ids)
	case feeds.SyncUnstar:
		return g.editTag(ctx, "", streamStarred, ids)
	}
	return fmt.Errorf("mark: unknown change %q", kind)
}

// Label adds or removes user/-/label/NAME. A server that refuses the label while it answers
// (a 400 or a 500, as Miniflux does: it has folders, not item labels) has no item labels.
func (g *GReader) Label(ctx context.Context, label string, add bool, ids []string) error {
	stream := labelPrefix + label
	var err error
	if add {
		err = g.editTag(ctx, stream, "", ids)
	} else {
		err = g.editTag(ctx, "", stream, ids)
	}
	var e *Error
	if errors.As(err, &e) && (e.Status == http.StatusBadRequest || e.Status == http.StatusInternalServerError ||
		e.Status == http.StatusNotImplemented) {
		return ErrNoLabels
	}
	return err
}

// Labels lists tag/list's labels that are not folders, each with its item ids. Folders (the
// subscriptions' categories) are not article tags.
func (g *GReader) Labels(ctx context.Context, folders []string) (map[string][]string, error) {
	var r struct {
		Tags []struct {
			ID   string `json:"id"`
			Type string `json:"type"`
		} `json:"tags"`
	}
	if err := g.getJSON(ctx, "tag/list", http.MethodGet, "/reader/api/0/tag/list", url.Values{"output": {"json"}}, nil, &r); err != nil {
		return nil, err
	}
	isFolder := map[string]bool{}
	for _, f := range folders {
		isFolder[f] = true
	}
	out := map[string][]string{}
	for _, t := range r.Tags {
		name := labelName(t.ID)
		if name == "" || t.Type == "folder" || isFolder[name] {
			continue
		}
		ids, err := g.streamIDs(ctx, labelPrefix+name, "")
		if err != nil {
			return nil, err
		}
		out[name] = ids
	}
	return out, nil
}

// Subscribe subscribes with subscription/edit ac=subscribe (FreshRSS and Miniflux both take
// it), in the category's label.
func (g *GReader) Subscribe(ctx context.Context, feedURL, title, category string) error {
	form := url.Values{"ac": {"subscribe"}, "s": {"feed/" + feedURL}}
	if title != "" {
		form.Set("t", title)
	}
	if category != "" {
		form.Set("a", labelPrefix+category)
	}
	return g.withToken(ctx, func() error {
		form.Set("T", g.token)
		_, _, err := g.do(ctx, "subscription/edit", http.MethodPost, "/reader/api/0/subscription/edit", nil, form)
		return err
	})
}

// flexInt reads a JSON number or a string holding one (servers differ).
type flexInt int64

func (f *flexInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "" || s == "null" {
		*f = 0
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return err
	}
	*f = flexInt(v)
	return nil
}

// flexString reads a JSON string or number (some servers send continuation as a number).
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
		return nil
	}
	s := string(b)
	if s == "null" || s == "false" {
		s = ""
	}
	*f = flexString(s)
	return nil
}

// sortIDs sorts canonical decimal ids numerically.
func sortIDs(ids []string) {
	sort.Slice(ids, func(i, j int) bool {
		if len(ids[i]) != len(ids[j]) {
			return len(ids[i]) < len(ids[j])
		}
		return ids[i] < ids[j]
	})
}
