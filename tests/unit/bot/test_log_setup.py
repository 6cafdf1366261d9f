"""LOG_FORMAT=json: one JSON object per log line, tracebacks and extras included."""

import json
import logging

import pytest

from bot.log_setup import setup_logging


@pytest.fixture
def restore_logging():
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_json_format_writes_one_object_per_line(capsys, restore_logging):
    setup_logging("INFO", "json")
    log = logging.getLogger("tablebot.test")
    log.info("Synced %d commands", 41, extra={"shard": 3})
    try:
        raise ValueError("bad\nvalue")
    except ValueError:
        log.exception("It broke")
    log.debug("not shown at INFO")
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["message"] == "Synced 41 commands" and first["level"] == "INFO" and first["shard"] == 3
    assert first["logger"] == "tablebot.test" and first["time"].endswith("+00:00")
    assert second["level"] == "ERROR" and "ValueError: bad" in second["exception"]


def test_text_format_stays_the_default(capsys, restore_logging):
    setup_logging("INFO")
    logging.getLogger("tablebot.test").warning("plain")
    err = capsys.readouterr().err
    assert "WARNING  tablebot.test: plain" in err
    with pytest.raises(json.JSONDecodeError):
        json.loads(err)
