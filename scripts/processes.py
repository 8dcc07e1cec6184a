"""Stopping the servers and workers that tests, the load test and the scripts start."""

import os
import signal
import subprocess


def stop(process: subprocess.Popen, signum: int = signal.SIGTERM, *, group: bool = False, grace: float = 30) -> None:
    """Sends ``signum`` (to the process group when ``group``; the process must then lead one, start_new_session=True),
    waits ``grace`` seconds, then kills. A process that has already ended is only reaped."""
    if process.poll() is None:
        if group:
            os.killpg(process.pid, signum)
        else:
            process.send_signal(signum)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        if group:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.wait(10)
