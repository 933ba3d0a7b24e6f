"""Each round's store, opened as the round it belongs to.

A round's store remembers its round's name (meta `round`), so a config whose rounds were
reordered or renamed is told, not served another round's replies. A store made before rounds
(or by a single [campaign]) is named "default": it becomes the first round's under whatever
name the config now gives it, so a store carries forward when a second round is added.
"""

from __future__ import annotations

from mailbot.config import DEFAULT_ROUND, Config
from mailbot.errors import StoreError
from mailbot.store import Store

ROUND_KEY = "round"


def open_round_store(config: Config, *, create: bool = False) -> Store:
    store = Store(config.store_path, create=create)
    held = store.meta(ROUND_KEY)
    first = not config.rounds or config.rounds[0].name == config.round_name
    if held and held != config.round_name and not (held == DEFAULT_ROUND and first):
        store.close()
        raise StoreError(
            f"store {config.store_path} holds the round {held!r}, but the config names it {config.round_name!r}: "
            "the first [[campaign]] keeps [store] path and each other round its own file; "
            "put the rounds back in their order and names"
        )
    if held != config.round_name:
        store.set_meta(ROUND_KEY, config.round_name)
    return store
