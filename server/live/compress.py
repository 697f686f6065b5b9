"""The first sync, gzip'd for a client that can inflate it.

The socket carries no compression of its own (permessage-deflate costs each connection
its two zlib windows for its whole life, see ``server/delivery.py``), but a first sync is
the one big message: a whole workshop's snapshot, mostly persona cards and sessions in
several languages, ~55 KB of JSON for a small workshop. On a phone's slow connection its
bytes are a second of waiting; gzip'd they are about a third. A client that says so in its
connect auth (``gzip: true``, a browser with ``DecompressionStream``) gets the sync as one
Socket.IO binary payload, gzip'd JSON; every other client, and every later message, stays
JSON as before. The compressor lives only for the call.
"""

from __future__ import annotations

import gzip

from flask import current_app

# Below this the saving is less than a packet and not worth a client's inflating.
MIN_SIZE = 1024
# Level 6: within 1 % of level 9 on a snapshot, in half the time.
LEVEL = 6


def sync_message(payload: dict, gzip_ok: bool) -> dict | bytes:
    """``payload`` as the ``sync`` event carries it: the dict itself, or its JSON gzip'd
    when the client can inflate it and that saves something."""
    if not gzip_ok:
        return payload
    text = current_app.json.dumps(payload).encode("utf-8")
    if len(text) < MIN_SIZE:
        return payload
    return gzip.compress(text, LEVEL, mtime=0)
