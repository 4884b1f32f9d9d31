// veille is a terminal reader for the French tech press: it fetches feeds into a local SQLite
// cache, tags articles on AI topics, and reads them offline. main only owns the process: the
// signal context, optional profiles and the exit status; ui/cli does the rest.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"veille/ui/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// For developers: VEILLE_CPUPROFILE=file writes a CPU profile of the whole run.
	if path := os.Getenv("VEILLE_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil && pprof.StartCPUProfile(f) == nil {
			defer f.Close()
			defer pprof.StopCPUProfile()
		}
	}
	code := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	pprof.StopCPUProfile() // os.Exit skips the deferred calls
	// VEILLE_MEMPROFILE=file writes the run's allocations (go tool pprof -sample_index=alloc_space).
	if path := os.Getenv("VEILLE_MEMPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			pprof.Lookup("allocs").WriteTo(f, 0)
			f.Close()
		}
	}
	os.Exit(code)
}
