"""Run the real app as `make run` does and report every network use, as JSON on stdout.

tests/test_offline.py runs this inside a network namespace with only the loopback (`unshare -n`),
so nothing can leave even if something tries; the report is what tried. The server is
`streamlit run app.py` with nothing but a port on the command line (the rest comes from
.streamlit/config.toml, as for `make run`), under a Python audit hook that records each socket
connect, bind, send and name lookup. A headless Chromium then loads the page, waits for the map
and opens the Stored events tab, recording every request off the loopback.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.benchmarks.browser import free_port, offline_page, wait_healthy  # noqa: E402

# installed in the server's interpreter before Streamlit starts: one JSON line per socket event
AUDIT_HOOK = """
import json, sys
_log = open(sys.argv.pop(1), "a", buffering=1)
def _record(event, args):
    if event in ("socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"):
        _log.write(json.dumps([event, repr(args[1])]) + "\\n")
    elif event == "socket.getaddrinfo":
        _log.write(json.dumps([event, repr(args[0])]) + "\\n")
sys.addaudithook(_record)
import runpy
sys.argv = ["streamlit", *sys.argv[1:]]
runpy.run_module("streamlit", run_name="__main__")
"""
PAGE_DRAWN_S = 120


def main() -> None:
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "sockets.jsonl"
        server = subprocess.Popen(
            [sys.executable, "-c", AUDIT_HOOK, str(log), "run", "app.py", "--server.port", str(port),
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=os.environ, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True)
        external: list[str] = []
        errors: list[str] = []
        page_text, deploy = "", -1
        try:
            base = f"http://127.0.0.1:{port}"
            wait_healthy(server, base)
            with offline_page(external, errors) as page:
                page.goto(base)
                page.wait_for_selector("iframe[title='streamlit_folium.st_folium']",
                                       state="attached", timeout=PAGE_DRAWN_S * 1000)
                page.get_by_role("tab", name="Article").click()
                page.wait_for_timeout(2000)
                deploy = page.locator("[data-testid='stAppDeployButton']").count()
                page_text = page.locator("body").inner_text()
            time.sleep(1)
        finally:
            server.terminate()
            try:
                output, _ = server.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                output, _ = server.communicate()
        events = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    print(json.dumps({"sockets": events, "browser": external, "errors": errors,
                      "server_output": output, "deploy_buttons": deploy,
                      "page_text": page_text}))


if __name__ == "__main__":
    main()
