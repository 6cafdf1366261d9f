"""`python -m bot demo`: the CLI, and the bot without the demo extra."""

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from bot.__main__ import main

ROOT = Path(__file__).parents[2]


@pytest.fixture(autouse=True)
def restore_logging():
    """main() sets the process's log levels; later tests expect their own."""
    levels = {name: logging.getLogger(name).level for name in ("", "discord")}
    yield
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def test_script_plays_the_sample_session_and_exits_0(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)  # no .env; the demo's database lives in a temporary directory
    assert main(["demo", "--script", str(ROOT / "examples" / "demo-session.txt")]) == 0
    out = capsys.readouterr().out
    assert "gm> /npc history npc:Old Tom" in out and "┌ Old Tom: history (3 entries)" in out
    assert list(tmp_path.iterdir()) == []


def test_a_missing_script_is_named(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert main(["demo", "--script", "nowhere.txt"]) == 2
    assert "No script at nowhere.txt" in capsys.readouterr().err


def test_without_simcord_it_says_how_to_install_it(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "simcord", None)  # import simcord now fails
    monkeypatch.delitem(sys.modules, "bot.demo.session", raising=False)
    assert main(["demo"]) == 2
    err = capsys.readouterr().err
    assert "pip install -e '.[demo]'" in err and "make demo" in err


def test_the_bot_imports_and_parses_its_cli_without_simcord(tmp_path):
    blocked = (
        "import sys; sys.modules['simcord'] = None\n"
        "import importlib, pkgutil, bot.__main__, bot.app, cogs\n"
        "for module in pkgutil.iter_modules(cogs.__path__): importlib.import_module('cogs.' + module.name)\n"
        "bot.__main__.build_parser().parse_args(['demo'])\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", blocked],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
