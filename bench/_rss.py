"""Run a command; print {"seconds": wall time, "rss_mb": its peak resident set} as JSON."""

import json
import resource
import subprocess
import sys
import time

start = time.perf_counter()
done = subprocess.run(sys.argv[1:], check=False)
seconds = time.perf_counter() - start
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
if done.returncode != 0:
    sys.exit(done.returncode)
print(json.dumps({"seconds": round(seconds, 3), "rss_mb": round(peak_kb / 1024, 1)}))
