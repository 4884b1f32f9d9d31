#!/usr/bin/env bash
# bench/run.sh: whole-process benchmarks of veille against synthetic feeds served on loopback
# by bench/feedserver. See bench/README.md.
#
#   bench/run.sh                        all scenarios, 5 runs each
#   RUNS=9 ONLY="cold warm" bench/run.sh
#   BENCH_CACHE=~/.cache/veille-bench ONLY=list bench/run.sh   (keeps the 100k-article cache)
#
# Environment:
#   RUNS=5              timed runs per scenario (median, min–max)
#   ONLY="cold recent warm warm200 latency list"   scenarios to run ("recent": the cold refresh
#                       with every item published in the last days, inside the story window,
#                       as a new user's first refresh is: the story pass places them); "big" (not by default): the
#                       million-article cache (BIG_DB), see below; "stories" (not by default):
#                       a refresh of 100 feeds × 50 new items into the 100k cache, with the
#                       story pass and without it (VEILLE_NO_STORIES=1), and their ratio
#   BIG_DB=FILE         the million-article cache for "big" (default
#                       $TMPDIR/veille-ui-bench-v2-1000000.db); build it once with
#                       VEILLE_BENCH_ARTICLES=1000000 VEILLE_BENCH_DB=FILE go test ./ui -run '^TestBuildBenchDB$' -timeout 60m
#   PORT=18700          first port; the latency server uses PORT+1, the 100k-fill server PORT+2, the warm200 server PORT+3, the big refresh PORT+4, the stories refresh PORT+5, the recent cold refresh PORT+6
#   HOSTS=25            loopback hosts the feeds are spread over (127.0.0.1 … 127.0.0.HOSTS)
#   BENCH_CACHE=DIR     keep the 100k-article database there and reuse it
#   REBUILD_CACHE=1     rebuild that database even if it exists
#   HYPERFINE=0         do not use hyperfine even if it is installed
#   STRICT=1            exit 3 when a target is missed
#   KEEP=1              keep the temporary directory (databases, logs, hyperfine JSON)
#   SERVER_DURATION=30m every feedserver exits by itself after this long
#   NEWSBOAT=auto       also time newsboat (10 reload threads) on cold, warm and warm200 in the
#                       same run, and print veille's time as a fraction of newsboat's; 0: never
#
# Everything runs on 127.0.0.0/8 with a throwaway HOME and XDG directories; every process the
# script starts is stopped on exit.
set -euo pipefail

RUNS=${RUNS:-5}
ONLY=${ONLY:-"cold recent warm warm200 latency list"}
PORT=${PORT:-18700}
HOSTS=${HOSTS:-25}
BENCH_CACHE=${BENCH_CACHE:-}
REBUILD_CACHE=${REBUILD_CACHE:-0}
HYPERFINE=${HYPERFINE:-1}
STRICT=${STRICT:-0}
KEEP=${KEEP:-0}
SERVER_DURATION=${SERVER_DURATION:-30m}
NEWSBOAT=${NEWSBOAT:-auto}

# Targets: seconds (median) and peak RSS in MB (10^6 bytes).
T_COLD=0.4
T_WARM=0.06
T_WARM200=0.1 # all 200 with bodies unchanged: a hash per feed, no parse
T_LATENCY=0.6
T_LIST=0.05
T_RSS=60
T_BIG_REFRESH=1.25 # a refresh into the big cache, as a multiple of the same refresh into an empty one
T_STORIES=1.15     # a refresh of 5,000 new articles into the 100k cache with the story pass, as a multiple of it without

export LC_ALL=C # decimal points in EPOCHREALTIME and awk; veille speaks English here

die() {
	echo "run.sh: $*" >&2
	exit 1
}
say() { echo "run.sh: $*" >&2; }

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, not '$RUNS'"
[[ $PORT =~ ^[0-9]+$ ]] && ((PORT > 0 && PORT + 6 < 65536)) || die "bad PORT '$PORT'"
[[ $HOSTS =~ ^[0-9]+$ ]] && ((HOSTS >= 1 && HOSTS <= 254)) || die "HOSTS must be 1–254"
for s in $ONLY; do
	case $s in cold | recent | warm | warm200 | latency | list | big | stories) ;; *) die "unknown scenario '$s' in ONLY (cold recent warm warm200 latency list big stories)" ;; esac
done
want() { [[ " $ONLY " == *" $1 "* ]]; }

command -v go >/dev/null || die "go not found"
command -v curl >/dev/null || die "curl not found (apt-get install curl)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found: install GNU time (apt-get install time / dnf install time); the bash keyword 'time' cannot report peak RSS"
/usr/bin/time -f '%M' -o /dev/null true 2>/dev/null || die "/usr/bin/time is not GNU time (it must accept -f '%e %M')"
USE_HF=0
if [[ $HYPERFINE != 0 ]] && command -v hyperfine >/dev/null; then
	USE_HF=1
fi

USE_NB=0
if [[ $NEWSBOAT != 0 ]] && command -v newsboat >/dev/null; then
	USE_NB=1
elif [[ $NEWSBOAT == 1 ]]; then
	die "NEWSBOAT=1 but newsboat is not installed (apt-get install newsboat)"
fi

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/veille-bench.XXXXXX")
PIDS=()

cleanup() {
	local rc=$?
	for pid in "${PIDS[@]}"; do
		if kill -0 "$pid" 2>/dev/null; then
			kill "$pid" 2>/dev/null || true
		fi
	done
	for pid in "${PIDS[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	if [[ $KEEP == 1 ]]; then
		say "kept $TMP"
	else
		rm -rf "$TMP"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- build (with the real HOME, so that the Go caches are found) ---------------------------
say "building veille and feedserver…"
(cd "$ROOT" && go build -o "$TMP/veille" .) >"$TMP/build.log" 2>&1 ||
	{ cat "$TMP/build.log" >&2; die "veille does not build (go build -o \$TMP/veille . in $ROOT)"; }
(cd "$ROOT" && go build -o "$TMP/feedserver" ./bench/feedserver) >"$TMP/build.log" 2>&1 ||
	{ cat "$TMP/build.log" >&2; die "feedserver does not build"; }
VEILLE=$TMP/veille

# --- a sealed environment -------------------------------------------------------------------
export HOME=$TMP/home
export XDG_CONFIG_HOME=$HOME/.config XDG_DATA_HOME=$HOME/.local/share XDG_CACHE_HOME=$HOME/.cache XDG_STATE_HOME=$HOME/.local/state
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
unset VEILLE_DB
# Loopback is never proxied by Go; anything else would go to a closed loopback port and fail
# at once, so a feed URL outside 127.0.0.0/8 can never reach the network.
export HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9
export NO_PROXY=127.0.0.0/8 no_proxy=127.0.0.0/8
unset ALL_PROXY all_proxy

# --- helpers ----------------------------------------------------------------------------
now() {
	if [[ -n ${EPOCHREALTIME:-} ]]; then echo "$EPOCHREALTIME"; else date +%s.%N; fi
}

# start_server NAME PORT ARGS… : starts a feedserver, waits until it serves, sets SERVER_URL
# (its OPML URL) and SERVER_PID.
start_server() {
	local name=$1 port=$2
	shift 2
	local addr=$TMP/$name.addr log=$TMP/$name.log
	rm -f "$addr"
	"$TMP/feedserver" -port "$port" -hosts "$HOSTS" -duration "$SERVER_DURATION" -addr-file "$addr" "$@" >"$log" 2>&1 &
	SERVER_PID=$!
	PIDS+=("$SERVER_PID")
	local waited=0
	# Generation takes about a second for 100×50 and up to a minute for 200×500 on 2 cores.
	while [[ ! -s $addr ]]; do
		kill -0 "$SERVER_PID" 2>/dev/null || { cat "$log" >&2; die "feedserver $name exited before listening"; }
		((waited++ < 3000)) || { cat "$log" >&2; die "feedserver $name not ready after 300 s"; }
		sleep 0.1
	done
	SERVER_URL=$(<"$addr")
	[[ $SERVER_URL == http://127.0.0.1:"$port"/opml ]] || die "unexpected OPML URL '$SERVER_URL'"
	local i
	for i in $(seq 50); do
		curl -sf --noproxy '*' -o /dev/null "http://127.0.0.1:$port/stats" && break
		((i < 50)) || die "feedserver $name does not answer on 127.0.0.1:$port"
		sleep 0.1
	done
	say "$(tail -n 1 "$log" | sed 's/^feedserver: //')"
}

stop_server() {
	local pid=$1
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

# stats PORT: "200=N 304=M" served since the last call (resets the counters).
stats() {
	curl -sf --noproxy '*' "http://127.0.0.1:$1/stats?reset=1" |
		sed -E 's/.*"200":([0-9]+),"304":([0-9]+),"404":([0-9]+).*/200=\1 304=\2 404=\3/'
}

# v ARGS…: runs veille untimed; any failure stops the benchmark with veille's stderr.
v() {
	if ! "$VEILLE" "$@" >"$TMP/v.out" 2>"$TMP/v.err"; then
		say "veille $* failed:"
		tail -n 20 "$TMP/v.err" >&2
		die "a veille command failed"
	fi
}

# import_opml DB OPML_URL: a fresh database subscribed to the server's feeds only.
import_opml() {
	local db=$1 url=$2
	rm -f "$db" "$db-wal" "$db-shm" "$db-journal"
	curl -sf --noproxy '*' -o "$TMP/import.opml" "$url" || die "cannot download $url"
	v --db "$db" feeds import "$TMP/import.opml"
}

# check_loopback_only DB: refuses to go on if the database subscribes to anything outside
# 127.0.0.0/8 (for example the embedded defaults, which an import must prevent).
check_loopback_only() {
	if ! "$VEILLE" --db "$1" feeds list >"$TMP/v.out" 2>"$TMP/v.err"; then
		say "warning: 'veille feeds list' failed; relying on the dead-proxy guard alone"
		return
	fi
	local bad
	bad=$(grep -Eo '(https?|ftp)://[^ "<>]+' "$TMP/v.out" | grep -Ev '^https?://127\.' | head -n 3 || true)
	[[ -z $bad ]] || die "the database subscribes to non-loopback feeds ($bad …); refusing to fetch"
}

# measure NAME PREPARE CMD…: runs PREPARE (a shell snippet, may be empty) then CMD, RUNS
# times; sets MED MIN MAX (seconds) and RSS (peak MB over the runs).
measure() {
	local name=$1 prep=$2
	shift 2
	local times=() rss_max=0 i t0 t1 out
	if ((USE_HF)); then
		local cmd
		cmd=$(printf '%q ' "$@")
		local hf=(hyperfine --runs "$RUNS" --style basic --export-json "$TMP/$name.json" --command-name "$name")
		[[ -n $prep ]] && hf+=(--prepare "$prep")
		"${hf[@]}" "$cmd" >"$TMP/$name.hyperfine" 2>&1 ||
			{ cat "$TMP/$name.hyperfine" >&2; die "hyperfine: $name failed"; }
		MED=$(json_num median "$TMP/$name.json")
		MIN=$(json_num min "$TMP/$name.json")
		MAX=$(json_num max "$TMP/$name.json")
	fi
	# Own loop: wall time around /usr/bin/time (which adds about a millisecond) and peak RSS.
	for ((i = 0; i < RUNS; i++)); do
		if [[ -n $prep ]]; then
			bash -c "$prep" >"$TMP/prep.log" 2>&1 || { cat "$TMP/prep.log" >&2; die "$name: prepare failed"; }
		fi
		t0=$(now)
		if ! /usr/bin/time -f '%e %M' -o "$TMP/time.out" "$@" >/dev/null 2>"$TMP/cmd.err"; then
			say "$name: $* failed:"
			tail -n 20 "$TMP/cmd.err" >&2
			die "$name: veille failed"
		fi
		t1=$(now)
		times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')")
		out=$(tail -n 1 "$TMP/time.out")
		rss_max=$(awk -v m="$rss_max" -v k="${out#* }" 'BEGIN { r = k * 1024 / 1e6; print (r > m ? r : m) }')
	done
	RSS=$rss_max
	if ((!USE_HF)); then
		read -r MED MIN MAX < <(printf '%s\n' "${times[@]}" | sort -g | awk '
			{ v[NR] = $1 }
			END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m, v[1], v[NR] }')
	fi
}

json_num() {
	sed -nE "s/^ *\"$1\": *([0-9.eE+-]+),?\$/\\1/p" "$2" | head -n 1
}

ROWS=()
MISSED=0
# row NAME TARGET_SECONDS NOTE: one line of the result table.
row() {
	local name=$1 target=$2 note=${3:-}
	local verdict
	verdict=$(awk -v m="$MED" -v t="$target" -v r="$RSS" -v tr="$T_RSS" 'BEGIN {
		printf "≤ %.2f s %s · ≤ %d MB %s", t, (m <= t ? "ok" : "MISSED"), tr, (r <= tr ? "ok" : "MISSED") }')
	[[ $verdict == *MISSED* ]] && MISSED=1
	ROWS+=("$(awk -v n="$name" -v m="$MED" -v a="$MIN" -v b="$MAX" -v r="$RSS" -v v="$verdict" -v note="$note" 'BEGIN {
		printf "| %-22s | %8.3f | %.3f–%.3f | %6.1f | %s%s |", n, m, a, b, r, v, (note != "" ? " (" note ")" : "") }')")
	say "${ROWS[-1]}"
}

# expect_stats PORT WANT200 WANT304: warns when the server did not see what the scenario
# assumes (a fetch that skipped feeds, or re-downloaded instead of a 304).
expect_stats() {
	local got ok nm
	got=$(stats "$1")
	ok=$(echo "$got" | sed -E 's/200=([0-9]+).*/\1/')
	nm=$(echo "$got" | sed -E 's/.*304=([0-9]+).*/\1/')
	NOTE="server: $got"
	if [[ $ok != "$2" || $nm != "$3" ]]; then
		NOTE="$NOTE, expected 200=$2 304=$3"
		say "warning: feedserver counted $got, expected 200=$2 304=$3"
	fi
}


# --- newsboat, side by side -------------------------------------------------------------
# nb_setup NAME OPML: a newsboat with 10 reload threads subscribed to the OPML's feeds, in its
# own directory; sets NB (the reload command) and NB_DB (its cache).
nb_setup() {
	local dir=$TMP/nb-$1
	mkdir -p "$dir"
	grep -o 'xmlUrl="[^"]*"' "$2" | sed -e 's/^xmlUrl="//' -e 's/"$//' -e 's/&amp;/\&/g' >"$dir/urls"
	grep -qv '^http://127\.' "$dir/urls" && die "newsboat: a feed outside 127.0.0.0/8 in $2"
	printf 'reload-threads 10\n' >"$dir/config"
	NB_DB=$dir/cache.db
	NB=(newsboat -C "$dir/config" -u "$dir/urls" -c "$NB_DB" -x reload)
}

RATIOS=()
# ratio NAME VEILLE_MED TARGET: after a newsboat measure, veille's median as a fraction of it.
ratio() {
	local line
	line=$(awk -v n="$1" -v v="$2" -v b="$MED" -v t="$3" 'BEGIN {
		r = v / b; printf "| %-22s | %8.3f | %8.3f | %5.2f× | ≤ %.2f× %s |", n, v, b, r, t, (r <= t ? "ok" : "MISSED") }')
	[[ $line == *MISSED* ]] && MISSED=1
	RATIOS+=("$line")
	say "$line"
}

DB=$TMP/bench.db
FEEDS=100 ITEMS=50

say "veille: $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?'); $(nproc) CPUs; $(uname -sr); runs: $RUNS; timing: $( ((USE_HF)) && echo "hyperfine $(hyperfine --version | awk '{print $2}')" || echo "own loop") + /usr/bin/time"

# --- 1 cold, 2 warm -------------------------------------------------------------------------
if want cold || want warm; then
	start_server main "$PORT" -feeds "$FEEDS" -items "$ITEMS"
	MAIN_PID=$SERVER_PID MAIN_URL=$SERVER_URL
	import_opml "$DB" "$MAIN_URL"
	check_loopback_only "$DB"
	cp "$TMP/import.opml" "$TMP/main.opml"
	PREP_COLD="rm -f '$DB' '$DB-wal' '$DB-shm' '$DB-journal' && '$VEILLE' --db '$DB' feeds import '$TMP/main.opml' >/dev/null"

	if want cold; then
		say "cold: $FEEDS × $ITEMS items into an empty database…"
		stats "$PORT" >/dev/null
		measure cold "$PREP_COLD" "$VEILLE" --db "$DB" fetch
		n=$RUNS
		((USE_HF)) && n=$((RUNS * 2))
		expect_stats "$PORT" $((FEEDS * n)) 0
		v --db "$DB" list --json --limit 1
		grep -q '"id"' "$TMP/v.out" || die "cold: after fetch, list --json --limit 1 returned no article"
		row "cold 100×50" "$T_COLD" "$NOTE"
		V_COLD=$MED
		if ((USE_NB)); then
			nb_setup main "$TMP/main.opml"
			stats "$PORT" >/dev/null
			measure nb-cold "rm -f '$NB_DB' '$NB_DB.lock'" "${NB[@]}"
			expect_stats "$PORT" $((FEEDS * n)) 0
			row "newsboat cold" 99 "$NOTE"
			ratio "cold 100×50" "$V_COLD" 0.4
		fi
	fi

	if want warm; then
		say "warm: all 304…"
		bash -c "$PREP_COLD"
		v --db "$DB" fetch
		v --db "$DB" fetch # validators are stored; from now on nothing changes
		stats "$PORT" >/dev/null
		measure warm "" "$VEILLE" --db "$DB" fetch
		n=$RUNS
		((USE_HF)) && n=$((RUNS * 2))
		expect_stats "$PORT" 0 $((FEEDS * n))
		row "warm (all 304)" "$T_WARM" "$NOTE"
		V_WARM=$MED
		if ((USE_NB)); then
			nb_setup main "$TMP/main.opml"
			rm -f "$NB_DB" "$NB_DB.lock"
			"${NB[@]}" >/dev/null 2>&1 && "${NB[@]}" >/dev/null 2>&1 || die "newsboat reload failed"
			stats "$PORT" >/dev/null
			measure nb-warm "" "${NB[@]}"
			expect_stats "$PORT" 0 $((FEEDS * n))
			row "newsboat warm (304)" 99 "$NOTE"
			ratio "warm (all 304)" "$V_WARM" 0.1
		fi
	fi
	stop_server "$MAIN_PID"
fi

# --- 1b cold, items inside the story window ------------------------------------------------
# The main server's items are dated 2026-11-26, far outside the story window on any later day,
# so the cold row's story pass places nothing. A new user's first refresh brings this week's
# news, which the pass places: this row measures that refresh, beside newsboat on the same feeds.
if want recent; then
	start_server recent $((PORT + 6)) -feeds "$FEEDS" -items "$ITEMS" -base now
	REC_PID=$SERVER_PID
	import_opml "$DB" "$SERVER_URL"
	check_loopback_only "$DB"
	cp "$TMP/import.opml" "$TMP/recent.opml"
	PREP_REC="rm -f '$DB' '$DB-wal' '$DB-shm' '$DB-journal' && '$VEILLE' --db '$DB' feeds import '$TMP/recent.opml' >/dev/null"
	say "recent: $FEEDS × $ITEMS items of the last days into an empty database…"
	stats $((PORT + 6)) >/dev/null
	measure recent "$PREP_REC" "$VEILLE" --db "$DB" fetch
	n=$RUNS
	((USE_HF)) && n=$((RUNS * 2))
	expect_stats $((PORT + 6)) $((FEEDS * n)) 0
	placed=$(grep -iE 'stories|histoires' "$TMP/cmd.err" | tail -n 1 || true)
	[[ -n $placed ]] || die "recent: the fetch printed no story pass line: were the items outside the window?"
	row "cold, recent items" "$T_COLD" "$NOTE; $placed"
	V_REC=$MED
	if ((USE_NB)); then
		nb_setup recent "$TMP/recent.opml"
		stats $((PORT + 6)) >/dev/null
		measure nb-recent "rm -f '$NB_DB' '$NB_DB.lock'" "${NB[@]}"
		expect_stats $((PORT + 6)) $((FEEDS * n)) 0
		row "newsboat cold, recent" 99 "$NOTE"
		ratio "cold, recent items" "$V_REC" 0.4
	fi
	stop_server "$REC_PID"
fi

# --- 2b warm, every feed 200 with the same body (no validators) -----------------------------
if want warm200; then
	start_server warm200 $((PORT + 3)) -feeds "$FEEDS" -items "$ITEMS" -no-validators
	W200_PID=$SERVER_PID
	import_opml "$DB" "$SERVER_URL"
	check_loopback_only "$DB"
	cp "$TMP/import.opml" "$TMP/warm200.opml"
	say "warm200: every feed 200, unchanged, without validators…"
	v --db "$DB" fetch # the first fetch stores each document's digest
	stats $((PORT + 3)) >/dev/null
	measure warm200 "" "$VEILLE" --db "$DB" fetch
	n=$RUNS
	((USE_HF)) && n=$((RUNS * 2))
	expect_stats $((PORT + 3)) $((FEEDS * n)) 0
	row "warm (all 200, same)" "$T_WARM200" "$NOTE"
	V_W200=$MED
	if ((USE_NB)); then
		nb_setup warm200 "$TMP/warm200.opml"
		rm -f "$NB_DB" "$NB_DB.lock"
		"${NB[@]}" >/dev/null 2>&1 || die "newsboat reload failed"
		stats $((PORT + 3)) >/dev/null
		measure nb-warm200 "" "${NB[@]}"
		expect_stats $((PORT + 3)) $((FEEDS * n)) 0
		row "newsboat warm (200)" 99 "$NOTE"
		ratio "warm (all 200, same)" "$V_W200" 0.1
	fi
	stop_server "$W200_PID"
fi

# --- 3 cold with 50 ms per response ---------------------------------------------------------
if want latency; then
	start_server latency $((PORT + 1)) -feeds "$FEEDS" -items "$ITEMS" -latency 50ms
	LAT_PID=$SERVER_PID
	import_opml "$DB" "$SERVER_URL"
	check_loopback_only "$DB"
	cp "$TMP/import.opml" "$TMP/latency.opml"
	say "latency: cold fetch with +50 ms per response…"
	stats $((PORT + 1)) >/dev/null
	measure latency "rm -f '$DB' '$DB-wal' '$DB-shm' '$DB-journal' && '$VEILLE' --db '$DB' feeds import '$TMP/latency.opml' >/dev/null" \
		"$VEILLE" --db "$DB" fetch
	n=$RUNS
	((USE_HF)) && n=$((RUNS * 2))
	expect_stats $((PORT + 1)) $((FEEDS * n)) 0
	row "cold +50 ms latency" "$T_LATENCY" "$NOTE"
	stop_server "$LAT_PID"
fi

# --- 4 list over 100,000 articles -----------------------------------------------------------
# big_cache: the 100,000-article cache of "list" and "stories" (200 feeds × 500 items, one
# fetch), built once and kept in BENCH_CACHE; sets BIG.
big_cache() {
	BIG_FEEDS=200 BIG_ITEMS=500
	CACHE_DIR=${BENCH_CACHE:-$TMP/cache}
	mkdir -p "$CACHE_DIR"
	BIG=$CACHE_DIR/veille-list-${BIG_FEEDS}x${BIG_ITEMS}.db
	if [[ $REBUILD_CACHE != 1 && -s $BIG ]] && "$VEILLE" --db "$BIG" list --json --limit 1 >"$TMP/v.out" 2>/dev/null &&
		grep -q '"id"' "$TMP/v.out"; then
		say "list: reusing $BIG"
	else
		say "list: building the ${BIG_FEEDS}×${BIG_ITEMS} cache (once; generation and fetch take a while)…"
		rm -f "$BIG" "$BIG-wal" "$BIG-shm" "$BIG-journal"
		start_server big $((PORT + 2)) -feeds "$BIG_FEEDS" -items "$BIG_ITEMS"
		BIG_PID=$SERVER_PID
		import_opml "$TMP/big.db" "$SERVER_URL"
		check_loopback_only "$TMP/big.db"
		t0=$(now)
		/usr/bin/time -f '%e %M' -o "$TMP/fill.time" "$VEILLE" --db "$TMP/big.db" fetch >/dev/null 2>"$TMP/fill.err" ||
			{ tail -n 20 "$TMP/fill.err" >&2; die "list: the fill fetch failed"; }
		t1=$(now)
		say "list: fill fetch took $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s, peak RSS $(awk '{ printf "%.1f", $2 * 1024 / 1e6 }' "$TMP/fill.time") MB (not a target)"
		stop_server "$BIG_PID"
		for ext in "" -wal -shm; do
			[[ -e $TMP/big.db$ext ]] && cp "$TMP/big.db$ext" "$BIG$ext"
		done
		rm -f "$TMP/big.db" "$TMP/big.db-wal" "$TMP/big.db-shm"
		v --db "$BIG" list --json --limit 200000
		COUNT=$(grep -o '"id":' "$TMP/v.out" | wc -l)
		say "list: the cache holds $COUNT articles"
		((COUNT >= 99000)) || say "warning: expected about $((BIG_FEEDS * BIG_ITEMS)) articles, got $COUNT"
	fi
}

if want list; then
	big_cache
	# Work on a copy, so that the cache stays as built whatever list does to the file.
	LISTDB=$TMP/list.db
	for ext in "" -wal -shm; do
		rm -f "$LISTDB$ext"
		[[ -e $BIG$ext ]] && cp "$BIG$ext" "$LISTDB$ext"
	done
	v --db "$LISTDB" list --limit 50 # warm the page cache
	say "list: --limit 50…"
	measure list "" "$VEILLE" --db "$LISTDB" list --limit 50
	row "list --limit 50" "$T_LIST" "100k articles"
	say "list: +unread mistral --limit 50…"
	measure list-query "" "$VEILLE" --db "$LISTDB" list +unread mistral --limit 50
	row "list +unread mistral" "$T_LIST" "100k articles"
fi


# --- 4b a refresh into the 100k cache, with and without the story pass (ONLY=stories) -------
# 100 feeds × 50 items published in the last days (-base now: inside the pass's 4-day window),
# all new, into a copy of the list cache with its stories; the cache's own 200 feeds are due too and fail at
# once (their server is not running), alike in both rows. Runs alternate between the two.
if want stories; then
	big_cache
	# The list cache was fetched with its items' dates long past the story window, so no pass
	# placed them: a `veille restory` (once, untimed, kept beside it) gives every article its
	# story and the cache its document frequencies, as a cache that ran passes all along.
	STORIED=${BIG%.db}-stories.db
	if [[ $REBUILD_CACHE == 1 || ! -s $STORIED || $BIG -nt $STORIED ]]; then
		say "stories: restory over a copy of the 100k cache (once)…"
		rm -f "$STORIED" "$STORIED-wal" "$STORIED-shm"
		cp "$BIG" "$TMP/storied.db"
		[[ ! -e $BIG-wal ]] || cp "$BIG-wal" "$TMP/storied.db-wal"
		v --db "$TMP/storied.db" restory
		say "stories: $(tail -n 1 "$TMP/v.err")"
		for ext in "" -wal -shm; do
			[[ -e $TMP/storied.db$ext ]] && cp "$TMP/storied.db$ext" "$STORIED$ext"
		done
		rm -f "$TMP/storied.db" "$TMP/storied.db-wal" "$TMP/storied.db-shm"
	fi
	start_server stories $((PORT + 5)) -feeds "$FEEDS" -items "$ITEMS" -base now -seed 9
	ST_PID=$SERVER_PID
	curl -sf --noproxy '*' -o "$TMP/stories.opml" "$SERVER_URL" || die "cannot download $SERVER_URL"
	SDB=$TMP/stories.db
	prep_st="rm -f '$SDB' '$SDB-wal' '$SDB-shm' && cp '$STORIED' '$SDB' && { [[ ! -e '$STORIED-wal' ]] || cp '$STORIED-wal' '$SDB-wal'; } && '$VEILLE' --db '$SDB' feeds import '$TMP/stories.opml' >/dev/null && '$VEILLE' --db '$SDB' list --limit 50 >/dev/null"
	bash -c "$prep_st"
	check_loopback_only "$SDB"
	# One untimed fetch, to check that the pass places the 5,000 (the line it prints).
	"$VEILLE" --db "$SDB" fetch >/dev/null 2>"$TMP/stories.err" || { tail -n 20 "$TMP/stories.err" >&2; die "stories: fetch failed"; }
	say "stories: $(grep -iE 'stor|articles' "$TMP/stories.err" | tail -n 2 | tr '\n' ' ')"
	t_with=() t_without=() rss_w=0 rss_wo=0
	saved_runs=$RUNS saved_hf=$USE_HF
	RUNS=1 USE_HF=0
	stats $((PORT + 5)) >/dev/null
	for ((i = 0; i < saved_runs; i++)); do
		measure stories-without "$prep_st" env VEILLE_NO_STORIES=1 "$VEILLE" --db "$SDB" fetch
		t_without+=("$MED")
		rss_wo=$(awk -v a="$rss_wo" -v b="$RSS" 'BEGIN { print (a > b ? a : b) }')
		measure stories-with "$prep_st" "$VEILLE" --db "$SDB" fetch
		t_with+=("$MED")
		rss_w=$(awk -v a="$rss_w" -v b="$RSS" 'BEGIN { print (a > b ? a : b) }')
	done
	RUNS=$saved_runs USE_HF=$saved_hf
	expect_stats $((PORT + 5)) $((FEEDS * RUNS * 2)) 0
	med() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print ((NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), v[1], v[NR] }'; }
	read -r MED MIN MAX < <(med "${t_without[@]}")
	m_without=$MED RSS=$rss_wo
	row "100k: no story pass" 99 "100×50 new, VEILLE_NO_STORIES=1, alternating with the next row; $NOTE"
	read -r MED MIN MAX < <(med "${t_with[@]}")
	m_with=$MED RSS=$rss_w
	row "100k: with story pass" 99 "100×50 new"
	line=$(awk -v a="$m_with" -v b="$m_without" -v t="$T_STORIES" 'BEGIN {
		r = a / b; printf "| stories / no stories   | %8.3f× | target ≤ %.2f× %s |", r, t, (r <= t ? "ok" : "MISSED") }')
	[[ $line == *MISSED* ]] && MISSED=1
	say "$line"
	ROWS+=("$line")
	say "stories: with: ${t_with[*]} s; without: ${t_without[*]} s"
	stop_server "$ST_PID"
fi

# --- 5 a million articles (ONLY=big) --------------------------------------------------------
# A cache kept for years: read articles are never deleted (delete_days = 0) and lose their full
# text after 90 days. The first gc of the built cache does that stripping once; every other
# figure runs on the cache as that gc left it, the state a user's cache is in between fetches.
if want big; then
	BIG_DB=${BIG_DB:-${TMPDIR:-/tmp}/veille-ui-bench-v2-1000000.db}
	[[ -s $BIG_DB ]] || die "big: no cache at $BIG_DB; build it with: VEILLE_BENCH_ARTICLES=1000000 VEILLE_BENCH_DB=$BIG_DB go test ./ui -run '^TestBuildBenchDB\$' -timeout 60m"
	BIGCONF=$TMP/big.toml
	printf '[retention]\nstrip_days = 90\ndelete_days = 0\n' >"$BIGCONF"
	BV=("$VEILLE" --config "$BIGCONF")
	BIGW=$TMP/big.db BASE=$TMP/big-base.db
	say "big: first gc of a copy of $BIG_DB (one run)…"
	saved_runs=$RUNS saved_hf=$USE_HF
	RUNS=1 USE_HF=0
	measure big-gc "rm -f '$BASE' '$BASE-wal' '$BASE-shm' && cp '$BIG_DB' '$BASE'" "${BV[@]}" --db "$BASE" gc
	row "1M first gc" 99 "strips 90-day-old read articles: not a target"
	measure big-gc2 "" "${BV[@]}" --db "$BASE" gc
	row "1M gc again" 99 "nothing left to do"
	RUNS=$saved_runs USE_HF=$saved_hf
	# A fetch with no feed due (the cache's own are never due): what follows every refresh
	# (stories of the last days, learned tags, retention) catches up once, as on a user's cache.
	v --config "$BIGCONF" --db "$BASE" fetch
	"$VEILLE" --db "$BASE" stats >"$TMP/big.stats" 2>&1 && say "big: $(tr '\n' ' ' <"$TMP/big.stats" | cut -c1-200)"

	rm -f "$BIGW" "$BIGW-wal" "$BIGW-shm" && cp "$BASE" "$BIGW"
	# Written out before timing: the kernel flushing a 2 GB copy meanwhile doubled the list times.
	sync
	v --db "$BIGW" list --limit 50 # warm the page cache
	for q in "" "+ia" "+unread" "mistral" "+unread +ia mistral"; do
		say "big: list --limit 50 $q…"
		# shellcheck disable=SC2086 # the query's words are separate arguments
		measure "big-list" "" "${BV[@]}" --db "$BIGW" list --limit 50 $q
		row "1M list ${q:-(all)}" "$T_LIST" "1,000,000 articles"
	done

	# The same cold refresh of 100 feeds into an empty cache and into the big one, runs
	# alternating between the two so that the machine's noise falls on both alike.
	start_server bigref $((PORT + 4)) -feeds "$FEEDS" -items "$ITEMS"
	BR_PID=$SERVER_PID
	curl -sf --noproxy '*' -o "$TMP/bigref.opml" "$SERVER_URL" || die "cannot download $SERVER_URL"
	E=$TMP/empty.db
	prep_empty="rm -f '$E' '$E-wal' '$E-shm' && '$VEILLE' --db '$E' feeds import '$TMP/bigref.opml' >/dev/null"
	prep_big="rm -f '$BIGW' '$BIGW-wal' '$BIGW-shm' && cp '$BASE' '$BIGW' && sync && '$VEILLE' --db '$BIGW' feeds import '$TMP/bigref.opml' >/dev/null && '$VEILLE' --db '$BIGW' list --limit 50 >/dev/null"
	t_empty=() t_big=() rss_e=0 rss_b=0
	RUNS=1 USE_HF=0
	for ((i = 0; i < saved_runs; i++)); do
		measure big-ref-empty "$prep_empty" "${BV[@]}" --db "$E" fetch
		t_empty+=("$MED")
		rss_e=$(awk -v a="$rss_e" -v b="$RSS" 'BEGIN { print (a > b ? a : b) }')
		measure big-ref-big "$prep_big" "${BV[@]}" --db "$BIGW" fetch
		t_big+=("$MED")
		rss_b=$(awk -v a="$rss_b" -v b="$RSS" 'BEGIN { print (a > b ? a : b) }')
	done
	RUNS=$saved_runs USE_HF=$saved_hf
	expect_stats $((PORT + 4)) $((FEEDS * RUNS * 2)) 0
	summary() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print ((NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), v[1], v[NR] }'; }
	read -r MED MIN MAX < <(summary "${t_empty[@]}")
	m_empty=$MED RSS=$rss_e
	row "refresh into empty" 99 "100×50, alternating with the next row; $NOTE"
	read -r MED MIN MAX < <(summary "${t_big[@]}")
	m_big=$MED RSS=$rss_b
	row "refresh into 1M" 99 "100×50"
	line=$(awk -v e="$m_empty" -v b="$m_big" -v t="$T_BIG_REFRESH" 'BEGIN {
		r = b / e; printf "| into 1M / into empty   | %8.2f× | target ≤ %.2f× %s |", r, t, (r <= t ? "ok" : "MISSED") }')
	[[ $line == *MISSED* ]] && MISSED=1
	say "$line"
	ROWS+=("$line")
	stop_server "$BR_PID"
	rm -f "$BIGW" "$BIGW-wal" "$BIGW-shm" "$E" "$E-wal" "$E-shm"
	say "big: the gc'ed copy stays at $BASE only with KEEP=1 (VEILLE_BENCH_DB=it bench/firstscreen.sh)"
fi

# --- results ----------------------------------------------------------------------------
{
	echo
	echo "veille bench, $(date -u '+%Y-%m-%d %H:%M UTC'), median of $RUNS runs; peak RSS is the max over the runs"
	echo
	echo "| scenario               | median s | min–max s   | peak RSS MB | target |"
	echo "| ---------------------- | -------- | ----------- | ----------- | ------ |"
	printf '%s\n' "${ROWS[@]}"
	if ((${#RATIOS[@]})); then
		echo
		echo "veille as a fraction of newsboat $(newsboat -v 2>/dev/null | head -n 1 | awk '{print $2}') (reload-threads 10), same run"
		echo
		echo "| scenario               | veille s | newsboat s | ratio | target |"
		echo "| ---------------------- | -------- | ---------- | ----- | ------ |"
		printf '%s\n' "${RATIOS[@]}"
	fi
} | tee "$TMP/results.md"
if ((MISSED)) && [[ $STRICT == 1 ]]; then
	exit 3
fi
