/* papers-refs.h: a paper's reference list, citations and labels, from its text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A rectangle in PDF points, origin at the page's top-left corner (the
 * viewer's PapersRect, without the viewer). */
typedef struct {
  double x1, y1, x2, y2;
} PapersTextRect;

/**
 * PapersTextPage:
 * @text: the page's text in reading order, UTF-8, lines separated by '\n'
 *   (what poppler_page_get_text() gives)
 * @n_rects: how many characters of @text have a box (at most its length)
 * @rects: one box per character of @text, '\n' included
 *   (what poppler_page_get_text_layout() gives)
 * @width: the page's width in points
 * @height: the page's height in points
 *
 * A page's text with positions, free of Poppler and GTK so that tests and
 * fuzzers can make one up.
 */
typedef struct {
  char           *text;
  guint           n_rects;
  PapersTextRect *rects;
  double          width;
  double          height;
  /*< private >*/
  GArray         *links;     /* of PapersTextLink, or NULL */
} PapersTextPage;

/**
 * PapersTextLink:
 * @rect: the link's area on its page
 * @dest_page: the page it goes to (from 0)
 * @dest_left: where on that page, in points from the left (-1: not said)
 * @dest_top: and from the top (-1: not said)
 *
 * A link of the PDF's own within the document, such as hyperref puts on
 * a citation to its entry.
 */
typedef struct {
  PapersTextRect  rect;
  int             dest_page;
  double          dest_left;
  double          dest_top;
} PapersTextLink;

PapersTextPage *papers_text_page_new  (const char           *text,
                                       const PapersTextRect *rects,
                                       guint                 n_rects,
                                       double                width,
                                       double                height);
void            papers_text_page_free (PapersTextPage       *page);
void            papers_text_page_add_link (PapersTextPage       *page,
                                           const PapersTextLink *link);
PapersTextPage *papers_text_page_order_columns (const PapersTextPage *page);

/**
 * PapersRefEntry:
 * @label: "12" in a numbered list, "GHW09" for [GHW09], and "Vaswani et
 *   al., 2017" in an author–year list
 * @text: the entry's text, its lines joined
 * @page: the page (from 0) where it starts
 * @rect: the box of its first line
 * @arxiv_id: (nullable): its arXiv id, without version
 * @doi: (nullable): its DOI
 * @title: (nullable): a guess at its title, when it names no id
 */
typedef struct {
  char           *label;
  char           *text;
  int             page;
  PapersTextRect  rect;
  char           *arxiv_id;
  char           *doi;
  char           *title;
  /*< private >*/
  char           *year;        /* "2020a" */
  char          **surnames;    /* casefolded, first author first */
} PapersRefEntry;

/**
 * PapersCitation:
 * @text: what the citation says ("[3, 7]", "Vaswani et al. (2017)")
 * @page: its page (from 0)
 * @rect: its box
 * @entries: of int, indices into the list's entries
 */
typedef struct {
  char           *text;
  int             page;
  PapersTextRect  rect;
  GArray         *entries;
  /*< private >*/
  guint           offset;    /* in the page's text, for reading order */
} PapersCitation;

typedef enum {
  PAPERS_REF_FIGURE,
  PAPERS_REF_TABLE,
  PAPERS_REF_EQUATION,
  PAPERS_REF_SECTION,
  PAPERS_REF_APPENDIX,
} PapersRefKind;

/**
 * PapersRefTarget:
 * @kind: what it is
 * @label: "3", "3.2", "B", "S1"
 * @page: its page
 * @rect: its label or caption
 * @region: what a preview shows: the figure with its caption, the table,
 *   the equation's line, the heading
 */
typedef struct {
  PapersRefKind   kind;
  char           *label;
  int             page;
  PapersTextRect  rect;
  PapersTextRect  region;
} PapersRefTarget;

/**
 * PapersRefMention:
 * @kind: what it names
 * @label: "3" for "Fig. 3(b)"
 * @text: what the text says
 * @page: its page
 * @rect: its box
 * @target: index into the targets, or -1 when none was found
 */
typedef struct {
  PapersRefKind   kind;
  char           *label;
  char           *text;
  int             page;
  PapersTextRect  rect;
  int             target;
} PapersRefMention;

/**
 * PapersRefs:
 * @entries: of #PapersRefEntry, in the paper's order; empty when the paper
 *   has no reference list that could be found
 * @citations: of #PapersCitation, in reading order
 * @targets: of #PapersRefTarget
 * @mentions: of #PapersRefMention, in reading order
 * @numbered: whether the entries are labelled ([12], 12.) rather than
 *   author–year
 * @truncated: whether a bound on the work was reached and some of the
 *   text was not read
 */
typedef struct {
  GPtrArray *entries;
  GPtrArray *citations;
  GPtrArray *targets;
  GPtrArray *mentions;
  gboolean   numbered;
  gboolean   truncated;
} PapersRefs;

PapersRefs *papers_refs_parse       (PapersTextPage * const *pages,
                                     guint                   n_pages);
void        papers_refs_free        (PapersRefs             *refs);
const char *papers_ref_kind_to_string (PapersRefKind         kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersTextPage, papers_text_page_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersRefs, papers_refs_free)

G_END_DECLS
