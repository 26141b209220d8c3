#!/usr/bin/env bash
# The mutation score of the core (issue 13): mutmut changes align, resolve, loader, cache and render/
# one small edit at a time, runs the fast in-process layer (tests/unit) against each change, and
# score.py prints, per module, the share of non-equivalent mutants the tests kill.
#
#   pip install -e '.[test,mutation]'
#   bash mutation/run.sh                  # every module, from scratch (about 4 min on 2 cores)
#   bash mutation/run.sh resolve render   # only these (the others keep their last results)
#
# Modules run one after the other (each mutmut run uses every core). Mutants are named after the
# function they change (stancecli.resolve.x_resolve__mutmut_28); `mutmut show NAME` prints the change.
# Equivalent mutants, which no test can kill, are listed with a reason in mutation/equivalent.txt.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v mutmut > /dev/null || { echo "mutmut is not installed: pip install -e '.[test,mutation]'" >&2; exit 2; }
if [ $# -eq 0 ]; then
    set -- resolve render align evidence trend loader cache add layers files lines
    rm -rf mutants  # a run of every module starts from the code as it is now
fi
for module in "$@"; do
    echo "== mutmut: stancecli.$module"
    # mutmut redraws a progress line many times a second: keep the last state of each line only
    mutmut run "stancecli.$module*" | tr '\r' '\n' | grep -v '^ *$' | grep -v '^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]' || true
done
python mutation/score.py
