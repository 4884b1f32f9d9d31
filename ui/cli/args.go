package cli

import (
	"strconv"
	"strings"
)

// options are the command line's flags. Flags may come anywhere among the arguments; a
// single-dash word such as -ia is a query term, not a flag.
type options struct {
	db       string
	config   string
	offline  bool
	json     bool
	limit    int
	limitSet bool // --limit was given: 0 then means no limit
	dryRun   bool
	fulltext bool
	// sync's flags
	pushFeeds bool
	status    bool
	weeks     int // trends --weeks; 0: the default
	help      bool
	version   bool
}

// longFlags maps each flag to whether it takes a value.
var longFlags = map[string]bool{
	"db": true, "config": true, "limit": true, "weeks": true,
	"offline": false, "json": false, "dry-run": false, "fulltext": false, "help": false, "version": false,
	"push-feeds": false, "status": false,
}

// parseArgs separates flags from positional arguments (the command and its operands).
// Errors are message keys of the UI catalog with their arguments, for the caller to translate.
func parseArgs(args []string) (opts options, positional []string, errKey string, errArgs []any) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			positional = append(positional, args[i+1:]...)
			return
		case a == "-h":
			opts.help = true
			continue
		case !strings.HasPrefix(a, "--"):
			positional = append(positional, a)
			continue
		}
		name, value, hasValue := strings.Cut(a[2:], "=")
		takesValue, known := longFlags[name]
		if !known {
			return opts, nil, "cli.unknown-option", []any{"--" + name}
		}
		if takesValue && !hasValue {
			if i+1 >= len(args) {
				return opts, nil, "cli.option-needs-value", []any{"--" + name}
			}
			i++
			value = args[i]
		}
		switch name {
		case "db":
			opts.db = value
		case "config":
			opts.config = value
		case "limit":
			n, err := strconv.Atoi(value)
			if err != nil || n < 0 {
				return opts, nil, "cli.option-needs-number", []any{"--limit"}
			}
			opts.limit, opts.limitSet = n, true
		case "weeks":
			n, err := strconv.Atoi(value)
			if err != nil || n < 1 || n > 520 {
				return opts, nil, "cli.option-needs-number", []any{"--weeks"}
			}
			opts.weeks = n
		case "offline":
			opts.offline = true
		case "json":
			opts.json = true
		case "dry-run":
			opts.dryRun = true
		case "fulltext":
			opts.fulltext = true
		case "push-feeds":
			opts.pushFeeds = true
		case "status":
			opts.status = true
		case "help":
			opts.help = true
		case "version":
			opts.version = true
		}
	}
	return
}
