"""A small research-paper-like PDF drawn with cairo for the end-to-end
tests: a few pages of plain lines of text.  A red square left of the
sentence a test wants lets the test find that sentence on a screenshot and
point at it, whatever the zoom and the window's layout."""

import cairo

PAGE_WIDTH = 612.0   # US Letter, in points
PAGE_HEIGHT = 792.0
MARGIN_LEFT = 72.0
FIRST_LINE = 120.0   # baseline of a page's first body line
LINE_HEIGHT = 24.0
FONT_SIZE = 14.0

FILLER = [
    "Pages scroll continuously and render on a worker thread.",
    "Annotations are kept in the library with the paper.",
    "The reading position is restored when the paper opens again.",
    "A texture cache with a memory cap keeps scrolling smooth.",
    "Night mode inverts luminance and keeps the hue.",
]


def write(path, sentence, n_pages=5, sentence_line=1, sentence_page=0,
          title="Papers end-to-end test document"):
    """Writes n_pages pages; body line `sentence_line` of page
    `sentence_page` (from 0) is `sentence`, the other lines are filler."""
    surface = cairo.PDFSurface(path, PAGE_WIDTH, PAGE_HEIGHT)
    surface.set_metadata(cairo.PDFMetadata.TITLE, title)
    cr = cairo.Context(surface)
    for page in range(n_pages):
        cr.select_font_face("DejaVu Sans", cairo.FONT_SLANT_NORMAL, cairo.FONT_WEIGHT_BOLD)
        cr.set_font_size(20)
        cr.move_to(MARGIN_LEFT, 80)
        cr.show_text("Section %d" % (page + 1))
        cr.select_font_face("DejaVu Sans", cairo.FONT_SLANT_NORMAL, cairo.FONT_WEIGHT_NORMAL)
        cr.set_font_size(FONT_SIZE)
        for i in range(24):
            text = sentence if (page == sentence_page and i == sentence_line) else FILLER[(i + page) % len(FILLER)]
            if page == sentence_page and i == sentence_line:
                cr.set_source_rgb(1, 0, 0)
                cr.rectangle(MARGIN_LEFT - 24, FIRST_LINE + i * LINE_HEIGHT - 10, 10, 10)
                cr.fill()
                cr.set_source_rgb(0, 0, 0)
            cr.move_to(MARGIN_LEFT, FIRST_LINE + i * LINE_HEIGHT)
            cr.show_text(text)
        cr.show_page()
    surface.finish()
