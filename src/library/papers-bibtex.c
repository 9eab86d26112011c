/* papers-bibtex.c: BibTeX import and export, CSL-JSON export
 *
 * BibTeX is not JSON or XML: there is no library for it in the platform,
 * so this is a small hand-written recursive reader.  It follows what
 * BibTeX and biber accept: @string macros, "#" concatenation, values in
 * braces (nested) or quotes, bare numbers and macro names, @comment and
 * @preamble, and crossref inheritance.  A broken entry is skipped with a
 * reason and reading resumes at the next "@".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "papers-arxiv-id.h"
#include "papers-bibtex.h"
#include "papers-text.h"

typedef struct
{
  const char *text;
  const char *p;
  GHashTable *macros;  /* lower-case name → value */
} Reader;

typedef struct
{
  char       *type;
  char       *key;
  guint       line;
  GHashTable *fields;  /* lower-case name → raw value (LaTeX) */
} Entry;

void
papers_bibtex_skip_free (PapersBibtexSkip *skip)
{
  g_free (skip->key);
  g_free (skip->reason);
  g_free (skip);
}

static void
entry_free (Entry *entry)
{
  g_free (entry->type);
  g_free (entry->key);
  g_hash_table_unref (entry->fields);
  g_free (entry);
}

static guint
line_of (Reader     *reader,
         const char *at)
{
  guint line = 1;

  for (const char *c = reader->text; c < at; c++)
    line += *c == '\n';
  return line;
}

static void
skip_space (Reader *reader)
{
  while (*reader->p != '\0')
    {
      if (g_ascii_isspace (*reader->p))
        reader->p++;
      else if (*reader->p == '%')
        {
          while (*reader->p != '\0' && *reader->p != '\n')
            reader->p++;
        }
      else
        break;
    }
}

static char *
read_name (Reader *reader)
{
  const char *start = reader->p;

  while (*reader->p != '\0' && (g_ascii_isalnum (*reader->p) || strchr ("_-:.+/'!?*&;<>[]|^`", *reader->p) != NULL))
    reader->p++;
  return reader->p > start ? g_strndup (start, reader->p - start) : NULL;
}

static gboolean
at_line_start_entry (Reader     *reader,
                     const char *p)
{
  return *p == '@' && p > reader->text && (p[-1] == '\n' || p[-1] == '\r');
}

/* Reads a {…} group, nested, leaving its inner text (with inner braces) */
static char *
read_braced (Reader *reader)
{
  const char *start = ++reader->p;
  int depth = 1;

  /* An "@" starting a line inside a value is the next entry: this value
   * was never closed. */
  for (; *reader->p != '\0' && !at_line_start_entry (reader, reader->p); reader->p++)
    {
      if (*reader->p == '\\' && reader->p[1] != '\0')
        reader->p++;
      else if (*reader->p == '{')
        depth++;
      else if (*reader->p == '}' && --depth == 0)
        {
          char *value = g_strndup (start, reader->p - start);
          reader->p++;
          return value;
        }
    }
  return NULL;
}

static char *
read_quoted (Reader *reader)
{
  const char *start = ++reader->p;
  int depth = 0;

  for (; *reader->p != '\0' && !at_line_start_entry (reader, reader->p); reader->p++)
    {
      if (*reader->p == '\\' && reader->p[1] != '\0')
        reader->p++;
      else if (*reader->p == '{')
        depth++;
      else if (*reader->p == '}')
        depth--;
      else if (*reader->p == '"' && depth <= 0)
        {
          char *value = g_strndup (start, reader->p - start);
          reader->p++;
          return value;
        }
    }
  return NULL;
}

/* value := part ("#" part)*, part := {…} | "…" | number | macro */
static char *
read_value (Reader  *reader,
            char   **problem)
{
  g_autoptr(GString) value = g_string_new (NULL);

  for (;;)
    {
      g_autofree char *part = NULL;

      skip_space (reader);
      if (*reader->p == '{')
        part = read_braced (reader);
      else if (*reader->p == '"')
        part = read_quoted (reader);
      else
        {
          g_autofree char *name = read_name (reader);

          if (name == NULL)
            {
              *problem = g_strdup (_("a field has no value"));
              return NULL;
            }
          if (g_ascii_isdigit (name[0]))
            part = g_steal_pointer (&name);
          else
            {
              g_autofree char *lower = g_ascii_strdown (name, -1);
              const char *macro = g_hash_table_lookup (reader->macros, lower);

              /* An undefined macro is kept as its name, as BibTeX warns and goes on. */
              part = g_strdup (macro != NULL ? macro : name);
            }
        }
      if (part == NULL)
        {
          *problem = g_strdup (_("a brace or quote is never closed"));
          return NULL;
        }
      g_string_append (value, part);

      skip_space (reader);
      if (*reader->p != '#')
        break;
      reader->p++;
    }
  return g_string_free (g_steal_pointer (&value), FALSE);
}

/* Reads "name = value, …" up to @close; FALSE with @problem on error */
static gboolean
read_fields (Reader      *reader,
             char         close,
             GHashTable  *fields,
             char       **problem)
{
  for (;;)
    {
      g_autofree char *name = NULL;
      char *value;

      skip_space (reader);
      if (*reader->p == close)
        {
          reader->p++;
          return TRUE;
        }
      if (*reader->p == ',')
        {
          reader->p++;
          continue;
        }
      name = read_name (reader);
      if (name == NULL)
        {
          *problem = *reader->p == '\0' ? g_strdup (_("the entry is never closed"))
                                        : g_strdup_printf (_("unexpected “%c”"), *reader->p);
          return FALSE;
        }
      skip_space (reader);
      if (*reader->p != '=')
        {
          *problem = g_strdup_printf (_("the field “%s” has no “=”"), name);
          return FALSE;
        }
      reader->p++;
      value = read_value (reader, problem);
      if (value == NULL)
        return FALSE;
      g_hash_table_replace (fields, g_ascii_strdown (name, -1), value);
    }
}

static void
skip_to_next_entry (Reader *reader)
{
  while (*reader->p != '\0' && !at_line_start_entry (reader, reader->p))
    reader->p++;
}

static void
add_skip (GPtrArray  *skipped,
          const char *key,
          guint       line,
          char       *reason)
{
  PapersBibtexSkip *skip = g_new0 (PapersBibtexSkip, 1);

  skip->key = g_strdup (key);
  skip->line = line;
  skip->reason = reason;
  g_ptr_array_add (skipped, skip);
}

static GPtrArray *
read_entries (Reader    *reader,
              GPtrArray *skipped)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);

  while ((reader->p = strchr (reader->p, '@')) != NULL)
    {
      const char *at = reader->p;
      g_autofree char *type = NULL;
      char close;

      reader->p++;
      skip_space (reader);
      type = read_name (reader);
      if (type == NULL)
        continue;
      skip_space (reader);
      if (*reader->p != '{' && *reader->p != '(')
        continue;
      close = *reader->p == '{' ? '}' : ')';

      if (g_ascii_strcasecmp (type, "comment") == 0 || g_ascii_strcasecmp (type, "preamble") == 0)
        {
          g_autofree char *ignored = close == '}' ? read_braced (reader) : NULL;
          if (close == ')')
            skip_to_next_entry (reader);
          else if (ignored == NULL)
            break;
          continue;
        }

      reader->p++;
      if (g_ascii_strcasecmp (type, "string") == 0)
        {
          g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          g_autofree char *problem = NULL;
          GHashTableIter iter;
          gpointer name, value;

          if (!read_fields (reader, close, fields, &problem))
            {
              add_skip (skipped, NULL, line_of (reader, at),
                        g_strdup_printf (_("@string: %s"), problem));
              skip_to_next_entry (reader);
              continue;
            }
          g_hash_table_iter_init (&iter, fields);
          while (g_hash_table_iter_next (&iter, &name, &value))
            g_hash_table_replace (reader->macros, g_strdup (name), g_strdup (value));
          continue;
        }

      {
        Entry *entry = g_new0 (Entry, 1);
        g_autofree char *problem = NULL;
        const char *key_start;

        entry->type = g_ascii_strdown (type, -1);
        entry->line = line_of (reader, at);
        entry->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

        skip_space (reader);
        key_start = reader->p;
        while (*reader->p != '\0' && *reader->p != ',' && *reader->p != close &&
               !g_ascii_isspace (*reader->p))
          reader->p++;
        entry->key = g_strndup (key_start, reader->p - key_start);

        if (!read_fields (reader, close, entry->fields, &problem))
          {
            add_skip (skipped, entry->key[0] ? entry->key : NULL, entry->line,
                      g_steal_pointer (&problem));
            entry_free (entry);
            skip_to_next_entry (reader);
            continue;
          }
        g_ptr_array_add (entries, entry);
      }
    }

  return entries;
}

/* LaTeX to Unicode */

static const struct {
  const char *command;
  const char *text;
} symbols[] = {
  { "ss", "ß" }, { "o", "ø" }, { "O", "Ø" }, { "ae", "æ" }, { "AE", "Æ" }, { "oe", "œ" },
  { "OE", "Œ" }, { "aa", "å" }, { "AA", "Å" }, { "l", "ł" }, { "L", "Ł" }, { "i", "ı" },
  { "j", "ȷ" }, { "dh", "ð" }, { "DH", "Ð" }, { "th", "þ" }, { "TH", "Þ" }, { "ng", "ŋ" },
  { "textbackslash", "\\" }, { "textasciitilde", "~" }, { "textasciicircum", "^" },
  { "textendash", "–" }, { "textemdash", "—" }, { "textquoteleft", "‘" },
  { "textquoteright", "’" }, { "textquotedblleft", "“" }, { "textquotedblright", "”" },
  { "dots", "…" }, { "ldots", "…" }, { "textellipsis", "…" }, { "S", "§" }, { "P", "¶" },
  { "copyright", "©" }, { "textregistered", "®" }, { "texttrademark", "™" }, { "euro", "€" },
  { "pounds", "£" }, { "textdegree", "°" }, { "LaTeX", "LaTeX" }, { "TeX", "TeX" },
  { "BibTeX", "BibTeX" }, { "textunderscore", "_" }, { "&", "&" }, { "%", "%" },
  { "$", "$" }, { "#", "#" }, { "_", "_" }, { "{", "{" }, { "}", "}" }, { " ", " " },
  { ",", " " }, { ";", " " }, { "!", "" }, { "/", "" }, { "-", "" }, { "@", "" },
  { "alpha", "α" }, { "beta", "β" }, { "gamma", "γ" }, { "delta", "δ" }, { "epsilon", "ε" },
  { "lambda", "λ" }, { "mu", "μ" }, { "pi", "π" }, { "sigma", "σ" }, { "tau", "τ" },
  { "theta", "θ" }, { "omega", "ω" }, { "Omega", "Ω" }, { "Delta", "Δ" }, { "infty", "∞" },
  { "times", "×" }, { "pm", "±" }, { "leq", "≤" }, { "geq", "≥" }, { "to", "→" },
};

/* Accent commands and the combining character each puts on its letter */
static const struct {
  char command;
  gunichar combining;
} accents[] = {
  { '\'', 0x0301 }, { '`', 0x0300 }, { '^', 0x0302 }, { '"', 0x0308 }, { '~', 0x0303 },
  { '=', 0x0304 }, { '.', 0x0307 }, { 'u', 0x0306 }, { 'v', 0x030C }, { 'H', 0x030B },
  { 'c', 0x0327 }, { 'k', 0x0328 }, { 'r', 0x030A }, { 'd', 0x0323 }, { 'b', 0x0331 },
};

static gunichar
accent_for (char command)
{
  for (guint i = 0; i < G_N_ELEMENTS (accents); i++)
    if (accents[i].command == command)
      return accents[i].combining;
  return 0;
}

/* The argument of an accent or command: {x}, {\i}, or one character */
static const char *
read_argument (const char  *p,
               GString     *out)
{
  while (*p == ' ')
    p++;
  if (*p == '{')
    {
      int depth = 1;
      const char *start = ++p;

      while (*p != '\0' && depth > 0)
        {
          if (*p == '{')
            depth++;
          else if (*p == '}')
            depth--;
          if (depth > 0)
            p++;
        }
      {
        g_autofree char *inner = g_strndup (start, p - start);
        g_autofree char *converted = papers_bibtex_latex_to_utf8 (inner);
        g_string_append (out, converted);
      }
      return *p == '}' ? p + 1 : p;
    }
  if (*p == '\\')
    {
      const char *start = p++;
      while (g_ascii_isalpha (*p))
        p++;
      {
        g_autofree char *command = g_strndup (start, p - start);
        g_autofree char *converted = papers_bibtex_latex_to_utf8 (command);
        g_string_append (out, converted);
      }
      return p;
    }
  if (*p != '\0')
    {
      const char *next = g_utf8_next_char (p);
      g_string_append_len (out, p, next - p);
      return next;
    }
  return p;
}

/**
 * papers_bibtex_latex_to_utf8:
 * @latex: a field value with LaTeX markup
 *
 * Returns: (transfer full): the text in Unicode: accents composed,
 *   symbols replaced, braces and formatting commands dropped, spaces
 *   collapsed, text encoded twice repaired (papers_text_repair_double_utf8())
 */
char *
papers_bibtex_latex_to_utf8 (const char *latex)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *normalized = NULL;
  /* Before the LaTeX: the file's own bytes are what was encoded twice */
  g_autofree char *decoded = papers_text_repair_double_utf8 (latex, -1);
  const char *p = decoded != NULL ? decoded : latex;

  while (*p != '\0')
    {
      if (*p == '\\')
        {
          const char *name = p + 1;
          gunichar combining = 0;

          if (*name != '\0' && !g_ascii_isalpha (*name))
            {
              combining = accent_for (*name);
              if (combining != 0)
                {
                  g_autoptr(GString) letter = g_string_new (NULL);

                  p = read_argument (name + 1, letter);
                  g_string_append (out, letter->str);
                  g_string_append_unichar (out, combining);
                  continue;
                }
              for (guint i = 0; i < G_N_ELEMENTS (symbols); i++)
                if (symbols[i].command[0] == *name && symbols[i].command[1] == '\0')
                  {
                    g_string_append (out, symbols[i].text);
                    break;
                  }
              p = name + 1;
              continue;
            }

          while (g_ascii_isalpha (*++p))
            ;
          {
            g_autofree char *command = g_strndup (name, p - name);
            gboolean found = FALSE;

            if (strlen (command) == 1 && (combining = accent_for (command[0])) != 0)
              {
                g_autoptr(GString) letter = g_string_new (NULL);

                p = read_argument (p, letter);
                g_string_append (out, letter->str);
                g_string_append_unichar (out, combining);
                continue;
              }
            for (guint i = 0; i < G_N_ELEMENTS (symbols) && !found; i++)
              if (g_str_equal (symbols[i].command, command))
                {
                  g_string_append (out, symbols[i].text);
                  found = TRUE;
                }
            /* A control word eats the spaces after it */
            while (*p == ' ')
              p++;
            /* \emph{x}, \textbf{x}, \url{x}…: keep the argument */
            if (!found && *p == '{')
              p = read_argument (p, out);
          }
          continue;
        }

      if (*p == '{' || *p == '}' || *p == '$')
        p++;
      else if (*p == '~')
        {
          g_string_append_c (out, ' ');
          p++;
        }
      else if (g_str_has_prefix (p, "---"))
        {
          g_string_append (out, "—");
          p += 3;
        }
      else if (g_str_has_prefix (p, "--"))
        {
          g_string_append (out, "–");
          p += 2;
        }
      else if (g_str_has_prefix (p, "``"))
        {
          g_string_append (out, "“");
          p += 2;
        }
      else if (g_str_has_prefix (p, "''"))
        {
          g_string_append (out, "”");
          p += 2;
        }
      else if (g_ascii_isspace (*p))
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
          p++;
        }
      else
        g_string_append_c (out, *p++);
    }

  normalized = g_utf8_normalize (out->str, -1, G_NORMALIZE_NFC);
  if (normalized == NULL)
    normalized = g_utf8_make_valid (out->str, -1);
  return g_strstrip (g_steal_pointer (&normalized));
}

/* Splits "A and B and {C and D}" at top-level " and " */
static GStrv
split_names (const char *value)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *start = value;
  int depth = 0;

  for (const char *p = value;; p++)
    {
      if (*p == '{')
        depth++;
      else if (*p == '}')
        depth--;
      if (*p == '\0' || (depth == 0 && g_ascii_isspace (*p) &&
                         g_ascii_strncasecmp (p + 1, "and", 3) == 0 && g_ascii_isspace (p[4])))
        {
          g_autofree char *raw = g_strndup (start, p - start);
          g_autofree char *name = papers_bibtex_latex_to_utf8 (raw);
          g_auto(GStrv) parts = NULL;

          if (name[0] != '\0' && !g_str_equal (name, "others"))
            {
              /* "Last, First" and "Last, Jr, First" read as "First Last" */
              parts = g_strsplit (name, ",", 3);
              if (parts[1] == NULL)
                g_strv_builder_add (builder, name);
              else
                {
                  const char *first = parts[2] ? parts[2] : parts[1];
                  g_autofree char *full = g_strdup_printf ("%s %s%s%s", g_strstrip (parts[2] ? parts[2] : parts[1]),
                                                           g_strstrip (parts[0]), parts[2] ? ", " : "",
                                                           parts[2] ? g_strstrip (parts[1]) : "");
                  g_strv_builder_add (builder, first[0] ? g_strstrip (full) : parts[0]);
                }
            }
          if (*p == '\0')
            break;
          p += 4;
          start = p + 1;
        }
    }
  return g_strv_builder_end (builder);
}

static const char *
field (Entry      *entry,
       const char *name)
{
  const char *value = g_hash_table_lookup (entry->fields, name);

  return value != NULL && value[0] != '\0' ? value : NULL;
}

static char *
field_text (Entry      *entry,
            const char *name)
{
  const char *value = field (entry, name);

  return value != NULL ? papers_bibtex_latex_to_utf8 (value) : NULL;
}

static int
month_number (const char *month)
{
  static const char * const names[] = { "jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec" };
  guint64 n;

  if (month == NULL)
    return 1;
  if (g_ascii_string_to_unsigned (month, 10, 1, 12, &n, NULL))
    return (int) n;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strncasecmp (month, names[i], 3) == 0)
      return i + 1;
  return 1;
}

static GDateTime *
entry_date (Entry *entry)
{
  g_autofree char *date = field_text (entry, "date");
  g_autofree char *year = field_text (entry, "year");
  g_autofree char *month = field_text (entry, "month");
  int y = 0, m = 1, d = 1;

  if ((date == NULL || sscanf (date, "%d-%d-%d", &y, &m, &d) < 1) &&
      year != NULL && sscanf (year, "%d", &y) == 1)
    m = month_number (month);
  if (y < 1 || y > 9999)
    return NULL;
  return g_date_time_new_utc (y, CLAMP (m, 1, 12), CLAMP (d, 1, 28), 0, 0, 0);
}

static char *
clean_doi (const char *doi)
{
  static const char * const prefixes[] = { "https://doi.org/", "http://doi.org/", "https://dx.doi.org/",
                                           "http://dx.doi.org/", "doi:" };
  g_autofree char *text = papers_bibtex_latex_to_utf8 (doi);

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_ascii_strncasecmp (text, prefixes[i], strlen (prefixes[i])) == 0)
      return g_strdup (text + strlen (prefixes[i]));
  return g_steal_pointer (&text);
}

static gboolean
entry_arxiv_id (Entry  *entry,
                char  **id,
                int    *version)
{
  const char *prefix = field (entry, "archiveprefix");
  const char *eprinttype = field (entry, "eprinttype");
  const char *eprint = field (entry, "eprint");
  const char *url = field (entry, "url");

  if (field (entry, "arxivid") != NULL &&
      papers_arxiv_id_parse (field (entry, "arxivid"), id, version))
    return TRUE;
  if (eprint != NULL)
    {
      gboolean typed_arxiv = (prefix && g_ascii_strcasecmp (prefix, "arxiv") == 0) ||
                             (eprinttype && g_ascii_strcasecmp (eprinttype, "arxiv") == 0);
      gboolean typed_other = (prefix || eprinttype) && !typed_arxiv;

      if (!typed_other && papers_arxiv_id_parse (eprint, id, version))
        return TRUE;
    }
  return url != NULL && strstr (url, "arxiv.org/") != NULL && papers_arxiv_id_parse (url, id, version);
}

static PapersPaper *
paper_from_entry (Entry *entry)
{
  g_autofree char *title = field_text (entry, "title");
  g_autofree char *subtitle = field_text (entry, "subtitle");
  g_autofree char *arxiv_id = NULL;
  g_autoptr(GDateTime) published = entry_date (entry);
  PapersPaper *paper;
  const char *container = NULL;
  const char *doi = field (entry, "doi");
  int version = 0;

  if (title == NULL || title[0] == '\0')
    return NULL;

  paper = papers_paper_new (NULL);
  if (subtitle != NULL)
    {
      g_autofree char *full = g_strdup_printf ("%s: %s", title, subtitle);
      papers_paper_set_title (paper, full);
    }
  else
    papers_paper_set_title (paper, title);

  if (entry_arxiv_id (entry, &arxiv_id, &version))
    {
      papers_paper_set_id (paper, arxiv_id);
      papers_paper_set_arxiv_id (paper, arxiv_id);
      papers_paper_set_version (paper, version);
    }
  if (doi != NULL)
    {
      g_autofree char *clean = clean_doi (doi);
      papers_paper_set_doi (paper, clean);
    }

  {
    const char *authors = field (entry, "author") ? field (entry, "author") : field (entry, "editor");
    if (authors != NULL)
      {
        g_auto(GStrv) names = split_names (authors);
        papers_paper_set_authors (paper, (const char * const *) names);
      }
  }

  papers_paper_set_published (paper, published);

  {
    g_autofree char *abstract = field_text (entry, "abstract");
    g_autofree char *url = field_text (entry, "url");
    g_autofree char *primary = field_text (entry, "primaryclass");

    papers_paper_set_abstract (paper, abstract);
    papers_paper_set_abs_url (paper, url);
    if (primary != NULL)
      {
        const char *categories[] = { primary, NULL };
        papers_paper_set_categories (paper, categories);
      }
  }

  for (guint i = 0; i < 3 && container == NULL; i++)
    container = field (entry, (const char *[]) { "journaltitle", "journal", "booktitle" }[i]);
  if (container != NULL)
    {
      g_autofree char *text = papers_bibtex_latex_to_utf8 (container);
      papers_paper_set_journal_ref (paper, text);
    }
  papers_paper_set_source (paper, "bibtex");
  return paper;
}

/**
 * papers_bibtex_parse:
 * @text: a .bib file's contents
 * @skipped: (out) (optional) (element-type PapersBibtexSkip): entries left out
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type PapersPaper): one paper per
 *   entry with a title; papers with neither arXiv id nor DOI have no id yet
 */
GPtrArray *
papers_bibtex_parse (const char  *text,
                     GPtrArray  **skipped,
                     GError     **error)
{
  g_autoptr(GPtrArray) papers = NULL;
  g_autoptr(GPtrArray) skips = g_ptr_array_new_with_free_func ((GDestroyNotify) papers_bibtex_skip_free);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) macros = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  static const char * const months[] = { "jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec" };
  Reader reader = { text, text, macros };

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE,
                   _("The BibTeX file is not UTF-8 text"));
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (months); i++)
    g_hash_table_insert (macros, g_strdup (months[i]), g_strdup_printf ("%u", i + 1));

  entries = read_entries (&reader, skips);
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = entries->pdata[i];
      g_autofree char *key = g_utf8_casefold (entry->key, -1);
      g_hash_table_insert (by_key, g_steal_pointer (&key), entry);
    }

  /* crossref: an entry inherits the fields it lacks from its parent */
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = entries->pdata[i];
      const char *crossref = field (entry, "crossref");
      g_autofree char *parent_key = crossref ? g_utf8_casefold (crossref, -1) : NULL;
      Entry *parent = parent_key ? g_hash_table_lookup (by_key, parent_key) : NULL;
      GHashTableIter iter;
      gpointer name, value;

      if (parent == NULL || parent == entry)
        continue;
      g_hash_table_iter_init (&iter, parent->fields);
      while (g_hash_table_iter_next (&iter, &name, &value))
        {
          /* The parent's title is the book's: the child's booktitle */
          const char *target = g_str_equal (name, "title") ? "booktitle" : name;
          if (!g_hash_table_contains (entry->fields, target))
            g_hash_table_insert (entry->fields, g_strdup (target), g_strdup (value));
        }
    }
  g_hash_table_remove_all (by_key);

  papers = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = entries->pdata[i];
      PapersPaper *paper = paper_from_entry (entry);

      if (paper != NULL)
        g_ptr_array_add (papers, paper);
      else
        add_skip (skips, entry->key, entry->line, g_strdup (_("it has no title")));
    }

  if (skipped != NULL)
    *skipped = g_steal_pointer (&skips);
  return g_steal_pointer (&papers);
}

/* Export */

static char *
ascii_fold (const char *text)
{
  g_autofree char *decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  GString *out = g_string_new (NULL);

  for (const char *p = decomposed ? decomposed : ""; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c < 128 && g_ascii_isalnum (c))
        g_string_append_c (out, g_ascii_tolower (c));
      else if (c == 0x00DF)
        g_string_append (out, "ss");
      else if (c == 0x00F8 || c == 0x00D8)
        g_string_append_c (out, 'o');
      else if (c == 0x0142 || c == 0x0141)
        g_string_append_c (out, 'l');
    }
  return g_string_free (out, FALSE);
}

static const char *
last_name (const char *name,
           char      **owned)
{
  const char *space = strrchr (name, ' ');

  *owned = g_strdup (space ? space + 1 : name);
  return *owned;
}

/**
 * papers_bibtex_citation_key:
 * @paper: a paper
 *
 * Returns: (transfer full): a key like "vaswani2017attention": the first
 *   author's last name, the year and the first word of the title that is
 *   not a small word, folded to ASCII
 */
char *
papers_bibtex_citation_key (PapersPaper *paper)
{
  static const char * const small[] = { "a", "an", "the", "on", "of", "for", "in", "to", "and",
                                        "with", "from", "by", "at", "is", "are", "via", "towards",
                                        "toward", "do", "does", "how", "what", "why", "when", NULL };
  const char * const *authors = papers_paper_get_authors (paper);
  GDateTime *published = papers_paper_get_published (paper);
  g_autofree char *author = NULL;
  g_autofree char *word = NULL;
  g_autofree char *last = NULL;
  g_auto(GStrv) words = NULL;

  author = ascii_fold (authors && authors[0] ? last_name (authors[0], &last) : "anonymous");
  words = g_strsplit_set (papers_paper_get_title (paper) ? papers_paper_get_title (paper) : "", " -:", -1);
  for (guint i = 0; words[i] != NULL && word == NULL; i++)
    {
      g_autofree char *folded = ascii_fold (words[i]);
      if (folded[0] != '\0' && !g_strv_contains (small, folded))
        word = g_steal_pointer (&folded);
    }
  return g_strdup_printf ("%s%s%d%s", author[0] ? author : "anonymous", "",
                          published ? g_date_time_get_year (published) : 0, word ? word : "");
}

/* Escapes text for a braced BibTeX value: the LaTeX specials become
 * commands the importer reads back; non-ASCII stays UTF-8, as biber and
 * the importer take it. */
static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\': g_string_append (out, "\\textbackslash{}"); break;
        case '{': g_string_append (out, "\\{"); break;
        case '}': g_string_append (out, "\\}"); break;
        case '&': g_string_append (out, "\\&"); break;
        case '%': g_string_append (out, "\\%"); break;
        case '$': g_string_append (out, "\\$"); break;
        case '#': g_string_append (out, "\\#"); break;
        case '_': g_string_append (out, "\\_"); break;
        case '~': g_string_append (out, "\\textasciitilde{}"); break;
        case '^': g_string_append (out, "\\textasciicircum{}"); break;
        case '-':
          /* "--" would read back as a dash */
          g_string_append (out, p[1] == '-' ? "-{}" : "-");
          break;
        case '`':
        case '\'':
          g_string_append_c (out, *p);
          if (p[1] == *p)
            g_string_append (out, "{}");
          break;
        case '\n':
        case '\t':
          g_string_append_c (out, ' ');
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
}

static void
append_field (GString    *out,
              const char *name,
              const char *value,
              gboolean    protect_case)
{
  if (value == NULL)
    return;
  g_string_append_printf (out, ",\n  %-13s = {", name);
  if (protect_case)
    g_string_append_c (out, '{');
  append_escaped (out, value);
  if (protect_case)
    g_string_append_c (out, '}');
  g_string_append_c (out, '}');
}

static char *
unique_key (GHashTable  *used,
            PapersPaper *paper)
{
  g_autofree char *base = papers_bibtex_citation_key (paper);
  char *key = g_strdup (base);

  for (char suffix = 'b'; g_hash_table_contains (used, key) && suffix <= 'z'; suffix++)
    {
      g_free (key);
      key = g_strdup_printf ("%s%c", base, suffix);
    }
  if (g_hash_table_contains (used, key))
    {
      g_free (key);
      key = g_strdup_printf ("%s-%s", base, papers_paper_get_id (paper));
    }
  g_hash_table_add (used, g_strdup (key));
  return key;
}

/**
 * papers_bibtex_export:
 * @papers: (element-type PapersPaper): the papers
 *
 * Returns: (transfer full): BibTeX entries that papers_bibtex_parse()
 *   reads back into the same papers and fields
 */
char *
papers_bibtex_export (GPtrArray *papers)
{
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < papers->len; i++)
    {
      PapersPaper *paper = papers->pdata[i];
      g_autofree char *key = unique_key (used, paper);
      const char * const *authors = papers_paper_get_authors (paper);
      const char * const *categories = papers_paper_get_categories (paper);
      GDateTime *published = papers_paper_get_published (paper);
      const char *journal = papers_paper_get_journal_ref (paper);

      g_string_append_printf (out, "%s@%s{%s", i ? "\n" : "", journal ? "article" : "misc", key);
      append_field (out, "title", papers_paper_get_title (paper), TRUE);
      if (authors != NULL)
        {
          g_autoptr(GString) names = g_string_new (NULL);

          for (guint a = 0; authors[a] != NULL; a++)
            {
              const char *space = strrchr (authors[a], ' ');

              if (a > 0)
                g_string_append (names, " and ");
              /* "Last, First" is unambiguous for every style and for us */
              if (space != NULL && strchr (authors[a], ',') == NULL)
                g_string_append_printf (names, "%s, %.*s", space + 1, (int) (space - authors[a]), authors[a]);
              else
                g_string_append (names, authors[a]);
            }
          append_field (out, "author", names->str, FALSE);
        }
      if (published != NULL)
        {
          g_autofree char *year = g_date_time_format (published, "%Y");
          g_autofree char *month = g_strdup_printf ("%d", g_date_time_get_month (published));
          g_autofree char *date = g_date_time_format (published, "%Y-%m-%d");

          append_field (out, "year", year, FALSE);
          append_field (out, "month", month, FALSE);
          append_field (out, "date", date, FALSE);
        }
      append_field (out, "journal", journal, FALSE);
      append_field (out, "doi", papers_paper_get_doi (paper), FALSE);
      if (papers_paper_get_arxiv_id (paper) != NULL)
        {
          g_autofree char *eprint = papers_paper_get_version (paper) > 0
                                      ? g_strdup_printf ("%sv%d", papers_paper_get_arxiv_id (paper),
                                                         papers_paper_get_version (paper))
                                      : g_strdup (papers_paper_get_arxiv_id (paper));
          append_field (out, "eprint", eprint, FALSE);
          append_field (out, "archiveprefix", "arXiv", FALSE);
          append_field (out, "primaryclass", categories ? categories[0] : NULL, FALSE);
        }
      append_field (out, "url", papers_paper_get_abs_url (paper), FALSE);
      append_field (out, "abstract", papers_paper_get_abstract (paper), FALSE);
      g_string_append (out, "\n}\n");
    }

  return g_string_free (out, FALSE);
}

/**
 * papers_csl_json_export:
 * @papers: (element-type PapersPaper): the papers
 *
 * Returns: (transfer full): a CSL-JSON array, as citeproc and Zotero read it
 */
char *
papers_csl_json_export (GPtrArray *papers)
{
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < papers->len; i++)
    {
      PapersPaper *paper = papers->pdata[i];
      g_autofree char *key = unique_key (used, paper);
      const char * const *authors = papers_paper_get_authors (paper);
      GDateTime *published = papers_paper_get_published (paper);
      const char *journal = papers_paper_get_journal_ref (paper);
      const char *arxiv_id = papers_paper_get_arxiv_id (paper);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, key);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, journal ? "article-journal" : "article");
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, papers_paper_get_title (paper) ? papers_paper_get_title (paper) : "");

      json_builder_set_member_name (builder, "author");
      json_builder_begin_array (builder);
      for (guint a = 0; authors != NULL && authors[a] != NULL; a++)
        {
          const char *space = strrchr (authors[a], ' ');

          json_builder_begin_object (builder);
          if (space != NULL)
            {
              g_autofree char *given = g_strndup (authors[a], space - authors[a]);
              json_builder_set_member_name (builder, "family");
              json_builder_add_string_value (builder, space + 1);
              json_builder_set_member_name (builder, "given");
              json_builder_add_string_value (builder, given);
            }
          else
            {
              json_builder_set_member_name (builder, "literal");
              json_builder_add_string_value (builder, authors[a]);
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      if (published != NULL)
        {
          json_builder_set_member_name (builder, "issued");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "date-parts");
          json_builder_begin_array (builder);
          json_builder_begin_array (builder);
          json_builder_add_int_value (builder, g_date_time_get_year (published));
          json_builder_add_int_value (builder, g_date_time_get_month (published));
          json_builder_add_int_value (builder, g_date_time_get_day_of_month (published));
          json_builder_end_array (builder);
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }

#define OPTIONAL_MEMBER(name, value) \
      if ((value) != NULL) \
        { \
          json_builder_set_member_name (builder, name); \
          json_builder_add_string_value (builder, value); \
        }
      OPTIONAL_MEMBER ("abstract", papers_paper_get_abstract (paper));
      OPTIONAL_MEMBER ("container-title", journal);
      OPTIONAL_MEMBER ("DOI", papers_paper_get_doi (paper));
      OPTIONAL_MEMBER ("URL", papers_paper_get_abs_url (paper));
      if (arxiv_id != NULL)
        {
          g_autofree char *number = g_strconcat ("arXiv:", arxiv_id, NULL);
          json_builder_set_member_name (builder, "publisher");
          json_builder_add_string_value (builder, "arXiv");
          OPTIONAL_MEMBER ("number", number);
        }
#undef OPTIONAL_MEMBER
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}
