"""`python -m bot db`: a bad revision in one line, nothing made by a read, no warnings (issue 16)."""

import warnings

from bot.__main__ import main
from db import migrate


def test_an_unknown_revision_is_one_line(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/cli.db")
    assert main(["db", "upgrade", "zzz"]) == 2
    captured = capsys.readouterr()
    lines = (captured.err + captured.out).strip().splitlines()
    assert len(lines) == 1 and "no such revision" in lines[0].lower() and "zzz" in lines[0]
    assert migrate.head_revision() in lines[0]


def test_current_on_a_missing_sqlite_file_creates_nothing(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/typo/bot.db")
    assert main(["db", "current"]) == 1
    err = capsys.readouterr().err
    assert "no database" in err.lower() and "typo/bot.db" in err
    assert list(tmp_path.iterdir()) == []


def test_a_fresh_migration_warns_nothing(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/fresh.db")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert main(["db", "upgrade"]) == 0
        assert main(["db", "downgrade", "base"]) == 0
    assert [str(w.message) for w in caught] == []
