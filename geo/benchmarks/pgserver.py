"""A throwaway PostgreSQL server for the tests and the scale benchmark: Debian's binaries,
`initdb` + `pg_ctl` in a temporary folder, listening on 127.0.0.1 only, removed on exit.

As root the server runs as the `postgres` user (PostgreSQL refuses root); elsewhere as the
current user. `PostgresServer.find()` says why no server can be started (a one-line reason
with the install command) instead of raising.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

INSTALL_HINT = "run `make postgres-deps` (as root: apt-get install postgresql postgresql-postgis)"
TEMPLATE = "newsmap_template"  # a database with PostGIS created once; each test copies it


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def missing() -> str | None:
    """Why no throwaway server can start here, or None when one can."""
    if _bin_dir() is None:
        return f"PostgreSQL is not installed: {INSTALL_HINT}"
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return f"running as root without a `postgres` user to run the server: {INSTALL_HINT}"
    try:
        import psycopg  # noqa: F401 - the driver of postgresql+psycopg:// URLs
    except ImportError:
        return "psycopg is not installed: run `make venv` (requirements.txt pins it)"
    return None


def postgis_available() -> bool:
    """Are PostGIS's extension files installed beside the server?"""
    bin_dir = _bin_dir()
    if bin_dir is None:
        return False
    version = bin_dir.parent.name
    return bool(glob.glob(f"/usr/share/postgresql/{version}/extension/postgis.control"))


def backend_cpu_seconds(pid: int) -> float:
    """CPU time used so far by one server process (a connection's backend; Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PostgresServer:
    """A running throwaway server; `url(db)` is a SQLAlchemy URL of one of its databases."""

    folder: Path
    port: int
    bin_dir: Path
    durable: bool = False

    @classmethod
    def start(cls, *, durable: bool = False) -> PostgresServer:
        """Start a new server; `durable` keeps fsync on (the benchmark), off for the tests."""
        reason = missing()
        if reason:
            raise RuntimeError(reason)
        bin_dir = _bin_dir()
        assert bin_dir is not None
        folder = Path(tempfile.mkdtemp(prefix="newsmap-pg-"))
        server = cls(folder, _free_port(), bin_dir, durable)
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
        server._run("initdb", "-D", str(folder / "data"), "-U", "postgres", "--auth=trust",
                    "-E", "UTF8", "--locale=C.UTF-8")
        options = (f"-c listen_addresses=127.0.0.1 -c port={server.port} "
                   f"-c unix_socket_directories={folder} -c max_connections=100")
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        server._run("pg_ctl", "-D", str(folder / "data"), "-l", str(folder / "log"), "-w",
                    "-o", options, "start")
        return server

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin_dir / tool), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode:
            raise RuntimeError(f"{tool} failed: {done.stderr.strip() or done.stdout.strip()}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str, *, postgis: bool = True) -> str:
        """A new empty database (with PostGIS when asked and installed); its URL."""
        import psycopg  # lazy: the driver is only needed when a server runs

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            if postgis and postgis_available():
                exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (TEMPLATE,)).fetchone()
                if not exists:
                    conn.execute(f'CREATE DATABASE "{TEMPLATE}"')
                    with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres "
                                         f"dbname={TEMPLATE}", autocommit=True) as tmpl:
                        tmpl.execute("CREATE EXTENSION postgis")
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')
            else:
                conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
