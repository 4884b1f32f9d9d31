package storage

import (
	"context"
	"os"
	"testing"
	"time"
)

// TestCheckpointerCopiesWAL: pages committed by the writer reach the database file without a
// checkpoint on the writer. The write stays far below the writer's own automatic threshold
// (backstopFrames), and only a checkpoint makes the main file grow.
func TestCheckpointerCopiesWAL(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	path, err := s.dbPath(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	before := fi.Size()
	fs := addTestFeeds(t, s, 10)
	if _, err := s.SaveRefreshes(ctx, newCorpus(1).updates(fs, 50, time.Now()), time.Now()); err != nil {
		t.Fatal(err)
	}
	wal, err := os.Stat(path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	if frames := wal.Size() / 8192; frames >= backstopFrames {
		t.Fatalf("the write filled %d WAL frames: the writer's own checkpoint may have run", frames)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Size() > before+1<<20 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("database file still %d bytes (%d before the write) 10 s after a %d-byte WAL commit: nothing checkpointed it",
				fi.Size(), before, wal.Size())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
