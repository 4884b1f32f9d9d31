package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
	"veille/feeds"

	"github.com/BurntSushi/toml"
)

// config is the optional config.toml. Unknown keys are allowed: the tag rules in it
// ([tags.NAME] tables) are read by feeds/tagging from the same bytes.
type config struct {
	UI struct {
		Lang  string `toml:"lang"`  // "fr" or "en"; default: the locale
		Theme string `toml:"theme"` // "auto", "dark", "light"; default auto
	} `toml:"ui"`
	Tabs []struct {
		Name  string `toml:"name"`
		Query string `toml:"query"` // the query language, or "sources" for the Sources tab
	} `toml:"tabs"` // replaces the default tabs when given
	Keys  map[string][]string `toml:"keys"` // action = ["key", …], overriding the defaults
	Fetch struct {
		Parallel  int            `toml:"parallel"`    // requests in flight (default 8)
		PerHost   int            `toml:"per_host"`    // requests in flight per host (default 2)
		Timeout   duration       `toml:"timeout"`     // whole request (default 30s)
		MaxBodyMB int            `toml:"max_body_mb"` // response cap after decompression (default 10)
		Fulltext  feeds.PageMode `toml:"fulltext"`    // auto (default), always or never: article pages
	} `toml:"fetch"`
	// Fulltext overrides the page mode per feed: a feed URL or a host → auto, always, never.
	Fulltext  map[string]feeds.PageMode `toml:"fulltext"`
	Retention struct {
		StripDays  *int `toml:"strip_days"`  // read articles lose their full text after (default 90; 0: never)
		DeleteDays *int `toml:"delete_days"` // and are deleted after (default 365; 0: never)
	} `toml:"retention"`
	Learn struct {
		MinExamples int      `toml:"min_examples"` // manual tags before a tag is learned (default 10)
		Off         []string `toml:"off"`          // tags never learned
	} `toml:"learn"`

	// Sync is the feed server veille syncs with (sync.go); without it veille fetches feeds itself.
	Sync syncConfig `toml:"sync"`

	path string // where it was read from, "" when there is none
	raw  []byte // the file as read, for the tag rules
}

// duration reads "30s", "1m" in TOML.
type duration struct{ time.Duration }

func (d *duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	d.Duration = v
	return err
}

// loadConfig reads the config file. A missing file at the default place is no error; a
// missing file named explicitly is.
func loadConfig(path string, explicit bool) (config, error) {
	var c config
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && !explicit {
		return c, nil
	}
	if err != nil {
		return c, err
	}
	_, err = toml.Decode(string(raw), &c)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return c, fmt.Errorf("%s:%d: %s", filepath.Base(path), perr.Position.Line, perr.Message)
		}
		return c, err
	}
	c.path, c.raw = path, raw
	return c, nil
}

// xdgPath returns $XDG_<kind>_HOME/veille/name, with the XDG default under the home directory.
func xdgPath(getenv func(string) string, envVar, fallback, name string) string {
	base := getenv(envVar)
	if base == "" || !filepath.IsAbs(base) {
		home := getenv("HOME")
		if home == "" {
			home, _ = os.UserHomeDir()
		}
		base = filepath.Join(home, fallback)
	}
	return filepath.Join(base, "veille", name)
}
