"""QR symbols as inline SVG: no extra request, no JavaScript, sharp on any phone screen."""

from __future__ import annotations


def epc_svg(payload: str) -> str:
    import segno

    # EPC069-12: error correction level M, UTF-8 (the payload's line 3 says so).
    return segno.make(payload, error="m", boost_error=False, encoding="utf-8").svg_data_uri(scale=4, border=4)


def upn_svg(payload: bytes) -> str:
    import segno

    # The UPN QR standard: version 15, level M, ISO-8859-2 announced by an ECI header, byte mode.
    text = payload.decode("iso-8859-2")
    return segno.make(
        text, version=15, error="m", boost_error=False, encoding="iso-8859-2", eci=True, mode="byte"
    ).svg_data_uri(scale=3, border=4)


def text_svg(payload: str) -> str:
    import segno

    return segno.make(payload, error="m", boost_error=False, encoding="utf-8").svg_data_uri(scale=4, border=4)
