"""``make run``: the portal on http://127.0.0.1:8000 against moto, with demo data and the scheduler.

Everything runs in this one process: moto's server (the embedded AWS, with infra/template.yaml
deployed through its CloudFormation), the portal (the same Flask app Zappa serves on Lambda) and a
clock that calls the scheduled functions on the schedules zappa_settings.json gives them.
Ctrl-C stops all of it.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import signal
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNITS = {"minute": 60, "minutes": 60, "hour": 3600, "hours": 3600, "day": 86400, "days": 86400}


def schedules(stage: str = "dev") -> list[tuple[str, float]]:
    """(function path, seconds) for each scheduled event of the Zappa stage."""
    settings = json.loads((ROOT / "zappa_settings.json").read_text())
    events = settings[stage].get("events", [])
    found = []
    for event in events:
        match = re.fullmatch(r"rate\((\d+) (\w+)\)", event.get("expression", ""))
        if match:
            found.append((event["function"], int(match[1]) * UNITS[match[2]]))
    return found


def call(function_path: str) -> None:
    module_name, name = function_path.rsplit(".", 1)
    handler = getattr(importlib.import_module(module_name), name)
    event = {
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "resources": [f"arn:aws:events:local:000000000000:rule/{function_path}"],
    }
    try:
        handler(event, None)
    except Exception as exc:  # the handler logged it; the clock keeps ticking
        print(f"  scheduled {function_path} failed: {exc}")


def clock(stop: threading.Event, tick_override: float | None) -> None:
    jobs = [(path, tick_override or seconds) for path, seconds in schedules()]
    next_run = dict.fromkeys((path for path, _ in jobs), 0.0)
    while not stop.is_set():
        now = time.monotonic()
        for path, every in jobs:
            if now >= next_run[path]:
                call(path)
                next_run[path] = now + every
        stop.wait(1.0)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main() -> None:
    # Ctrl-C and a plain `kill` both stop everything, even when started from a script.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    port = int(os.environ.get("PORT", "8000"))
    aws_port = int(os.environ.get("MOTO_PORT", "4566"))
    tick = float(os.environ["LOCAL_TICK_SECONDS"]) if os.environ.get("LOCAL_TICK_SECONDS") else None

    from local import demo, emulator, pump, simulate

    print("Starting the embedded AWS (moto) and deploying infra/template.yaml ...")
    env = emulator.start(port=aws_port, stack_name="portal-local")
    # Plain HTTP on loopback: the session cookie cannot be Secure here (it is in AWS).
    os.environ["SESSION_COOKIE_SECURE"] = "0"
    # A fresh embedded AWS starts at today's date; `make simulate` moves this clock forward.
    simulate.STATE.mkdir(exist_ok=True)
    simulate.CLOCK_FILE.write_text("0\n")
    os.environ["CLOCK_FILE"] = str(simulate.CLOCK_FILE)
    os.environ["OUTBOX_PAGE"] = "1"
    os.environ["PORTAL_URL"] = f"http://127.0.0.1:{port}"
    simulate.save_env({**env, "CLOCK_FILE": os.environ["CLOCK_FILE"], "PORTAL_URL": os.environ["PORTAL_URL"]})

    from werkzeug.serving import make_server

    from app import create_app

    app = create_app()  # also binds the models to the stack's table, which the seed writes to
    users = demo.seed(env, app.extensions["portal.services"])
    server = make_server("127.0.0.1", port, app, threaded=True)
    stop = threading.Event()
    ticker = threading.Thread(target=clock, args=(stop, tick), daemon=True)
    ticker.start()
    pump.start(env["ACTIONS_QUEUE_URL"], stop)

    print(f"\n  Portal:  http://127.0.0.1:{port}/")
    for email, password in users:
        print(f"  Sign in: {email}  /  {password}")
    link, postcode = demo.debtor_link(app.extensions["portal.services"], f"http://127.0.0.1:{port}")
    if link:
        print(f"  Debtor:  {link}  (confirm with postal code {postcode})")
    print(f"  Outbox:  http://127.0.0.1:{port}/outbox  (what the engine sent)")
    print("  Time:    `make simulate DAYS=30` in another terminal moves the clock forward")
    print(f"  AWS:     {env['AWS_ENDPOINT_URL']} (moto)   Ctrl-C stops everything.\n")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
        emulator.stop()
        simulate.ENV_FILE.unlink(missing_ok=True)
        print("Stopped.")


if __name__ == "__main__":
    main()
