"""Reports: records in, bytes or text out (no disk, network, clock or logging)."""
