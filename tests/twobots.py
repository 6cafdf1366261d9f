"""A second bot process, for tests of several processes on one database.

simcord runs one live environment per event loop, so the second bot gets a thread and a loop
of its own: its own engine, pool, caches and cache bus, as another process would have. The
test drives it with ``await other.run(lambda env: ...)``, which runs in that loop.
"""

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any

import simcord

from bot.app import create_bot
from bot.config import Settings
from rules.errors import DomainError

# The bound: a change in one process is seen by the others within this many seconds.
PROPAGATION = 1.0


class OtherProcess:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.loop: asyncio.AbstractEventLoop | None = None
        self.env: Any = None
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._main, name="other-bot", daemon=True)

    def _main(self) -> None:
        asyncio.run(self._serve())

    async def _serve(self) -> None:
        self.loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        try:
            # The first bot synced the commands (the hash is shared): this one never does.
            async with simcord.run(create_bot(self.settings), strict_sync=False) as env:
                self.env = env
                self._ready.set()
                await self._stop.wait()
                await env.bot.close()
        except BaseException as error:
            self._failure = error
            self._ready.set()

    async def start(self) -> "OtherProcess":
        self._thread.start()
        await asyncio.to_thread(self._ready.wait)
        if self._failure is not None:
            raise self._failure
        return self

    async def run[T](self, action: Callable[[Any], Awaitable[T]]) -> T:
        """``action(env)`` in the other bot's loop, as a driver of its simcord environment.

        Domain errors the bot captured (replies such as "no spell named …") are acknowledged.
        """
        assert self.loop is not None

        async def driven() -> T:
            with self.env.time_context():
                result = await action(self.env)
            # Refusals a member reads (asserted by their text) are expected; anything else fails.
            bugs = [e for e in self.env.errors if not isinstance(getattr(e, "original", e), DomainError)]
            if bugs:
                raise bugs[0]
            return result

        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(driven(), self.loop))

    async def stop(self) -> None:
        if self.loop is not None and self._stop is not None and self._thread.is_alive():
            self.loop.call_soon_threadsafe(self._stop.set)
        await asyncio.to_thread(self._thread.join, 30)
        if self._failure is not None:
            raise self._failure


async def eventually[T](check: Callable[[], Awaitable[T]], within: float = PROPAGATION) -> T:
    """``check()``'s first true answer, polled until ``within`` seconds have passed (then fail)."""
    deadline = time.perf_counter() + within
    while True:
        answer = await check()
        if answer:
            return answer
        if time.perf_counter() > deadline:
            raise AssertionError(f"not seen within {within} s; last answer: {answer!r}")
        await asyncio.sleep(0.01)
