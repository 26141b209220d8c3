#!/usr/bin/env bash
# The mutation score of the package (issues 13 and 24): mutmut changes the core (align, resolve,
# loader, cache, render/, evidence, drivers), the modules around it (codebook, schema, views, verify,
# completion), the public API and the CLI package (cli/, cli/commands/) one small edit at a time,
# runs the fast in-process layer (tests/unit) against each change, and score.py prints, per module,
# the share of non-equivalent mutants the tests kill.
#
#   pip install -e '.[test,mutation]'
#   bash mutation/run.sh                  # every module, from scratch
#   bash mutation/run.sh MODULE ...       # only these (the others keep their last results), e.g.
#   bash mutation/run.sh codebook         #   one module: stancecli.codebook
#   bash mutation/run.sh cli.commands     #   one package: every command module
#   bash mutation/run.sh cli.main         #   one file of the CLI
#
# Modules run one after the other (each mutmut run uses every core). Mutants are named after the
# function they change (stancecli.resolve.x_resolve__mutmut_28); `mutmut show NAME` prints the change.
# Equivalent mutants, which no test can kill, are listed with a reason in mutation/equivalent.txt.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v mutmut > /dev/null || { echo "mutmut is not installed: pip install -e '.[test,mutation]'" >&2; exit 2; }
if [ $# -eq 0 ]; then
    set -- resolve render align evidence drivers trend model loader cache add layers files lines codebook \
        schema scan sentences register sourcediff errors \
        views verify completion api cli
    rm -rf mutants  # a run of every module starts from the code as it is now
fi
for module in "$@"; do
    echo "== mutmut: stancecli.$module"
    # mutmut redraws a progress line many times a second: keep the last state of each line only
    mutmut run "stancecli.$module*" | tr '\r' '\n' | grep -v '^ *$' | grep -v '^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]' || true
done
python mutation/score.py
