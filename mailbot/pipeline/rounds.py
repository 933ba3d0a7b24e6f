"""The rounds a mailbox collects for, each with its own store, as the pipeline sees them.

Each round (a `[[campaign]]` table) has a store of its own (mailbot.config.round_store_path):
the first round's is `[store] path`, and it also holds every message of the mailbox, so a
message is known once whichever round it answers. parsers.mail.rounds decides which round(s) a
message answers; this module opens the stores and says what each one records.
"""

from __future__ import annotations

import dataclasses

from mailbot.config import Config
from mailbot.pipeline.convert import convert_legacy
from mailbot.pipeline.reading import Outcome
from mailbot.store import Store
from parsers.mail.relevance import Relevance
from parsers.reply import Campaign, Reading
from parsers.mail.rounds import Round

ARCHIVED = "archived"  # a round kept to be read: nothing new is filed to it


class RoundStores:
    """The configured rounds' stores: the caller's (its config's round: the first round's when
    the whole mailbox is read), the others opened here. `only`: a message read again for one
    round is still routed among all, but recorded in the caller's store alone."""

    def __init__(self, config: Config, first: Store, *, only: bool = False) -> None:
        self.configs = {c.round_name: c for c in config.each_round()} or {config.round_name: config}
        self.first = config.round_name
        self.only = only
        self.stores = {self.first: first}
        for name, round_config in self.configs.items():
            if name != self.first and round_config.round_state != ARCHIVED:
                self.stores[name] = Store(round_config.store_path)
        self.titles = {name: c.title for name, c in self.configs.items()}

    def routes(self) -> tuple[Round, ...]:
        """What each open round's replies are read against (its draft and roster, from its store);
        every round archived: the first's, so mail is still read and kept."""
        open_rounds = [name for name in self.stores if self.configs[name].round_state != ARCHIVED] or [self.first]
        return tuple(self._route(name, self.stores[name]) for name in open_rounds)

    def _route(self, name: str, store: Store) -> Round:
        config = self.configs[name]
        campaign = Campaign(store.draft(), store.roster(), config.own_address, convert_legacy, config.limits,
                            thread_ids=frozenset(config.notice_ids) | store.reply_ids())
        return Round(name, config.title or campaign.draft.title, campaign)

    def others(self) -> list[tuple[str, Store, Config]]:
        """The rounds besides the caller's that a message is recorded in, with their stores and configs."""
        if self.only:
            return []
        return [(name, store, self.configs[name]) for name, store in self.stores.items() if name != self.first]

    def close(self) -> None:
        for name, store in self.stores.items():
            if name != self.first:
                store.close()


def reading_for(outcome: Outcome, name: str) -> Reading | None:
    """The message as this round reads it, when routing filed it there (one round: always)."""
    routing = outcome.routing
    if routing is None:
        return outcome.reading
    return next((r.reading for r in routing.routed if r.round == name), None)


def elsewhere(outcome: Outcome, titles: dict[str, str]) -> Reading:
    """The first round's record of a message it does not answer: no reply to any round (its
    reading says why), or a reply to others (named, without their comments, which are theirs)."""
    assert outcome.reading is not None
    routing = outcome.routing
    if routing is None or not routing.routed:
        return outcome.reading
    named = "、".join(f"《{titles.get(r.round, r.round)}》" for r in routing.routed)
    why = f"是对另一轮{named}的回复"
    return dataclasses.replace(
        routing.routed[0].reading, kind="ignore", kind_reason=why, relation=None, comments=(),
        relevance=Relevance("not", 0, (why,)), proposed_kind=None, review="", answered_for=(),
    )
