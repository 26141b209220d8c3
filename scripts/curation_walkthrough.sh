#!/usr/bin/env bash
# The README's "Curating: from a new article to a cited note", run for real in a fresh folder:
# prints each command under a `$ command` line with its output (stdout and stderr), as the README
# shows them. Usage: bash scripts/curation_walkthrough.sh   (needs `stance` on the PATH)
set -u
article="$(cd "$(dirname "$0")/.." && pwd)/tests/data/outofsample/dollar.txt"
cd "$(mktemp -d)" || exit 2
mkdir -p mine articles && cp "$article" articles/testwire-dollar.txt
export STANCE_DATA="@shipped:mine" STANCE_SOURCES="articles"
run() { echo "\$ $*"; "$@" 2>&1; echo; }
S=testwire-2026-05-14
run stance sources add $S --title "Russia and China press for trade without the dollar" \
    --outlet "Test Wire" --published 2026-05-14 --kind wire --file articles/testwire-dollar.txt
run stance actors add india --name India --kind state --alias "New Delhi"
run stance scan articles/testwire-dollar.txt
run stance add -s $S -a Putin -t dollar -p support --basis stated --speaker "Vladimir Putin" \
    -q 'Mr Putin, who addressed the meeting by video link, said de-dollarisation was "an objective and irreversible process".'
run stance add -s $S -a china -t dollar -p support \
    -q "Chinese officials said Beijing would expand the use of the yuan in cross-border payments and oil deals."
run stance add -s $S -a us -t dollar -p oppose \
    -q "American officials dismissed the talk of a rival currency as unrealistic."
run stance add -s $S -a "New Delhi" -t dollar -p oppose -q "no plans to abando"
run stance add -s $S -a "New Delhi" -t dollar -p oppose \
    -q "India and Brazil, the group's other large members, said they had no plans to abandon the dollar."
run stance verify --source $S
run stance diff --source $S
run stance diff --source $S --format markdown --cite
