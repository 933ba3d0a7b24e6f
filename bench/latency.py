"""Receipt latency: with the daemon idling (IMAP IDLE), APPEND one reply and time until its
receipt reaches the SMTP server. Median and max over 20 replies.

    python bench/latency.py [--replies 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from benchlib import PYTHON, save, synthetic_replies, table, write_imap_config
from servers import DovecotServer, SmtpServer, wait_until


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=20)
    count = parser.parse_args().replies
    dovecot, smtp = DovecotServer(), SmtpServer()
    dovecot.start()
    smtp.start()
    dovecot.add_user("latency@bench.example", "bench")
    latencies: list[float] = []
    with tempfile.TemporaryDirectory(prefix="mailbot-latency-") as work:
        config = write_imap_config(Path(work), dovecot.port, "latency@bench.example", smtp_port=smtp.port)
        env = {**os.environ, "BENCH_IMAP_PASSWORD": "bench"}
        subprocess.run([PYTHON, "-m", "mailbot", "--config", str(config), "init"], env=env, check=True, capture_output=True)
        daemon = subprocess.Popen([PYTHON, "-m", "mailbot", "--config", str(config), "run"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = dovecot.client("latency@bench.example", "bench")
        try:
            time.sleep(3)  # started, connected, idling
            for n, raw in enumerate(synthetic_replies(count, seed=11), start=1):
                started = time.perf_counter()
                client.append("INBOX", raw)
                if not wait_until(lambda: len(smtp.messages) >= n, timeout=30, interval=0.01):
                    raise SystemExit(f"no receipt for reply {n} within 30 s")
                latencies.append(time.perf_counter() - started)
                time.sleep(0.5)  # let it go back to IDLE
        finally:
            client.logout()
            daemon.terminate()
            daemon.wait(30)
            smtp.stop()
            dovecot.close()
    result = {"replies": count, "median_s": round(statistics.median(latencies), 3), "max_s": round(max(latencies), 3),
              "min_s": round(min(latencies), 3), "all_s": [round(x, 3) for x in latencies]}
    print(table(["replies", "median_s", "max_s", "min_s"], [[count, result["median_s"], result["max_s"], result["min_s"]]]))
    print("saved", save("latency", result))


if __name__ == "__main__":
    main()
