//go:build unix

package ui

import (
	"os/exec"
	"syscall"
)

// detach puts the browser in its own session, so that it outlives the reader and never gets
// the terminal's signals.
func detach(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
}
