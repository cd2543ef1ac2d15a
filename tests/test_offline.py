"""Offline for real: the app as `make run` starts it asks nothing of the network, listens on
the loopback only and shows no Deploy button (tests/offline_probe.py does the run)."""
from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from geo.benchmarks.browser import missing
from geo.intake import ingest
from geo.ui import upload

ROOT = Path(__file__).resolve().parent.parent
PROBE = ROOT / "tests" / "offline_probe.py"
LOCAL_HOSTS = ("127.", "'localhost'", "'::1'", "None")


def _cut_off() -> list[str]:
    """The probe's command: in a namespace whose only network is the loopback when this
    machine allows one (root with unshare), else as it is (the audit hook still records)."""
    probe = [sys.executable, str(PROBE)]
    if os.geteuid() == 0 and shutil.which("unshare") and shutil.which("ip"):
        return ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$0" "$@"', *probe]
    return probe


def _is_local(address: str) -> bool:
    """An address as the audit hook recorded it (repr): a loopback host, or a Unix socket path."""
    try:
        value = ast.literal_eval(address)
    except (ValueError, SyntaxError):
        return False
    if value is None or isinstance(value, (str, bytes)):  # a host name, or a Unix socket's path
        return value in (None, "localhost", b"localhost") or str(value).startswith(("127.", "/", "::1"))
    host = str(value[0])
    return host in ("localhost", "::1", "") or host.startswith("127.")


@pytest.mark.browser
def test_the_app_makes_no_connection_off_the_loopback_and_listens_on_it_only() -> None:
    if missing():
        pytest.fail(f"{missing()}; this test does not skip")
    run = subprocess.run(_cut_off(), cwd=ROOT, capture_output=True, text=True, timeout=400)
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    sockets = report["sockets"]
    assert any(event == "socket.bind" for event, _ in sockets), "the audit hook recorded nothing"
    off = [(event, where) for event, where in sockets if not _is_local(where)]
    assert off == [], f"the server tried the network: {off}"
    binds = [where for event, where in sockets if event == "socket.bind"]
    assert all(_is_local(b) for b in binds), f"listens beyond the loopback: {binds}"
    assert report["browser"] == [], f"the page asked the network: {report['browser']}"
    assert "Network URL" not in report["server_output"]
    assert "External URL" not in report["server_output"]
    assert report["deploy_buttons"] == 0 and "Deploy" not in report["page_text"]


def test_the_config_binds_the_loopback_and_states_the_real_upload_limit() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["toolbarMode"] == "viewer"
    # the uploader's hint is Streamlit's maxUploadSize: it must be the limit the app applies
    assert config["server"]["maxUploadSize"] == upload.MAX_UPLOAD_MB == ingest.MAX_FILE_BYTES // 2**20
    makefile = (ROOT / "Makefile").read_text()
    assert "ADDRESS ?= 127.0.0.1" in makefile and "--server.address $(ADDRESS)" in makefile
