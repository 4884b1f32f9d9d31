package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"veille/feeds"
	"veille/storage"
	"veille/ui/render"
)

// defaultListLimit keeps a plain `veille list` on a huge cache to one screenful of pages;
// --limit 0 lists everything.
const defaultListLimit = 50

// fetch refreshes every due feed, with progress on stderr and a one-line summary.
func (a *app) fetch(ctx context.Context) error {
	if a.opts.offline {
		return &cliError{a.lang.T("cli.offline-needs-network", "fetch"), 1}
	}
	store, subs, err := a.subscriptions(ctx)
	if err != nil {
		return err
	}
	// With [sync], the server's feeds come through it first (sync.go); its failure is one
	// line, like a feed's, and the other feeds are still fetched.
	subs, syncErr := a.refreshFeeds(ctx, store, subs, true)
	if syncErr != nil {
		if errors.Is(syncErr, context.Canceled) {
			return syncErr
		}
		fmt.Fprintln(a.stderr, "veille: "+syncErr.Error())
	}
	if len(subs) == 0 {
		if !a.cfg.Sync.set() {
			fmt.Fprintln(a.stderr, a.lang.T("fetch.nofeeds"))
			return nil
		}
		_, err := store.GC(ctx, a.retention().Cuts(time.Now()), false) // every feed came through the server
		return err
	}
	start := time.Now()
	live := isTerminal(a.stderr)
	fetcher := a.newFetcher()
	r := a.newRefresher(store, fetcher)
	failed, fresh := 0, 0
	r.Progress = func(ev feeds.ProgressEvent) {
		fresh += ev.New
		if ev.Err != nil && !errors.Is(ev.Err, context.Canceled) {
			failed++
			if live {
				fmt.Fprint(a.stderr, "\r\033[K")
			}
			fmt.Fprintln(a.stderr, a.lang.T("fetch.failed", feedName(ev.Feed), a.lang.FeedError(ev.Feed)))
		}
		if live {
			fmt.Fprint(a.stderr, "\r\033[K"+a.lang.T("fetch.progress", ev.Done, ev.Total, fresh, failed))
		}
	}
	// No stories.Prepare here: it would hold every new article's features until the pass
	// (+25 MB peak RSS on a cold refresh of 5,000 articles) for no gain in time on a refresh
	// that keeps both cores busy; the reader's refresh, waiting on the network, uses it.
	sum, err := r.Refresh(ctx, subs)
	if live {
		fmt.Fprint(a.stderr, "\r\033[K")
	}
	fmt.Fprintln(a.stderr, a.lang.T("fetch.summary", sum.Feeds, sum.OK, sum.NotModified, sum.Failed, sum.Skipped,
		sum.New, sum.Updated, time.Since(start).Seconds()))
	if err != nil {
		return err
	}
	if st, err := a.storyPass(ctx, store); err != nil {
		return err
	} else if st.Articles > 0 {
		fmt.Fprintln(a.stderr, a.lang.T("stories.pass", st.Articles, st.NewStories, st.Joined))
	}
	if a.opts.fulltext {
		start := time.Now()
		pages, err := a.pagePass(store, fetcher, func(done, total int) {
			if live {
				fmt.Fprint(a.stderr, "\r\033[K"+a.lang.T("fulltext.progress", done, total))
			}
		}).Run(ctx)
		if live {
			fmt.Fprint(a.stderr, "\r\033[K")
		}
		if err != nil {
			return a.pageErr(err)
		}
		fmt.Fprintln(a.stderr, a.lang.T("fulltext.summary", pages.Pages, pages.Paywalled, pages.Blocked, pages.Failed, time.Since(start).Seconds()))
	}
	// Learned tags are retrained on the cache as it now is, and given to the new articles.
	if _, err := a.relearn(ctx, store); err != nil {
		return err
	}
	// The retention policy runs after every fetch; reclaiming space is left to `veille gc`.
	if _, err := store.GC(ctx, a.retention().Cuts(time.Now()), false); err != nil {
		return err
	}
	return nil
}

// listing is what list and stories start from: the query of the terms (a usage error when
// they do not parse), the cache, and how many to print.
func (a *app) listing(ctx context.Context, terms []string) (feeds.Query, *storage.Store, int, error) {
	q, err := feeds.ParseQueryArgs(terms, a.now)
	var qe *feeds.QueryError
	if errors.As(err, &qe) {
		return q, nil, 0, a.usage(a.lang.QueryError(qe))
	}
	store, err := a.openStore(ctx)
	if err != nil {
		return q, nil, 0, err
	}
	limit := a.opts.limit
	if !a.opts.limitSet {
		limit = defaultListLimit
	}
	return q, store, limit, nil
}

// list prints the articles matching the query terms, newest first.
func (a *app) list(ctx context.Context, terms []string) error {
	q, store, limit, err := a.listing(ctx, terms)
	if err != nil {
		return err
	}
	arts, err := store.ListArticles(ctx, q, feeds.Page{Limit: limit})
	if err != nil {
		return err
	}
	if a.opts.json {
		return a.printJSON(arts)
	}
	if len(arts) == 0 {
		fmt.Fprintln(a.stderr, a.lang.T("list.none"))
		return nil
	}
	w := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	for _, art := range arts {
		mark := "•"
		if art.Read {
			mark = " "
		}
		if art.Starred {
			mark = "★"
		}
		fmt.Fprintf(w, "%d\t%s %s\t%s\t%s%s\n", art.ID, mark, art.Published.Local().Format("2006-01-02 15:04"),
			truncate(art.FeedTitle, 18), truncate(art.Title, 90), tagSuffix(art.Tags))
	}
	return w.Flush()
}

// jsonArticle is the stable shape of `list --json`.
type jsonArticle struct {
	ID         int64     `json:"id"`
	Feed       string    `json:"feed"`
	FeedID     int64     `json:"feed_id"`
	Title      string    `json:"title"`
	URL        string    `json:"url"`
	Author     string    `json:"author,omitempty"`
	Published  string    `json:"published"`
	Read       bool      `json:"read"`
	Starred    bool      `json:"starred"`
	Tags       []string  `json:"tags"`
	TagDetails []jsonTag `json:"tag_details"`
	Summary    string    `json:"summary"`
}

func (a *app) printJSON(arts []feeds.Article) error {
	out := make([]jsonArticle, len(arts))
	for i, art := range arts {
		out[i] = jsonArticle{ID: art.ID, Feed: art.FeedTitle, FeedID: art.FeedID, Title: art.Title, URL: art.URL,
			Author: art.Author, Published: art.Published.Format(time.RFC3339), Read: art.Read, Starred: art.Starred,
			Tags: tagNames(art.Tags), TagDetails: tagDetails(art.Tags), Summary: art.Summary}
	}
	enc := json.NewEncoder(a.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// show prints one article as readable text.
func (a *app) show(ctx context.Context, args []string) error {
	if len(args) != 1 {
		return a.usage("cli.takes", "show", a.lang.T("cli.an-article-number"))
	}
	id, err := a.articleID("show", args[0])
	if err != nil {
		return err
	}
	store, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	art, err := store.Article(ctx, id)
	if err != nil {
		return a.articleErr(id, err)
	}
	width := terminalWidth(a.stdout)
	var b strings.Builder
	b.WriteString(art.Title + "\n")
	b.WriteString(strings.Repeat("═", min(width, max(len([]rune(art.Title)), 10))) + "\n")
	field := func(key, value string) {
		if value != "" {
			fmt.Fprintf(&b, "%-8s %s\n", a.lang.T(key)+" :", value)
		}
	}
	field("show.source", art.FeedTitle)
	date := art.Published.Local().Format("2006-01-02 15:04")
	if art.DateGuessed {
		date = a.lang.T("show.undated", date)
	}
	field("show.date", date)
	field("show.author", art.Author)
	field("show.link", art.URL)
	for i, t := range art.Tags {
		key := "show.tags"
		if i > 0 {
			key = ""
		}
		line := t.Name + " ← " + a.evidence(t)
		if t.Removed {
			line = "-" + t.Name + " (" + a.lang.T("show.removed") + ")"
		}
		fmt.Fprintf(&b, "%-8s %s\n", labelOrBlank(a, key), line)
	}
	switch {
	case art.TextSource == feeds.TextFromPage:
		b.WriteString(a.lang.TextSource(feeds.TextFromPage) + " (" + art.PageAt.Local().Format("2006-01-02 15:04") + ")\n")
	case art.TextSource == feeds.TextPaywall || art.TextSource == feeds.TextBlocked:
		b.WriteString("⚠ " + a.lang.TextSource(art.TextSource) + "\n")
	case art.Paywalled:
		b.WriteString("⚠ " + a.lang.T("show.paywall") + "\n")
	}
	b.WriteString("\n")
	b.WriteString(render.Article(art, width, a.lang.T("article.links")))
	// Everything stored is clean already; cleaning again on the way out costs nothing and
	// keeps a hostile feed off the terminal even from a cache written by an older version.
	_, err = fmt.Fprintln(a.stdout, feeds.CleanText(b.String()))
	return err
}

// articleID reads an article number given on the command line.
func (a *app) articleID(cmd, arg string) (int64, error) {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 {
		return 0, a.usage("cli.takes", cmd, a.lang.T("cli.an-article-number"))
	}
	return id, nil
}

// articleErr says "no article N" for an article that is not in the cache.
func (a *app) articleErr(id int64, err error) error {
	if errors.Is(err, feeds.ErrNotFound) {
		return &cliError{a.lang.T("cli.no-article", id), 1}
	}
	return err
}

// feeds runs the subscription subcommands.
func (a *app) feeds(ctx context.Context, args []string) error {
	sub, rest := "list", []string(nil)
	if len(args) > 0 {
		sub, rest = args[0], args[1:]
	}
	switch sub {
	case "list", "ls":
		return a.noArgs("feeds "+sub, rest, func() error { return a.feedsList(ctx) })
	case "add":
		if len(rest) != 1 {
			return a.usage("cli.takes", "feeds add", a.lang.T("cli.a-url"))
		}
		return a.feedsAdd(ctx, rest[0])
	case "rm", "remove":
		if len(rest) != 1 {
			return a.usage("cli.takes", "feeds rm", a.lang.T("cli.a-url-or-feed"))
		}
		return a.feedsRemove(ctx, rest[0])
	case "import":
		if len(rest) != 1 {
			return a.usage("cli.takes", "feeds import", a.lang.T("cli.an-opml-file"))
		}
		return a.feedsImport(ctx, rest[0])
	case "export":
		return a.noArgs("feeds export", rest, func() error { return a.feedsExport(ctx) })
	}
	return a.usage("cli.unknown-command", "feeds "+sub)
}

func (a *app) feedsList(ctx context.Context) error {
	_, subs, err := a.subscriptions(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, a.lang.T("feeds.header"))
	for _, f := range subs {
		last := a.lang.T("feeds.never")
		if !f.LastFetch.IsZero() {
			last = a.lang.Ago(f.LastFetch, a.now)
		}
		status := a.lang.T("feeds.ok")
		if f.LastFetch.IsZero() {
			status = "—"
		} else if f.Malformed {
			status = a.lang.T("loose.status")
		}
		if f.ErrorKind != feeds.ErrNone {
			status = a.lang.FeedError(f)
			if f.NextFetch.After(a.now) {
				status = a.lang.T("feeds.backoff", status, a.lang.Ago(f.NextFetch, a.now))
			}
		}
		fmt.Fprintf(w, "%d\t%s\t%d\t%d\t%s\t%s\n", f.ID, truncate(feedName(f), 40), f.Unread, f.Articles, last, status)
	}
	return w.Flush()
}

// feedsAdd subscribes to a feed; a web page's advertised feed is discovered. Unless offline,
// the new feed is fetched at once so that its title and articles are there.
func (a *app) feedsAdd(ctx context.Context, raw string) error {
	store, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	feedURL := raw
	fetcher := a.newFetcher()
	if !a.opts.offline {
		found, err := fetcher.Discover(ctx, raw)
		if err != nil {
			return &cliError{a.lang.T("cli.error", err), 1}
		}
		if feedURL = found[0]; feedURL != raw {
			fmt.Fprintln(a.stderr, a.lang.T("feeds.discovered", feedURL))
		}
	}
	added, err := store.AddFeeds(ctx, []feeds.Feed{{URL: feedURL}}, a.now)
	if err != nil {
		return err
	}
	f, err := store.Feed(ctx, feedURL)
	if err != nil {
		return err
	}
	if added == 0 {
		fmt.Fprintln(a.stdout, a.lang.T("feeds.exists", feedName(f)))
		return nil
	}
	if !a.opts.offline {
		if _, err := a.newRefresher(store, fetcher).Refresh(ctx, []feeds.Feed{f}); err != nil {
			return err
		}
		if f, err = store.Feed(ctx, feedURL); err != nil {
			return err
		}
		if f.ErrorKind != feeds.ErrNone {
			fmt.Fprintln(a.stderr, a.lang.T("fetch.failed", feedName(f), a.lang.FeedError(f)))
		}
	}
	fmt.Fprintln(a.stdout, a.lang.T("feeds.added", feedName(f), f.URL))
	return nil
}

func (a *app) feedsRemove(ctx context.Context, ref string) error {
	store, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	f, err := store.Feed(ctx, ref)
	if errors.Is(err, feeds.ErrNotFound) {
		return &cliError{a.lang.T("cli.no-feed", ref), 1}
	}
	if err != nil {
		return err
	}
	if err := store.RemoveFeed(ctx, f.ID); err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, a.lang.T("feeds.removed", feedName(f), f.Articles))
	return nil
}

func (a *app) feedsImport(ctx context.Context, path string) error {
	file, err := os.Open(path)
	if err != nil {
		return &cliError{a.lang.T("cli.error", err), 1}
	}
	defer file.Close()
	subs, warnings, err := feeds.ParseOPMLWarnings(file)
	if err != nil {
		return &cliError{a.lang.T("cli.error", fmt.Errorf("%s: %w", path, err)), 1}
	}
	for _, w := range warnings { // outlines skipped: the user should know which, and why
		fmt.Fprintln(a.stderr, "veille: "+a.lang.T("feeds.import-warning", path, a.lang.OPMLWarning(w)))
	}
	store, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	added, err := store.AddFeeds(ctx, subs, a.now)
	if err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, a.lang.T("feeds.imported", added, len(subs)-added))
	return nil
}

func (a *app) feedsExport(ctx context.Context) error {
	_, subs, err := a.subscriptions(ctx)
	if err != nil {
		return err
	}
	return feeds.WriteOPML(a.stdout, subs, "veille", a.now)
}

func labelOrBlank(a *app, key string) string {
	if key == "" {
		return ""
	}
	return a.lang.T(key) + " :"
}

func feedName(f feeds.Feed) string {
	if f.Title != "" {
		return f.Title
	}
	return f.URL
}

func tagNames(tags []feeds.ArticleTag) []string {
	names := make([]string, 0, len(tags))
	for _, t := range tags {
		if !t.Removed {
			names = append(names, t.Name)
		}
	}
	return names
}

func tagSuffix(tags []feeds.ArticleTag) string {
	if names := tagNames(tags); len(names) > 0 {
		return "  [" + strings.Join(names, ", ") + "]"
	}
	return ""
}

// truncate cuts s to n runes with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// terminalWidth is the width to wrap text to: the terminal's, at most 100 columns for
// comfortable reading, 80 when not a terminal.
func terminalWidth(w any) int {
	if f, ok := w.(*os.File); ok {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 20 {
			return min(cols, 100)
		}
	}
	return 80
}
