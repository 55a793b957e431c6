"""Load without a browser (issue 13): Streamlit sessions spoken to over the app's websocket, as a browser would,
but without drawing anything, so that "10 concurrent users" loads the *server* with ten users' script runs while
each user's own drawing happens on their own machine, as in a workshop room.

A :class:`Session` opens ``/_stcore/stream``, asks for a run of the page (``BackMsg.rerun_script`` with the
query string, what the browser sends first), reads the app's messages (``ForwardMsg``) until the run is over,
and notes the id and options of each select slider it was sent. :meth:`Session.step` moves one to another
option (sent as the browser sends it: the option as shown) and waits for that run to end. The server cannot tell
it from a browser: it runs the whole script, builds every element and sends every message.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

EARLY = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN


class Session:
    """One user's session on the app at ``base`` (``http://host:port/``) with ``query`` (``type=…&year=…``)."""

    def __init__(self, base: str, query: str = ""):
        parts = urlsplit(base)
        self.url = f"ws://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"
        self.query = query
        self.sliders: dict[str, tuple[str, list[str]]] = {}  # widget key -> (widget id, its options as shown)
        self.values: dict[str, str] = {}  # widget id -> the option sent (as shown)
        self.bytes = 0
        self.ws = None

    async def open(self) -> float:
        """Connect and run the page once; seconds until the run was over."""
        self.ws = await websockets.connect(self.url, subprotocols=["streamlit"], max_size=None,
                                           origin=f"http://{urlsplit(self.url).netloc}")
        return await self._run()

    async def step(self, key: str, forward: int = 1) -> float:
        """Move the select slider with widget key ``key`` ``forward`` options on (wrapping to the first); seconds
        until the run it starts is over."""
        wid, options = self.sliders[key]
        at = options.index(self.values[wid]) if wid in self.values else 0
        self.values[wid] = options[(at + forward) % len(options)]
        return await self._run()

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def _run(self) -> float:
        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        for wid, option in self.values.items():
            state = msg.rerun_script.widget_states.widgets.add()
            state.id = wid
            state.string_array_value.data.append(option)  # a select slider's value: the option as shown
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        while True:
            payload = await self.ws.recv()
            self.bytes += len(payload)
            fwd = ForwardMsg.FromString(payload)
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                self._note(fwd.delta.new_element)
            elif kind == "script_finished" and fwd.script_finished != EARLY:
                return time.perf_counter() - t0

    def _note(self, element) -> None:
        if element.WhichOneof("type") != "slider" or not element.slider.options:  # select sliders only
            return
        s = element.slider
        self.sliders[s.id.rsplit("-", 1)[-1]] = (s.id, list(s.options))
        if s.id not in self.values and s.default:
            self.values[s.id] = s.options[int(s.default[0])]
