/* papers-hf-parser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "papers-arxiv-id.h"
#include "papers-hf-parser.h"
#include "papers-source-common.h"

/* The Hugging Face API grows new fields over time; only the fields used here
 * are checked, and only their types: a field that is present with the wrong
 * type fails the whole answer (it means the format changed under us), an
 * absent or null field is simply unknown.
 */

#define SERVICE "Hugging Face"

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return (node == NULL || JSON_NODE_HOLDS_NULL (node)) ? NULL : node;
}

static gboolean
opt_string (JsonObject  *object,
            const char  *name,
            const char **out,
            GError     **error)
{
  JsonNode *node = member (object, name);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      papers_source_set_bad_response (error, SERVICE, "“%s” is not a string", name);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
opt_int (JsonObject  *object,
         const char  *name,
         int         *out,
         GError     **error)
{
  JsonNode *node = member (object, name);
  GType type;

  *out = 0;
  if (node == NULL)
    return TRUE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_INT64)
    *out = (int) CLAMP (json_node_get_int (node), 0, G_MAXINT);
  else if (type == G_TYPE_DOUBLE)
    *out = (int) CLAMP (json_node_get_double (node), 0, G_MAXINT);
  else
    {
      papers_source_set_bad_response (error, SERVICE, "“%s” is not a number", name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
opt_container (JsonObject  *object,
               const char  *name,
               JsonNodeType type,
               JsonNode   **out,
               GError     **error)
{
  JsonNode *node = member (object, name);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (JSON_NODE_TYPE (node) != type)
    {
      papers_source_set_bad_response (error, SERVICE, "“%s” has the wrong type", name);
      return FALSE;
    }
  *out = node;
  return TRUE;
}

static gboolean
parse_authors (PapersPaper *paper,
               JsonNode    *authors,
               GError     **error)
{
  JsonArray *array = json_node_get_array (authors);
  guint n = json_array_get_length (array);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *author;
      const char *name;
      g_autofree char *clean = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          papers_source_set_bad_response (error, SERVICE, "author %u is not an object", i);
          return FALSE;
        }
      author = json_node_get_object (node);
      if (!opt_string (author, "name", &name, error))
        return FALSE;
      clean = papers_source_clean_text (name, -1);
      if (clean != NULL)
        g_strv_builder_take (builder, g_steal_pointer (&clean));
    }

  names = g_strv_builder_end (builder);
  papers_paper_set_authors (paper, (const char * const *) names);
  return TRUE;
}

static void
set_date (PapersPaper *paper,
          const char  *iso8601)
{
  g_autoptr(GDateTime) date = NULL;

  if (iso8601 == NULL)
    return;
  date = g_date_time_new_from_iso8601 (iso8601, NULL);
  if (date != NULL)
    papers_paper_set_published (paper, date);
  else
    g_debug ("%s: ignoring unreadable date “%s”", SERVICE, iso8601);
}

static void
set_links (PapersPaper *paper,
           const char  *id,
           const char  *hf_url,
           const char  *arxiv_url)
{
  g_autofree char *hf = g_strconcat (hf_url ? hf_url : PAPERS_SOURCE_DEFAULT_HF_URL,
                                     "/papers/", id, NULL);
  g_autofree char *abs = g_strconcat (arxiv_url ? arxiv_url : PAPERS_SOURCE_DEFAULT_ARXIV_URL,
                                      "/abs/", id, NULL);
  g_autofree char *pdf = g_strconcat (arxiv_url ? arxiv_url : PAPERS_SOURCE_DEFAULT_ARXIV_URL,
                                      "/pdf/", id, NULL);

  papers_paper_set_hf_url (paper, hf);
  papers_paper_set_abs_url (paper, abs);
  papers_paper_set_pdf_url (paper, pdf);
}

/* @paper_object is the `paper` object; @item is the daily_papers or search
 * item around it, or %NULL for /api/papers/{id}. */
static PapersPaper *
paper_from_json (JsonObject  *paper_object,
                 JsonObject  *item,
                 const char  *hf_url,
                 const char  *arxiv_url,
                 gboolean    *skipped,
                 GError     **error)
{
  g_autoptr(PapersPaper) paper = NULL;
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *abstract = NULL;
  const char *raw_id, *raw_title, *raw_summary, *published, *code, *project;
  const char *item_title = NULL, *thumbnail = NULL;
  int upvotes, comments = 0;
  JsonNode *authors;

  if (!opt_string (paper_object, "id", &raw_id, error) ||
      !opt_string (paper_object, "title", &raw_title, error) ||
      !opt_string (paper_object, "summary", &raw_summary, error) ||
      !opt_string (paper_object, "publishedAt", &published, error) ||
      !opt_string (paper_object, "githubRepo", &code, error) ||
      !opt_string (paper_object, "projectPage", &project, error) ||
      !opt_int (paper_object, "upvotes", &upvotes, error) ||
      !opt_container (paper_object, "authors", JSON_NODE_ARRAY, &authors, error))
    return NULL;

  if (item != NULL &&
      (!opt_string (item, "title", &item_title, error) ||
       !opt_string (item, "thumbnail", &thumbnail, error) ||
       !opt_int (item, "numComments", &comments, error)))
    return NULL;

  if (raw_id == NULL || !papers_arxiv_id_parse (raw_id, &id, NULL))
    {
      /* In a listing, one paper Papers cannot key is left out rather than
       * losing the whole day; asked for by id, it is an error. */
      if (skipped != NULL)
        {
          g_debug ("%s: skipping a paper without a valid id (“%s”)", SERVICE, raw_id ? raw_id : "(none)");
          *skipped = TRUE;
        }
      else
        papers_source_set_bad_response (error, SERVICE, "paper without a valid id (“%s”)",
                                        raw_id ? raw_id : "(none)");
      return NULL;
    }

  paper = papers_paper_new (id);
  papers_paper_set_arxiv_id (paper, id);
  papers_paper_set_source (paper, "hf");

  /* The paper's own title may carry arXiv's hard line breaks; the item's
   * title is the same text already joined.  Either way, clean it. */
  title = papers_source_clean_text (raw_title ? raw_title : item_title, -1);
  abstract = papers_source_clean_text (raw_summary, -1);
  papers_paper_set_title (paper, title);
  papers_paper_set_abstract (paper, abstract);
  if (authors != NULL && !parse_authors (paper, authors, error))
    return NULL;
  set_date (paper, published);
  papers_paper_set_upvotes (paper, upvotes);
  papers_paper_set_comments (paper, comments);
  if (code != NULL && *code != '\0')
    papers_paper_set_code_url (paper, code);
  if (project != NULL && *project != '\0')
    papers_paper_set_project_url (paper, project);
  if (thumbnail != NULL && *thumbnail != '\0')
    papers_paper_set_thumbnail_url (paper, thumbnail);
  set_links (paper, id, hf_url, arxiv_url);

  return g_steal_pointer (&paper);
}

static JsonNode *
parse_root (GBytes  *body,
            GError **error)
{
  /* Not json_parser_new_immutable(): sealing every node costs a quarter
   * of the parse time, and the tree never leaves this function. */
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  if (size > PAPERS_SOURCE_MAX_LISTING_BYTES)
    {
      papers_source_set_bad_response (error, SERVICE, "answer of %" G_GSIZE_FORMAT " bytes", size);
      return NULL;
    }
  if (size == 0 || !json_parser_load_from_data (parser, data, size, &local_error))
    {
      papers_source_set_bad_response (error, SERVICE, "not JSON: %s",
                                      local_error ? local_error->message : "empty body");
      return NULL;
    }

  /* White space alone parses, into no root at all. */
  if (json_parser_get_root (parser) == NULL)
    {
      papers_source_set_bad_response (error, SERVICE, "not JSON: %s", "no value in the body");
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}

/**
 * papers_hf_parse_listing:
 * @body: the answer of `/api/daily_papers` or `/api/papers/search`
 * @hf_url: (nullable): the Hugging Face address for links
 * @arxiv_url: (nullable): the arXiv address for links
 * @error: return location for a %PAPERS_SOURCE_ERROR
 *
 * Returns: (transfer full) (element-type PapersPaper): the papers, in the
 *   order of the answer; an empty array for `[]`
 */
GPtrArray *
papers_hf_parse_listing (GBytes      *body,
                         const char  *hf_url,
                         const char  *arxiv_url,
                         GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) papers = NULL;
  JsonArray *array;
  guint n;

  g_return_val_if_fail (body != NULL, NULL);

  root = parse_root (body, error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      papers_source_set_bad_response (error, SERVICE, "listing is not an array");
      return NULL;
    }

  array = json_node_get_array (root);
  n = json_array_get_length (array);
  papers = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonNode *paper_node;
      JsonObject *item;
      PapersPaper *paper;
      gboolean skipped = FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          papers_source_set_bad_response (error, SERVICE, "item %u is not an object", i);
          return NULL;
        }
      item = json_node_get_object (node);
      if (!opt_container (item, "paper", JSON_NODE_OBJECT, &paper_node, error))
        return NULL;
      if (paper_node == NULL)
        {
          papers_source_set_bad_response (error, SERVICE, "item %u has no paper", i);
          return NULL;
        }

      paper = paper_from_json (json_node_get_object (paper_node), item, hf_url, arxiv_url, &skipped, error);
      if (paper == NULL && skipped)
        continue;
      if (paper == NULL)
        return NULL;
      g_ptr_array_add (papers, paper);
    }

  return g_steal_pointer (&papers);
}

/**
 * papers_hf_parse_paper:
 * @body: the answer of `/api/papers/{id}`
 * @hf_url: (nullable): the Hugging Face address for links
 * @arxiv_url: (nullable): the arXiv address for links
 * @error: return location for a %PAPERS_SOURCE_ERROR
 *
 * Returns: (transfer full): the paper
 */
PapersPaper *
papers_hf_parse_paper (GBytes      *body,
                       const char  *hf_url,
                       const char  *arxiv_url,
                       GError     **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (body != NULL, NULL);

  root = parse_root (body, error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      papers_source_set_bad_response (error, SERVICE, "paper is not an object");
      return NULL;
    }

  return paper_from_json (json_node_get_object (root), NULL, hf_url, arxiv_url, NULL, error);
}
