#!/usr/bin/env bash
# Pastes the tables the bench profile wrote (target/bench/[0-9]*.md) into docs/BENCHMARKS.md,
# between the "bench:begin" and "bench:end" markers, under a header naming the machine, the
# commit and the date. Run it after `./mvnw -B -Pbench verify`; it types no figure itself.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/bench/RESULTS.md
shopt -s nullglob
parts=(target/bench/[0-9]*.md)
if [ ${#parts[@]} -eq 0 ]; then
  echo "no target/bench/*.md: run ./mvnw -B -Pbench verify first" >&2
  exit 1
fi
{
  echo "Measured $(date -u -r "${parts[0]}" '+%Y-%m-%d %H:%M UTC') on commit \`$(git rev-parse --short HEAD)\`$( [ -n "$(git status --porcelain -- src pom.xml)" ] && echo ' (with uncommitted changes)') by \`./mvnw -B -Pbench verify\`$( [ -f target/bench/wall.txt ] && echo ", $(cat target/bench/wall.txt)")."
  echo "Machine: $(nproc) vCPU ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB RAM, Linux $(uname -r), $("${JAVA_HOME:-/usr}/bin/java" -version 2>&1 | head -1)."
  echo
  echo "### DESIGN §7 aims at a glance (from the scenarios below)"
  echo
  echo "| figure | measured | aim | |"
  echo "|---|---|---|---|"
  for f in "${parts[@]}"; do
    a="target/bench/aims/$(basename "$f")"
    [ -s "$a" ] && cat "$a"
  done
  echo
  for f in "${parts[@]}"; do
    cat "$f"
    echo
  done
} > "$out"
python3 - "$out" <<'PY'
import re, sys
doc = open('docs/BENCHMARKS.md').read()
tables = open(sys.argv[1]).read()
begin, end = '<!-- bench:begin -->', '<!-- bench:end -->'
if begin not in doc:
    sys.exit('docs/BENCHMARKS.md has no ' + begin + ' marker')
head, rest = doc.split(begin, 1)
_, tail = rest.split(end, 1)
open('docs/BENCHMARKS.md', 'w').write(head + begin + '\n' + tables.rstrip() + '\n' + end + tail)
PY
echo "pasted ${#parts[@]} tables from target/bench into docs/BENCHMARKS.md"
