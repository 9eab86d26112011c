# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers shared by the data checkers in this folder."""

import argparse
import sys


def parser(doc):
    """Returns an argument parser described by the first line of doc."""
    return argparse.ArgumentParser(description=doc.strip().splitlines()[0])


def report(problems, success):
    """Prints the problems, or success when there are none, and returns the
    checker's exit code."""
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(success)
    return 0
