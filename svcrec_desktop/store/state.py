"""Small application state in the Store: a few named values, such as the session to reopen."""

from __future__ import annotations

from svcrec_desktop.store.connection import Connection


class State:
    """Named values kept between runs (the app_state table)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def get(self, key: str) -> str | None:
        with self.connection.guard():
            found = self.connection.row("select value from app_state where key = ?", [key])
        return found["value"] if found else None

    def set(self, key: str, value: str) -> None:
        with self.connection.writing():
            self.connection.upsert("app_state", {"key": key, "value": value}, ("key",))

    def forget(self, key: str) -> None:
        with self.connection.writing():
            self.connection.execute("delete from app_state where key = ?", [key])
