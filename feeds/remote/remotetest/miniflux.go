// Package remotetest holds the servers the sync tests talk to, all on 127.0.0.1 and nowhere
// else: a real Miniflux (miniflux.app/v2, the module's tool) over a throwaway PostgreSQL
// cluster in a temporary directory, the loopback press it follows (Press), and a FreshRSS that
// replays recorded Google Reader API answers (FreshRSS: PHP is not part of the test setup).
//
// One PostgreSQL cluster and one Miniflux binary serve a whole test binary (Main stops the
// cluster); each Start gets its own database and its own Miniflux process. Where PostgreSQL
// is not installed, Start skips the test and says so (fails it when VEILLE_REQUIRE_SERVERS=1,
// as .ci/run sets).
package remotetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
	mf "miniflux.app/v2/client"
)

// Admin credentials of every test Miniflux. GReaderUser/GReaderPassword are its Google Reader
// API credentials once EnableGReader ran.
const (
	Admin           = "admin"
	Password        = "veille-test-password"
	GReaderUser     = "veille"
	GReaderPassword = "greader-test-password"
)

var (
	shared struct {
		once    sync.Once
		err     error // why the servers cannot run; skip
		fatal   error // a setup failure where PostgreSQL exists: fail
		pg      *postgres
		binary  string
		tmp     string
		counter int
		mu      sync.Mutex
	}
)

// Main runs the tests and stops the shared PostgreSQL cluster: call it from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	if shared.pg != nil {
		shared.pg.stop()
	}
	if shared.tmp != "" {
		os.RemoveAll(shared.tmp)
	}
	os.Exit(code)
}

// postgres is a throwaway cluster.
type postgres struct {
	bin   string // the directory of initdb, pg_ctl, psql
	dir   string
	port  int
	runAs []string // runuser prefix when we are root
	logf  string
}

// pgBinDir finds PostgreSQL's programs: $VEILLE_PG_BIN, pg_config --bindir, the newest of
// /usr/lib/postgresql/*/bin, or PATH.
func pgBinDir() (string, error) {
	if d := os.Getenv("VEILLE_PG_BIN"); d != "" {
		return d, nil
	}
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		d := strings.TrimSpace(string(out))
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	ds, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	for i := len(ds) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(ds[i], "initdb")); err == nil {
			return ds[i], nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New("PostgreSQL not found (no initdb in /usr/lib/postgresql/*/bin nor on PATH; install postgresql, or set VEILLE_PG_BIN)")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func (p *postgres) cmd(name string, args ...string) *exec.Cmd {
	full := append(append([]string{}, p.runAs...), filepath.Join(p.bin, name))
	full = append(full, args...)
	c := exec.Command(full[0], full[1:]...)
	c.Env = append(os.Environ(), "LC_ALL=C", "PGTZ=UTC")
	return c
}

func run(c *exec.Cmd) error {
	var out bytes.Buffer
	c.Stdout, c.Stderr = &out, &out
	if err := c.Run(); err != nil {
		return fmt.Errorf("%s: %v: %s", strings.Join(c.Args, " "), err, strings.TrimSpace(out.String()))
	}
	return nil
}

// startPostgres makes and starts a cluster in tmp. PostgreSQL refuses to run as root: as root,
// it runs as the postgres system user (created by .ci/run when missing).
func startPostgres(tmp string) (*postgres, error) {
	bin, err := pgBinDir()
	if err != nil {
		return nil, err
	}
	p := &postgres{bin: bin, dir: filepath.Join(tmp, "pg")}
	if err := os.MkdirAll(p.dir, 0o700); err != nil {
		return nil, err
	}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root and no postgres user to run PostgreSQL as: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		for _, d := range []string{tmp, p.dir} {
			if err := os.Chown(d, uid, gid); err != nil {
				return nil, err
			}
		}
		os.Chmod(tmp, 0o755)
		runuser, err := exec.LookPath("runuser")
		if err != nil {
			return nil, errors.New("running as root without runuser to run PostgreSQL as postgres")
		}
		p.runAs = []string{runuser, "-u", "postgres", "--"}
	}
	if p.port, err = freePort(); err != nil {
		return nil, err
	}
	data := filepath.Join(p.dir, "data")
	if err := run(p.cmd("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-locale")); err != nil {
		return nil, err
	}
	p.logf = filepath.Join(p.dir, "log")
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", p.port, p.dir)
	if err := run(p.cmd("pg_ctl", "-D", data, "-l", p.logf, "-o", opts, "-w", "-t", "60", "start")); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *postgres) stop() {
	run(p.cmd("pg_ctl", "-D", filepath.Join(p.dir, "data"), "-m", "immediate", "-w", "stop"))
}

// SQL runs statements with psql in database db.
func (p *postgres) sql(db, statements string) error {
	c := exec.Command(filepath.Join(p.bin, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1",
		"-h", "127.0.0.1", "-p", strconv.Itoa(p.port), "-U", "postgres", "-d", db, "-c", statements)
	c.Env = append(os.Environ(), "PGCONNECT_TIMEOUT=10")
	return run(c)
}

// setup starts the shared cluster and builds Miniflux once per test binary.
func setup() {
	tmp, err := os.MkdirTemp("", "veille-miniflux-")
	if err != nil {
		shared.fatal = err
		return
	}
	shared.tmp = tmp
	pg, err := startPostgres(tmp)
	if err != nil {
		if strings.HasPrefix(err.Error(), "PostgreSQL not found") {
			shared.err = err
		} else {
			shared.fatal = fmt.Errorf("start PostgreSQL: %w", err)
		}
		return
	}
	shared.pg = pg
	shared.binary = filepath.Join(tmp, "miniflux")
	// The version go.mod pins as a tool (go get -tool miniflux.app/v2@v2.3.5).
	build := exec.Command("go", "build", "-o", shared.binary, "miniflux.app/v2")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if err := run(build); err != nil {
		shared.fatal = fmt.Errorf("build miniflux: %w", err)
	}
}

// Server is one running Miniflux with its own database.
type Server struct {
	URL    string // http://127.0.0.1:PORT
	Client *mf.Client
	db     string
	port   int
	cmd    *exec.Cmd
	log    *bytes.Buffer
	t      testing.TB
}

// Start starts a Miniflux with an admin user on a fresh database; the test's cleanup stops it.
// Without PostgreSQL the test is skipped, with the reason.
func Start(t testing.TB) *Server {
	t.Helper()
	shared.once.Do(setup)
	if shared.err != nil {
		if os.Getenv("VEILLE_REQUIRE_SERVERS") == "1" { // CI: these tests must run
			t.Fatalf("Miniflux tests cannot run: %v", shared.err)
		}
		t.Skipf("Miniflux tests skipped: %v", shared.err)
	}
	if shared.fatal != nil {
		t.Fatal(shared.fatal)
	}
	shared.mu.Lock()
	shared.counter++
	db := fmt.Sprintf("miniflux_%d", shared.counter)
	shared.mu.Unlock()
	if err := shared.pg.sql("postgres", "CREATE DATABASE "+db); err != nil {
		t.Fatal(err)
	}
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{URL: fmt.Sprintf("http://127.0.0.1:%d", port), db: db, port: port, t: t}
	s.Client = mf.NewClient(s.URL, Admin, Password)
	t.Cleanup(s.Stop)
	s.Restart()
	return s
}

// Restart starts the Miniflux process (again) on the same port and database.
func (s *Server) Restart() {
	s.t.Helper()
	if s.cmd != nil {
		s.t.Fatal("remotetest: already running")
	}
	c := exec.Command(shared.binary)
	c.Env = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + shared.tmp,
		fmt.Sprintf("DATABASE_URL=postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", shared.pg.port, s.db),
		"DATABASE_MAX_CONNS=5", "DATABASE_MIN_CONNS=1",
		"RUN_MIGRATIONS=1", "CREATE_ADMIN=1",
		"ADMIN_USERNAME=" + Admin, "ADMIN_PASSWORD=" + Password,
		"LISTEN_ADDR=" + strings.TrimPrefix(s.URL, "http://"),
		"BASE_URL=" + s.URL,
		// The fixture feeds are on 127.0.0.1: a private network Miniflux refuses by default.
		"FETCHER_ALLOW_PRIVATE_NETWORKS=1",
		// Feeds are refreshed through the API when a test says so, never behind its back.
		"DISABLE_SCHEDULER_SERVICE=1",
		"WORKER_POOL_SIZE=2", "HTTP_CLIENT_TIMEOUT=10", "LOG_LEVEL=error",
		"MEDIA_PROXY_MODE=none",
	}
	s.log = &bytes.Buffer{}
	c.Stdout, c.Stderr = s.log, s.log
	if err := c.Start(); err != nil {
		s.t.Fatal(err)
	}
	s.cmd = c
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(s.URL + "/healthcheck")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		if time.Now().After(deadline) {
			s.Stop()
			s.t.Fatalf("miniflux did not start: %v\n%s", err, s.log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Stop stops the Miniflux process; Restart brings it back with its data.
func (s *Server) Stop() {
	if s.cmd == nil {
		return
	}
	s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
	s.cmd = nil
}

// EnableGReader turns on the admin's Google Reader API with GReaderUser / GReaderPassword,
// as the integration settings page does.
func (s *Server) EnableGReader() {
	s.t.Helper()
	hash, err := bcrypt.GenerateFromPassword([]byte(GReaderPassword), bcrypt.MinCost)
	if err != nil {
		s.t.Fatal(err)
	}
	err = shared.pg.sql(s.db, fmt.Sprintf(`UPDATE integrations SET googlereader_enabled = true,
		googlereader_username = '%s', googlereader_password = '%s'
		WHERE user_id = (SELECT id FROM users WHERE username = '%s')`, GReaderUser, hash, Admin))
	if err != nil {
		s.t.Fatal(err)
	}
}

// Subscribe makes Miniflux follow a feed, fetched at once, in a category of that title.
func (s *Server) Subscribe(ctx context.Context, feedURL, category string) int64 {
	s.t.Helper()
	req := &mf.FeedCreationRequest{FeedURL: feedURL}
	if category != "" {
		cats, err := s.Client.CategoriesContext(ctx)
		if err != nil {
			s.t.Fatal(err)
		}
		for _, c := range cats {
			if c.Title == category {
				req.CategoryID = c.ID
			}
		}
		if req.CategoryID == 0 {
			c, err := s.Client.CreateCategoryContext(ctx, category)
			if err != nil {
				s.t.Fatal(err)
			}
			req.CategoryID = c.ID
		}
	}
	id, err := s.Client.CreateFeedContext(ctx, req)
	if err != nil {
		s.t.Fatalf("subscribe %s: %v\n%s", feedURL, err, s.log)
	}
	return id
}

// Refresh makes Miniflux fetch a feed now.
func (s *Server) Refresh(ctx context.Context, feedID int64) {
	s.t.Helper()
	if err := s.Client.RefreshFeedContext(ctx, feedID); err != nil {
		s.t.Fatal(err)
	}
}
