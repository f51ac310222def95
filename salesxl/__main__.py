"""`python -m salesxl` runs the salesxl command."""

from salesxl.cli import main

main()
