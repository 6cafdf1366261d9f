"""`python -m bot`: the token check, configuration errors and the db subcommands."""

import subprocess
import sys
from pathlib import Path

from bot.__main__ import main
from db import migrate


def test_without_a_token_it_exits_2_with_one_line_saying_how(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    assert main([]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "DISCORD_TOKEN" in err and ".env" in err


def test_invalid_configuration_exits_2_naming_the_variable(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", "mysql://nope")
    assert main(["db", "current"]) == 2
    assert "DATABASE_URL" in capsys.readouterr().err


def test_db_subcommands_migrate_a_fresh_database(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/nested/cli.db")
    assert main(["db", "current"]) == 1  # no file yet, and a read makes none
    assert "no database" in capsys.readouterr().err
    assert main(["db", "upgrade"]) == 0
    assert f"at revision {migrate.head_revision()}" in capsys.readouterr().out
    assert main(["db", "downgrade", "base"]) == 0
    assert "base (empty)" in capsys.readouterr().out
    assert (tmp_path / "nested" / "cli.db").exists()


def test_srd_import_seeds_and_reimport_changes_nothing(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/srd.db")
    assert main(["srd", "import", "--ruleset", "2014"]) == 0
    assert "SRD 2014: 319 added, 0 updated, 0 removed" in capsys.readouterr().out
    assert main(["srd", "import"]) == 0
    out = capsys.readouterr().out
    assert "SRD 2014: 0 added, 0 updated, 0 removed" in out
    assert "SRD 2024: 339 added" in out


def test_module_entry_point_runs_as_a_process(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).parents[3])},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "DISCORD_TOKEN is not set" in result.stderr


def test_an_unparseable_database_url_exits_2_with_one_line(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", "::not a url:hunter2")
    assert main(["db", "current"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "DATABASE_URL" in err
    assert "hunter2" not in err and "Traceback" not in err


def test_a_database_that_refuses_connections_is_said_in_one_line(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    # Port 1 on loopback: nothing listens, the kernel refuses at once.
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://admin:hunter2@127.0.0.1:1/table")
    assert main(["db", "current"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith("The database at postgresql+asyncpg://admin:***@127.0.0.1:1/table is not answering")
    assert "hunter2" not in err


async def _frozen_cli(port: int, tmp_path: Path) -> tuple[int | None, str]:
    import asyncio

    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(Path(__file__).parents[3]),
        "DATABASE_URL": f"postgresql+asyncpg://postgres@127.0.0.1:{port}/test",
        "DB_CONNECT_TIMEOUT": "0.5",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "srd", "import", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    # Without the settings' connect timeout the command would wait for the server for ever.
    _, err = await asyncio.wait_for(process.communicate(), timeout=60)
    return process.returncode, err.decode()


async def test_a_database_that_does_not_answer_ends_the_command_within_its_connect_timeout(tmp_path):
    from tests.faults.proxy import FreezingProxy

    proxy = await FreezingProxy("127.0.0.1", 5432).start()
    proxy.freeze()
    try:
        returncode, stderr = await _frozen_cli(proxy.port, tmp_path)
    finally:
        await proxy.close()
    assert returncode == 1
    assert len(stderr.strip().splitlines()) == 1
    assert "is not answering" in stderr


def test_the_command_line_takes_its_database_bounds_from_the_settings(monkeypatch, tmp_path):
    import bot.app

    seen = []
    real = bot.app.create_engine
    monkeypatch.setattr(bot.app, "create_engine", lambda url, **kw: seen.append(kw) or real(url, **kw))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/bounds.db")
    monkeypatch.setenv("DB_CONNECT_TIMEOUT", "7")
    monkeypatch.setenv("DB_POOL_TIMEOUT", "3")
    assert main(["db", "upgrade"]) == 0
    (options,) = seen
    timeouts = options["timeouts"]
    assert (timeouts.connect, timeouts.pool) == (7, 3)
    # A migration or an SRD import may run longer than a command is allowed to.
    assert (timeouts.statement, timeouts.lock) == (None, None)
