"""A consultancy's logo, from an upload to a PNG the portal made itself (issue #18).

The upload is hostile input: it is read by Pillow and later drawn by WeasyPrint on every report.
The checks run cheapest first, so a bad file costs as little as it can:

1. the declared size, then the bytes actually read (at most LOGO_MAX_BYTES + 1);
2. Pillow reads the header only (`Image.open` is lazy): PNG or JPEG by their content, whatever
   the file is called (SVG is never accepted: it may hold scripts and fetch URLs), and the
   pixel size (each side and the product) before a pixel is decoded, so a small file that
   declares a huge image (a decompression bomb) is refused without decoding it;
3. `verify()` walks the file's structure (PNG chunk checksums), catching a valid header
   followed by garbage;
4. the pixels are decoded and written anew as PNG, so nothing the upload carried besides them
   survives (EXIF and text chunks, a zip or script glued on behind the image: "polyglots").

Every refusal is a ValidationError with a message for the person uploading.
"""

from __future__ import annotations

import io
import struct
import warnings
import zlib
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

LOGO_MAX_BYTES = 512 * 1024
LOGO_MAX_SIDE = 2000
# Stored (and embedded in every report) at most this wide or high: about 5 cm at 300 dpi.
LOGO_STORED_SIDE = 600
LOGO_FORMATS = ("PNG", "JPEG")
# What Pillow raises on a malformed file, besides its own errors: a refusal, never a 500.
_DECODE_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    struct.error,
    zlib.error,
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,
)


@dataclass(frozen=True)
class PreparedLogo:
    png: bytes
    width: int
    height: int


def _too_big() -> ValidationError:
    return ValidationError(
        _("The logo is larger than %(size)s KB: save it smaller (a logo needs no more than a few hundred pixels).")
        % {"size": LOGO_MAX_BYTES // 1024},
        code="too_big",
    )


def _not_an_image() -> ValidationError:
    return ValidationError(
        _("This file is not a PNG or JPEG image that can be read. Upload the logo as PNG or JPEG."),
        code="not_an_image",
    )


def _too_many_pixels(width: int | None = None, height: int | None = None) -> ValidationError:
    if width is None or height is None:
        message = _("The logo has more pixels than can be accepted: at most %(max)s × %(max)s.")
    else:
        message = _("The logo is %(width)s × %(height)s pixels; at most %(max)s × %(max)s are accepted.")
    return ValidationError(message % {"width": width, "height": height, "max": LOGO_MAX_SIDE}, code="too_many_pixels")


def _read_limited(upload: IO[bytes], declared_size: int | None) -> bytes:
    if declared_size is not None and declared_size > LOGO_MAX_BYTES:
        raise _too_big()
    # The declared size comes from the client: read one byte past the limit to know for sure.
    data = upload.read(LOGO_MAX_BYTES + 1)
    if len(data) > LOGO_MAX_BYTES:
        raise _too_big()
    if not data:
        raise ValidationError(_("The logo file is empty."), code="empty")
    return data


def _open(data: bytes) -> Image.Image:
    """The image of `data` with only its header read (formats restricted to PNG and JPEG)."""
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb check only warns below twice its limit: make it refuse.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data), formats=list(LOGO_FORMATS))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow's own check on the header's size, past ours: a bomb, refused before decoding.
        raise _too_many_pixels() from exc
    except (UnidentifiedImageError, *_DECODE_ERRORS) as exc:
        raise _not_an_image() from exc


def _check_size(image: Image.Image) -> None:
    width, height = image.size
    if width < 1 or height < 1:
        raise _not_an_image()
    if width > LOGO_MAX_SIDE or height > LOGO_MAX_SIDE:
        raise _too_many_pixels(width, height)


def logo_prepare(upload: IO[bytes], *, declared_size: int | None = None) -> PreparedLogo:
    """The uploaded logo, checked and re-encoded as PNG at most LOGO_STORED_SIDE pixels a side.

    Raises ValidationError (with a message for the uploader) for anything that is not a PNG or
    JPEG of at most LOGO_MAX_BYTES and LOGO_MAX_SIDE × LOGO_MAX_SIDE pixels.
    """
    data = _read_limited(upload, declared_size)
    image = _open(data)
    _check_size(image)
    try:
        image.verify()
        # verify() leaves the image unusable: open again (the header is known good) to decode.
        image = _open(data)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Only the first frame of an animated PNG; draft() lets a JPEG decode at a reduced size.
            image.draft("RGB", (LOGO_STORED_SIDE, LOGO_STORED_SIDE))
            image.load()
        image = ImageOps.exif_transpose(image)
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
        image.thumbnail((LOGO_STORED_SIDE, LOGO_STORED_SIDE), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
    except _DECODE_ERRORS as exc:
        raise _not_an_image() from exc
    return PreparedLogo(png=out.getvalue(), width=image.width, height=image.height)
