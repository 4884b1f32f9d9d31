// Package cli is veille's command line: arguments, the configuration file, each command and
// its output (tables, JSON), and the wiring of the pipeline (feeds), the cache (storage) and the
// reader (ui) for one run. Run is the whole program minus the process, so tests drive it
// directly.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"time"

	"veille/feeds"
	"veille/feeds/fetch"
	"veille/feeds/parse"
	"veille/feeds/stories"
	"veille/feeds/tagging"
	"veille/storage"
	"veille/ui/lang"
)

// Version is set at build time with -ldflags "-X veille/ui/cli.Version=…"; otherwise the
// module's.
var Version = ""

// app is one run of the command line: options, configuration, language and the cache.
type app struct {
	opts   options
	cfg    config
	lang   lang.Lang
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	now    time.Time
	store  *storage.Store   // opened on first use
	syncPW string           // the [sync] password, once resolved (sync.go)
	prep   *stories.Prepare // reads the saved articles' features during a refresh (stories.go)
}

// cliError is an error already phrased for the user; code is the exit status.
type cliError struct {
	msg  string
	code int
}

func (e *cliError) Error() string { return e.msg }

// Run is the whole program, minus the process: it returns the exit status.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	opts, positional, errKey, errArgs := parseArgs(args)

	configPath, explicit := opts.config, opts.config != ""
	if !explicit {
		configPath = xdgPath(getenv, "XDG_CONFIG_HOME", ".config", "config.toml")
	}
	cfg, cfgErr := loadConfig(configPath, explicit)
	a := &app{opts: opts, cfg: cfg, lang: lang.Detect(cfg.UI.Lang, getenv),
		stdout: stdout, stderr: stderr, getenv: getenv, now: time.Now()}
	defer a.close()

	var err error
	switch {
	case errKey != "":
		err = &cliError{a.lang.T(errKey, errArgs...), 2}
	case cfgErr != nil:
		err = &cliError{a.lang.T("cli.cannot-read-config", configPath, cfgErr), 1}
	case opts.help:
		fmt.Fprint(stdout, a.lang.T("cli.usage"))
	case opts.version:
		fmt.Fprintln(stdout, "veille", appVersion())
	default:
		err = a.dispatch(ctx, positional)
	}
	if err == nil {
		return 0
	}
	var ce *cliError
	if !errors.As(err, &ce) {
		ce = &cliError{a.lang.T("cli.error", err), 1}
		if errors.Is(err, context.Canceled) {
			ce.msg = a.lang.T("cli.interrupted")
		}
	}
	fmt.Fprintln(stderr, "veille: "+feeds.CleanLine(ce.msg))
	return ce.code
}

// dispatch runs the command named by the first positional argument.
func (a *app) dispatch(ctx context.Context, args []string) error {
	cmd, rest := "", []string(nil)
	if len(args) > 0 {
		cmd, rest = args[0], args[1:]
	}
	// Only list and stories take -json-style query terms and --limit; trends takes --json.
	if (a.opts.json && cmd != "list" && cmd != "stories" && cmd != "trends") ||
		(a.opts.limitSet && cmd != "list" && cmd != "stories") {
		flag := "--json"
		if !a.opts.json || cmd == "trends" {
			flag = "--limit"
		}
		return a.usage("cli.option-not-here", flag, orDefault(cmd, "veille"))
	}
	if cmd != "trends" && a.opts.weeks != 0 {
		return a.usage("cli.option-not-here", "--weeks", orDefault(cmd, "veille"))
	}
	if cmd != "retag" && cmd != "restory" && a.opts.dryRun {
		return a.usage("cli.option-not-here", "--dry-run", orDefault(cmd, "veille"))
	}
	if cmd != "fetch" && a.opts.fulltext {
		return a.usage("cli.option-not-here", "--fulltext", orDefault(cmd, "veille"))
	}
	if cmd != "sync" && (a.opts.pushFeeds || a.opts.status) {
		flag := "--push-feeds"
		if !a.opts.pushFeeds {
			flag = "--status"
		}
		return a.usage("cli.option-not-here", flag, orDefault(cmd, "veille"))
	}
	switch cmd {
	case "":
		return a.runReader(ctx)
	case "fetch":
		return a.noArgs(cmd, rest, func() error { return a.fetch(ctx) })
	case "list":
		return a.list(ctx, rest)
	case "show":
		return a.show(ctx, rest)
	case "feeds":
		return a.feeds(ctx, rest)
	case "tag":
		return a.tag(ctx, rest)
	case "tags":
		return a.noArgs(cmd, rest, func() error { return a.tags(ctx) })
	case "retag":
		return a.noArgs(cmd, rest, func() error { return a.retag(ctx) })
	case "gc":
		return a.noArgs(cmd, rest, func() error { return a.gc(ctx) })
	case "stats":
		return a.noArgs(cmd, rest, func() error { return a.stats(ctx) })
	case "learn":
		return a.noArgs(cmd, rest, func() error { return a.learn(ctx) })
	case "sync":
		return a.noArgs(cmd, rest, func() error { return a.syncCommand(ctx) })
	case "stories":
		return a.stories(ctx, rest)
	case "trends":
		return a.noArgs(cmd, rest, func() error { return a.trends(ctx) })
	case "restory":
		return a.noArgs(cmd, rest, func() error { return a.restory(ctx) })
	}
	return a.usage("cli.unknown-command", cmd)
}

func (a *app) noArgs(cmd string, rest []string, f func() error) error {
	if len(rest) > 0 {
		return a.usage("cli.unknown-command", cmd+" "+rest[0])
	}
	return f()
}

func (a *app) usage(key string, args ...any) error {
	return &cliError{a.lang.T(key, args...), 2}
}

// openStore opens the cache at --db, $VEILLE_DB or the XDG data directory.
func (a *app) openStore(ctx context.Context) (*storage.Store, error) {
	if a.store != nil {
		return a.store, nil
	}
	path := a.opts.db
	if path == "" {
		path = a.getenv("VEILLE_DB")
	}
	if path == "" {
		path = xdgPath(a.getenv, "XDG_DATA_HOME", ".local/share", "veille.db")
	}
	s, err := storage.Open(ctx, path)
	if err != nil {
		return nil, &cliError{a.lang.T("cli.cannot-open-cache", path, err), 1}
	}
	a.store = s
	return s, nil
}

// openSubscribed opens the cache and, on the very first run, subscribes to the default feeds.
func (a *app) openSubscribed(ctx context.Context) (*storage.Store, error) {
	s, err := a.openStore(ctx)
	if err != nil {
		return nil, err
	}
	if a.cfg.Sync.set() {
		return s, nil // the server's subscriptions are veille's (sync.go)
	}
	added, err := s.InitSubscriptions(ctx, feeds.DefaultFeeds(), a.now)
	if err != nil {
		return nil, err
	}
	if added > 0 {
		fmt.Fprintln(a.stderr, a.lang.T("fetch.defaults", added))
	}
	return s, nil
}

// subscriptions opens the cache as openSubscribed does and lists the subscriptions.
func (a *app) subscriptions(ctx context.Context) (*storage.Store, []feeds.Feed, error) {
	s, err := a.openSubscribed(ctx)
	if err != nil {
		return nil, nil, err
	}
	subs, err := s.Feeds(ctx)
	return s, subs, err
}

func (a *app) close() {
	if a.store != nil {
		a.store.Close()
	}
}

// newFetcher builds the one HTTP client of the process from the configuration. Its per-host
// and global limits hold for the refresh and the article pages together.
func (a *app) newFetcher() *fetch.Fetcher {
	return fetch.New(fetch.Options{
		UserAgent: "veille/" + appVersion(),
		MaxBody:   int64(a.cfg.Fetch.MaxBodyMB) << 20,
		Timeout:   a.cfg.Fetch.Timeout.Duration,
		PerHost:   a.cfg.Fetch.PerHost,
		Parallel:  a.cfg.Fetch.Parallel,
	})
}

// newRefresher wires the pipeline: fetch → parse → tag → save.
func (a *app) newRefresher(store *storage.Store, fetcher *fetch.Fetcher) *feeds.Refresher {
	return &feeds.Refresher{
		Fetcher: fetcher,
		Parse:   parse.FeedAt,
		Tagger:  &feeds.LazyTagger{Build: func() feeds.Tagger { return tagging.New(a.tagRules()) }},
		Store:   store,
		Backoff: fetch.Backoff,
	}
}

// tagRules are the default tag rules merged with the config's [tags] tables. A broken rule
// in the config is reported with its line, and the defaults keep working.
func (a *app) tagRules() *tagging.Rules {
	if len(a.cfg.raw) == 0 {
		return tagging.DefaultRules()
	}
	rules, err := tagging.LoadRules(a.cfg.raw)
	if err != nil {
		var re *tagging.RuleError
		if errors.As(err, &re) {
			re.File = a.cfg.path
		}
		fmt.Fprintln(a.stderr, "veille: "+a.lang.T("feeds.warning", err))
		return tagging.DefaultRules()
	}
	return rules
}

func appVersion() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
