"""Two clerks saving at once, through a real HTTP server: no save may fail ("database is
locked" came from deferred transactions that read, then wrote after another commit)."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from desk_helpers import desk_copy, serving

from mailbot.campaign import decisions
from mailbot.store import Store
from mailbot.web.app import create_app


class Clerk:
    """One browser: its own cookies (session, CSRF token)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = self.opener.open(f"{base}/adoption").read().decode()
        found = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert found
        self.token = found.group(1)

    def decide(self, cid: str, decision: str, reason: str) -> int:
        form = urllib.parse.urlencode({"decision": decision, "reason": reason, "mode": "row", "csrf_token": self.token})
        request = urllib.request.Request(f"{self.base}/comments/{cid}/decision", data=form.encode(),
                                         headers={"HX-Request": "true"})
        try:
            with self.opener.open(request) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return exc.code


def test_forty_concurrent_saves_by_two_clerks_all_succeed(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> None:
    config = desk_copy(tmp_path_factory.getbasetemp(), tmp_path / "desk", password=False)
    store = Store(config.store_path)
    ids = [c["id"] for c in store.comments("status = 'active'")][:20]
    store.close()
    with serving(create_app(config, config.store_path)) as base:
        clerks = [Clerk(base), Clerk(base)]
        jobs = [(clerks[n % 2], ids[n % len(ids)], decisions.DECISIONS[n % 4], f"理由{n}") for n in range(40)]
        with ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(lambda job: job[0].decide(*job[1:]), jobs))
    assert codes == [200] * 40
    store = Store(config.store_path)
    saved = decisions.decisions(store)
    store.close()
    assert set(ids) <= set(saved)
