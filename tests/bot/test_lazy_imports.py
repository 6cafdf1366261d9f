"""Start-up does not pay for what only some commands use."""

import subprocess
import sys


def test_loading_every_cog_does_not_import_matplotlib():
    code = (
        "import sys, importlib\n"
        "from bot.app import extension_names\n"
        "for name in extension_names(): importlib.import_module(name)\n"
        "print('matplotlib' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False", done.stderr
