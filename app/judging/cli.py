"""`flask reviews ...` and `flask results ...`: judging from the command line."""
from __future__ import annotations

from flask.cli import AppGroup

reviews = AppGroup("reviews", help="Import and export jury reviews.")
results = AppGroup("results", help="Leaderboards of jury categories.")
