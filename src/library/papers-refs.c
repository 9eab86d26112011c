/* papers-refs.c: a paper's reference list, citations and labels, from its text
 *
 * The input is what a PDF's text layer gives: per page, the text in reading
 * order (Poppler already puts the columns one after the other) and a box per
 * character.  Everything here is a heuristic over that text and its
 * geometry; nothing depends on the PDF's link annotations, which most
 * papers do not have.
 *
 * Every loop is bounded by the size of its input and by the caps below, so
 * a book of a thousand pages or a page of garbage costs time in proportion
 * to its text and never more memory than a few copies of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "papers-arxiv-id.h"
#include "papers-refs.h"

#define MAX_PAGES          5000
#define MAX_PAGE_BYTES     (256 * 1024)
#define MAX_TOTAL_BYTES    (48 * 1024 * 1024)
#define MAX_LINE_BYTES     2048
#define MAX_ENTRIES        5000
#define MAX_ENTRY_LINES    40
#define MAX_CITATIONS      100000
#define MAX_TARGETS        20000
#define MAX_MENTIONS       100000
#define MAX_RANGE          300
#define MAX_REGION_LINES   60000
#define MAX_SURNAMES       12

typedef struct {
  int            page;
  char          *str;         /* the line's text, at most MAX_LINE_BYTES */
  guint          byte_start;  /* in the page's text */
  guint          byte_len;
  guint          char_start;  /* in the page's text */
  guint          n_chars;
  PapersTextRect box;         /* of its visible characters */
  gboolean       has_box;
  double         height;      /* median height of its characters */
  gboolean       furniture;   /* running head, page number */
  gboolean       in_entry;    /* part of a reference list's entry */
  gboolean       is_target;   /* a caption, a heading, an equation */
} Line;

typedef struct {
  PapersTextPage * const *pages;
  guint                   n_pages;
  GArray                 *lines;           /* of Line */
  guint                  *page_first_line; /* n_pages + 1 */
  double                  body_height;
  int                     region_first;    /* lines of the list, -1: none */
  int                     region_last;
  GHashTable             *labels;          /* label → entry index + 1 */
  GHashTable             *author_years;    /* "surname|year" → GArray of int */
  int                     max_number;      /* greatest numeric label */
  PapersRefs             *refs;
} Parser;

/* Regular expressions, compiled once for the process. */
enum {
  RE_NUMBER_START,
  RE_AUTHOR_START,
  RE_ARXIV,
  RE_ARXIV_BARE,
  RE_DOI,
  RE_YEAR,
  RE_BRACKET_CITE,
  RE_PAREN_NUMBER_CITE,
  RE_NARRATIVE_CITE,
  RE_PAREN_GROUP,
  RE_BRACKET_GROUP,
  RE_PAREN_PIECE,
  RE_CAPTION,
  RE_EQUATION,
  RE_SECTION,
  RE_APPENDIX,
  RE_MENTION,
  N_RE
};

static const char * const re_sources[N_RE] = {
  [RE_NUMBER_START] = "^\\s*([0-9]{1,4})(?:\\.\\s*|\\s+)(?=\\S)",
  [RE_AUTHOR_START] = "^\\s*(?:(?:van|von|de|der|den|del|di|da|du|la|le|dos)\\s+)*"
                      "(?:\\p{Lu}[\\p{L}\\p{M}'’\\-]+,?\\s+(?:\\p{Lu}\\.|\\p{Lu}[\\p{Ll}\\p{M}\\-]+)"
                      "|\\p{Lu}\\.(?:\\s?-?\\p{Lu}\\.)*\\s*\\p{Lu}[\\p{L}\\p{M}'’\\-]+"
                      "|\\p{Lu}[\\p{L}\\p{M}'’\\-]+,)",
  [RE_ARXIV] = "(?:(?i:arxiv)(?:\\s*(?i:e-?prints?|preprint|pre-print))?\\s*(?:(?i:arxiv)\\s*)?[:.]?\\s*(?:abs/)?"
               "|(?i:arxiv\\.org)/(?:abs|pdf)/"
               "|(?i:corr)[^/\\n]{0,24}abs/"
               "|10\\.48550/(?i:arxiv)\\.)"
               "((?:[0-9]{4}\\.[0-9]{4,5}|[a-z]+(?:-[a-z]+)?(?:\\.[A-Z]{2})?/[0-9]{7})(?:v[0-9]{1,3})?)"
               "(?![0-9])",
  [RE_ARXIV_BARE] = "(?<![\\w./])((?:astro-ph|cond-mat|gr-qc|hep-ex|hep-lat|hep-ph|hep-th|math-ph|"
                    "nlin|nucl-ex|nucl-th|physics|quant-ph|math|cs|q-bio|stat)(?:\\.[A-Z]{2})?/[0-9]{7})"
                    "(?:v[0-9]{1,3})?(?![0-9])",
  [RE_DOI] = "(?<![\\w.])(10\\.[0-9]{4,9}/[^\\s\"<>]+)",
  [RE_YEAR] = "(?<![\\w./:])((?:19|20)[0-9]{2})([a-z])?(?![\\w]|\\.[0-9]|/)",
  [RE_BRACKET_CITE] = "(?<![\\w\\])])\\[([^\\[\\]]{1,160})\\](?:\\s*[–—-]\\s*\\[([0-9]{1,4})\\])?",
  [RE_PAREN_NUMBER_CITE] = "(?<![\\w\\])])\\(([0-9]{1,4}(?:\\s*[,;–—-]\\s*[0-9]{1,4}){0,20})\\)",
  [RE_NARRATIVE_CITE] = "(\\p{Lu}[\\p{L}\\p{M}'’\\-]+)(?:\\s+(?:et\\s+al\\.?|(?:and|&)\\s+(?:\\p{Ll}+\\s+)*(\\p{Lu}[\\p{L}\\p{M}'’\\-]+)))?"
                        "(?:['’]s)?\\s*[(\\[]\\s*((?:19|20)[0-9]{2}[a-z]?(?:\\s*[,;]\\s*(?:(?:19|20)[0-9]{2}[a-z]?|[a-z](?![\\p{L}\\d])))*)\\s*[)\\]]",
  [RE_PAREN_GROUP] = "\\(([^()]{4,600})\\)",
  [RE_BRACKET_GROUP] = "\\[([^\\[\\]]{4,600})\\]",
  [RE_PAREN_PIECE] = "^\\s*(?:(?:e\\.\\s?g\\.|i\\.\\s?e\\.|see(?:\\s+also)?|cf\\.|also|and|for\\s+example|"
                     "for\\s+instance|inter\\s+alia)[,:]?\\s+)*"
                     "((?:\\p{L}[\\p{L}\\p{M}'’\\-.]*\\s+){0,6}?\\p{Lu}[\\p{L}\\p{M}'’\\-]+"
                     "(?:\\s+et\\s+al\\.?|\\s*(?:,|and|&)\\s+(?:\\p{Ll}+\\s+)*\\p{Lu}[\\p{L}\\p{M}'’\\-]+)*)"
                     "(?:['’]s)?,?\\s+((?:19|20)[0-9]{2}[a-z]?(?:\\s*,\\s*(?:(?:19|20)[0-9]{2}[a-z]?|[a-z](?![\\p{L}\\d])))*)",
  [RE_CAPTION] = "^\\s*(Figure|FIGURE|Fig\\.|FIG\\.|Table|TABLE|Tab\\.)\\s*"
                 "([A-Z]?[0-9]{1,3}|[IVX]{1,6})\\s*(?:[.:|—–]|-\\s)",
  [RE_EQUATION] = "\\((\\d{1,3}(?:\\.\\d{1,3})?[a-z]?)\\)\\s*$",
  [RE_SECTION] = "^\\s*(\\d{1,2}(?:\\.\\d{1,2}){0,3})\\.?\\s+(\\p{Lu}[^\\n]{1,90})$",
  [RE_APPENDIX] = "^\\s*(?:(?:Appendix|APPENDIX)\\s+([A-Z](?:\\.\\d{1,2})*)(?![\\p{L}\\d])"
                  "|([A-Z](?:\\.\\d{1,2})*)\\.?\\s+\\p{Lu}[\\p{Ll}\\p{Lu}][^\\n]{0,90}$)",
  [RE_MENTION] = "(?<![\\p{L}])(Figures?|Figs?\\.|FIGURES?|FIGS?\\.|Tables?|Tabs?\\.|TABLES?|Equations?|"
                 "Eqs?\\.|Eqns?\\.|Sections?|Secs?\\.|§|Appendix|Appendices|App\\.)\\s*~?\\s*"
                 "(\\(?)([A-Z]?[0-9]{1,3}(?:\\.[0-9]{1,3}){0,3}|[A-Z](?:\\.[0-9]{1,3}){0,3}|[IVX]{1,6})"
                 "(?![\\p{L}\\d])(\\)?)(?:\\s*\\(([a-z])\\))?",
};

static GRegex *
re (int which)
{
  static GRegex *compiled[N_RE];
  static gsize once;

  if (g_once_init_enter (&once))
    {
      for (int i = 0; i < N_RE; i++)
        {
          g_autoptr(GError) error = NULL;

          /* Not G_REGEX_OPTIMIZE: PCRE2's JIT reads 16 bytes at a time past
           * a subject's end (valgrind reports it in the unit suite), and the
           * subjects here are short: an entry, a line. */
          compiled[i] = g_regex_new (re_sources[i], 0, 0, &error);
          if (compiled[i] == NULL)
            g_error ("papers-refs: pattern %d: %s", i, error->message);
        }
      g_once_init_leave (&once, 1);
    }
  return compiled[which];
}

/* Text pages */

/**
 * papers_text_page_new:
 * @text: (nullable): the page's text; invalid UTF-8 is replaced
 * @rects: (array length=n_rects) (nullable): a box per character
 * @n_rects: how many boxes
 * @width: the page's width
 * @height: the page's height
 *
 * Returns: (transfer full): a copy of all that
 */
PapersTextPage *
papers_text_page_new (const char           *text,
                      const PapersTextRect *rects,
                      guint                 n_rects,
                      double                width,
                      double                height)
{
  PapersTextPage *page = g_new0 (PapersTextPage, 1);
  glong n_chars;

  page->text = g_utf8_make_valid (text != NULL ? text : "", -1);
  n_chars = g_utf8_strlen (page->text, -1);
  page->n_rects = rects != NULL ? MIN (n_rects, (guint) n_chars) : 0;
  page->rects = page->n_rects > 0 ? g_memdup2 (rects, page->n_rects * sizeof (PapersTextRect)) : NULL;
  page->width = width;
  page->height = height;
  return page;
}

void
papers_text_page_free (PapersTextPage *page)
{
  if (page == NULL)
    return;
  g_free (page->text);
  g_free (page->rects);
  g_clear_pointer (&page->links, g_array_unref);
  g_free (page);
}

/* More links than this on a page are not read: no page cites that much */
#define MAX_PAGE_LINKS 2000

/**
 * papers_text_page_add_link:
 * @link: an internal link on @page
 *
 * Keeps @link for the parser, which takes a link to a reference entry
 * as a citation of it where the text alone did not find one.  Links
 * with boxes or places that are not finite numbers are dropped.
 */
void
papers_text_page_add_link (PapersTextPage       *page,
                           const PapersTextLink *link)
{
  g_return_if_fail (page != NULL && link != NULL);

  if (!isfinite (link->rect.x1) || !isfinite (link->rect.y1) || !isfinite (link->rect.x2) ||
      !isfinite (link->rect.y2) || !isfinite (link->dest_left) || !isfinite (link->dest_top))
    return;
  if (page->links == NULL)
    page->links = g_array_new (FALSE, FALSE, sizeof (PapersTextLink));
  if (page->links->len < MAX_PAGE_LINKS)
    g_array_append_val (page->links, *link);
}

/* Results */

static void
entry_free (PapersRefEntry *entry)
{
  g_free (entry->label);
  g_free (entry->text);
  g_free (entry->arxiv_id);
  g_free (entry->doi);
  g_free (entry->title);
  g_free (entry->year);
  g_strfreev (entry->surnames);
  g_free (entry);
}

static void
citation_free (PapersCitation *citation)
{
  g_free (citation->text);
  g_array_unref (citation->entries);
  g_free (citation);
}

static void
target_free (PapersRefTarget *target)
{
  g_free (target->label);
  g_free (target);
}

static void
mention_free (PapersRefMention *mention)
{
  g_free (mention->label);
  g_free (mention->text);
  g_free (mention);
}

void
papers_refs_free (PapersRefs *refs)
{
  if (refs == NULL)
    return;
  g_ptr_array_unref (refs->entries);
  g_ptr_array_unref (refs->citations);
  g_ptr_array_unref (refs->targets);
  g_ptr_array_unref (refs->mentions);
  g_free (refs);
}

const char *
papers_ref_kind_to_string (PapersRefKind kind)
{
  switch (kind)
    {
    case PAPERS_REF_FIGURE: return "figure";
    case PAPERS_REF_TABLE: return "table";
    case PAPERS_REF_EQUATION: return "equation";
    case PAPERS_REF_SECTION: return "section";
    case PAPERS_REF_APPENDIX: return "appendix";
    default: return "unknown";
    }
}

/* Geometry */

static gboolean
rect_valid (const PapersTextRect *r)
{
  return isfinite (r->x1) && isfinite (r->y1) && isfinite (r->x2) && isfinite (r->y2) &&
         r->x2 >= r->x1 && r->y2 >= r->y1;
}

static void
rect_union (PapersTextRect       *acc,
            gboolean             *has,
            const PapersTextRect *r)
{
  if (!rect_valid (r))
    return;
  if (!*has)
    {
      *acc = *r;
      *has = TRUE;
      return;
    }
  acc->x1 = MIN (acc->x1, r->x1);
  acc->y1 = MIN (acc->y1, r->y1);
  acc->x2 = MAX (acc->x2, r->x2);
  acc->y2 = MAX (acc->y2, r->y2);
}

static const PapersTextRect *
char_rect (const PapersTextPage *page,
           guint                 index)
{
  return index < page->n_rects ? &page->rects[index] : NULL;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The box of the characters [@from, @to) of @page that sit on the line of
 * the first one: a citation broken over two lines is shown by its start. */
static PapersTextRect
span_rect (const PapersTextPage *page,
           guint                 from,
           guint                 to)
{
  PapersTextRect box = { 0, 0, 0, 0 };
  gboolean has = FALSE;
  double top = 0, bottom = 0;

  for (guint i = from; i < to && i < page->n_rects; i++)
    {
      const PapersTextRect *r = &page->rects[i];
      double mid = (r->y1 + r->y2) / 2;

      if (!rect_valid (r) || r->x2 - r->x1 <= 0)
        continue;
      if (has && (mid < top || mid > bottom))
        continue;
      rect_union (&box, &has, r);
      if (box.y1 == r->y1 && box.y2 == r->y2)
        top = r->y1, bottom = r->y2;
    }
  return box;
}

/* Lines */

static void
line_clear (Line *line)
{
  g_free (line->str);
}

/* Poppler ends a line where a justified line has a wide space ("…robust
 * pruning.      In Proceedings of the"): the rest, on the same baseline
 * to the right, is the same line.  Merges @line into the page's previous
 * line when so; the '\n' between them reads as a space. */
static gboolean
merge_with_previous (Parser     *p,
                     const char *text,
                     Line       *line)
{
  Line *prev;
  double overlap;
  gsize n;

  if (p->lines->len == 0 || p->lines->len == p->page_first_line[line->page] || !line->has_box)
    return FALSE;
  prev = &g_array_index (p->lines, Line, p->lines->len - 1);
  if (!prev->has_box || line->box.x1 < prev->box.x2 - 0.5 || prev->byte_len > MAX_LINE_BYTES)
    return FALSE;
  overlap = MIN (prev->box.y2, line->box.y2) - MAX (prev->box.y1, line->box.y1);
  if (overlap < 0.6 * MIN (prev->box.y2 - prev->box.y1, line->box.y2 - line->box.y1) ||
      fabs ((prev->box.y2 - prev->box.y1) - (line->box.y2 - line->box.y1)) > 0.3 * (prev->box.y2 - prev->box.y1))
    return FALSE;

  prev->byte_len = line->byte_start + line->byte_len - prev->byte_start;
  prev->n_chars = line->char_start + line->n_chars - prev->char_start;
  n = MIN (prev->byte_len, MAX_LINE_BYTES);
  while (n > 0 && n < prev->byte_len && ((guchar) text[prev->byte_start + n] & 0xC0) == 0x80)
    n--;
  g_free (prev->str);
  prev->str = g_strndup (text + prev->byte_start, n);
  g_strdelimit (prev->str, "\n", ' ');
  rect_union (&prev->box, &prev->has_box, &line->box);
  line_clear (line);
  return TRUE;
}

static void
split_lines (Parser *p)
{
  gsize total = 0;

  p->page_first_line = g_new0 (guint, p->n_pages + 1);
  for (guint pg = 0; pg < p->n_pages; pg++)
    {
      const PapersTextPage *page = p->pages[pg];
      const char *text = page->text != NULL ? page->text : "";
      gsize len = strlen (text);
      const char *s = text;
      guint char_index = 0;

      p->page_first_line[pg] = p->lines->len;
      if (len > MAX_PAGE_BYTES || total + len > MAX_TOTAL_BYTES)
        {
          p->refs->truncated = TRUE;
          len = MIN (len, MAX_PAGE_BYTES);
          if (total + len > MAX_TOTAL_BYTES)
            len = total < MAX_TOTAL_BYTES ? MAX_TOTAL_BYTES - total : 0;
          /* Cut at a character's boundary. */
          while (len > 0 && ((guchar) text[len] & 0xC0) == 0x80)
            len--;
        }
      total += len;

      while ((gsize) (s - text) < len)
        {
          const char *end = memchr (s, '\n', len - (s - text));
          Line line = { 0 };
          g_autoptr(GArray) heights = g_array_new (FALSE, FALSE, sizeof (double));
          gsize n;
          guint k = 0;

          if (end == NULL)
            end = text + len;
          n = end - s;
          line.page = pg;
          line.byte_start = s - text;
          line.byte_len = n;
          line.char_start = char_index;
          line.n_chars = g_utf8_strlen (s, n);
          /* A line past the cap is cut at a character's boundary. */
          if (n > MAX_LINE_BYTES)
            {
              const char *cut = g_utf8_find_prev_char (s, s + MAX_LINE_BYTES + 1);

              n = cut != NULL ? (gsize) (cut - s) : 0;
            }
          line.str = g_strndup (s, n);
          for (const char *c = s; c < s + n; c = g_utf8_next_char (c), k++)
            {
              const PapersTextRect *r = char_rect (page, char_index + k);
              gunichar ch = g_utf8_get_char (c);
              double h;

              if (r == NULL || g_unichar_isspace (ch))
                continue;
              rect_union (&line.box, &line.has_box, r);
              h = r->y2 - r->y1;
              if (isfinite (h) && h > 0 && g_unichar_isalnum (ch))
                g_array_append_val (heights, h);
            }
          if (heights->len > 0)
            {
              g_array_sort (heights, compare_double);
              line.height = g_array_index (heights, double, heights->len / 2);
            }
          else if (line.has_box)
            line.height = line.box.y2 - line.box.y1;
          if (!merge_with_previous (p, text, &line))
            g_array_append_val (p->lines, line);

          char_index += line.n_chars + 1;   /* the '\n' has its box too */
          s = end + 1;
        }
    }
  p->page_first_line[p->n_pages] = p->lines->len;
}

#define LINE(p, i) (&g_array_index ((p)->lines, Line, (i)))

static gboolean
str_is_blank (const char *s)
{
  for (; *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

/* Running heads and feet repeat on many pages at the same height, page
 * numbers stand alone: neither belongs to the reference list they
 * interrupt. */
static void
mark_furniture (Parser *p)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) heights = g_array_new (FALSE, FALSE, sizeof (double));
  /* Each page's text from its first line's top to its last line's bottom */
  g_autofree double *top = g_new (double, p->n_pages);
  g_autofree double *bottom = g_new (double, p->n_pages);

  for (guint pg = 0; pg < p->n_pages; pg++)
    {
      top[pg] = G_MAXDOUBLE;
      bottom[pg] = -G_MAXDOUBLE;
    }
  for (guint i = 0; i < p->lines->len; i++)
    if (LINE (p, i)->has_box)
      {
        top[LINE (p, i)->page] = MIN (top[LINE (p, i)->page], LINE (p, i)->box.y1);
        bottom[LINE (p, i)->page] = MAX (bottom[LINE (p, i)->page], LINE (p, i)->box.y2);
      }

  /* A page number alone below (or above) all the page's text, wherever
   * the margins put it */
  for (guint i = 0; i < p->lines->len; i++)
    {
      Line *line = LINE (p, i);
      const char *start = line->str + strspn (line->str, " \t");
      gsize digits = strspn (start, "0123456789");

      if (line->has_box && digits > 0 && digits <= 4 && str_is_blank (start + digits) &&
          (line->box.y2 >= bottom[line->page] - 0.5 || line->box.y1 <= top[line->page] + 0.5))
        line->furniture = TRUE;
    }

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < p->lines->len; i++)
      {
        Line *line = LINE (p, i);
        const PapersTextPage *page = p->pages[line->page];
        g_autoptr(GString) key = NULL;
        gboolean edge, only_number = TRUE;

        if (!line->has_box || page->height <= 0)
          continue;
        edge = line->box.y2 < page->height * 0.075 || line->box.y1 > page->height * 0.925;
        if (!edge)
          continue;
        key = g_string_new (NULL);
        for (const char *c = line->str; *c != '\0'; c++)
          {
            if (g_ascii_isdigit (*c))
              continue;
            if (!g_ascii_isspace (*c))
              only_number = FALSE;
            g_string_append_c (key, g_ascii_tolower (*c));
          }
        g_string_append_printf (key, "|%d", (int) (line->box.y1 / 4));
        if (pass == 0)
          {
            guint count = GPOINTER_TO_UINT (g_hash_table_lookup (seen, key->str));
            g_hash_table_replace (seen, g_strdup (key->str), GUINT_TO_POINTER (count + 1));
          }
        else if (only_number ||
                 (p->n_pages >= 3 && GPOINTER_TO_UINT (g_hash_table_lookup (seen, key->str)) >= 2))
          line->furniture = TRUE;
      }

  for (guint i = 0; i < p->lines->len; i += 1 + p->lines->len / 4000)
    if (LINE (p, i)->height > 0 && !LINE (p, i)->furniture)
      g_array_append_val (heights, LINE (p, i)->height);
  if (heights->len > 0)
    {
      g_array_sort (heights, compare_double);
      p->body_height = g_array_index (heights, double, heights->len / 2);
    }
  else
    p->body_height = 10;
}

/* The reference list's heading */

static gboolean
is_references_heading (const char *str)
{
  static const char * const names[] = {
    "references", "reference", "bibliography", "referencesandnotes",
    "literaturecited", "workscited", "citedreferences", "literatur",
  };
  char compact[48];
  guint n = 0;
  const char *s = str;

  if (strlen (str) > 60)
    return FALSE;
  while (g_ascii_isspace (*s))
    s++;
  /* "7 References", "7. References", "VII. REFERENCES" */
  if (g_ascii_isdigit (*s))
    {
      while (g_ascii_isdigit (*s))
        s++;
      if (*s == '.')
        s++;
    }
  else
    {
      const char *r = s;

      while (*r != '\0' && strchr ("IVXLC", *r) != NULL)
        r++;
      if (r > s && *r == '.')
        s = r + 1;
    }
  for (; *s != '\0' && n < sizeof compact - 1; s++)
    {
      if (g_ascii_isspace (*s) || *s == ':')
        continue;
      if (!g_ascii_isalpha (*s))
        return FALSE;
      compact[n++] = g_ascii_tolower (*s);
    }
  compact[n] = '\0';
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (compact, names[i]))
      return TRUE;
  return FALSE;
}

/* A heading after the list ends it: an appendix, supplementary material. */
static gboolean
is_stop_heading (Parser     *p,
                 const Line *line)
{
  const char *s = line->str;
  guint words = 0;
  gboolean in_word = FALSE;
  gsize len;

  while (g_ascii_isspace (*s))
    s++;
  if (g_str_has_prefix (s, "Appendix") || g_str_has_prefix (s, "APPENDIX") ||
      g_str_has_prefix (s, "Supplementary") || g_str_has_prefix (s, "SUPPLEMENTARY") ||
      g_str_has_prefix (s, "Acknowledg") || g_str_has_prefix (s, "ACKNOWLEDG"))
    return strlen (s) < 80;
  len = strlen (s);
  if (len == 0 || len > 70 || s[len - 1] == '.' || s[len - 1] == ',')
    return FALSE;
  for (const char *c = s; *c != '\0'; c++)
    {
      if (!g_ascii_isspace (*c) && !in_word)
        words++;
      in_word = !g_ascii_isspace (*c);
    }
  if (words > 10)
    return FALSE;
  /* "A Proofs", "B.2 Setup" in a larger font than the list. */
  if (!g_ascii_isupper (*s++))
    return FALSE;
  while (*s == '.' && g_ascii_isdigit (s[1]))
    for (s++; g_ascii_isdigit (*s); s++)
      ;
  if (*s == '.')
    s++;
  if (*s != ' ')
    return FALSE;
  while (*s == ' ')
    s++;
  return g_ascii_isupper (*s) && line->height > p->body_height * 1.08;
}

/* Entries */

typedef struct {
  int         first;     /* line */
  int         last;
  char       *label;     /* NULL for author–year */
  guint       label_bytes;
} Span;

static void
span_clear (Span *span)
{
  g_free (span->label);
}

static int
find_heading (Parser *p)
{
  for (int i = (int) p->lines->len - 1; i >= 0; i--)
    if (!LINE (p, i)->furniture && is_references_heading (LINE (p, i)->str))
      return i;
  return -1;
}

/* A numeric label at the start of @str: "[12]" or "12." / "12 ". */
static gboolean
bracket_label (const char *str,
               char      **label,
               guint      *consumed)
{
  const char *s = str, *open, *close;
  guint spaces = 0;

  while (g_ascii_isspace (*s))
    s++;
  if (*s != '[')
    return FALSE;
  open = s + 1;
  close = strchr (open, ']');
  if (close == NULL || close == open || close - open > 24)
    return FALSE;
  for (const char *c = open; c < close; c++)
    {
      if (*c == ' ')
        spaces++;
      if (*c == '[' || spaces > 2)
        return FALSE;
    }
  *label = g_strstrip (g_strndup (open, close - open));
  s = close + 1;
  while (g_ascii_isspace (*s))
    s++;
  *consumed = s - str;
  return TRUE;
}

static gboolean
label_is_number (const char *label,
                 int        *number)
{
  if (*label == '\0' || strlen (label) > 5)
    return FALSE;
  for (const char *c = label; *c != '\0'; c++)
    if (!g_ascii_isdigit (*c))
      return FALSE;
  *number = atoi (label);
  return TRUE;
}

/* [GHW09], [Abc+17], [Knu84a]: letters then a year. */
static gboolean
label_is_alpha (const char *label)
{
  const char *c = label;
  guint letters = 0, digits = 0;

  while (g_ascii_isalpha (*c) || *c == '+' || *c == '-' || *c == '*' || *c == '\'' || *c == ' ')
    letters += g_ascii_isalpha (*c++) ? 1 : 0;
  while (g_ascii_isdigit (*c))
    c++, digits++;
  if (g_ascii_islower (*c))
    c++;
  return *c == '\0' && letters >= 1 && (digits == 2 || digits == 4);
}

static gboolean
number_start (const char *str,
              int        *number,
              guint      *consumed)
{
  g_autoptr(GMatchInfo) info = NULL;
  int start, end;

  if (!g_regex_match (re (RE_NUMBER_START), str, 0, &info))
    return FALSE;
  g_match_info_fetch_pos (info, 1, &start, &end);
  *number = atoi (str + start);
  g_match_info_fetch_pos (info, 0, NULL, &end);
  *consumed = end;
  return TRUE;
}

static gboolean
is_prose (const Line *line)
{
  guint letters = 0, total = 0;

  for (const char *c = line->str; *c != '\0'; c = g_utf8_next_char (c))
    {
      gunichar ch = g_utf8_get_char (c);

      if (g_unichar_isspace (ch))
        continue;
      total++;
      letters += g_unichar_isalpha (ch);
    }
  return total >= 30 && letters >= total * 7 / 10;
}

/* A line that is only a label: "12", "[12]", "12." — a superscript label
 * (RevTeX) or one Poppler put on a line of its own. */
static gboolean
label_only (const char *str,
            int        *number)
{
  const char *s = str;
  gboolean bracket;

  while (g_ascii_isspace (*s))
    s++;
  bracket = *s == '[';
  if (bracket)
    s++;
  if (!g_ascii_isdigit (*s))
    return FALSE;
  *number = 0;
  for (int n = 0; g_ascii_isdigit (*s); s++, n++)
    {
      if (n >= 4)
        return FALSE;
      *number = *number * 10 + (*s - '0');
    }
  if (bracket && *s++ != ']')
    return FALSE;
  if (!bracket && *s == '.')
    s++;
  while (g_ascii_isspace (*s))
    s++;
  return *s == '\0' && *number > 0;
}

/* The line a detached label belongs to: on the same page, level with it,
 * starting just right of it.  Poppler may put the label far from its
 * line in reading order, so this goes by position, not order. */
static int
attach_label (Parser *p,
              int     first,
              int     last,
              int     li)
{
  Line *label = LINE (p, li);
  int lo = MAX (first, (int) p->page_first_line[label->page]);
  int hi = MIN (last, (int) p->page_first_line[label->page + 1] - 1);
  int best = -1;
  double best_dx = 20;

  if (!label->has_box)
    return -1;
  for (int j = MAX (lo, li - 300); j <= MIN (hi, li + 300); j++)
    {
      Line *line = LINE (p, j);
      double dx;
      int number;

      if (j == li || !line->has_box || label_only (line->str, &number))
        continue;
      dx = line->box.x1 - label->box.x2;
      if (dx > -1 && dx < best_dx && label->box.y1 <= line->box.y2 && label->box.y2 >= line->box.y1)
        {
          best = j;
          best_dx = dx;
        }
    }
  return best;
}

/* Detached labels, as line → label (the line they start) and label line
 * → 0 (to be skipped). */
static GHashTable *
find_detached_labels (Parser *p,
                      int     first,
                      int     last)
{
  GHashTable *marks = g_hash_table_new (NULL, NULL);

  for (int i = first; i <= last; i++)
    {
      int number, line;

      if (LINE (p, i)->furniture || !label_only (LINE (p, i)->str, &number))
        continue;
      line = attach_label (p, first, last, i);
      if (line < 0 || g_hash_table_contains (marks, GINT_TO_POINTER (line)))
        continue;
      g_hash_table_insert (marks, GINT_TO_POINTER (line), GINT_TO_POINTER (number));
      g_hash_table_insert (marks, GINT_TO_POINTER (i), GINT_TO_POINTER (0));
    }
  return marks;
}

/* Labelled lists: each entry starts with the next label.  A label must
 * follow the one before (a few may be lost), so "[Online]" or "2019." at
 * the start of a continuation line is not taken for one.  Lines larger
 * than the entry's, in the body's size, are the body text Poppler's
 * reading order put between two parts of the list; a heading pauses the
 * entry until the next label. */
static GArray *
find_labelled_spans (Parser     *p,
                     int         first,
                     int         last,
                     gboolean    bracket,
                     GHashTable *marks)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (Span));
  int expected = 1;
  gboolean alpha = FALSE, paused = FALSE;
  double entry_height = 0;

  g_array_set_clear_func (spans, (GDestroyNotify) span_clear);
  for (int i = first; i <= last && spans->len < MAX_ENTRIES; i++)
    {
      Line *line = LINE (p, i);
      g_autofree char *label = NULL;
      guint consumed = 0;
      int number = -1;
      gboolean starts = FALSE;
      gpointer mark;

      if (line->furniture)
        continue;
      if (g_hash_table_lookup_extended (marks, GINT_TO_POINTER (i), NULL, &mark))
        {
          number = GPOINTER_TO_INT (mark);
          if (number <= 0)
            continue;   /* a detached label, read at its line */
          starts = !alpha && number >= expected && number <= expected + 4 && (spans->len > 0 || number <= 3);
        }
      else if (bracket && bracket_label (line->str, &label, &consumed))
        {
          if (label_is_number (label, &number))
            starts = !alpha && number >= expected && number <= expected + 4 &&
                     (spans->len > 0 || number <= 3);
          else if (label_is_alpha (label) && (spans->len == 0 || alpha))
            starts = alpha = TRUE;
        }
      else if (!bracket && number_start (line->str, &number, &consumed))
        starts = number >= expected && number <= expected + 2 && (spans->len > 0 || number == 1);

      if (starts)
        {
          Span span = { i, i, NULL, consumed };

          if (number >= 0 && !alpha)
            expected = number + 1;
          span.label = alpha ? g_steal_pointer (&label) : g_strdup_printf ("%d", number);
          g_array_append_val (spans, span);
          line->in_entry = TRUE;
          entry_height = line->height;
          paused = FALSE;
        }
      else if (spans->len > 0)
        {
          Span *cur = &g_array_index (spans, Span, spans->len - 1);

          /* Body text in its larger size, not a URL in another font. */
          if (entry_height > 0 && line->height > entry_height * 1.1 && line->height >= p->body_height * 0.97 &&
              is_prose (line))
            continue;
          if (is_stop_heading (p, line))
            paused = TRUE;
          if (paused)
            continue;
          if (i - cur->first >= MAX_ENTRY_LINES)
            break;
          cur->last = i;
          line->in_entry = TRUE;
        }
    }

  /* The last entry has no next label to end it: it ends at a gap. */
  if (spans->len > 0)
    {
      Span *cur = &g_array_index (spans, Span, spans->len - 1);
      int end = cur->first;

      for (int i = cur->first + 1; i <= cur->last; i++)
        {
          Line *prev = LINE (p, end), *line = LINE (p, i);

          if (line->furniture)
            continue;
          if (!line->in_entry)
            continue;
          if (i - cur->first > 8 ||
              (line->page == prev->page && line->has_box && prev->has_box &&
               line->box.y1 - prev->box.y2 > 1.5 * MAX (p->body_height, prev->height)) ||
              (line->has_box && prev->has_box && line->page == prev->page &&
               fabs (line->height - prev->height) > 0.25 * prev->height))
            break;
          end = i;
        }
      for (int i = end + 1; i <= cur->last; i++)
        LINE (p, i)->in_entry = FALSE;
      cur->last = end;
    }
  return spans;
}

/* The left edge of the column a line belongs to: the least x1 of the
 * list's lines on that page that overlap it and start at most 30 points
 * left of it. */
static double
column_edge (Parser *p,
             int     first,
             int     last,
             int     index)
{
  Line *line = LINE (p, index);
  double edge = line->box.x1;
  int lo = MAX (first, (int) p->page_first_line[line->page]);
  int hi = MIN (last, (int) p->page_first_line[line->page + 1] - 1);

  /* Bounded: a page of thousands of lines looks at its neighbours only. */
  lo = MAX (lo, index - 200);
  hi = MIN (hi, index + 200);
  for (int j = lo; j <= hi; j++)
    {
      Line *other = LINE (p, j);

      if (!other->has_box || other->furniture)
        continue;
      if (other->box.x1 < edge && other->box.x1 >= line->box.x1 - 30 &&
          other->box.x1 < line->box.x2 && line->box.x1 < other->box.x2)
        edge = other->box.x1;
    }
  return edge;
}

static gboolean
line_ends_sentence (const char *str)
{
  gsize len = strlen (str);

  while (len > 0 && g_ascii_isspace (str[len - 1]))
    len--;
  return len > 0 && strchr (".)]", str[len - 1]) != NULL;
}

static gboolean
line_has_year (const char *str)
{
  return g_regex_match (re (RE_YEAR), str, 0, NULL);
}

/* Author–year lists have no labels: an entry starts at the column's edge
 * where continuation lines are indented (a hanging indent), else after a
 * gap or a line ending a sentence, on a line that starts with a name. */
static GArray *
find_author_year_spans (Parser *p,
                        int     first,
                        int     last)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (Span));
  g_autofree gboolean *indented = g_new0 (gboolean, last - first + 1);
  guint n_boxed = 0, n_indented = 0;
  gboolean hanging;
  int no_year_run = 0;
  int prev = -1;

  for (int i = first; i <= last; i++)
    {
      Line *line = LINE (p, i);

      if (!line->has_box || line->furniture || str_is_blank (line->str))
        continue;
      n_boxed++;
      indented[i - first] = line->box.x1 - column_edge (p, first, last, i) > 2.5;
      n_indented += indented[i - first];
    }
  hanging = n_boxed >= 4 && n_indented >= n_boxed / 5 && n_indented <= n_boxed * 17 / 20;

  for (int i = first; i <= last && spans->len < MAX_ENTRIES; i++)
    {
      Line *line = LINE (p, i);
      gboolean starts;

      if (line->furniture || str_is_blank (line->str))
        continue;
      if (spans->len > 0 && is_stop_heading (p, line))
        break;
      if (prev < 0)
        starts = TRUE;
      else if (hanging && line->has_box)
        starts = !indented[i - first];
      else
        {
          Line *before = LINE (p, prev);
          gboolean gap = line->page == before->page && line->has_box && before->has_box &&
                         line->box.y1 > before->box.y2 &&
                         line->box.y1 - before->box.y2 > 0.4 * MAX (before->height, p->body_height);

          starts = (gap || line_ends_sentence (before->str)) &&
                   g_regex_match (re (RE_AUTHOR_START), line->str, 0, NULL);
        }
      if (!starts && spans->len > 0 &&
          i - g_array_index (spans, Span, spans->len - 1).first >= MAX_ENTRY_LINES)
        starts = TRUE;

      if (starts)
        {
          Span span = { i, i, NULL, 0 };

          /* An entry with no year is not one: after three in a row the
           * list has ended (an appendix in the same font, say). */
          if (spans->len > 0)
            {
              Span *cur = &g_array_index (spans, Span, spans->len - 1);
              gboolean year = FALSE;

              for (int j = cur->first; j <= cur->last && !year; j++)
                year = line_has_year (LINE (p, j)->str);
              no_year_run = year ? 0 : no_year_run + 1;
              if (no_year_run >= 3)
                {
                  for (int j = g_array_index (spans, Span, spans->len - 3).first; j <= last; j++)
                    LINE (p, j)->in_entry = FALSE;
                  g_array_set_size (spans, spans->len - 3);
                  break;
                }
            }
          g_array_append_val (spans, span);
        }
      else
        g_array_index (spans, Span, spans->len - 1).last = i;
      line->in_entry = TRUE;
      prev = i;
    }
  return spans;
}

/* Joins the lines of an entry.  @tight joins a line that ends in "/",
 * "-" or "_", or in "." before a digit, without a space, so an arXiv id
 * or a DOI broken over two lines comes back whole. */
/* Whether @text ends inside an address: \url breaks one anywhere,
 * "https://arxiv.\norg/abs/…" among others */
static gboolean
in_url (GString *text)
{
  const char *token = text->str + text->len;

  while (token > text->str && !g_ascii_isspace (token[-1]))
    token--;
  return strstr (token, "://") != NULL || g_str_has_prefix (token, "www.") ||
         g_ascii_strncasecmp (token, "arxiv.", 6) == 0 || g_ascii_strncasecmp (token, "doi.org", 7) == 0;
}

static void
join_lines (Parser  *p,
            Span    *span,
            GString *text,
            GString *tight)
{
  for (int i = span->first; i <= span->last; i++)
    {
      Line *line = LINE (p, i);
      const char *s = line->str + (i == span->first ? span->label_bytes : 0);
      gsize len;

      if (line->furniture || !line->in_entry)
        continue;
      while (g_ascii_isspace (*s))
        s++;
      len = strlen (s);
      while (len > 0 && g_ascii_isspace (s[len - 1]))
        len--;
      if (len == 0)
        continue;
      if (text->len > 0)
        {
          char last = text->str[text->len - 1];
          gboolean glue = last == '/' || last == '-' || last == '_' ||
                          (last == '.' && g_ascii_isdigit (s[0])) || in_url (tight);

          if (last == '-' && text->len >= 2 && g_ascii_isalpha (text->str[text->len - 2]) &&
              g_unichar_islower (g_utf8_get_char (s)))
            g_string_truncate (text, text->len - 1);   /* a hyphenated word */
          else if (!glue || last == '-')
            g_string_append_c (text, ' ');
          if (!glue)
            g_string_append_c (tight, ' ');
        }
      g_string_append_len (text, s, len);
      g_string_append_len (tight, s, len);
    }
}

/* Whether an old-style id names one of arXiv's archives: "quantph/9502504"
 * is "quant-\nph/…" with the line's hyphen taken for a word's, and only
 * the text that keeps it ("tight") has the id. */
static gboolean
is_old_archive (const char *id)
{
  static const char * const archives[] = {
    "acc-phys", "adap-org", "alg-geom", "ao-sci", "astro-ph", "atom-ph", "bayes-an", "chao-dyn",
    "chem-ph", "cmp-lg", "comp-gas", "cond-mat", "cs", "dg-ga", "funct-an", "gr-qc", "hep-ex",
    "hep-lat", "hep-ph", "hep-th", "math", "math-ph", "mtrl-th", "nlin", "nucl-ex", "nucl-th",
    "patt-sol", "physics", "plasm-ph", "q-alg", "q-bio", "quant-ph", "solv-int", "supr-con",
  };
  gsize len = strcspn (id, "./");

  for (guint i = 0; i < G_N_ELEMENTS (archives); i++)
    if (strlen (archives[i]) == len && strncmp (id, archives[i], len) == 0)
      return TRUE;
  return FALSE;
}

static char *
find_arxiv_id (const char *text)
{
  g_autoptr(GMatchInfo) info = NULL;

  for (int which = RE_ARXIV; which <= RE_ARXIV_BARE; which++)
    {
      g_clear_pointer (&info, g_match_info_free);
      if (g_regex_match (re (which), text, 0, &info))
        do
          {
            g_autofree char *raw = g_match_info_fetch (info, 1);
            char *id = NULL;

            if (papers_arxiv_id_parse (raw, &id, NULL))
              {
                if (strchr (id, '/') == NULL || is_old_archive (id))
                  return id;
                g_free (id);
              }
          }
        while (g_match_info_next (info, NULL));
    }
  return NULL;
}

static char *
find_doi (const char *text)
{
  g_autoptr(GMatchInfo) info = NULL;
  char *doi;
  gsize len;
  int open = 0;

  if (!g_regex_match (re (RE_DOI), text, 0, &info))
    return NULL;
  doi = g_match_info_fetch (info, 1);
  for (const char *c = doi; *c != '\0'; c++)
    open += *c == '(' ? 1 : *c == ')' ? -1 : 0;
  len = strlen (doi);
  while (len > 0 && (strchr (".,;:]}>'\"", doi[len - 1]) != NULL || (doi[len - 1] == ')' && open < 0)))
    {
      if (doi[len - 1] == ')')
        open++;
      doi[--len] = '\0';
    }
  if (len < 8 || strchr (doi, '/')[1] == '\0')
    g_clear_pointer (&doi, g_free);
  return doi;
}

/* Where the authors end: a ". " after a word of two letters or more (not
 * an initial such as "A. ").  Returns an offset into @text. */
static const char *
sentence_end (const char *text)
{
  for (const char *c = text; *c != '\0'; c++)
    {
      if ((*c == '.' || *c == '?' || *c == '!') && (c[1] == ' ' || c[1] == '\0'))
        {
          const char *w = c;

          while (w > text && g_ascii_isalpha (w[-1]))
            w--;
          /* An initial, "et al.", "Jr." do not end the authors. */
          if (*c == '.' && (c - w == 1 ||
                            (c - w == 2 && (strncmp (w, "al", 2) == 0 || strncmp (w, "Jr", 2) == 0 ||
                                            strncmp (w, "Sr", 2) == 0 || strncmp (w, "St", 2) == 0))))
            continue;
          return c;
        }
    }
  return NULL;
}

static char *
clean_title (const char *start,
             gsize       len)
{
  /* Cut at 400 bytes, perhaps inside a character: made valid again. */
  g_autofree char *t = g_utf8_make_valid (start, MIN (len, 400));
  gsize n;

  g_strstrip (t);
  n = strlen (t);
  for (;;)
    {
      if (n > 0 && strchr (".,;:\"", t[n - 1]) != NULL)
        t[--n] = '\0';
      else if (g_str_has_suffix (t, "”"))
        t[n -= strlen ("”")] = '\0';
      else
        break;
    }
  if (g_utf8_strlen (t, -1) < 8 || strchr (t, ' ') == NULL)
    return NULL;
  /* Words, not "59, 803 (2010)" or "Phys. Rev. B 80". */
  {
    guint letters = 0, others = 0, words = 0, run = 0;

    for (const char *c = t; ; c = g_utf8_next_char (c))
      {
        gunichar ch = g_utf8_get_char (c);

        if (g_unichar_isalpha (ch))
          letters++, run++;
        else
          {
            words += run >= 3;
            run = 0;
            others += !g_unichar_isspace (ch) && ch != 0;
          }
        if (ch == 0)
          break;
      }
    if (words < 2 || letters < 2 * others)
      return NULL;
  }
  return g_steal_pointer (&t);
}

static gboolean
is_initials (const char *token)
{
  guint letters = 0;

  for (const char *c = token; *c != '\0'; c = g_utf8_next_char (c))
    {
      gunichar ch = g_utf8_get_char (c);

      if (g_unichar_isalpha (ch))
        {
          if (!g_unichar_isupper (ch))
            return FALSE;
          letters++;
        }
      else if (ch != '.' && ch != '-')
        return FALSE;
    }
  return letters <= 3;
}

/* Whether [@s, @end) is one author's name with initials, as a comma list
 * of authors gives it: "A. Beltagy", "J.-P. Smith", "and Q. Szegedy" */
static gboolean
is_initialled_name (const char *s,
                    const char *end)
{
  g_autofree char *piece = g_strndup (s, end - s);
  g_auto(GStrv) words = g_strsplit (g_strstrip (piece), " ", 8);
  guint n = g_strv_length (words), first = 0, initials = 0;

  if (n > 0 && g_str_equal (words[0], "and"))
    first = 1;
  if (n - first < 2 || n - first > 5)
    return FALSE;
  for (guint i = first; i < n; i++)
    {
      gunichar ch = g_utf8_get_char (words[i]);

      if (!g_unichar_isupper (ch))
        return FALSE;
      if (i < n - 1 && is_initials (words[i]) && strchr (words[i], '.') != NULL)
        initials++;
      else if (i < n - 1)
        return FALSE;
    }
  return initials > 0 && !is_initials (words[n - 1]);
}

/* A title after authors listed with commas and no sentence's end:
 * "A. Beltagy, J. Brown, and R. Li, The title, Nature, 2 (2009)" (SIAM's
 * style, elsarticle's, many physics journals'): the first piece after
 * the names.  NULL when the authors end with a sentence instead. */
static char *
comma_list_title (const char *text)
{
  const char *s = text, *comma, *stop;
  guint names = 0;

  while ((comma = strstr (s, ", ")) != NULL && names < 64 && is_initialled_name (s, comma))
    {
      names++;
      s = comma + 2;
    }
  if (names == 0 || (comma = strstr (s, ", ")) == NULL)
    return NULL;
  stop = sentence_end (text);
  if (stop != NULL && stop < comma)
    return NULL;
  return clean_title (s, comma - s);
}

static char *
guess_title (const char *text,
             const char *year_end)
{
  const char *open, *close, *start, *end;

  /* A quoted title: “…” or "…". */
  if ((open = strstr (text, "“")) != NULL && (close = strstr (open, "”")) != NULL)
    return clean_title (open + strlen ("“"), close - open - strlen ("“"));
  if ((open = strchr (text, '"')) != NULL && (close = strchr (open + 1, '"')) != NULL)
    return clean_title (open + 1, close - open - 1);

  if (year_end == NULL)
    {
      char *title = comma_list_title (text);

      if (title != NULL)
        return title;
    }

  /* After the year of an author–year entry, else after the authors: the
   * first sentence that is not a year ("Adams. 2021. Title. In …"). */
  start = year_end;
  if (start == NULL)
    {
      start = sentence_end (text);
      if (start == NULL)
        return NULL;
    }
  for (guint i = 0; i < 4 && *start != '\0'; i++)
    {
      gboolean year_only = TRUE;
      char *title;

      while (*start != '\0' && (strchr (".,:;) ", *start) != NULL))
        start++;
      end = sentence_end (start);
      if (end == NULL)
        end = start + strlen (start);
      for (const char *c = start; c < end; c++)
        if (!g_ascii_isdigit (*c) && strchr ("()[] ", *c) == NULL && !(c > start && g_ascii_islower (*c) && c + 1 == end))
          year_only = FALSE;
      if (!year_only && (title = clean_title (start, end - start)) != NULL)
        return title;
      start = end;
    }
  return NULL;
}

/* A name as a key: "Schölkopf" whether its "ö" is one character or, as
 * Poppler reads LaTeX's accents, an "o" and a combining diaeresis */
static char *
fold_name (const char *name)
{
  g_autofree char *composed = g_utf8_normalize (name, -1, G_NORMALIZE_NFC);

  return g_utf8_casefold (composed != NULL ? composed : name, -1);
}


/* The authors' surnames, from "Vaswani, A., Shazeer, N., and Parmar, N."
 * or "Ashish Vaswani, Noam Shazeer, and Niki Parmar": the last word of each
 * name that is not an initial. */
static char **
parse_surnames (const char *authors,
                GPtrArray  *written)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) around_and = g_strsplit (authors, " and ", 64);
  g_autofree char *copy = g_strjoinv (",", around_and);
  char *save = NULL;
  guint n = 0;

  for (char *c = copy; *c != '\0'; c++)
    if (*c == ';' || *c == '&')
      *c = ',';
  for (char *piece = strtok_r (copy, ",", &save); piece != NULL && n < MAX_SURNAMES;
       piece = strtok_r (NULL, ",", &save))
    {
      g_auto(GStrv) words = g_strsplit_set (piece, " \t", -1);
      const char *surname = NULL;

      for (guint i = 0; words[i] != NULL; i++)
        {
          if (*words[i] == '\0' || g_str_equal (words[i], "and") || g_str_equal (words[i], "et") ||
              g_str_equal (words[i], "al.") || g_str_equal (words[i], "al") || g_str_equal (words[i], "Jr.") ||
              is_initials (words[i]))
            continue;
          surname = words[i];
        }
      if (surname == NULL || !g_unichar_isupper (g_utf8_get_char (surname)))
        continue;
      {
        g_autofree char *trimmed = g_strdup (surname);
        gsize len = strlen (trimmed);

        while (len > 0 && strchr (".,:;()", trimmed[len - 1]) != NULL)
          trimmed[--len] = '\0';
        if (len == 0)
          continue;
        g_ptr_array_add (written, g_strdup (trimmed));
        g_strv_builder_take (builder, fold_name (trimmed));
        n++;
      }
    }
  return g_strv_builder_end (builder);
}

static void
add_author_year_key (Parser     *p,
                     const char *surname,
                     const char *year,
                     int         index)
{
  g_autofree char *key = g_strdup_printf ("%s|%s", surname, year);
  GArray *list = g_hash_table_lookup (p->author_years, key);

  if (list == NULL)
    {
      list = g_array_new (FALSE, FALSE, sizeof (int));
      g_hash_table_insert (p->author_years, g_steal_pointer (&key), list);
    }
  if (list->len < 64)
    g_array_append_val (list, index);
}

/* Whether an author–year entry's first year, at byte @year of @text,
 * comes right after its authors, which end at @stop: nothing but spaces,
 * brackets and punctuation between them, or the year before the end. */
static gboolean
year_follows_authors (const char *text,
                      const char *stop,
                      int         year)
{
  if (text + year <= stop)
    return TRUE;
  for (const char *c = stop; c < text + year; c++)
    if (!g_ascii_isspace (*c) && strchr (".,:;([", *c) == NULL)
      return FALSE;
  return TRUE;
}

static void
add_entry (Parser *p,
           Span   *span,
           gboolean numbered)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) tight = g_string_new (NULL);
  g_autoptr(GMatchInfo) info = NULL;
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  PapersRefEntry *entry;
  Line *first = LINE (p, span->first);
  const char *year_end = NULL;
  int index = p->refs->entries->len;

  join_lines (p, span, text, tight);
  if (text->len == 0)
    return;

  entry = g_new0 (PapersRefEntry, 1);
  entry->text = g_utf8_make_valid (text->str, text->len);
  entry->page = first->page;
  entry->rect = first->box;
  entry->arxiv_id = find_arxiv_id (text->str);
  if (entry->arxiv_id == NULL)
    entry->arxiv_id = find_arxiv_id (tight->str);
  entry->doi = find_doi (tight->str);
  if (entry->doi == NULL)
    entry->doi = find_doi (text->str);

  if (g_regex_match (re (RE_YEAR), entry->text, 0, &info))
    {
      int start, end;
      g_autofree char *authors = NULL;

      const char *stop = sentence_end (entry->text);

      g_match_info_fetch_pos (info, 0, &start, &end);
      entry->year = g_match_info_fetch (info, 0);
      /* The authors come before the year in an author–year entry when the
       * year follows them ("Adams, J. (2021). Title." or "Adams. 2021.
       * Title."), before the first sentence's end otherwise; then the
       * year is the entry's last ("Adams. Title. In Venue, 2021.", as
       * natbib's plainnat and the ICLR and ICML styles write it). */
      if (!numbered && (stop == NULL || year_follows_authors (entry->text, stop, start)))
        {
          authors = g_strndup (entry->text, start);
          year_end = entry->text + end;
        }
      else if (!numbered)
        {
          authors = g_strndup (entry->text, stop - entry->text);
          while (g_match_info_next (info, NULL))
            {
              g_free (entry->year);
              entry->year = g_match_info_fetch (info, 0);
            }
        }
      else
        {
          authors = g_strndup (entry->text, stop != NULL ? (gsize) (stop - entry->text) : MIN ((gsize) start, text->len));
        }
      entry->surnames = parse_surnames (authors, written);
    }
  else
    entry->surnames = g_new0 (char *, 1);
  entry->title = guess_title (entry->text, year_end);

  if (span->label != NULL)
    entry->label = g_strdup (span->label);
  else if (written->len > 0 && entry->year != NULL)
    entry->label = written->len == 1 ? g_strdup_printf ("%s, %s", (char *) written->pdata[0], entry->year)
                 : written->len == 2 ? g_strdup_printf ("%s and %s, %s", (char *) written->pdata[0],
                                                        (char *) written->pdata[1], entry->year)
                 : g_strdup_printf ("%s et al., %s", (char *) written->pdata[0], entry->year);
  else
    entry->label = g_strdup_printf ("%d", index + 1);

  g_ptr_array_add (p->refs->entries, entry);
  if (span->label != NULL && !g_hash_table_contains (p->labels, span->label))
    g_hash_table_insert (p->labels, g_strdup (span->label), GINT_TO_POINTER (index + 1));
  if (entry->year != NULL && entry->surnames[0] != NULL)
    {
      g_autofree char *digits = g_strndup (entry->year, 4);

      add_author_year_key (p, entry->surnames[0], entry->year, index);
      if (!g_str_equal (digits, entry->year))
        add_author_year_key (p, entry->surnames[0], digits, index);
    }
  if (span->label != NULL)
    {
      int number;

      if (label_is_number (span->label, &number))
        p->max_number = MAX (p->max_number, number);
    }
}

/* Without a heading, a list is where "[1]" starts a line and "[2]" one
 * after it, or where a detached label "1" starts a line with "2" and "3"
 * after it (RevTeX's superscript labels). */
static int
find_headless_start (Parser *p)
{
  for (int i = (int) p->lines->len - 1; i >= 0; i--)
    {
      const char *s = LINE (p, i)->str;
      int number;

      while (g_ascii_isspace (*s))
        s++;
      if (g_str_has_prefix (s, "[1]"))
        {
          for (int j = i + 1; j < (int) p->lines->len && j < i + 40; j++)
            {
              const char *t = LINE (p, j)->str;

              while (g_ascii_isspace (*t))
                t++;
              if (g_str_has_prefix (t, "[2]"))
                return i;
            }
        }
      else if (label_only (s, &number) && number == 1 && LINE (p, i)->height < p->body_height * 0.9 &&
               attach_label (p, i, MIN ((int) p->lines->len - 1, i + 300), i) >= 0)
        {
          guint later = 0;

          for (int j = i + 1; j < (int) p->lines->len && j < i + 300; j++)
            if (label_only (LINE (p, j)->str, &number) && number >= 2 && number <= 4)
              later++;
          if (later >= 2)
            return i;
        }
    }
  return -1;
}

static void
parse_entries (Parser *p)
{
  g_autoptr(GArray) spans = NULL;
  g_autoptr(GHashTable) marks = NULL;
  int heading = find_heading (p);
  int first, last = (int) p->lines->len - 1;
  guint n_bracket = 0, n_number = 0, n_detached = 0;

  if (heading >= 0)
    first = heading + 1;
  else if ((first = find_headless_start (p)) < 0)
    return;
  if (last - first + 1 > MAX_REGION_LINES)
    {
      last = first + MAX_REGION_LINES - 1;
      p->refs->truncated = TRUE;
    }
  if (first > last)
    return;

  /* Which kind of list: count the labels the first lines start with. */
  marks = find_detached_labels (p, first, MIN (last, first + 3000));
  for (int i = first; i <= last && i < first + 300; i++)
    {
      g_autofree char *label = NULL;
      guint consumed;
      int number;
      gpointer mark;

      if (g_hash_table_lookup_extended (marks, GINT_TO_POINTER (i), NULL, &mark))
        n_detached += GPOINTER_TO_INT (mark) > 0;
      else if (bracket_label (LINE (p, i)->str, &label, &consumed) &&
               (label_is_number (label, &number) || label_is_alpha (label)))
        n_bracket++;
      else if (number_start (LINE (p, i)->str, &number, &consumed))
        n_number++;
    }

  if (n_bracket >= 2)
    spans = find_labelled_spans (p, first, last, TRUE, marks);
  if ((spans == NULL || spans->len < 2) && n_number + n_detached >= 2)
    {
      g_clear_pointer (&spans, g_array_unref);
      spans = find_labelled_spans (p, first, last, FALSE, marks);
    }
  if (spans != NULL && spans->len >= 2)
    p->refs->numbered = TRUE;
  else
    {
      g_clear_pointer (&spans, g_array_unref);
      if (heading < 0)
        return;
      spans = find_author_year_spans (p, first, last);
    }

  for (guint i = 0; i < spans->len; i++)
    add_entry (p, &g_array_index (spans, Span, i), p->refs->numbered);
  if (spans->len > 0)
    {
      p->region_first = heading >= 0 ? heading : first;
      p->region_last = g_array_index (spans, Span, spans->len - 1).last;
    }
}

/* Citations */

static int find_target (Parser       *p,
                        PapersRefKind kind,
                        const char   *label);

typedef struct {
  const PapersTextPage *page;
  int                   page_index;
  guint                *char_of_byte;   /* len + 1 */
  gsize                 len;
  int                   first_line;     /* of the page */
  int                   n_lines;
} PageScan;

static void
page_scan_init (Parser   *p,
                PageScan *scan,
                int       pg)
{
  const char *text = p->pages[pg]->text;
  guint index = 0;

  scan->page = p->pages[pg];
  scan->page_index = pg;
  scan->first_line = p->page_first_line[pg];
  scan->n_lines = p->page_first_line[pg + 1] - p->page_first_line[pg];
  /* Only the bytes split_lines() read. */
  scan->len = scan->n_lines > 0 ? LINE (p, scan->first_line + scan->n_lines - 1)->byte_start +
                                  LINE (p, scan->first_line + scan->n_lines - 1)->byte_len
                                : 0;
  scan->char_of_byte = g_new (guint, scan->len + 1);
  /* A byte's character is the number of characters that start before it. */
  for (gsize b = 0; b < scan->len; b++)
    {
      if (((guchar) text[b] & 0xC0) != 0x80)
        index++;
      scan->char_of_byte[b] = index - 1;
    }
  scan->char_of_byte[scan->len] = index;
}

static void
page_scan_clear (PageScan *scan)
{
  g_free (scan->char_of_byte);
}

/* The line holding byte @offset of the page. */
static int
line_at (Parser   *p,
         PageScan *scan,
         gsize     offset)
{
  int lo = scan->first_line, hi = scan->first_line + scan->n_lines - 1;

  while (lo < hi)
    {
      int mid = (lo + hi + 1) / 2;

      if (LINE (p, mid)->byte_start <= offset)
        lo = mid;
      else
        hi = mid - 1;
    }
  return lo;
}

static gboolean
in_region (Parser   *p,
           PageScan *scan,
           gsize     offset)
{
  int line;

  if (p->region_first < 0 || scan->n_lines == 0)
    return FALSE;
  line = line_at (p, scan, offset);
  return line == p->region_first || LINE (p, line)->in_entry;
}

static PapersTextRect
scan_rect (PageScan *scan,
           gsize     from,
           gsize     to)
{
  return span_rect (scan->page, scan->char_of_byte[MIN (from, scan->len)], scan->char_of_byte[MIN (to, scan->len)]);
}

static void
add_citation (Parser   *p,
              PageScan *scan,
              gsize     from,
              gsize     to,
              GArray   *entries)
{
  PapersCitation *citation;
  g_autofree char *text = NULL;

  if (entries->len == 0 || p->refs->citations->len >= MAX_CITATIONS)
    return;
  citation = g_new0 (PapersCitation, 1);
  text = g_strndup (scan->page->text + from, to - from);
  /* A citation broken over two lines reads as one. */
  g_strdelimit (text, "\n", ' ');
  citation->text = g_utf8_make_valid (text, -1);
  citation->page = scan->page_index;
  citation->rect = scan_rect (scan, from, to);
  citation->entries = g_array_ref (entries);
  citation->offset = from;
  g_ptr_array_add (p->refs->citations, citation);
}

static void
add_label (Parser     *p,
           GArray     *entries,
           const char *label)
{
  int index = GPOINTER_TO_INT (g_hash_table_lookup (p->labels, label)) - 1;

  if (index < 0)
    return;
  for (guint i = 0; i < entries->len; i++)
    if (g_array_index (entries, int, i) == index)
      return;
  g_array_append_val (entries, index);
}

/* "3", "3-5", "3–5", "3—5" → 3, 4, 5 */
static void
add_numbers (Parser     *p,
             GArray     *entries,
             const char *piece)
{
  const char *s = piece;
  char *end;
  long from, to;

  while (g_ascii_isspace (*s))
    s++;
  if (!g_ascii_isdigit (*s))
    {
      g_autofree char *label = g_strstrip (g_strdup (s));

      add_label (p, entries, label);
      return;
    }
  from = strtol (s, &end, 10);
  while (g_ascii_isspace (*end))
    end++;
  to = from;
  if (*end == '-' || g_str_has_prefix (end, "–") || g_str_has_prefix (end, "—"))
    {
      end += *end == '-' ? 1 : strlen ("–");
      while (g_ascii_isspace (*end))
        end++;
      if (g_ascii_isdigit (*end))
        to = strtol (end, &end, 10);
    }
  while (g_ascii_isspace (*end))
    end++;
  if (*end != '\0' || to < from || to - from > MAX_RANGE || from > 100000)
    return;
  for (long n = from; n <= to; n++)
    {
      char label[16];

      g_snprintf (label, sizeof label, "%ld", n);
      add_label (p, entries, label);
    }
}

/* "[3]", "[3, 7]", "[3–5]", "[GHW09]"; or "(3)", "(3, 7)" in a paper
 * that cites so (@which).  Returns how many were tied; with @count_only,
 * only counts them. */
static guint
scan_numbered_citations (Parser   *p,
                         PageScan *scan,
                         int       which,
                         gboolean  count_only)
{
  g_autoptr(GMatchInfo) info = NULL;
  const char *text = scan->page->text;
  guint tied = 0;

  g_regex_match_full (re (which), text, scan->len, 0, 0, &info, NULL);
  for (; g_match_info_matches (info); g_match_info_next (info, NULL))
    {
      g_autofree char *inner = g_match_info_fetch (info, 1);
      g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (int));
      g_auto(GStrv) pieces = NULL;
      int start, end;

      g_autofree char *range_end = g_match_info_get_match_count (info) > 2 ? g_match_info_fetch (info, 2) : NULL;

      g_match_info_fetch_pos (info, 0, &start, &end);
      if (in_region (p, scan, start))
        continue;
      /* "[3]–[5]", as IEEE's style with the cite package writes a range */
      if (range_end != NULL && *range_end != '\0' && strspn (inner, "0123456789 ") == strlen (inner))
        {
          g_autofree char *joined = g_strdup_printf ("%s–%s", inner, range_end);

          g_free (inner);
          inner = g_steal_pointer (&joined);
        }
      pieces = g_strsplit_set (inner, ",;", 64);
      for (guint i = 0; pieces[i] != NULL; i++)
        add_numbers (p, entries, pieces[i]);
      /* An equation's number in parentheses is the equation's. */
      if (which == RE_PAREN_NUMBER_CITE && g_strv_length (pieces) == 1 &&
          find_target (p, PAPERS_REF_EQUATION, g_strstrip (pieces[0])) >= 0)
        continue;
      tied += entries->len > 0;
      if (!count_only)
        add_citation (p, scan, start, end, entries);
    }
  return tied;
}

static gboolean
is_superscript_char (gunichar ch,
                     int     *digit)
{
  static const gunichar supers[] = { 0x2070, 0x00B9, 0x00B2, 0x00B3, 0x2074, 0x2075, 0x2076, 0x2077, 0x2078, 0x2079 };

  for (int i = 0; i < 10; i++)
    if (ch == supers[i])
      {
        *digit = i;
        return TRUE;
      }
  return FALSE;
}

/* Superscript numbers in a numbered paper: digits smaller than the line's
 * letters and raised above their baseline, right after a word. */
static void
scan_superscripts (Parser   *p,
                   PageScan *scan)
{
  for (int li = scan->first_line; li < scan->first_line + scan->n_lines; li++)
    {
      Line *line = LINE (p, li);
      const char *s = line->str;
      guint k = 0;
      double base = line->has_box ? line->box.y2 : 0;
      gunichar before = 0, before2 = 0;

      if (line->in_entry || line->height <= 0)
        continue;
      /* The baseline: the bottom most of the letters share. */
      {
        guint n = 0;
        g_autoptr(GArray) bottoms = g_array_new (FALSE, FALSE, sizeof (double));

        for (const char *c = s; *c != '\0' && n < 400; c = g_utf8_next_char (c), n++)
          {
            const PapersTextRect *r = char_rect (scan->page, line->char_start + n);

            if (r != NULL && g_unichar_islower (g_utf8_get_char (c)))
              g_array_append_val (bottoms, r->y2);
          }
        if (bottoms->len < 3)
          continue;
        g_array_sort (bottoms, compare_double);
        base = g_array_index (bottoms, double, bottoms->len / 2);
      }

      for (const char *c = s; *c != '\0'; )
        {
          const char *run = c;
          guint run_k = k;
          g_autoptr(GString) numbers = NULL;
          gboolean raised = TRUE;
          guint n_digits = 0;
          gunichar first = g_utf8_get_char (c);
          int value;

          /* Most characters start no run: step over them cheaply. */
          if (!g_ascii_isdigit (first) && !is_superscript_char (first, &value))
            {
              before2 = before;
              before = first;
              c = g_utf8_next_char (c);
              k++;
              continue;
            }
          numbers = g_string_new (NULL);

          for (; *c != '\0'; c = g_utf8_next_char (c), k++)
            {
              gunichar ch = g_utf8_get_char (c);
              const PapersTextRect *r = char_rect (scan->page, line->char_start + k);
              int digit;

              if (is_superscript_char (ch, &digit))
                {
                  g_string_append_c (numbers, '0' + digit);
                  n_digits++;
                  continue;
                }
              if (!(g_ascii_isdigit (ch) || ch == ',' || ch == '-' || ch == 0x2013) || r == NULL)
                break;
              if (r->y2 - r->y1 > 0.8 * line->height || r->y2 > base - 0.2 * line->height)
                {
                  raised = FALSE;
                  break;
                }
              if (g_ascii_isdigit (ch))
                n_digits++;
              g_string_append_unichar (numbers, ch == 0x2013 ? '-' : ch);
            }
          if (c == run)
            {
              before2 = before;
              before = g_utf8_get_char (c);
              c = g_utf8_next_char (c);
              k++;
              continue;
            }
          /* After a word or a sentence, not after a variable or a
           * parenthesis: "x2" and "(a + b)2" are squares. */
          if (raised && n_digits > 0 && before != 0 &&
              ((g_unichar_isalpha (before) && g_unichar_isalpha (before2)) ||
               (before < 128 && strchr (".,;:", (int) before) != NULL)))
            {
              g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (int));
              g_auto(GStrv) pieces = g_strsplit (numbers->str, ",", 32);
              gboolean ok = TRUE;

              for (guint i = 0; pieces[i] != NULL && ok; i++)
                {
                  int number = atoi (pieces[i]);

                  ok = *pieces[i] != '\0' && number >= 1 && number <= p->max_number;
                }
              if (ok)
                {
                  gsize from = line->byte_start + (run - s), to = line->byte_start + (c - s);

                  for (guint i = 0; pieces[i] != NULL; i++)
                    add_numbers (p, entries, pieces[i]);
                  add_citation (p, scan, from, to, entries);
                }
            }
          (void) run_k;
          before = before2 = 0;
        }
    }
}

static void
lookup_author_year (Parser     *p,
                    GArray     *entries,
                    const char *surname,
                    const char *second,
                    const char *year)
{
  g_autofree char *folded = fold_name (surname);
  g_autofree char *key = g_strdup_printf ("%s|%s", folded, year);
  GArray *list = g_hash_table_lookup (p->author_years, key);
  int found = -1;

  if (list == NULL)
    return;
  for (guint i = 0; i < list->len && found < 0; i++)
    {
      int index = g_array_index (list, int, i);
      PapersRefEntry *entry = p->refs->entries->pdata[index];

      if (second == NULL)
        found = index;
      else
        {
          g_autofree char *other = fold_name (second);

          if (entry->surnames[0] != NULL && entry->surnames[1] != NULL && g_str_equal (entry->surnames[1], other))
            found = index;
        }
    }
  if (found < 0)
    found = g_array_index (list, int, 0);
  for (guint i = 0; i < entries->len; i++)
    if (g_array_index (entries, int, i) == found)
      return;
  g_array_append_val (entries, found);
}

static void
add_years (Parser     *p,
           GArray     *entries,
           const char *surname,
           const char *second,
           const char *years)
{
  g_auto(GStrv) list = g_strsplit_set (years, ",;", 16);
  char digits[5] = "";

  for (guint i = 0; list[i] != NULL; i++)
    {
      g_autofree char *year = g_strstrip (g_strdup (list[i]));

      /* "2020a,b": the letter alone is the year before's. */
      if (strlen (year) == 1 && digits[0] != '\0')
        {
          g_autofree char *full = g_strconcat (digits, year, NULL);

          lookup_author_year (p, entries, surname, second, full);
          continue;
        }
      if (strlen (year) >= 4)
        memcpy (digits, year, 4);
      lookup_author_year (p, entries, surname, second, year);
    }
}

/* "Vaswani et al. (2017)", "Vaswani and Shazeer [2017a]" */
static void
scan_narrative_citations (Parser   *p,
                          PageScan *scan)
{
  g_autoptr(GMatchInfo) info = NULL;

  g_regex_match_full (re (RE_NARRATIVE_CITE), scan->page->text, scan->len, 0, 0, &info, NULL);
  for (; g_match_info_matches (info); g_match_info_next (info, NULL))
    {
      g_autofree char *surname = g_match_info_fetch (info, 1);
      g_autofree char *second = g_match_info_fetch (info, 2);
      g_autofree char *years = g_match_info_fetch (info, 3);
      g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (int));
      int start, end;

      g_match_info_fetch_pos (info, 0, &start, &end);
      if (in_region (p, scan, start))
        continue;
      add_years (p, entries, surname, second != NULL && *second != '\0' ? second : NULL, years);
      add_citation (p, scan, start, end, entries);
    }
}

/* The first author's surname in "van der Maaten et al.", "Vaswani and
 * Shazeer", "Brown, Mann": the last word before "et al.", "and", "&" or ",". */
static void
split_authors (const char *authors,
               char      **first,
               char      **second)
{
  g_autofree char *copy = g_strdup (authors);
  char *cut = copy + strlen (copy), *rest = NULL;
  const char *seps[] = { " et al", ",", " and ", " & " };
  char *w;

  for (guint i = 0; i < G_N_ELEMENTS (seps); i++)
    {
      char *at = strstr (copy, seps[i]);

      if (at != NULL && at < cut)
        {
          cut = at;
          rest = i >= 1 ? at + strlen (seps[i]) : NULL;
        }
    }
  *cut = '\0';
  g_strstrip (copy);
  w = strrchr (copy, ' ');
  *first = g_strdup (w != NULL ? w + 1 : copy);
  *second = NULL;
  if (rest != NULL)
    {
      g_autofree char *r = g_strstrip (g_strdup (rest));
      char *end = r;

      if (g_str_has_prefix (r, "and "))
        memmove (r, r + 4, strlen (r + 4) + 1);
      while (*end != '\0' && *end != ' ' && *end != ',')
        end++;
      *end = '\0';
      if (*r != '\0')
        *second = g_strdup (r);
    }
}

/* "(Vaswani et al., 2017; Brown et al., 2020a)": a citation per piece. */
/* Where the citation starting at @from of a group ends: at a ';', or at
 * a ',' after a year and before a name, as natbib separates them in
 * square brackets ("[Radford et al., 2016, Wu et al., 2019]") */
static gsize
group_piece_end (const char *text,
                 gsize       from,
                 gsize       end)
{
  for (gsize i = from; i < end; i++)
    {
      gsize y = i;
      const char *next;

      if (text[i] == ';')
        return i;
      if (text[i] != ',')
        continue;
      if (y > from && g_ascii_islower (text[y - 1]))
        y--;
      if (y < from + 4 || !g_ascii_isdigit (text[y - 1]) || !g_ascii_isdigit (text[y - 2]) ||
          !g_ascii_isdigit (text[y - 3]) || !(text[y - 4] == '1' || text[y - 4] == '2') ||
          (y > from + 4 && g_ascii_isdigit (text[y - 5])))
        continue;
      for (next = text + i + 1; next < text + end && g_ascii_isspace (*next); next++)
        ;
      if (next < text + end && next > text + i + 1 && g_unichar_isupper (g_utf8_get_char (next)))
        return i;
    }
  return end;
}

static void
scan_author_year_groups (Parser   *p,
                         PageScan *scan,
                         int       which)
{
  g_autoptr(GMatchInfo) info = NULL;
  const char *text = scan->page->text;

  g_regex_match_full (re (which), text, scan->len, 0, 0, &info, NULL);
  for (; g_match_info_matches (info); g_match_info_next (info, NULL))
    {
      int start, end;
      gsize piece_start;

      g_match_info_fetch_pos (info, 1, &start, &end);
      if (in_region (p, scan, start))
        continue;
      piece_start = start;
      while (piece_start < (gsize) end)
        {
          gsize piece_end = group_piece_end (text, piece_start, end);
          g_autofree char *piece = g_strndup (text + piece_start, piece_end - piece_start);
          g_autoptr(GMatchInfo) m = NULL;

          g_strdelimit (piece, "\n", ' ');
          if (g_regex_match (re (RE_PAREN_PIECE), piece, 0, &m))
            {
              g_autofree char *authors = g_match_info_fetch (m, 1);
              g_autofree char *years = g_match_info_fetch (m, 2);
              g_autofree char *first = NULL, *second = NULL;
              g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (int));
              int a_start, y_end;

              g_match_info_fetch_pos (m, 1, &a_start, NULL);
              g_match_info_fetch_pos (m, 2, NULL, &y_end);
              split_authors (authors, &first, &second);
              add_years (p, entries, first, second, years);
              add_citation (p, scan, piece_start + a_start, piece_start + y_end, entries);
            }
          piece_start = piece_end + 1;
        }
    }
}

/* "(Adams, 2021; Baker et al., 2020)", or in square brackets as natbib
 * writes them by default */
static void
scan_parenthetical_citations (Parser   *p,
                              PageScan *scan)
{
  scan_author_year_groups (p, scan, RE_PAREN_GROUP);
  scan_author_year_groups (p, scan, RE_BRACKET_GROUP);
}

/* Figures, tables, equations, sections */

static int
find_target (Parser       *p,
             PapersRefKind kind,
             const char   *label)
{
  for (guint i = 0; i < p->refs->targets->len; i++)
    {
      PapersRefTarget *t = p->refs->targets->pdata[i];

      if (t->kind == kind && g_str_equal (t->label, label))
        return i;
    }
  return -1;
}

static void
add_target (Parser        *p,
            PapersRefKind  kind,
            const char    *label,
            int            li,
            PapersTextRect region)
{
  PapersRefTarget *target;
  Line *line = LINE (p, li);

  if (p->refs->targets->len >= MAX_TARGETS || find_target (p, kind, label) >= 0)
    return;
  target = g_new0 (PapersRefTarget, 1);
  target->kind = kind;
  target->label = g_strdup (label);
  target->page = line->page;
  target->rect = line->box;
  target->region = region;
  g_ptr_array_add (p->refs->targets, target);
  line->is_target = TRUE;
}

/* The caption's paragraph: its line and those right under it. */
static PapersTextRect
caption_block (Parser *p,
               int     li,
               int    *last_line)
{
  Line *line = LINE (p, li);
  PapersTextRect box = line->box;
  gboolean has = TRUE;
  int last = li;

  for (int j = li + 1; j < (int) p->page_first_line[line->page + 1] && j < li + 12; j++)
    {
      Line *next = LINE (p, j), *prev = LINE (p, last);

      if (!next->has_box || next->box.y1 < prev->box.y1 ||
          next->box.y1 - prev->box.y2 > 0.8 * MAX (prev->height, 1) ||
          next->box.x1 > box.x2 || next->box.x2 < box.x1)
        break;
      rect_union (&box, &has, &next->box);
      last = j;
    }
  *last_line = last;
  return box;
}

/* A figure is above its caption, up to the nearest line of prose over it;
 * a table is under its caption down to the nearest line of prose, or
 * above it when prose follows the caption at once. */
static PapersTextRect
figure_region (Parser        *p,
               int            li,
               PapersRefKind  kind)
{
  Line *line = LINE (p, li);
  const PapersTextPage *page = p->pages[line->page];
  int last;
  PapersTextRect block = caption_block (p, li, &last);
  PapersTextRect region = block;
  double above = page->height * 0.06, below = page->height * 0.94;
  gboolean prose_right_after = FALSE;

  for (int j = p->page_first_line[line->page]; j < (int) p->page_first_line[line->page + 1]; j++)
    {
      Line *other = LINE (p, j);

      if (j >= li && j <= last)
        continue;
      if (!other->has_box || other->furniture || !is_prose (other) ||
          other->box.x1 > block.x2 || other->box.x2 < block.x1)
        continue;
      if (other->box.y2 <= block.y1 + 1)
        above = MAX (above, other->box.y2);
      else if (other->box.y1 >= block.y2 - 1)
        {
          below = MIN (below, other->box.y1);
          if (other->box.y1 - block.y2 < 1.5 * MAX (line->height, p->body_height))
            prose_right_after = TRUE;
        }
    }
  if (kind == PAPERS_REF_FIGURE || prose_right_after)
    region.y1 = MIN (block.y1, above + 1);
  else
    region.y2 = MAX (block.y2, below - 1);
  return region;
}

static void
find_targets (Parser *p)
{
  gboolean after_references = FALSE;
  double right = 0;

  for (guint li = 0; li < p->lines->len; li++)
    {
      Line *line = LINE (p, li);
      g_autoptr(GMatchInfo) info = NULL;

      if ((int) li == p->region_first)
        after_references = TRUE;
      if (line->furniture || !line->has_box || line->in_entry)
        continue;
      right = MAX (right, line->box.x2);

      if (g_regex_match (re (RE_CAPTION), line->str, 0, &info))
        {
          g_autofree char *word = g_match_info_fetch (info, 1);
          g_autofree char *label = g_match_info_fetch (info, 2);
          PapersRefKind kind = g_ascii_toupper (word[0]) == 'T' ? PAPERS_REF_TABLE : PAPERS_REF_FIGURE;

          add_target (p, kind, label, li, figure_region (p, li, kind));
          continue;
        }
      g_clear_pointer (&info, g_match_info_free);

      if (g_regex_match (re (RE_EQUATION), line->str, 0, &info))
        {
          g_autofree char *label = g_match_info_fetch (info, 1);
          int start;
          guint k;
          const PapersTextRect *r, *prev_r = NULL;

          /* An equation's number stands apart at the right of its line. */
          g_match_info_fetch_pos (info, 0, &start, NULL);
          k = g_utf8_pointer_to_offset (line->str, line->str + start);
          r = char_rect (p->pages[line->page], line->char_start + k);
          for (int b = (int) k - 1; b >= 0; b--)
            {
              const char *c = g_utf8_offset_to_pointer (line->str, b);

              if (!g_unichar_isspace (g_utf8_get_char (c)))
                {
                  prev_r = char_rect (p->pages[line->page], line->char_start + b);
                  break;
                }
            }
          if (r != NULL && prev_r != NULL && r->x1 - prev_r->x2 >= 12)
            {
              PapersTextRect region = line->box;

              region.y1 -= line->height * 0.5;
              region.y2 += line->height * 0.5;
              add_target (p, PAPERS_REF_EQUATION, label, li, region);
              continue;
            }
        }
      g_clear_pointer (&info, g_match_info_free);

      if (line->height >= p->body_height * 0.95 && strlen (line->str) < 100 &&
          !line_ends_sentence (line->str) && !g_ascii_isdigit (line->str[MAX (strlen (line->str), 1) - 1]))
        {
          const char *s = line->str;
          g_autofree char *label = NULL;
          g_autoptr(GMatchInfo) appendix = NULL;
          PapersRefKind kind = PAPERS_REF_SECTION;

          while (g_ascii_isspace (*s))
            s++;
          /* Numbered headings before the list, lettered ones after it;
           * "Appendix B" anywhere. */
          if (!after_references && g_regex_match (re (RE_SECTION), s, 0, &info))
            label = g_match_info_fetch (info, 1);
          else if ((after_references || g_str_has_prefix (s, "Appendix") || g_str_has_prefix (s, "APPENDIX")) &&
                   g_regex_match (re (RE_APPENDIX), s, 0, &appendix))
            {
              g_clear_pointer (&info, g_match_info_free);
              info = g_steal_pointer (&appendix);
              label = g_match_info_fetch (info, 1);
              if (label == NULL || *label == '\0')
                {
                  g_free (label);
                  label = g_match_info_fetch (info, 2);
                }
              kind = PAPERS_REF_APPENDIX;
            }
          if (label != NULL && *label != '\0' && (kind == PAPERS_REF_APPENDIX || atoi (label) <= 40))
            add_target (p, kind, label, li, line->box);
        }
    }
}

static PapersRefKind
mention_kind (const char *word)
{
  switch (g_ascii_toupper (word[0]))
    {
    case 'F': return PAPERS_REF_FIGURE;
    case 'T': return PAPERS_REF_TABLE;
    case 'E': return PAPERS_REF_EQUATION;
    case 'A': return PAPERS_REF_APPENDIX;
    default: return PAPERS_REF_SECTION;
    }
}

static void
scan_mentions (Parser   *p,
               PageScan *scan)
{
  g_autoptr(GMatchInfo) info = NULL;

  g_regex_match_full (re (RE_MENTION), scan->page->text, scan->len, 0, 0, &info, NULL);
  for (; g_match_info_matches (info) && p->refs->mentions->len < MAX_MENTIONS; g_match_info_next (info, NULL))
    {
      g_autofree char *word = g_match_info_fetch (info, 1);
      g_autofree char *open = g_match_info_fetch (info, 2);
      g_autofree char *label = g_match_info_fetch (info, 3);
      PapersRefKind kind = mention_kind (word);
      PapersRefMention *mention;
      int start, end, li, target;
      gboolean roman = label[0] == 'I' || label[0] == 'V' || label[0] == 'X';

      g_match_info_fetch_pos (info, 0, &start, &end);
      li = scan->n_lines > 0 ? line_at (p, scan, start) : -1;
      /* A caption names itself; a list entry's "Table 2" is the cited paper's. */
      if (li >= 0 && LINE (p, li)->in_entry)
        continue;
      if (li >= 0 && (gsize) start <= LINE (p, li)->byte_start + 2 &&
          (LINE (p, li)->is_target || g_regex_match (re (RE_CAPTION), LINE (p, li)->str, 0, NULL)))
        continue;
      if (roman && kind != PAPERS_REF_TABLE && kind != PAPERS_REF_SECTION)
        continue;
      if (*open != '\0' && kind != PAPERS_REF_EQUATION)
        continue;
      if (kind == PAPERS_REF_SECTION && g_ascii_isalpha (label[0]) && !roman)
        kind = PAPERS_REF_APPENDIX;
      target = find_target (p, kind, label);
      if (target < 0 && kind == PAPERS_REF_SECTION)
        target = find_target (p, PAPERS_REF_APPENDIX, label);
      mention = g_new0 (PapersRefMention, 1);
      mention->kind = kind;
      mention->label = g_strdup (label);
      mention->text = g_strndup (scan->page->text + start, end - start);
      g_strdelimit (mention->text, "\n", ' ');
      mention->page = scan->page_index;
      mention->rect = scan_rect (scan, start, end);
      mention->target = target;
      g_ptr_array_add (p->refs->mentions, mention);
    }
}

/* Citations from links */

/* How far a link's destination may be above an entry's first line (hyperref
 * puts it about a line above) or below its top, in points */
#define LINK_ABOVE_ENTRY 24.0
#define LINK_BELOW_ENTRY 3.0

/* The entry a link's destination starts, or -1: on its page, the first
 * entry beginning at or just below the destination, in its column when
 * the destination says where across the page it is */
static int
entry_at_destination (const PapersRefs     *refs,
                      const PapersTextLink *link)
{
  int best = -1;
  double best_gap = G_MAXDOUBLE;

  if (link->dest_top < 0)
    return -1;
  for (guint i = 0; i < refs->entries->len; i++)
    {
      const PapersRefEntry *entry = g_ptr_array_index (refs->entries, i);
      double gap = entry->rect.y1 - link->dest_top;

      if (entry->page != link->dest_page || gap < -LINK_BELOW_ENTRY || gap > LINK_ABOVE_ENTRY)
        continue;
      if (link->dest_left >= 0 && (link->dest_left < entry->rect.x1 - LINK_ABOVE_ENTRY ||
                                   link->dest_left > entry->rect.x2))
        continue;
      if (gap < best_gap)
        {
          best_gap = gap;
          best = (int) i;
        }
    }
  return best;
}

static gboolean
rects_overlap (const PapersTextRect *a,
               const PapersTextRect *b)
{
  return a->x1 < b->x2 && b->x1 < a->x2 && a->y1 < b->y2 && b->y1 < a->y2;
}

/* The text under a link: the characters whose centres it covers, from
 * the first; *@offset is the first one's, in bytes */
static char *
text_under (const PapersTextPage *page,
            const PapersTextRect *rect,
            guint                *offset)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *p = page->text;
  gboolean found = FALSE;

  *offset = 0;
  for (guint i = 0; i < page->n_rects && *p != '\0'; i++, p = g_utf8_next_char (p))
    {
      const PapersTextRect *box = &page->rects[i];
      double cx = (box->x1 + box->x2) / 2, cy = (box->y1 + box->y2) / 2;

      if (cx < rect->x1 || cx > rect->x2 || cy < rect->y1 || cy > rect->y2)
        continue;
      if (!found)
        *offset = (guint) (p - page->text);
      found = TRUE;
      g_string_append_len (text, p, g_utf8_next_char (p) - p);
    }
  g_strdelimit (text->str, "\n", ' ');
  g_strstrip (text->str);
  return text->len > 0 && *text->str != '\0' ? g_strdup (text->str) : NULL;
}

/* Where the PDF links a place in the text to a reference entry and the
 * text alone found no citation there (a style the parser does not read,
 * a citation broken oddly), the link is taken as a citation of that
 * entry: the best of both.  A link over a citation the text found adds
 * nothing; links elsewhere (figures, sections, pages) are left. */
static gboolean
covered_by (const PapersRefs     *refs,
            guint                 from,
            guint                 to,
            int                   page,
            const PapersTextRect *rect)
{
  for (guint c = from; c < to; c++)
    {
      const PapersCitation *other = g_ptr_array_index (refs->citations, c);

      if (other->page == page && rects_overlap (&other->rect, rect))
        return TRUE;
    }
  return FALSE;
}

static void
add_link_citations (PapersRefs             *refs,
                    PapersTextPage * const *pages,
                    guint                   n_pages)
{
  guint parsed = refs->citations->len;
  guint page_parsed = 0;  /* the first parsed citation of the page */

  if (refs->entries->len == 0)
    return;
  for (guint pg = 0; pg < n_pages; pg++)
    {
      const PapersTextPage *page = pages[pg];
      guint page_parsed_end, page_linked = refs->citations->len;

      /* The text's citations come page by page */
      while (page_parsed < parsed && ((PapersCitation *) g_ptr_array_index (refs->citations, page_parsed))->page < (int) pg)
        page_parsed++;
      for (page_parsed_end = page_parsed;
           page_parsed_end < parsed &&
           ((PapersCitation *) g_ptr_array_index (refs->citations, page_parsed_end))->page == (int) pg;
           page_parsed_end++)
        ;
      for (guint l = 0; page->links != NULL && l < page->links->len; l++)
        {
          const PapersTextLink *link = &g_array_index (page->links, PapersTextLink, l);
          int entry = link->dest_page >= 0 && (guint) link->dest_page < n_pages
                        ? entry_at_destination (refs, link) : -1;
          const PapersRefEntry *target;
          PapersCitation *citation;
          g_autofree char *text = NULL;
          guint offset;

          if (entry < 0 || refs->citations->len >= MAX_CITATIONS)
            continue;
          target = g_ptr_array_index (refs->entries, entry);
          /* (a link within the list itself) */
          if (pg == (guint) link->dest_page && rects_overlap (&link->rect, &target->rect))
            continue;
          /* A citation the text found, or a link already taken, there */
          if (covered_by (refs, page_parsed, page_parsed_end, (int) pg, &link->rect) ||
              covered_by (refs, page_linked, refs->citations->len, (int) pg, &link->rect))
            continue;
          text = text_under (page, &link->rect, &offset);
          if (text == NULL)
            continue;
          citation = g_new0 (PapersCitation, 1);
          citation->text = g_utf8_make_valid (text, -1);
          citation->page = (int) pg;
          citation->rect = link->rect;
          citation->entries = g_array_new (FALSE, FALSE, sizeof (int));
          g_array_append_val (citation->entries, entry);
          citation->offset = offset;
          g_ptr_array_add (refs->citations, citation);
        }
    }
}

static int
compare_citations (gconstpointer a,
                   gconstpointer b)
{
  const PapersCitation *x = a, *y = b;

  if (x->page != y->page)
    return x->page < y->page ? -1 : 1;
  return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/**
 * papers_refs_parse:
 * @pages: (array length=n_pages): the paper's pages
 * @n_pages: how many
 *
 * Finds the reference list, the citations tied to its entries, and the
 * figures, tables, equations and sections with their mentions.  Safe on
 * any thread; the work is bounded by the size of the text.
 *
 * Returns: (transfer full): what was found; empty lists when nothing was
 */
PapersRefs *
papers_refs_parse (PapersTextPage * const *pages,
                   guint                   n_pages)
{
  Parser p = { 0 };
  PapersRefs *refs = g_new0 (PapersRefs, 1);
  gboolean cite_parens = FALSE;
  g_autoptr(GPtrArray) ordered = NULL;
  g_autofree PapersTextPage **owned = NULL;

  refs->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  refs->citations = g_ptr_array_new_with_free_func ((GDestroyNotify) citation_free);
  refs->targets = g_ptr_array_new_with_free_func ((GDestroyNotify) target_free);
  refs->mentions = g_ptr_array_new_with_free_func ((GDestroyNotify) mention_free);
  if (n_pages > MAX_PAGES)
    {
      n_pages = MAX_PAGES;
      refs->truncated = TRUE;
    }
  if (pages == NULL || n_pages == 0)
    return refs;

  /* Two columns read across, put back in order */
  ordered = g_ptr_array_new_with_free_func ((GDestroyNotify) papers_text_page_free);
  for (guint pg = 0; pg < n_pages; pg++)
    {
      PapersTextPage *page = pages[pg] != NULL ? papers_text_page_order_columns (pages[pg]) : NULL;

      if (page != NULL)
        {
          g_ptr_array_add (ordered, page);
          if (owned == NULL)
            owned = g_memdup2 (pages, n_pages * sizeof (PapersTextPage *));
          owned[pg] = page;
        }
    }
  if (owned != NULL)
    pages = owned;

  p.pages = pages;
  p.n_pages = n_pages;
  p.refs = refs;
  p.region_first = p.region_last = -1;
  p.lines = g_array_new (FALSE, FALSE, sizeof (Line));
  g_array_set_clear_func (p.lines, (GDestroyNotify) line_clear);
  p.labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  p.author_years = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);

  split_lines (&p);
  mark_furniture (&p);
  parse_entries (&p);
  find_targets (&p);

  /* Some papers cite "(7)" rather than "[7]": read parentheses as
   * citations when they tie to entries far more often than brackets do. */
  if (refs->numbered && p.max_number > 0)
    {
      guint brackets = 0, parens = 0;

      for (guint pg = 0; pg < n_pages; pg++)
        {
          PageScan scan = { 0 };

          if (p.page_first_line[pg] == p.page_first_line[pg + 1])
            continue;
          page_scan_init (&p, &scan, pg);
          scan_superscripts (&p, &scan);
          brackets += scan_numbered_citations (&p, &scan, RE_BRACKET_CITE, TRUE);
          parens += scan_numbered_citations (&p, &scan, RE_PAREN_NUMBER_CITE, TRUE);
          page_scan_clear (&scan);
        }
      /* A paper that cites in superscripts cites so throughout: its
       * "(2)" is an equation. */
      cite_parens = parens >= 3 && parens > 2 * brackets && refs->citations->len < 3;
      /* …and one that cites "(7)" has no superscript citations: those
       * are footnote marks and powers. */
      if (cite_parens)
        g_ptr_array_set_size (refs->citations, 0);
    }

  for (guint pg = 0; pg < n_pages; pg++)
    {
      PageScan scan = { 0 };

      if (p.page_first_line[pg] == p.page_first_line[pg + 1])
        continue;
      page_scan_init (&p, &scan, pg);
      if (refs->entries->len > 0)
        {
          if (refs->numbered)
            {
              scan_numbered_citations (&p, &scan, cite_parens ? RE_PAREN_NUMBER_CITE : RE_BRACKET_CITE, FALSE);
            }
          else
            {
              scan_narrative_citations (&p, &scan);
              scan_parenthetical_citations (&p, &scan);
            }
        }
      scan_mentions (&p, &scan);
      page_scan_clear (&scan);
    }

  add_link_citations (refs, pages, n_pages);
  g_ptr_array_sort_values (refs->citations, compare_citations);
  g_array_unref (p.lines);
  g_free (p.page_first_line);
  g_hash_table_unref (p.labels);
  g_hash_table_unref (p.author_years);
  return refs;
}
