"""`python -m bot demo`: the real bot on a simulated Discord (simcord), played from the terminal.

Nothing here is imported by the bot itself: `bot/__main__.py` imports `bot.demo.session` only
when the demo runs, so the bot installs and runs without the `demo` extra. The modules:
`catalog` (the command tree, walked by name), `parse` (one typed line into an action),
`options` (typed option values), `render` (a message as text), `session` (the table and the loop).
"""
