#!/usr/bin/env python3
"""Run a command and print its peak resident memory (from wait4) in MiB."""
import os
import subprocess
import sys

p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(p.pid, 0)
print(f"{usage.ru_maxrss / 1024:.0f} MiB (exit {os.waitstatus_to_exitcode(status)})")
