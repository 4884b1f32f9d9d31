package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"veille/feeds/remote/remotetest"
)

// FreshRSS's Google Reader API, from recorded answers: ids in decimal (stream/items/ids) and
// long hex (stream/items/contents), continuation tokens, a server without
// stream/items/contents, labels both ways, the password from a command.
func TestSyncWithFreshRSSRecordedAnswers(t *testing.T) {
	for _, noContents := range []bool{false, true} {
		t.Run(fmt.Sprintf("stream/items/contents missing=%v", noContents), func(t *testing.T) {
			testFreshRSS(t, noContents)
		})
	}
}

func testFreshRSS(t *testing.T, noContents bool) {
	ctx := context.Background()
	fr := remotetest.NewFreshRSS(t)
	fr.NoItemContents = noContents
	env := testEnv(t, "en_US.UTF-8")
	dir := filepath.Join(env["XDG_CONFIG_HOME"], "veille")
	os.MkdirAll(dir, 0o700)
	cfg := fmt.Sprintf("[sync]\nkind = \"greader\"\nurl = %q\nusername = \"alice\"\npassword_command = \"printf %%s %s\"\n", fr.API(), fr.Password)
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	s := &syncSetup{t: t, env: env}
	r := s.mustRun("sync")
	if strings.Contains(r.stdout+r.stderr, fr.Password) {
		t.Fatal("the password was printed")
	}
	arts := s.articles()
	if len(arts) != 4 {
		t.Fatalf("%d articles, want the 3 unread and the starred one:\n%s", len(arts), r.stderr)
	}
	const (
		starredRead = "https://www.numerama.com/tech/1-mistral-medium.html"
		llama       = "https://www.numerama.com/tech/2-llama.html"
		cnil        = "https://next.ink/3-cnil.html"
		cloud       = "https://next.ink/4-cloud.html"
	)
	if a := arts[starredRead]; !a.Read || !a.Starred || a.Feed != "Numerama" {
		t.Fatalf("starred read item: %+v", a)
	}
	if a := arts[cnil]; a.Read || !slices.Contains(a.Tags, "a-lire") || slices.Contains(a.Tags, "presse") {
		t.Fatalf("the label À lire should be a tag, the folder Presse not: %+v", a)
	}
	if !slices.Contains(arts[llama].Tags, "open-source") {
		t.Fatalf("tag rules on synced items: %v", arts[llama].Tags)
	}
	if noContents && fr.Calls("/stream/contents/user/-/state/com.google/reading-list") != 2 {
		t.Fatal("without stream/items/contents, both stream/contents pages should be read")
	}
	if !noContents && fr.Calls("/stream/items/contents") != 1 {
		t.Fatalf("%d stream/items/contents calls for 4 items, want 1", fr.Calls("/stream/items/contents"))
	}

	// Tags go up as labels, under the server's spelling when it has the label; labels added
	// elsewhere come down; read and starred changes go up in the same sync.
	s.mustRun("tag", fmt.Sprint(arts[llama].ID), "+Souveraineté", "+à lire")
	s.mustRun("tag", fmt.Sprint(arts[cnil].ID), "-a-lire")
	store := s.store()
	if err := store.SetRead(ctx, []int64{arts[cloud].ID}, true); err != nil {
		t.Fatal(err)
	}
	fr.SetLabel("Plus tard", 1700000000000004)
	fr.SetRead(1700000000000002, true)
	s.mustRun("sync")
	switch {
	case !fr.Labeled("souverainete", 1700000000000002):
		t.Fatal("tag souverainete did not go up")
	case !fr.Labeled("À lire", 1700000000000002):
		t.Fatal("tag à-lire did not go up as À lire")
	case fr.Labeled("À lire", 1700000000000003):
		t.Fatal("removing the tag did not remove the label")
	case !fr.Read(1700000000000004):
		t.Fatal("read in veille did not go up")
	}
	arts = s.articles()
	if !slices.Contains(arts[cloud].Tags, "plus-tard") {
		t.Fatalf("a label added elsewhere did not come down: %v", arts[cloud].Tags)
	}
	if slices.Contains(arts[cnil].Tags, "a-lire") {
		t.Fatal("a removed tag came back")
	}
	if !arts[llama].Read {
		t.Fatal("read elsewhere did not come down")
	}

	// Nothing new: a sync asks for no item.
	before := fr.Calls("/stream/items/contents") + fr.Calls("/stream/contents/user/-/state/com.google/reading-list")
	r = s.mustRun("sync")
	if after := fr.Calls("/stream/items/contents") + fr.Calls("/stream/contents/user/-/state/com.google/reading-list"); after != before {
		t.Fatalf("an incremental sync with nothing new asked for items: %s", r.stderr)
	}
	if st := s.mustRun("sync", "--status").stdout; !strings.Contains(st, "Pending changes: 0") || !strings.Contains(st, "Last error:      none") {
		t.Fatalf("status:\n%s", st)
	}
}

// A [sync] that cannot work says why in one line, and never touches the network.
func TestSyncConfigErrors(t *testing.T) {
	env := testEnv(t, "fr_FR.UTF-8")
	dir := filepath.Join(env["XDG_CONFIG_HOME"], "veille")
	os.MkdirAll(dir, 0o700)
	write := func(cfg string) {
		if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(cfg), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct{ cfg, want string }{
		{"", "pas de serveur de synchro"},
		{"[sync]\nkind = \"freshrss\"\nurl = \"http://127.0.0.1:1\"\npassword = \"x\"\n", "kind doit valoir « greader » ou « miniflux »"},
		{"[sync]\nkind = \"greader\"\nurl = \"127.0.0.1:1\"\npassword = \"x\"\n", "url doit être une adresse http(s)"},
		{"[sync]\nkind = \"greader\"\nurl = \"http://127.0.0.1:1\"\n", "ni password, ni password_env, ni password_command"},
		{"[sync]\nkind = \"greader\"\nurl = \"http://127.0.0.1:1\"\npassword_env = \"VEILLE_NOPE\"\n", "la variable VEILLE_NOPE est vide"},
		{"[sync]\nkind = \"greader\"\nurl = \"http://127.0.0.1:1\"\npassword_command = \"exit 3\"\n", "password_command a échoué : exit status 3"},
	} {
		write(c.cfg)
		r := veille(t, env, "sync")
		if r.code != 1 || !strings.Contains(r.stderr, c.want) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("config %q: exit %d, %q; want one line with %q", c.cfg, r.code, r.stderr, c.want)
		}
	}
	write("")
	if r := veille(t, env, "list", "--push-feeds"); r.code != 2 || !strings.Contains(r.stderr, "--push-feeds ne s’applique pas à list") {
		t.Errorf("list --push-feeds: exit %d, %q", r.code, r.stderr)
	}
	write("[sync]\nkind = \"greader\"\nurl = \"http://127.0.0.1:1\"\npassword = \"x\"\n")
	if r := veille(t, env, "sync", "--status"); r.code != 0 || !strings.Contains(r.stdout, "Dernière synchro :      jamais") {
		t.Errorf("status before any sync: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
}
