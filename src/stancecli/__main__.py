"""`python -m stancecli` runs the same CLI as the `stance` script."""

from stancecli.launch import main

main()
