/* papers-arxiv-parser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "papers-arxiv-id.h"
#include "papers-arxiv-parser.h"
#include "papers-source-common.h"

/* Both formats are read as namespace-aware trees: an element is known by its
 * namespace URI and local name, never by its prefix or position, because
 * arXiv moved its namespace declarations (per element in 2016, on the root
 * in 2026) and switched addresses from http to https.
 *
 * The documents come from the network, so libxml2 is told to never fetch
 * anything (XML_PARSE_NONET), not to substitute entities (no
 * XML_PARSE_NOENT), not to load DTDs, and not to lift its built-in limits
 * (no XML_PARSE_HUGE); the body is size-capped before it gets here.
 */

#define SERVICE "arXiv"

#define NS_ATOM        "http://www.w3.org/2005/Atom"
#define NS_OPENSEARCH  "http://a9.com/-/spec/opensearch/1.1/"
#define NS_ARXIV       "http://arxiv.org/schemas/atom"
#define NS_DC          "http://purl.org/dc/elements/1.1/"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

static gboolean
ns_is (const xmlNs *ns,
       const char  *uri)
{
  const char *href;

  if (ns == NULL || ns->href == NULL)
    return uri == NULL;
  if (uri == NULL)
    return FALSE;

  href = (const char *) ns->href;
  if (g_str_equal (href, uri))
    return TRUE;

  /* Accept https:// for an http:// namespace, in case the drift reaches
   * the namespace names too. */
  return g_str_has_prefix (uri, "http://") && g_str_has_prefix (href, "https://") &&
         g_str_equal (href + strlen ("https://"), uri + strlen ("http://"));
}

static gboolean
is_element (const xmlNode *node,
            const char    *ns,
            const char    *name)
{
  return node->type == XML_ELEMENT_NODE &&
         ns_is (node->ns, ns) &&
         g_str_equal ((const char *) node->name, name);
}

static char *
node_text (const xmlNode *node)
{
  xmlChar *content = xmlNodeGetContent (node);
  /* Never NULL: callers split and search the text. */
  char *text = g_strdup (content != NULL ? (const char *) content : "");

  xmlFree (content);
  return text;
}

static char *
node_clean_text (const xmlNode *node)
{
  g_autofree char *text = node_text (node);

  return papers_source_clean_text (text, -1);
}

/* The cleaned text of @parent's first child element @ns:@name, if any.
 * Only the first counts: a document repeating an element must not leak
 * or override it. */
static char *
child_clean_text (const xmlNode *parent,
                  const char    *ns,
                  const char    *name)
{
  for (const xmlNode *child = parent->children; child != NULL; child = child->next)
    if (is_element (child, ns, name))
      return node_clean_text (child);
  return NULL;
}

static char *
node_attribute (const xmlNode *node,
                const char    *name)
{
  xmlChar *value = xmlGetNoNsProp (node, (const xmlChar *) name);
  char *result = g_strdup ((const char *) value);

  xmlFree (value);
  return result;
}

static xmlDoc *
read_document (GBytes  *body,
               GError **error)
{
  gsize size;
  const char *data = g_bytes_get_data (body, &size);
  xmlDoc *doc;

  if (size > PAPERS_SOURCE_MAX_LISTING_BYTES || size > G_MAXINT)
    {
      papers_source_set_bad_response (error, SERVICE, "answer of %" G_GSIZE_FORMAT " bytes", size);
      return NULL;
    }
  if (size == 0)
    {
      papers_source_set_bad_response (error, SERVICE, "empty answer");
      return NULL;
    }

  doc = xmlReadMemory (data, (int) size, NULL, NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == NULL || xmlDocGetRootElement (doc) == NULL)
    {
      const xmlError *xml_error = xmlGetLastError ();

      papers_source_set_bad_response (error, SERVICE, "not XML: %s",
                                      xml_error && xml_error->message ? xml_error->message : "?");
      g_clear_pointer (&doc, xmlFreeDoc);
      return NULL;
    }

  return doc;
}

/**
 * papers_arxiv_set_links:
 * @paper: a paper
 * @arxiv_url: (nullable): the arXiv address for links
 * @id: its unversioned arXiv id
 * @version: the version the links are for, or 0 for the latest
 *
 * Sets the paper's abstract page and PDF addresses on arXiv.
 */
void
papers_arxiv_set_links (PapersPaper *paper,
                        const char  *arxiv_url,
                        const char  *id,
                        int          version)
{
  const char *base = arxiv_url ? arxiv_url : PAPERS_SOURCE_DEFAULT_ARXIV_URL;
  g_autofree char *versioned = version > 0 ? g_strdup_printf ("%sv%d", id, version)
                                           : g_strdup (id);
  g_autofree char *abs = g_strconcat (base, "/abs/", versioned, NULL);
  g_autofree char *pdf = g_strconcat (base, "/pdf/", versioned, NULL);

  papers_paper_set_abs_url (paper, abs);
  papers_paper_set_pdf_url (paper, pdf);
}

static void
set_date (PapersPaper *paper,
          const char  *text,
          gboolean     updated)
{
  g_autoptr(GDateTime) date = NULL;

  if (text == NULL)
    return;

  g_strstrip ((char *) text);
  date = g_date_time_new_from_iso8601 (text, NULL);
  if (date == NULL)
    date = soup_date_time_new_from_http_string (text);
  if (date == NULL)
    {
      g_debug ("%s: ignoring unreadable date “%s”", SERVICE, text);
      return;
    }

  if (updated)
    papers_paper_set_updated (paper, date);
  else
    papers_paper_set_published (paper, date);
}

static void
set_strv (PapersPaper *paper,
          GPtrArray   *values,
          gboolean     authors)
{
  if (values->len == 0)
    return;

  g_ptr_array_add (values, NULL);
  if (authors)
    papers_paper_set_authors (paper, (const char * const *) values->pdata);
  else
    papers_paper_set_categories (paper, (const char * const *) values->pdata);
  g_ptr_array_remove_index (values, values->len - 1);
}

static void
add_unique (GPtrArray  *values,
            char       *value)
{
  if (value == NULL || *value == '\0' ||
      g_ptr_array_find_with_equal_func (values, value, g_str_equal, NULL))
    {
      g_free (value);
      return;
    }
  g_ptr_array_add (values, value);
}

/* Elements whose cleaned text goes straight into one property. */
typedef struct
{
  const char *ns;
  const char *name;
  void (*set) (PapersPaper *paper, const char *value);
} TextField;

static const TextField atom_fields[] = {
  { NS_ATOM, "title", papers_paper_set_title },
  { NS_ATOM, "summary", papers_paper_set_abstract },
  { NS_ARXIV, "doi", papers_paper_set_doi },
  { NS_ARXIV, "comment", papers_paper_set_comment },
  { NS_ARXIV, "journal_ref", papers_paper_set_journal_ref },
};

static const TextField rss_fields[] = {
  { NULL, "title", papers_paper_set_title },
  { NS_ARXIV, "announce_type", papers_paper_set_announce_type },
  { NS_ARXIV, "DOI", papers_paper_set_doi },
  { NS_ARXIV, "journal_reference", papers_paper_set_journal_ref },
};

static gboolean
set_text_field (PapersPaper     *paper,
                const xmlNode   *node,
                const TextField *fields,
                gsize            n_fields)
{
  for (gsize i = 0; i < n_fields; i++)
    if (is_element (node, fields[i].ns, fields[i].name))
      {
        g_autofree char *text = node_clean_text (node);
        fields[i].set (paper, text);
        return TRUE;
      }
  return FALSE;
}

/* ---- The arXiv API (Atom) ------------------------------------------------ */

static gboolean
is_error_id (const char *id)
{
  return g_str_has_prefix (id, "http://arxiv.org/api/errors") ||
         g_str_has_prefix (id, "https://arxiv.org/api/errors") ||
         g_str_has_prefix (id, "http://export.arxiv.org/api/errors") ||
         g_str_has_prefix (id, "https://export.arxiv.org/api/errors");
}

/* Returns FALSE and sets @error only for an error entry; an entry that does
 * not name a paper is skipped with a debug message. */
static gboolean
parse_entry (const xmlNode *entry,
             const char    *arxiv_url,
             GPtrArray     *papers,
             GError       **error)
{
  g_autoptr(PapersPaper) paper = NULL;
  g_autoptr(GPtrArray) authors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *raw_id = NULL;
  g_autofree char *id = NULL;
  int version = 0;

  raw_id = child_clean_text (entry, NS_ATOM, "id");

  if (raw_id != NULL && is_error_id (raw_id))
    {
      g_autofree char *message = child_clean_text (entry, NS_ATOM, "summary");

      g_debug ("%s: error entry %s: %s", SERVICE, raw_id, message ? message : "");
      g_set_error (error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_INVALID_QUERY,
                   /* Translators: %s is arXiv's own explanation, in English */
                   _("arXiv did not accept the query: %s"),
                   message ? message : _("no reason given"));
      return FALSE;
    }

  if (raw_id == NULL || !papers_arxiv_id_parse (raw_id, &id, &version))
    {
      g_debug ("%s: skipping entry with id “%s”", SERVICE, raw_id ? raw_id : "(none)");
      return TRUE;
    }

  paper = papers_paper_new (id);
  papers_paper_set_arxiv_id (paper, id);
  papers_paper_set_version (paper, version);
  papers_paper_set_source (paper, "arxiv");

  for (const xmlNode *child = entry->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;

      if (set_text_field (paper, child, atom_fields, G_N_ELEMENTS (atom_fields)))
        continue;

      if (is_element (child, NS_ATOM, "published") || is_element (child, NS_ATOM, "updated"))
        {
          g_autofree char *date = node_text (child);
          set_date (paper, date, g_str_equal ((const char *) child->name, "updated"));
        }
      else if (is_element (child, NS_ATOM, "author"))
        {
          for (const xmlNode *n = child->children; n != NULL; n = n->next)
            if (is_element (n, NS_ATOM, "name"))
              add_unique (authors, node_clean_text (n));
        }
      else if (is_element (child, NS_ATOM, "category"))
        add_unique (categories, node_attribute (child, "term"));
      else if (is_element (child, NS_ARXIV, "primary_category"))
        {
          /* The primary category comes first. */
          g_autofree char *term = node_attribute (child, "term");
          if (term != NULL && *term != '\0')
            {
              guint index;
              if (g_ptr_array_find_with_equal_func (categories, term, g_str_equal, &index))
                g_ptr_array_remove_index (categories, index);
              g_ptr_array_insert (categories, 0, g_steal_pointer (&term));
            }
        }
    }

  set_strv (paper, authors, TRUE);
  set_strv (paper, categories, FALSE);
  papers_arxiv_set_links (paper, arxiv_url, id, version);

  g_ptr_array_add (papers, g_steal_pointer (&paper));
  return TRUE;
}

static void
init_libxml (void)
{
  static gsize initialized;

  /* libxml2 must be initialized once before it is used from threads. */
  if (g_once_init_enter (&initialized))
    {
      xmlInitParser ();
      g_once_init_leave (&initialized, 1);
    }
}

/**
 * papers_arxiv_parse_atom:
 * @body: the answer of `export.arxiv.org/api/query`
 * @arxiv_url: (nullable): the arXiv address for links
 * @total_results: (out) (optional): opensearch:totalResults, or -1
 * @error: return location for a %PAPERS_SOURCE_ERROR
 *
 * Reads both the 2016 and the 2026 generation of the format.  arXiv's error
 * entry becomes %PAPERS_SOURCE_ERROR_INVALID_QUERY carrying its message.
 *
 * Returns: (transfer full) (element-type PapersPaper): the papers
 */
GPtrArray *
papers_arxiv_parse_atom (GBytes      *body,
                         const char  *arxiv_url,
                         int         *total_results,
                         GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GPtrArray) papers = NULL;
  const xmlNode *root;

  g_return_val_if_fail (body != NULL, NULL);

  if (total_results)
    *total_results = -1;

  init_libxml ();
  doc = read_document (body, error);
  if (doc == NULL)
    return NULL;

  root = xmlDocGetRootElement (doc);
  if (!is_element (root, NS_ATOM, "feed"))
    {
      papers_source_set_bad_response (error, SERVICE, "root is not an Atom feed");
      return NULL;
    }

  papers = g_ptr_array_new_with_free_func (g_object_unref);
  for (const xmlNode *child = root->children; child != NULL; child = child->next)
    {
      if (is_element (child, NS_ATOM, "entry"))
        {
          if (!parse_entry (child, arxiv_url, papers, error))
            return NULL;
        }
      else if (is_element (child, NS_OPENSEARCH, "totalResults") && total_results)
        {
          g_autofree char *text = node_text (child);
          gint64 value;

          if (g_ascii_string_to_signed (g_strstrip (text), 10, 0, G_MAXINT, &value, NULL))
            *total_results = (int) value;
        }
    }

  return g_steal_pointer (&papers);
}

/* ---- The listing feeds (RSS) --------------------------------------------- */

/* dc:creator holds every author in one string: "A, B (Univ, City), C".
 * Commas inside parentheses belong to affiliations, which are dropped. */
static void
split_creators (const char *text,
                GPtrArray  *authors)
{
  GString *name = g_string_new (NULL);
  int depth = 0;

  for (const char *p = text;; p++)
    {
      if (*p == '\0' || (*p == ',' && depth == 0))
        {
          add_unique (authors, papers_source_clean_text (name->str, name->len));
          g_string_truncate (name, 0);
          if (*p == '\0')
            break;
        }
      else if (*p == '(')
        depth++;
      else if (*p == ')' && depth > 0)
        depth--;
      else if (depth == 0)
        g_string_append_c (name, *p);
    }

  g_string_free (name, TRUE);
}

/* "arXiv:2411.17700v1 Announce Type: new \nAbstract: …" → the abstract. */
static char *
abstract_from_description (const char *description)
{
  const char *abstract = strstr (description, "Abstract:");

  if (abstract != NULL)
    return papers_source_clean_text (abstract + strlen ("Abstract:"), -1);
  return papers_source_clean_text (description, -1);
}

static void
parse_item (const xmlNode *item,
            const char    *arxiv_url,
            GPtrArray     *papers)
{
  g_autoptr(PapersPaper) paper = NULL;
  g_autoptr(GPtrArray) authors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *guid = NULL;
  g_autofree char *link = NULL;
  g_autofree char *id = NULL;
  int version = 0;
  const char *p;

  guid = child_clean_text (item, NULL, "guid");
  link = child_clean_text (item, NULL, "link");

  /* The guid ("oai:arXiv.org:2411.17700v1") carries the version; the link
   * is unversioned. */
  p = guid;
  if (p != NULL && g_str_has_prefix (p, "oai:arXiv.org:"))
    p += strlen ("oai:arXiv.org:");
  if (p == NULL || !papers_arxiv_id_parse (p, &id, &version))
    {
      g_clear_pointer (&id, g_free);
      if (link == NULL || !papers_arxiv_id_parse (link, &id, &version))
        {
          g_debug ("%s: skipping item without an id", SERVICE);
          return;
        }
    }

  paper = papers_paper_new (id);
  papers_paper_set_arxiv_id (paper, id);
  papers_paper_set_version (paper, version);
  papers_paper_set_source (paper, "arxiv");

  for (const xmlNode *child = item->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;

      if (set_text_field (paper, child, rss_fields, G_N_ELEMENTS (rss_fields)))
        continue;

      if (is_element (child, NULL, "description"))
        {
          g_autofree char *text = node_text (child);
          g_autofree char *abstract = abstract_from_description (text);
          papers_paper_set_abstract (paper, abstract);
        }
      else if (is_element (child, NULL, "category"))
        add_unique (categories, node_clean_text (child));
      else if (is_element (child, NULL, "pubDate"))
        {
          g_autofree char *date = node_text (child);
          set_date (paper, date, FALSE);
        }
      else if (is_element (child, NS_DC, "creator"))
        {
          g_autofree char *text = node_text (child);
          split_creators (text, authors);
        }
    }

  set_strv (paper, authors, TRUE);
  set_strv (paper, categories, FALSE);
  papers_arxiv_set_links (paper, arxiv_url, id, version);

  g_ptr_array_add (papers, g_steal_pointer (&paper));
}

/**
 * papers_arxiv_parse_rss:
 * @body: the answer of `rss.arxiv.org/rss/CATEGORIES`
 * @arxiv_url: (nullable): the arXiv address for links
 * @error: return location for a %PAPERS_SOURCE_ERROR
 *
 * A feed with no items (weekends, holidays) is an empty array.  The feed
 * arXiv sends for an unknown category ("Feed error for query: …") becomes
 * %PAPERS_SOURCE_ERROR_INVALID_QUERY carrying its description.
 *
 * Returns: (transfer full) (element-type PapersPaper): the papers
 */
GPtrArray *
papers_arxiv_parse_rss (GBytes      *body,
                        const char  *arxiv_url,
                        GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GPtrArray) papers = NULL;
  const xmlNode *root;
  const xmlNode *channel = NULL;

  g_return_val_if_fail (body != NULL, NULL);

  init_libxml ();
  doc = read_document (body, error);
  if (doc == NULL)
    return NULL;

  root = xmlDocGetRootElement (doc);
  if (is_element (root, NULL, "rss"))
    for (const xmlNode *child = root->children; child != NULL && channel == NULL; child = child->next)
      if (is_element (child, NULL, "channel"))
        channel = child;
  if (channel == NULL)
    {
      papers_source_set_bad_response (error, SERVICE, "not an RSS feed");
      return NULL;
    }

  papers = g_ptr_array_new_with_free_func (g_object_unref);
  for (const xmlNode *child = channel->children; child != NULL; child = child->next)
    {
      if (is_element (child, NULL, "title"))
        {
          g_autofree char *title = node_clean_text (child);

          if (title != NULL && g_str_has_prefix (title, "Feed error for query"))
            {
              g_autofree char *message = child_clean_text (channel, NULL, "description");

              g_debug ("%s: %s: %s", SERVICE, title, message ? message : "");
              g_set_error (error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_INVALID_QUERY,
                           /* Translators: %s is arXiv's own explanation, in English */
                           _("arXiv has no such feed: %s"),
                           message ? message : _("no reason given"));
              return NULL;
            }
        }
      else if (is_element (child, NULL, "item"))
        parse_item (child, arxiv_url, papers);
    }

  return g_steal_pointer (&papers);
}
