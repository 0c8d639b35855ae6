#!/usr/bin/env python3
"""Run a command in a real pseudo-terminal and drive it like a person would.

Usage: pty_run.py <command> [args...]   with PTY_STEPS='[{"expect": "regex", "send": "text"}, ...]'
Each step waits (up to PTY_TIMEOUT seconds) for its regex to appear in the output
since the previous match, then types its text ("\u0003" is Ctrl-C). Afterwards the
output is drained until the child exits. Prints one JSON line: {code, output, timedOut}.
"""
import fcntl, json, os, pty, re, select, struct, sys, termios, time

steps = json.loads(os.environ.get("PTY_STEPS", "[]"))
timeout = float(os.environ.get("PTY_TIMEOUT", "10"))
cols = int(os.environ.get("PTY_COLS", "100"))

pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])

fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, cols, 0, 0))
out = b""
mark = 0
timed_out = False


def read_some(wait):
    global out
    r, _, _ = select.select([fd], [], [], wait)
    if not r:
        return True
    try:
        data = os.read(fd, 65536)
    except OSError:
        return False
    if not data:
        return False
    out += data
    return True


alive = True
for step in steps:
    pattern = re.compile(step["expect"])
    deadline = time.time() + timeout
    while alive:
        m = pattern.search(out.decode("utf-8", "replace"), mark)
        if m:
            mark = m.end()
            break
        if time.time() > deadline:
            timed_out = True
            break
        alive = read_some(0.1)
    if timed_out or not alive:
        break
    time.sleep(float(step.get("delay", 0.15)))
    os.write(fd, step["send"].encode())

deadline = time.time() + timeout
status = 0
while alive and time.time() < deadline:
    alive = read_some(0.1)
    if alive:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            while read_some(0.05):
                pass
            alive = False
            break
if alive:
    timed_out = True
    os.kill(pid, 9)
try:
    _, status = os.waitpid(pid, 0)
except ChildProcessError:
    # Already reaped by the WNOHANG poll above: keep the status it returned.
    pass
code = os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status >> 8
print(json.dumps({"code": code, "output": out.decode("utf-8", "replace"), "timedOut": timed_out}))
