"""A throwaway PostgreSQL server for tests that must run against the real thing.

SQLite hides many of the mistakes this linter is about (it has no real
concurrency, no server-side cursors, lenient typing), so some tests need a
genuine PostgreSQL.  Rather than depend on a server somebody has to set up,
this module starts a private cluster from the PostgreSQL binaries, lets the
tests use it, and destroys it afterwards.  Standard library only, so it can be
imported anywhere (conftest, benchmarks, ad-hoc scripts).
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from urllib.parse import quote, urlsplit, urlunsplit

ENV_VAR = "ASYNC_ORM_LINT_PG_BIN"
TIMEOUT = 60  # seconds; a start-up that takes longer is treated as broken
_REQUIRED = ("initdb", "pg_ctl")


class PostgresUnavailable(Exception):
    """No usable PostgreSQL here; the message says why, so a skip can explain it."""


def _has_binaries(directory: pathlib.Path) -> bool:
    return all(os.access(directory / name, os.X_OK) for name in _REQUIRED)


def find_postgres_bin() -> pathlib.Path | None:
    """Directory holding initdb and pg_ctl, or None.

    An explicit ASYNC_ORM_LINT_PG_BIN wins and is never second-guessed (a
    typo there should show up as a skip, not silently pick another version).
    Debian/Ubuntu keep the server binaries off PATH, under
    /usr/lib/postgresql/<version>/bin, so that is searched before PATH.
    """
    explicit = os.environ.get(ENV_VAR)
    if explicit:
        path = pathlib.Path(explicit)
        return path if _has_binaries(path) else None
    versions = [p / "bin" for p in pathlib.Path("/usr/lib/postgresql").glob("*")]
    versions = [p for p in versions if _has_binaries(p)]
    if versions:
        return max(versions, key=lambda p: [int(n) for n in re.findall(r"\d+", p.parent.name)])
    initdb = shutil.which("initdb")
    if initdb and _has_binaries(pathlib.Path(initdb).parent):
        return pathlib.Path(initdb).parent
    return None


def _as_postgres_user() -> tuple[list[str], pwd.struct_passwd | None]:
    """Command prefix that runs a program as a user the server accepts.

    PostgreSQL refuses to run as root, so root goes through the `postgres`
    system user; anybody else runs the binaries directly.
    """
    if os.geteuid() != 0:
        return [], None
    try:
        user = pwd.getpwnam("postgres")
    except KeyError:
        raise PostgresUnavailable(
            "running as root and there is no 'postgres' user to run the server") from None
    if shutil.which("runuser"):
        return ["runuser", "-u", "postgres", "--"], user
    if shutil.which("su"):
        return ["su", "postgres", "-s", "/bin/sh", "-c"], user
    raise PostgresUnavailable(
        "running as root and neither runuser nor su is available to become 'postgres'")


def _run(prefix: list[str], cmd: list[str], what: str,
         cwd: pathlib.Path | None = None, timeout: float | None = None) -> None:
    """Run one step, turning every way it can go wrong into PostgresUnavailable.

    The step gets its own process group so that a timeout kills everything it
    started (runuser and its child alike), not just the direct child.
    """
    timeout = TIMEOUT if timeout is None else timeout
    argv = prefix + [shlex.join(cmd)] if prefix[:1] == ["su"] else prefix + cmd
    shown = shlex.join(argv)
    try:
        proc = subprocess.Popen(
            argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, start_new_session=True,
        )
    except OSError as exc:
        raise PostgresUnavailable(f"{what} could not be run: {exc}") from None
    try:
        output, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)
        output, _ = proc.communicate()
        raise PostgresUnavailable(
            f"{what} timed out after {timeout:g} s: {shown}\n{output}") from None
    if proc.returncode != 0:
        raise PostgresUnavailable(f"{what} failed (exit {proc.returncode}): {shown}\n{output}")


def _scratch_parent() -> str | None:
    """Where the cluster's directory goes: a RAM-backed file system where there is one.

    Nothing in the cluster needs to reach a disk, and removing the directory
    of a cluster that a test session filled (some 250 MB with its WAL) takes
    seconds to tens of seconds on a busy disk; on ``/dev/shm`` it is instant.
    Elsewhere, the system's temporary directory.
    """
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK) else None


def _free_port() -> int:
    """A loopback port nobody listens on now (a tiny race is accepted)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _conf_value(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _stop(prefix: list[str], bindir: pathlib.Path, data: pathlib.Path, cwd: pathlib.Path) -> None:
    """Best effort, never raises: the server must not outlive the tests."""
    pidfile = data / "postmaster.pid"
    if not pidfile.exists():
        return
    try:
        _run(prefix, [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
             "pg_ctl stop", cwd=cwd)
    except PostgresUnavailable:
        # Kill by hand, but only a process that is provably our postmaster
        # (it runs in the data directory): a stale pid may have been reused.
        with contextlib.suppress(OSError, ValueError, IndexError):
            pid = int(pidfile.read_text().split()[0])
            if os.readlink(f"/proc/{pid}/cwd") == str(data):
                os.kill(pid, signal.SIGKILL)


def _start(prefix: list[str], user: pwd.struct_passwd | None, bindir: pathlib.Path,
           tmp: pathlib.Path, data: pathlib.Path) -> int:
    """Create and start the cluster in `tmp`; return its TCP port."""
    if user is not None:
        os.chown(tmp, user.pw_uid, user.pw_gid)
    # cwd=tmp: after switching user, a cwd like /root would be unreadable.
    _run(prefix, [str(bindir / "initdb"), "--version"],
         "running initdb as the postgres user", cwd=tmp)
    _run(prefix, [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--locale=C", "--no-sync"], "initdb", cwd=tmp)
    port = _free_port()
    settings = {
        "listen_addresses": "127.0.0.1", "port": port, "unix_socket_directories": tmp,
        "fsync": "off", "synchronous_commit": "off", "full_page_writes": "off", "jit": "off",
    }
    with open(data / "postgresql.conf", "a", encoding="utf-8") as conf:  # later lines win
        conf.writelines(f"{key} = {_conf_value(value)}\n" for key, value in settings.items())
    _run(prefix, [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(tmp / "server.log"),
                  "-w", "-t", str(TIMEOUT), "start"], "pg_ctl start", cwd=tmp, timeout=TIMEOUT + 10)
    return port


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Run a brand-new, empty PostgreSQL cluster for the duration of the block.

    Yields ``postgresql+asyncpg://postgres@127.0.0.1:<port>/postgres``.  The
    cluster lives in a fresh temporary directory (in RAM where ``/dev/shm``
    exists), listens only on loopback
    with trust authentication, and trades durability for speed (nothing in
    it needs to survive).  On exit, also after an exception, the server is
    stopped and the directory removed.  Any failure to start raises
    PostgresUnavailable, so callers need to handle only that.
    """
    bindir = find_postgres_bin()
    if bindir is None:
        explicit = os.environ.get(ENV_VAR)
        where = f"{ENV_VAR}={explicit!r} lacks initdb/pg_ctl" if explicit else f"set {ENV_VAR}"
        raise PostgresUnavailable(f"PostgreSQL server binaries not found ({where})")
    prefix, user = _as_postgres_user()
    try:
        tmp = pathlib.Path(tempfile.mkdtemp(prefix="aol-pg-", dir=_scratch_parent()))
    except OSError as exc:
        raise PostgresUnavailable(f"cannot create a temporary directory: {exc}") from None
    data = tmp / "data"
    try:
        try:
            port = _start(prefix, user, bindir, tmp, data)
        except OSError as exc:
            raise PostgresUnavailable(f"start-up failed: {exc}") from None
        yield f"postgresql+asyncpg://postgres@127.0.0.1:{port}/postgres"
    finally:
        _stop(prefix, bindir, data, tmp)
        shutil.rmtree(tmp, ignore_errors=True)


def create_database(url: str, name: str) -> str:
    """Create database `name` on the server at `url` and return a URL for it.

    Gives each test program a clean database on the one shared server, which
    is much cheaper than a server per test.  Raises PostgresUnavailable if
    createdb fails (for example when the name is already taken).
    """
    bindir = find_postgres_bin()
    if bindir is None:
        raise PostgresUnavailable("PostgreSQL binaries not found, cannot run createdb")
    parts = urlsplit(url)
    _run([], [str(bindir / "createdb"), "-h", parts.hostname or "127.0.0.1",
              "-p", str(parts.port or 5432), "-U", parts.username or "postgres", "-w", name],
         f"createdb {name}")
    return urlunsplit(parts._replace(path="/" + quote(name, safe="")))
