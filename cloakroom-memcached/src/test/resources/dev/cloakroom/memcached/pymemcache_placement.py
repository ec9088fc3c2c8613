"""What Django's PyMemcacheCache and pymemcache compute, for Cloakroom's placement tests.

Reads one JSON object from stdin and writes one to stdout:
  {"hash": [[text, seed], ...], "locations": [LOCATION, ...], "keys": [key, ...]}
  -> {"hash": [murmur3_32(text, seed), ...], "placements": [[server name for each key], one list per LOCATION]}

A LOCATION is the string a Django settings file would hold ('h1:p1;h2:p2' or 'h1:p1,h2:p2'); the client is the
HashClient Django's PyMemcacheCache builds from it, with Django's options. A key is the Memcached key as sent,
make_key already applied, as Django hands it to the client. Building the client connects to nothing.
"""
import json
import sys

from django.conf import settings

settings.configure()

from django.core.cache.backends.memcached import PyMemcacheCache  # noqa: E402
from pymemcache.client.murmur3 import murmur3_32  # noqa: E402

request = json.load(sys.stdin)
answer = {"hash": [murmur3_32(text, seed) for text, seed in request.get("hash", [])], "placements": []}
for location in request.get("locations", []):
    client = PyMemcacheCache(location, {})._cache
    answer["placements"].append(
        [client._make_client_key(client._get_client(key).server) for key in request.get("keys", [])])
json.dump(answer, sys.stdout)
