package storage

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

// SQLite's automatic checkpoint runs inside the commit that makes the WAL pass
// wal_autocheckpoint pages: on the writer, which a cold refresh keeps busy from start to end
// (−12 % writer time on BenchmarkSaveRefreshCold without it). The checkpointer copies the
// WAL into the database file on a connection of its own instead, beside the writer: a PASSIVE
// checkpoint blocks neither writers nor readers. The writer keeps a far larger automatic
// threshold as a backstop, for a WAL that the checkpointer cannot empty (a reader holding an
// old snapshot for a long time).
const (
	// backstopFrames is the write connection's wal_autocheckpoint: 4,096 pages of 8 KiB.
	backstopFrames = 4096
	// checkpointGap spaces the checkpoints: a burst of commits (a refresh writes a group
	// every few tens of milliseconds) pays one checkpoint, not one per commit, and a user
	// marking articles read pays at most a few a second.
	checkpointGap = 150 * time.Millisecond
)

// checkpointer runs PASSIVE checkpoints after writes, at most one per checkpointGap.
type checkpointer struct {
	open func() (*sql.DB, error) // its connection, opened at the first checkpoint

	kick chan struct{} // a write committed; capacity 1: kicks during a checkpoint coalesce
	stop chan struct{}
	once sync.Once // close may be called twice (Store.Close on a failed Open, then again)
	// busy is held during each checkpoint: a TRUNCATE checkpoint (gc's reclaim) takes it,
	// since SQLite answers a second checkpointer SQLITE_BUSY at once instead of waiting.
	busy sync.Mutex
	wg   sync.WaitGroup
}

func newCheckpointer(open func() (*sql.DB, error)) *checkpointer {
	c := &checkpointer{open: open, kick: make(chan struct{}, 1), stop: make(chan struct{})}
	c.wg.Add(1)
	go c.run()
	return c
}

// kicked tells the checkpointer that a write transaction committed. It never blocks.
func (c *checkpointer) kicked() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

func (c *checkpointer) run() {
	defer c.wg.Done()
	var db *sql.DB
	defer func() {
		if db != nil {
			db.Close()
		}
	}()
	for {
		select {
		case <-c.stop:
			return
		case <-c.kick:
		}
		if db == nil {
			var err error
			if db, err = c.open(); err != nil {
				// The writer's automatic checkpoint (backstopFrames) still bounds the WAL.
				db = nil
				continue
			}
		}
		// A busy or partial checkpoint is no error: the next one goes on from where it is.
		var busy, logFrames, done int
		c.busy.Lock()
		_ = db.QueryRowContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &logFrames, &done)
		c.busy.Unlock()
		select {
		case <-c.stop:
			return
		case <-time.After(checkpointGap):
		}
	}
}

// paused runs fn while no checkpoint of the checkpointer's runs.
func (c *checkpointer) paused(fn func() error) error {
	c.busy.Lock()
	defer c.busy.Unlock()
	return fn()
}

// close stops the checkpointer and closes its connection. The last connection to close
// checkpoints what is left, as SQLite always does.
func (c *checkpointer) close() {
	c.once.Do(func() { close(c.stop) })
	c.wg.Wait()
}
