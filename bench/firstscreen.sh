#!/usr/bin/env bash
# bench/firstscreen.sh: how long `veille --offline` takes from exec to its first full screen
# over a 100,000-article cache, in tmux at 100×30 (median of RUNS), and its peak RSS.
#
#   bench/firstscreen.sh
#   RUNS=9 HOLD=2 bench/firstscreen.sh
#   VEILLE_BIN=/path/to/veille bench/firstscreen.sh
#
# Environment:
#   RUNS=5               timed runs (median, min–max)
#   VEILLE_BIN=PATH      time this binary instead of building one from the checkout
#   VEILLE_BENCH_DB=PATH the 100,000-article cache; built by `go test ./ui -run TestBuildBenchDB`
#                        when missing (default: $TMPDIR/veille-ui-bench-v2.db, the file
#                        BenchmarkKeypress uses)
#   VEILLE_BENCH_ARTICLES=N  the size of the cache to build (default 100000; 1000000 for the
#                        million-article figures, with its own VEILLE_BENCH_DB)
#   HOLD=0               seconds the reader stays open after its first screen before `q`: the
#                        peak RSS then also covers the background work (tab counts, feeds)
#   STRICT=1             exit 3 when a target is missed
#
# "First full screen": the tab bar, the last list row and the help line are all drawn. The clock
# starts in the pane's shell right before it execs /usr/bin/time, which execs veille; it stops
# when a capture-pane (polled every millisecond or so) first shows the full screen, so a figure
# is at most one poll (2–3 ms) late. Everything runs on a private tmux server, killed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C # a decimal point in EPOCHREALTIME; veille speaks English here

RUNS=${RUNS:-5}
HOLD=${HOLD:-0}
STRICT=${STRICT:-0}
T_MS=80     # target: first screen, median, milliseconds
T_RSS_MB=50 # target: peak RSS, MB (10^6 bytes)

die() {
	echo "firstscreen.sh: $*" >&2
	exit 1
}
say() { echo "firstscreen.sh: $*" >&2; }

command -v tmux >/dev/null 2>&1 || die "tmux is needed"
[ -x /usr/bin/time ] || die "GNU time (/usr/bin/time) is needed for the peak RSS"

work=$(mktemp -d)
socket="veille-firstscreen-$$"
cleanup() {
	tmux -L "$socket" kill-server >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

bin=${VEILLE_BIN:-}
if [ -z "$bin" ]; then
	say "building veille"
	go build -o "$work/veille" .
	bin=$work/veille
fi
db=${VEILLE_BENCH_DB:-${TMPDIR:-/tmp}/veille-ui-bench-v2.db}
if [ ! -f "$db" ]; then
	say "building the 100,000-article cache at $db (about a minute)"
	VEILLE_BENCH_DB=$db go test ./ui -run '^TestBuildBenchDB$' -count=1 >/dev/null
fi

# full SCREEN: the first, the next-to-last list row (28) and the last (help) lines are drawn.
full() {
	local -a lines
	mapfile -t lines <<<"$1"
	[ "${#lines[@]}" -ge 30 ] || return 1
	[[ -n "${lines[0]// /}" && -n "${lines[27]// /}" && -n "${lines[29]// /}" ]]
}

now_us() { echo "${EPOCHREALTIME/./}"; }
exec {pause}<> <(:) # read -t on it is a sleep without a fork
ms=()
rss=()
for i in $(seq 1 "$RUNS"); do
	start=$work/start.$i
	peak=$work/rss.$i
	tmux -L "$socket" new-session -d -x 100 -y 30 -s "r$i" \
		"bash -c 'echo \${EPOCHREALTIME/./} > $start; exec /usr/bin/time -f %M -o $peak $bin --db $db --offline'"
	deadline=$(($(now_us) + 10000000))
	while :; do
		screen=$(tmux -L "$socket" capture-pane -p -t "r$i" 2>/dev/null || true)
		if full "$screen"; then
			shown=$(now_us)
			break
		fi
		if [ "$(now_us)" -gt "$deadline" ]; then
			echo ">>> pane of run $i"
			echo "$screen"
			echo "<<<"
			die "no full screen after 10 s"
		fi
		read -r -t 0.001 -u "$pause" || true
	done
	[ -s "$start" ] || die "run $i: no start time"
	ms+=("$((shown - $(cat "$start")))") # microseconds
	sleep "$HOLD"
	tmux -L "$socket" send-keys -t "r$i" q
	for _ in $(seq 1 500); do
		[ -s "$peak" ] && break
		sleep 0.01
	done
	[ -s "$peak" ] || die "run $i: the reader did not quit on q"
	rss+=("$(tail -n 1 "$peak")") # kilobytes
	tmux -L "$socket" kill-session -t "r$i" >/dev/null 2>&1 || true
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
minmax() { printf '%s\n' "$@" | sort -n | awk 'NR==1{lo=$1} {hi=$1} END {print lo, hi}'; }

med_us=$(median "${ms[@]}")
read -r lo_us hi_us <<<"$(minmax "${ms[@]}")"
med_kb=$(median "${rss[@]}")
read -r lo_kb hi_kb <<<"$(minmax "${rss[@]}")"
articles=$(sqlite3 "$db" 'SELECT count(*) FROM articles' 2>/dev/null || echo "100000")

awk -v m="$med_us" -v lo="$lo_us" -v hi="$hi_us" -v r="$RUNS" -v n="$articles" -v t="$T_MS" \
	'BEGIN { printf "first screen over %s articles: median %.1f ms (min %.1f, max %.1f, %d runs)   target <= %d ms\n", n, m/1000, lo/1000, hi/1000, r, t }'
awk -v m="$med_kb" -v lo="$lo_kb" -v hi="$hi_kb" -v t="$T_RSS_MB" -v hold="$HOLD" \
	'BEGIN { printf "peak RSS (quit %s s after the first screen): median %.1f MB (min %.1f, max %.1f)   target <= %d MB\n", hold, m*1024/1e6, lo*1024/1e6, hi*1024/1e6, t }'

if [ "$STRICT" = 1 ]; then
	if [ "$med_us" -gt $((T_MS * 1000)) ] || [ $((med_kb * 1024)) -gt $((T_RSS_MB * 1000000)) ]; then
		exit 3
	fi
fi
