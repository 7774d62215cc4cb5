"""The diagrams of a PDF underlag, handed to WeasyPrint from memory rather than as data URIs.

A data URI makes WeasyPrint's HTML parser walk the picture's base64 text character by character, and for
every PDF it writes WeasyPrint decodes each PNG and encodes it again (a fifth of the time gate 6's PDF
took). Here the HTML names each picture by the MD5 of its bytes (`coach-diagram:<md5>`), `Diagrams` serves
those bytes and nothing else, and `prepared` hands WeasyPrint the pictures already opened, as `Diagram`s:
a picture's PDF stream is then encoded once per content and process, the same bytes WeasyPrint would
encode anew each time.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from collections.abc import Mapping

from weasyprint.images import RasterImage
from weasyprint.urls import URLFetcher, URLFetcherResponse

SCHEME = "coach-diagram"
_KEEP = 16  # encoded streams kept (a few hundred kB each): the pictures of a few processes
_ENCODED: OrderedDict[tuple[str, str], bytes] = OrderedDict()
_LOCK = threading.Lock()


class Diagrams(URLFetcher):
    """Serves `coach-diagram:<md5>` from `pictures` (MD5 -> PNG bytes); any other URL is refused, so a
    render never reads a file or the network."""

    def __init__(self, pictures: Mapping[str, bytes]):
        super().__init__(allowed_protocols=[SCHEME])
        self._pictures = pictures

    def fetch(self, url, headers=None):
        scheme, _, digest = url.partition(":")
        if scheme != SCHEME or digest not in self._pictures:
            raise ValueError(f"not served: {url[:80]}")
        return URLFetcherResponse(url, self._pictures[digest], {"Content-Type": "image/png"})


class Diagram(RasterImage):
    """A PNG whose PDF stream data (WeasyPrint's own re-encoding of it) is made once per content."""

    def _get_png_data(self, pillow_image):  # WeasyPrint calls it through the instance
        key = (self.id, pillow_image.mode)
        with _LOCK:
            if key in _ENCODED:
                _ENCODED.move_to_end(key)
                return _ENCODED[key]
        data = RasterImage._get_png_data(pillow_image)
        with _LOCK:
            _ENCODED[key] = data
            while len(_ENCODED) > _KEEP:
                _ENCODED.popitem(last=False)
        return data


def prepared(pictures: Mapping[str, bytes]) -> dict:
    """WeasyPrint's image cache for one render, holding each picture as a `Diagram` under its URL."""
    from PIL import Image

    cache: dict = {}
    for digest, png in pictures.items():
        cache[f"{SCHEME}:{digest}"] = Diagram(Image.open(io.BytesIO(png)), digest, png, cache=cache)
    return cache
