package cli

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os/exec"
	"strings"
	"time"

	"veille/feeds"
	"veille/feeds/remote"
	"veille/feeds/tagging"
	"veille/storage"
)

// syncConfig is config.toml's [sync]: the feed server veille syncs with.
type syncConfig struct {
	Kind            string `toml:"kind"` // "greader" or "miniflux"
	URL             string `toml:"url"`
	Username        string `toml:"username"`
	Password        string `toml:"password"`         // the password or API token, in the file
	PasswordEnv     string `toml:"password_env"`     // or the variable holding it
	PasswordCommand string `toml:"password_command"` // or a command printing it (pass, secret-tool…)
}

// set reports whether a server is configured: then a refresh is a sync, plus a fetch of the
// feeds the server does not follow.
func (c syncConfig) set() bool { return c.Kind != "" || c.URL != "" }

// passwordTimeout bounds password_command (a keyring prompt may take a while).
const passwordTimeout = time.Minute

// password finds the password: in the file, then the variable, then the command. Errors never
// hold it.
func (a *app) syncPassword(ctx context.Context) (string, error) {
	c := a.cfg.Sync
	switch {
	case c.Password != "":
		return c.Password, nil
	case c.PasswordEnv != "":
		if v := a.getenv(c.PasswordEnv); v != "" {
			return v, nil
		}
		return "", &cliError{a.lang.T("sync.password-env-empty", c.PasswordEnv), 1}
	case c.PasswordCommand != "":
		ctx, cancel := context.WithTimeout(ctx, passwordTimeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, "sh", "-c", c.PasswordCommand)
		cmd.Stderr = a.stderr // a keyring's prompt or complaint, never the password
		out, err := cmd.Output()
		pw := strings.TrimRight(string(out), "\r\n")
		if err != nil || pw == "" {
			if err == nil {
				err = errors.New("empty output")
			}
			return "", &cliError{a.lang.T("sync.password-command", err), 1}
		}
		return pw, nil
	}
	return "", &cliError{a.lang.T("sync.no-password"), 1}
}

// serverName is the configured URL without user info, for display.
func (a *app) serverName() string {
	u, err := url.Parse(a.cfg.Sync.URL)
	if err != nil {
		return ""
	}
	u.User = nil
	return u.String()
}

// newSyncer checks [sync] and builds the client and the sync.
func (a *app) newSyncer(ctx context.Context, store *storage.Store) (*remote.Syncer, error) {
	c := a.cfg.Sync
	if c.Kind != "greader" && c.Kind != "miniflux" {
		return nil, &cliError{a.lang.T("sync.bad-kind", c.Kind), 1}
	}
	u, err := url.Parse(c.URL)
	if c.URL == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &cliError{a.lang.T("sync.bad-url"), 1}
	}
	// Resolved once per run: the reader refreshes in the background, and a password_command
	// (a keyring) should not run, nor prompt, at each refresh.
	if a.syncPW == "" {
		pw, err := a.syncPassword(ctx)
		if err != nil {
			return nil, err
		}
		a.syncPW = pw
	}
	pw := a.syncPW
	o := remote.Options{
		URL:       c.URL,
		Username:  c.Username,
		Password:  pw,
		Timeout:   a.cfg.Fetch.Timeout.Duration,
		MaxBody:   int64(a.cfg.Fetch.MaxBodyMB) << 20,
		UserAgent: "veille/" + appVersion(),
	}
	var srv remote.Server
	if c.Kind == "greader" {
		srv = remote.NewGReader(o)
	} else {
		srv = remote.NewMiniflux(o)
	}
	return &remote.Syncer{
		Server:    srv,
		Store:     store,
		Tagger:    &feeds.LazyTagger{Build: func() feeds.Tagger { return tagging.New(a.tagRules()) }},
		URL:       a.serverName(),
		PushFeeds: a.opts.pushFeeds,
	}, nil
}

// runSync syncs and, when say is set, says what it did on stderr; a failure is one line.
func (a *app) runSync(ctx context.Context, store *storage.Store, say bool) error {
	s, err := a.newSyncer(ctx, store)
	if err != nil {
		return err
	}
	start := time.Now()
	res, err := s.Sync(ctx)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return err
		}
		return &cliError{a.syncFailure(ctx, store, remote.Describe(err)), 1}
	}
	if !say {
		return nil
	}
	fmt.Fprintln(a.stderr, a.lang.T("sync.summary", s.URL, res.Feeds, res.NewFeeds, res.New, res.Pushed,
		res.State, res.Labels, time.Since(start).Seconds()))
	if res.PushedFeeds > 0 {
		fmt.Fprintln(a.stderr, a.lang.T("sync.pushed-feeds", res.PushedFeeds))
	}
	return nil
}

// syncFailure is the one line that says why a sync failed, and that nothing waiting was lost.
func (a *app) syncFailure(ctx context.Context, store *storage.Store, desc string) string {
	msg := a.lang.T("sync.failed", a.serverName(), a.syncError(desc))
	if st, err := store.SyncStatus(ctx); err == nil && st.Pending > 0 {
		msg += a.lang.T("sync.pending-kept", st.Pending)
	}
	return msg
}

// syncError says a recorded failure (remote.Describe) in the language.
func (a *app) syncError(desc string) string {
	kind, words := remote.SplitDescription(desc)
	if key, ok := syncErrorKeys[kind]; ok {
		return a.lang.T(key)
	}
	switch kind {
	case remote.ErrServer:
		var status int
		if i := strings.Index(words, "(HTTP "); i >= 0 {
			fmt.Sscanf(words[i+len("(HTTP "):], "%d", &status)
		}
		if status > 0 {
			return a.lang.T("sync.err.server-status", status)
		}
		return a.lang.T("sync.err.server")
	}
	return words
}

var syncErrorKeys = map[remote.ErrorKind]string{
	remote.ErrAuth:     "sync.err.auth",
	remote.ErrNotAPI:   "sync.err.not-api",
	remote.ErrProtocol: "sync.err.protocol",
	remote.ErrTimeout:  "sync.err.timeout",
	remote.ErrNetwork:  "sync.err.network",
	remote.ErrTooLarge: "sync.err.too-large",
}

// syncCommand is `veille sync [--push-feeds] [--status]`.
func (a *app) syncCommand(ctx context.Context) error {
	if !a.cfg.Sync.set() {
		return &cliError{a.lang.T("sync.not-configured"), 1}
	}
	store, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	if a.opts.status {
		return a.syncStatus(ctx, store)
	}
	if a.opts.offline {
		return &cliError{a.lang.T("cli.offline-needs-network", "sync"), 1}
	}
	if err := a.runSync(ctx, store, true); err != nil {
		return err
	}
	// Synced articles go the rest of a fetched article's way: into stories, past learned tags.
	if _, err := a.storyPass(ctx, store); err != nil {
		return err
	}
	_, err = a.relearn(ctx, store)
	return err
}

// syncStatus prints the server, the last sync, the queue and the last error.
func (a *app) syncStatus(ctx context.Context, store *storage.Store) error {
	st, err := store.SyncStatus(ctx)
	if err != nil {
		return err
	}
	now := time.Now()
	w := a.stdout
	fmt.Fprintln(w, a.lang.T("sync.status.server", a.serverName(), a.cfg.Sync.Kind))
	last := a.lang.T("sync.status.never")
	if !st.LastSync.IsZero() {
		last = a.lang.Ago(st.LastSync, now)
	}
	fmt.Fprintln(w, a.lang.T("sync.status.last", last))
	fmt.Fprintln(w, a.lang.T("sync.status.pending", st.Pending))
	if st.LastError != "" {
		fmt.Fprintln(w, a.lang.T("sync.status.error", a.syncError(st.LastError), a.lang.Ago(st.LastTry, now)))
	} else {
		fmt.Fprintln(w, a.lang.T("sync.status.no-error"))
	}
	fmt.Fprintln(w, a.lang.T("sync.status.linked", st.Feeds, st.Articles))
	if st.NoLabels {
		fmt.Fprintln(w, a.lang.T("sync.status.no-labels"))
	}
	return nil
}

// refreshFeeds is what a refresh fetches itself: every subscription without [sync]; with it,
// only the feeds the server does not follow, after a sync. A failed sync is returned as
// syncErr (its one line), and the local feeds are still refreshed.
// say is runSync's.
func (a *app) refreshFeeds(ctx context.Context, store *storage.Store, subs []feeds.Feed, say bool) (local []feeds.Feed, syncErr error) {
	if !a.cfg.Sync.set() {
		return subs, nil
	}
	syncErr = a.runSync(ctx, store, say)
	if errors.Is(syncErr, context.Canceled) {
		return nil, syncErr
	}
	links, err := store.SyncFeedLinks(ctx)
	if err != nil {
		return nil, err
	}
	linked := make(map[int64]bool, len(links))
	for _, id := range links {
		linked[id] = true
	}
	all, err := store.Feeds(ctx) // the sync may have added some
	if err != nil {
		return nil, err
	}
	for _, f := range all {
		if !linked[f.ID] {
			local = append(local, f)
		}
	}
	return local, syncErr
}
