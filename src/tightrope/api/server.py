"""Running the app on loopback inside this process, for tests and the load benchmark.

    with LocalServer(create_app("tightrope.duckdb")) as server:
        httpx.get(server.url + "/api/events")

The server binds 127.0.0.1 on a free port in a background thread and is shut down (and
the thread joined) on exit.
"""
from __future__ import annotations

import socket
import threading
import time
from typing import Any


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LocalServer:
    def __init__(self, app: Any, port: int | None = None, startup_timeout: float = 30.0) -> None:
        import uvicorn

        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = uvicorn.Server(uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on"))
        self._thread = threading.Thread(target=self._server.run, name="tightrope-api", daemon=True)
        self._timeout = startup_timeout

    def start(self) -> "LocalServer":
        self._thread.start()
        deadline = time.monotonic() + self._timeout
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError(f"the server on port {self.port} did not start")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the server on port {self.port} did not start"
                                   f" in {self._timeout}s")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def __enter__(self) -> "LocalServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
