/* papers-csl-json.c: CSL-JSON import
 *
 * CSL-JSON is what Zotero, citeproc and pandoc exchange, and what
 * papers_csl_json_export() writes: an array of entries, each an object
 * with "title", "author" (objects with "family" and "given", or
 * "literal"), "issued" ({"date-parts": [[year, month, day]]}), "DOI",
 * "URL", "abstract", "container-title" and, for a preprint, "number":
 * "arXiv:ID".  The file comes from anywhere, so every member read has its
 * type checked: an entry with a member of the wrong type is skipped with
 * the reason, unknown members are ignored, and a file that is not an
 * array of entries is refused whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "papers-arxiv-id.h"
#include "papers-csl-json.h"
#include "papers-text.h"

/* json-glib's parser recurses once per level: deeper input is refused
 * before it sees it.  An entry nests five levels (array, entry, "issued",
 * "date-parts", a date). */
#define MAX_JSON_DEPTH 32

/**
 * papers_json_nested_deeper:
 * @data: JSON text
 * @length: its length in bytes
 * @max_depth: how many levels of arrays and objects are allowed
 *
 * Tells JSON nested deeper than @max_depth without parsing it, so that
 * hostile input never reaches json-glib's parser, which recurses once per
 * level.  Brackets inside strings do not count.
 *
 * Returns: whether @data nests deeper than @max_depth
 */
gboolean
papers_json_nested_deeper (const char *data,
                           gsize       length,
                           int         max_depth)
{
  int depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if ((c == '[' || c == '{') && ++depth > max_depth)
        return TRUE;
      else if (c == ']' || c == '}')
        depth--;
    }
  return FALSE;
}

/* @text with runs of white space (line breaks in an abstract) made one
 * space and its ends trimmed; NULL when nothing is left */
static char *
clean_text (const char *text)
{
  g_autofree char *repaired = papers_text_repair_double_utf8 (text, -1);
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = repaired != NULL ? repaired : text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        space = out->len > 0;
      else
        {
          if (space)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_c (out, *p);
        }
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* The text of member @name of @object in *@value (NULL when it is
 * missing, null or blank); FALSE with the reason when it is neither text
 * nor a number (CSL allows numbers where text is meant, "volume": 3) */
static gboolean
member_text (JsonObject  *object,
             const char  *name,
             char       **value,
             char       **problem)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      *value = clean_text (json_node_get_string (node));
      return TRUE;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *value = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      return TRUE;
    }
  /* Translators: a CSL-JSON entry's member, like “title”, has another type */
  *problem = g_strdup_printf (_("“%s” is not text"), name);
  return FALSE;
}

/* One name of "author": "Given Family", as the library keeps names */
static char *
author_name (JsonNode  *node,
             char     **problem)
{
  JsonObject *object;
  g_autofree char *family = NULL;
  g_autofree char *given = NULL;
  g_autofree char *literal = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      *problem = g_strdup (_("an author is not a name"));
      return NULL;
    }
  object = json_node_get_object (node);
  if (!member_text (object, "family", &family, problem) || !member_text (object, "given", &given, problem) ||
      !member_text (object, "literal", &literal, problem))
    return NULL;
  if (literal != NULL)
    return g_steal_pointer (&literal);
  if (family != NULL && given != NULL)
    return g_strconcat (given, " ", family, NULL);
  if (family != NULL || given != NULL)
    return g_strdup (family != NULL ? family : given);
  /* A name with nothing in it is left out, not the entry */
  return g_strdup ("");
}

static gboolean
read_authors (JsonObject   *entry,
              PapersPaper  *paper,
              char        **problem)
{
  JsonNode *node = json_object_get_member (entry, "author");
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) names = NULL;
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      *problem = g_strdup (_("“author” is not a list of names"));
      return FALSE;
    }
  builder = g_strv_builder_new ();
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *name = author_name (json_array_get_element (array, i), problem);

      if (name == NULL)
        return FALSE;
      if (name[0] != '\0')
        g_strv_builder_add (builder, name);
    }
  names = g_strv_builder_end (builder);
  if (names[0] != NULL)
    papers_paper_set_authors (paper, (const char * const *) names);
  return TRUE;
}

/* A part of a date: a number, or text holding one ("2024"), as CSL allows */
static gboolean
date_part (JsonNode *node,
           int      *value)
{
  gint64 n;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    n = json_node_get_int (node);
  else if (json_node_get_value_type (node) != G_TYPE_STRING ||
           !g_ascii_string_to_signed (json_node_get_string (node), 10, G_MININT, G_MAXINT, &n, NULL))
    return FALSE;
  *value = (int) CLAMP (n, G_MININT, G_MAXINT);
  return TRUE;
}

/* "issued": {"date-parts": [[2024, 10, 5]]}, or {"raw": "2024-10-05"};
 * a date out of range is no date, a malformed one skips the entry */
static gboolean
read_issued (JsonObject   *entry,
             PapersPaper  *paper,
             char        **problem)
{
  JsonNode *node = json_object_get_member (entry, "issued");
  JsonObject *issued;
  JsonNode *parts;
  int ymd[3] = { 0, 1, 1 };

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    goto bad;
  issued = json_node_get_object (node);
  parts = json_object_get_member (issued, "date-parts");
  if (parts != NULL)
    {
      JsonArray *outer;
      JsonArray *first;

      if (!JSON_NODE_HOLDS_ARRAY (parts))
        goto bad;
      outer = json_node_get_array (parts);
      if (json_array_get_length (outer) == 0)
        return TRUE;
      if (!JSON_NODE_HOLDS_ARRAY (json_array_get_element (outer, 0)))
        goto bad;
      first = json_array_get_array_element (outer, 0);
      for (guint i = 0; i < MIN (json_array_get_length (first), 3); i++)
        if (!date_part (json_array_get_element (first, i), &ymd[i]))
          goto bad;
    }
  else
    {
      g_autofree char *raw = NULL;

      if (!member_text (issued, "raw", &raw, problem))
        return FALSE;
      if (raw == NULL || sscanf (raw, "%d-%d-%d", &ymd[0], &ymd[1], &ymd[2]) < 1)
        return TRUE;
    }
  if (ymd[0] >= 1 && ymd[0] <= 9999)
    {
      g_autoptr(GDateTime) date = g_date_time_new_utc (ymd[0], CLAMP (ymd[1], 1, 12),
                                                       CLAMP (ymd[2], 1, 28), 0, 0, 0);
      papers_paper_set_published (paper, date);
    }
  return TRUE;

bad:
  *problem = g_strdup (_("“issued” is not a date"));
  return FALSE;
}

static char *
clean_doi (const char *doi)
{
  static const char * const prefixes[] = { "https://doi.org/", "http://doi.org/", "https://dx.doi.org/",
                                           "http://dx.doi.org/", "doi:" };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_ascii_strncasecmp (doi, prefixes[i], strlen (prefixes[i])) == 0)
      return g_strdup (doi + strlen (prefixes[i]));
  return g_strdup (doi);
}

/* The arXiv id: "number": "arXiv:ID" (our export, Zotero's preprints),
 * an arxiv.org URL, or arXiv's DOI 10.48550/arXiv.ID */
static gboolean
entry_arxiv_id (const char  *number,
                const char  *url,
                const char  *doi,
                char       **id,
                int         *version)
{
  if (number != NULL && g_ascii_strncasecmp (number, "arXiv:", 6) == 0 &&
      papers_arxiv_id_parse (number, id, version))
    return TRUE;
  if (url != NULL && strstr (url, "arxiv.org/") != NULL && papers_arxiv_id_parse (url, id, version))
    return TRUE;
  return doi != NULL && g_ascii_strncasecmp (doi, "10.48550/arXiv.", 15) == 0 &&
         papers_arxiv_id_parse (doi + 15, id, version);
}

/* The paper of one entry, or NULL with the reason it was skipped */
static PapersPaper *
paper_from_entry (JsonObject  *entry,
                  char       **problem)
{
  g_autoptr(PapersPaper) paper = papers_paper_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *doi = NULL;
  g_autofree char *url = NULL;
  g_autofree char *abstract = NULL;
  g_autofree char *container = NULL;
  g_autofree char *number = NULL;
  g_autofree char *arxiv_id = NULL;
  int version = 0;

  if (!member_text (entry, "title", &title, problem))
    return NULL;
  if (title == NULL)
    {
      *problem = g_strdup (_("it has no title"));
      return NULL;
    }
  if (!member_text (entry, "DOI", &doi, problem) || !member_text (entry, "URL", &url, problem) ||
      !member_text (entry, "abstract", &abstract, problem) ||
      !member_text (entry, "container-title", &container, problem) ||
      !member_text (entry, "number", &number, problem) ||
      !read_authors (entry, paper, problem) || !read_issued (entry, paper, problem))
    return NULL;

  papers_paper_set_title (paper, title);
  if (doi != NULL)
    {
      g_autofree char *clean = clean_doi (doi);
      papers_paper_set_doi (paper, clean);
    }
  if (entry_arxiv_id (number, url, papers_paper_get_doi (paper), &arxiv_id, &version))
    {
      papers_paper_set_id (paper, arxiv_id);
      papers_paper_set_arxiv_id (paper, arxiv_id);
      papers_paper_set_version (paper, version);
    }
  papers_paper_set_abs_url (paper, url);
  papers_paper_set_abstract (paper, abstract);
  papers_paper_set_journal_ref (paper, container);
  papers_paper_set_source (paper, "csl-json");
  return g_steal_pointer (&paper);
}

/* The entry's "id", its citation key, to name it when it is skipped */
static char *
entry_key (JsonNode *node)
{
  JsonNode *id;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  id = json_object_get_member (json_node_get_object (node), "id");
  if (id == NULL || !JSON_NODE_HOLDS_VALUE (id))
    return NULL;
  if (json_node_get_value_type (id) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (id));
  if (json_node_get_value_type (id) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (id));
  return NULL;
}

/**
 * papers_csl_json_parse:
 * @data: a CSL-JSON file's contents
 * @length: the length of @data in bytes
 * @skipped: (out) (optional) (element-type PapersBibtexSkip): entries left out
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type PapersPaper): one paper per
 *   entry with a title; papers with neither arXiv id nor DOI have no id yet
 */
GPtrArray *
papers_csl_json_parse (const char  *data,
                       gsize        length,
                       GPtrArray  **skipped,
                       GError     **error)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) skips = g_ptr_array_new_with_free_func ((GDestroyNotify) papers_bibtex_skip_free);
  /* (Not json_parser_new_immutable(): json-glib 1.10 asserts in
   * json_parser_get_root() on a string followed by garbage, '"[][[[["[]',
   * which the immutable parser takes for a mutable root) */
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) json_error = NULL;
  JsonNode *root;
  JsonArray *entries;

  if (memchr (data, '\0', length) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The file is not text: it is not a CSL-JSON file"));
      return NULL;
    }
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The CSL-JSON file is not UTF-8 text"));
      return NULL;
    }
  if (papers_json_nested_deeper (data, length, MAX_JSON_DEPTH))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The file is not CSL-JSON: it is nested too deeply"));
      return NULL;
    }
  /* (White space alone parses, to no root) */
  if (length == 0 || !json_parser_load_from_data (parser, data, (gssize) length, &json_error) ||
      json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The file is not JSON: %s"),
                   json_error != NULL ? json_error->message : _("it is empty"));
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The file is not CSL-JSON: it is not a list of entries"));
      return NULL;
    }

  entries = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonNode *node = json_array_get_element (entries, i);
      g_autofree char *problem = NULL;
      PapersPaper *paper = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        paper = paper_from_entry (json_node_get_object (node), &problem);
      else
        problem = g_strdup (_("it is not an entry"));

      if (paper != NULL)
        g_ptr_array_add (papers, paper);
      else
        {
          PapersBibtexSkip *skip = g_new0 (PapersBibtexSkip, 1);

          skip->key = entry_key (node);
          skip->line = i + 1;
          skip->reason = g_steal_pointer (&problem);
          g_ptr_array_add (skips, skip);
        }
    }

  if (skipped != NULL)
    *skipped = g_steal_pointer (&skips);
  return g_steal_pointer (&papers);
}
