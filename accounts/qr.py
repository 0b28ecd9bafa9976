"""QR codes for the printed activation sheet, drawn on the server as inline SVG (segno, pure Python): no script,
nothing fetched from elsewhere, and it prints sharp at any size."""

import segno


def qr_svg(text: str, *, scale: int = 3) -> str:
    """An <svg> element encoding ``text``. It is hidden from screen readers: the link is printed beside it."""
    svg = segno.make(text, error="m").svg_inline(scale=scale, border=2, svgclass="qr", lineclass=None)
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
