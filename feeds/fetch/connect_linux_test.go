package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"syscall"
	"testing"
	"time"

	"veille/feeds"
)

// TestFetchConnectTimeout needs a TCP connect that hangs without leaving 127.0.0.1. A Linux
// listener with a backlog of 0 queues one connection; once that slot is taken and never
// accepted, the kernel drops further SYNs, so the next connect waits for its timeout.
func TestFetchConnectTimeout(t *testing.T) {
	t.Parallel()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Close(fd) })
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Listen(fd, 0); err != nil {
		t.Fatal(err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", sa.(*syscall.SockaddrInet4).Port)

	// Fill the queue until a connect hangs; skip if this kernel never does.
	hung := false
	for range 4 {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err != nil {
			hung = true
			break
		}
		t.Cleanup(func() { c.Close() })
	}
	if !hung {
		t.Skip("the kernel accepted every connection: cannot make a connect hang locally")
	}

	f := testFetcher(t, Options{ConnectTimeout: 300 * time.Millisecond, Timeout: 5 * time.Second})
	u := "http://" + addr + "/feed"
	start := time.Now()
	_, err = f.Fetch(context.Background(), feeds.FetchRequest{URL: u})
	fe := feedErr(t, err, feeds.ErrTimeout, "fetch "+u+": timeout after 300ms connecting to "+addr)
	var netErr net.Error
	if fe.Error() != "fetch "+u+": timeout after 300ms connecting to "+addr || !errors.As(err, &netErr) || !netErr.Timeout() {
		t.Errorf("got %q, want exactly the connect timeout, wrapping the dial error", fe)
	}
	within(t, start, time.Second)
}
