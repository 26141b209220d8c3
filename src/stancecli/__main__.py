"""`python -m stancecli` runs the same CLI as the `stance` script."""

from stancecli.cli.main import main

main()
