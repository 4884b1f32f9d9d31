package ui

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"veille/feeds"

	"github.com/aymanbagabas/go-osc52/v2"
	"golang.org/x/term"
)

// errNotWebLink: only http and https links are opened or copied.
var errNotWebLink = errors.New("not a web link")

// openBrowser starts the browser on a link, detached from the reader (its own session, no
// terminal), without a shell: the link is one argument, never part of a command line.
func openBrowser(link string, getenv func(string) string) error {
	if !feeds.IsWebURL(link) {
		return errNotWebLink
	}
	argv := browserCommand(link, getenv("BROWSER"), runtime.GOOS, func(name string) bool {
		_, err := exec.LookPath(name)
		return err == nil
	})
	cmd := exec.Command(argv[0], argv[1:]...)
	// No stdin, stdout or stderr: a chatty browser must not write over the reader.
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, nil, nil
	detach(cmd)
	if err := cmd.Start(); err != nil {
		return err
	}
	// Reap the opener when it exits; xdg-open and open return at once.
	go cmd.Wait() //nolint:errcheck // nothing to report: the browser is on its own
	return nil
}

// browserCommand is the command that opens link: the first available command of $BROWSER (a
// list separated by ':', each command's "%s" replaced by the link, else the link appended), or
// the platform's opener.
func browserCommand(link, browserEnv, goos string, available func(string) bool) []string {
	for _, entry := range strings.Split(browserEnv, string(os.PathListSeparator)) {
		fields := strings.Fields(entry)
		if len(fields) == 0 || !available(fields[0]) {
			continue
		}
		substituted := false
		for i, f := range fields[1:] {
			if strings.Contains(f, "%s") {
				fields[i+1] = strings.ReplaceAll(f, "%s", link)
				substituted = true
			}
		}
		if !substituted {
			fields = append(fields, link)
		}
		return fields
	}
	switch goos {
	case "darwin":
		return []string{"open", link}
	case "windows":
		return []string{"rundll32", "url.dll,FileProtocolHandler", link}
	}
	return []string{"xdg-open", link}
}

// copyOSC52 puts a link on the clipboard. Inside tmux it goes through tmux's paste buffer,
// which tmux passes on to the outer terminal's clipboard (load-buffer -w) and which tmux
// itself can paste; elsewhere it is an OSC 52 sequence, which most terminal emulators honour.
// copied is false where the terminal surely cannot: no terminal, the Linux console, dumb.
func copyOSC52(link string, terminal io.Writer, getenv func(string) string) (copied bool, err error) {
	if !feeds.IsWebURL(link) {
		return false, errNotWebLink
	}
	if getenv("TMUX") != "" {
		for _, args := range [][]string{{"load-buffer", "-w", "-"}, {"load-buffer", "-"}} {
			cmd := exec.Command("tmux", args...)
			cmd.Stdin = strings.NewReader(link)
			if cmd.Run() == nil {
				return true, nil
			}
		}
	}
	if f, ok := terminal.(*os.File); ok && !term.IsTerminal(int(f.Fd())) {
		return false, nil
	}
	switch t := getenv("TERM"); {
	case t == "" || t == "dumb" || t == "linux":
		return false, nil
	}
	// One write (Sequence.WriteTo makes a single Write): the renderer's writes are separate
	// write(2) calls to the same terminal, and the tty does not interleave them.
	_, err = osc52.New(link).WriteTo(terminal)
	return err == nil, err
}
