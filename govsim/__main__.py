"""`python -m govsim`: the same command as `govsim`."""

from govsim.cli import main

main()
