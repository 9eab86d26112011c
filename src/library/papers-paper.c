/* papers-paper.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-paper.h"

/* String-valued properties are kept in one array indexed by their property
 * id, so that each getter and setter is a single line and merging two papers
 * is a loop rather than a list of cases that drifts out of date.
 */
enum {
  PROP_0,
  /* strings: keep these first, STR_FIRST..STR_LAST */
  PROP_ID,
  PROP_ARXIV_ID,
  PROP_DOI,
  PROP_TITLE,
  PROP_ABSTRACT,
  PROP_JOURNAL_REF,
  PROP_COMMENT,
  PROP_ABS_URL,
  PROP_PDF_URL,
  PROP_HF_URL,
  PROP_CODE_URL,
  PROP_PROJECT_URL,
  PROP_THUMBNAIL_URL,
  PROP_SOURCE,
  PROP_ANNOUNCE_TYPE,
  PROP_NOTE,
  PROP_PDF_PATH,
  /* everything else */
  PROP_VERSION,
  PROP_AUTHORS,
  PROP_PUBLISHED,
  PROP_UPDATED,
  PROP_CATEGORIES,
  PROP_UPVOTES,
  PROP_COMMENTS,
  PROP_IN_LIBRARY,
  PROP_ADDED,
  PROP_STATUS,
  PROP_STARRED,
  PROP_TAGS,
  PROP_SEARCH_SNIPPET,
  PROP_SEARCH_PAGE,
  N_PROPS
};

#define STR_FIRST PROP_ID
#define STR_LAST  PROP_PDF_PATH
#define N_STR     (STR_LAST - STR_FIRST + 1)

struct _PapersPaper
{
  GObject           parent_instance;

  char             *str[N_STR];
  int               version;
  char            **authors;
  GDateTime        *published;
  GDateTime        *updated;
  char            **categories;
  int               upvotes;
  int               comments;
  gboolean          in_library;
  GDateTime        *added;
  PapersReadStatus  status;
  gboolean          starred;
  char            **tags;
  /* Where a search found the paper in its PDF's text: not the paper's
   * data, so never merged */
  char             *search_snippet;
  int               search_page;
};

G_DEFINE_FINAL_TYPE (PapersPaper, papers_paper, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static const char * const status_names[] = { "unread", "reading", "read" };

const char *
papers_read_status_to_string (PapersReadStatus status)
{
  g_return_val_if_fail (status <= PAPERS_READ_STATUS_READ, "unread");
  return status_names[status];
}

gboolean
papers_read_status_from_string (const char       *str,
                                PapersReadStatus *status)
{
  g_return_val_if_fail (status != NULL, FALSE);

  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    {
      if (g_ascii_strcasecmp (str, status_names[i]) == 0)
        {
          *status = (PapersReadStatus) i;
          return TRUE;
        }
    }

  return FALSE;
}

static const char *
get_str (PapersPaper *self,
         guint        prop_id)
{
  g_return_val_if_fail (PAPERS_IS_PAPER (self), NULL);
  return self->str[prop_id - STR_FIRST];
}

static void
set_str (PapersPaper *self,
         guint        prop_id,
         const char  *value)
{
  g_return_if_fail (PAPERS_IS_PAPER (self));

  /* Empty strings carry no information; store them as NULL so that callers
   * only ever have to test for one kind of "missing". */
  if (value != NULL && value[0] == '\0')
    value = NULL;

  if (g_set_str (&self->str[prop_id - STR_FIRST], value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static gboolean
strv_equal0 (const char * const *a,
             const char * const *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strv_equal (a, b);
}

static void
set_strv (PapersPaper        *self,
          char             ***field,
          guint               prop_id,
          const char * const *value)
{
  g_return_if_fail (PAPERS_IS_PAPER (self));

  if (value != NULL && value[0] == NULL)
    value = NULL;

  if (strv_equal0 ((const char * const *) *field, value))
    return;

  g_strfreev (*field);
  *field = g_strdupv ((char **) value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_date (PapersPaper  *self,
          GDateTime   **field,
          guint         prop_id,
          GDateTime    *value)
{
  g_return_if_fail (PAPERS_IS_PAPER (self));

  if (*field == value || (*field != NULL && value != NULL && g_date_time_equal (*field, value)))
    return;

  g_clear_pointer (field, g_date_time_unref);
  if (value != NULL)
    *field = g_date_time_ref (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_int (PapersPaper *self,
         int         *field,
         guint        prop_id,
         int          value)
{
  g_return_if_fail (PAPERS_IS_PAPER (self));

  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
papers_paper_finalize (GObject *object)
{
  PapersPaper *self = (PapersPaper *) object;

  for (guint i = 0; i < N_STR; i++)
    g_free (self->str[i]);
  g_strfreev (self->authors);
  g_strfreev (self->categories);
  g_strfreev (self->tags);
  g_free (self->search_snippet);
  g_clear_pointer (&self->published, g_date_time_unref);
  g_clear_pointer (&self->updated, g_date_time_unref);
  g_clear_pointer (&self->added, g_date_time_unref);

  G_OBJECT_CLASS (papers_paper_parent_class)->finalize (object);
}

static void
papers_paper_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PapersPaper *self = PAPERS_PAPER (object);

  if (prop_id >= STR_FIRST && prop_id <= STR_LAST)
    {
      g_value_set_string (value, get_str (self, prop_id));
      return;
    }

  switch (prop_id)
    {
    case PROP_VERSION:
      g_value_set_int (value, self->version);
      break;
    case PROP_AUTHORS:
      g_value_set_boxed (value, self->authors);
      break;
    case PROP_PUBLISHED:
      g_value_set_boxed (value, self->published);
      break;
    case PROP_UPDATED:
      g_value_set_boxed (value, self->updated);
      break;
    case PROP_CATEGORIES:
      g_value_set_boxed (value, self->categories);
      break;
    case PROP_UPVOTES:
      g_value_set_int (value, self->upvotes);
      break;
    case PROP_COMMENTS:
      g_value_set_int (value, self->comments);
      break;
    case PROP_IN_LIBRARY:
      g_value_set_boolean (value, self->in_library);
      break;
    case PROP_ADDED:
      g_value_set_boxed (value, self->added);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_STARRED:
      g_value_set_boolean (value, self->starred);
      break;
    case PROP_TAGS:
      g_value_set_boxed (value, self->tags);
      break;
    case PROP_SEARCH_SNIPPET:
      g_value_set_string (value, self->search_snippet);
      break;
    case PROP_SEARCH_PAGE:
      g_value_set_int (value, self->search_page);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
papers_paper_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  PapersPaper *self = PAPERS_PAPER (object);

  if (prop_id >= STR_FIRST && prop_id <= STR_LAST)
    {
      set_str (self, prop_id, g_value_get_string (value));
      return;
    }

  switch (prop_id)
    {
    case PROP_VERSION:
      papers_paper_set_version (self, g_value_get_int (value));
      break;
    case PROP_AUTHORS:
      papers_paper_set_authors (self, g_value_get_boxed (value));
      break;
    case PROP_PUBLISHED:
      papers_paper_set_published (self, g_value_get_boxed (value));
      break;
    case PROP_UPDATED:
      papers_paper_set_updated (self, g_value_get_boxed (value));
      break;
    case PROP_CATEGORIES:
      papers_paper_set_categories (self, g_value_get_boxed (value));
      break;
    case PROP_UPVOTES:
      papers_paper_set_upvotes (self, g_value_get_int (value));
      break;
    case PROP_COMMENTS:
      papers_paper_set_comments (self, g_value_get_int (value));
      break;
    case PROP_IN_LIBRARY:
      papers_paper_set_in_library (self, g_value_get_boolean (value));
      break;
    case PROP_ADDED:
      papers_paper_set_added (self, g_value_get_boxed (value));
      break;
    case PROP_STATUS:
      papers_paper_set_status (self, g_value_get_enum (value));
      break;
    case PROP_STARRED:
      papers_paper_set_starred (self, g_value_get_boolean (value));
      break;
    case PROP_TAGS:
      papers_paper_set_tags (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
papers_paper_class_init (PapersPaperClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  static const char * const str_names[N_STR] = {
    "id", "arxiv-id", "doi", "title", "abstract", "journal-ref", "comment",
    "abs-url", "pdf-url", "hf-url", "code-url", "project-url", "thumbnail-url",
    "source", "announce-type", "note", "pdf-path",
  };
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = papers_paper_finalize;
  object_class->get_property = papers_paper_get_property;
  object_class->set_property = papers_paper_set_property;

  for (guint i = 0; i < N_STR; i++)
    properties[STR_FIRST + i] = g_param_spec_string (str_names[i], NULL, NULL, NULL, flags);

  properties[PROP_VERSION] = g_param_spec_int ("version", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_AUTHORS] = g_param_spec_boxed ("authors", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_PUBLISHED] = g_param_spec_boxed ("published", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_UPDATED] = g_param_spec_boxed ("updated", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_CATEGORIES] = g_param_spec_boxed ("categories", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_UPVOTES] = g_param_spec_int ("upvotes", NULL, NULL, -1, G_MAXINT, 0, flags);
  properties[PROP_COMMENTS] = g_param_spec_int ("comments", NULL, NULL, -1, G_MAXINT, 0, flags);
  properties[PROP_IN_LIBRARY] = g_param_spec_boolean ("in-library", NULL, NULL, FALSE, flags);
  properties[PROP_ADDED] = g_param_spec_boxed ("added", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL, PAPERS_TYPE_READ_STATUS,
                                               PAPERS_READ_STATUS_UNREAD, flags);
  properties[PROP_STARRED] = g_param_spec_boolean ("starred", NULL, NULL, FALSE, flags);
  properties[PROP_TAGS] = g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_SEARCH_SNIPPET] = g_param_spec_string ("search-snippet", NULL, NULL, NULL,
                                                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                         G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_PAGE] = g_param_spec_int ("search-page", NULL, NULL, 0, G_MAXINT, 0,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                   G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
papers_paper_init (PapersPaper *self)
{
}

/**
 * papers_paper_new:
 * @id: (nullable): the paper's key: an unversioned arXiv id, or a stable id
 *
 * Returns: (transfer full): a new, empty paper
 */
PapersPaper *
papers_paper_new (const char *id)
{
  return g_object_new (PAPERS_TYPE_PAPER, "id", id, NULL);
}

/**
 * papers_paper_copy:
 * @self: a paper
 *
 * Returns: (transfer full): a deep copy of @self
 */
PapersPaper *
papers_paper_copy (PapersPaper *self)
{
  PapersPaper *copy;

  g_return_val_if_fail (PAPERS_IS_PAPER (self), NULL);

  copy = papers_paper_new (NULL);
  for (guint i = 0; i < N_STR; i++)
    copy->str[i] = g_strdup (self->str[i]);
  copy->version = self->version;
  copy->authors = g_strdupv (self->authors);
  copy->published = self->published ? g_date_time_ref (self->published) : NULL;
  copy->updated = self->updated ? g_date_time_ref (self->updated) : NULL;
  copy->categories = g_strdupv (self->categories);
  copy->upvotes = self->upvotes;
  copy->comments = self->comments;
  copy->in_library = self->in_library;
  copy->added = self->added ? g_date_time_ref (self->added) : NULL;
  copy->status = self->status;
  copy->starred = self->starred;
  copy->tags = g_strdupv (self->tags);

  return copy;
}

/**
 * papers_paper_merge:
 * @self: the paper to update
 * @other: the same paper as another source describes it
 *
 * Folds what @other knows into @self.  A paper met through several sources
 * is one paper: the newest arXiv version wins for bibliographic data, the
 * larger upvote and comment counts (Hugging Face) are kept, categories are
 * united, and fields @self lacks are taken from @other.  Library state
 * (status, tags, note, …) is never taken from @other.
 */
void
papers_paper_merge (PapersPaper *self,
                    PapersPaper *other)
{
  static const guint bibliographic[] = { PROP_TITLE, PROP_ABSTRACT, PROP_JOURNAL_REF,
                                         PROP_COMMENT, PROP_PDF_URL };
  gboolean other_newer;

  g_return_if_fail (PAPERS_IS_PAPER (self));
  g_return_if_fail (PAPERS_IS_PAPER (other));

  g_object_freeze_notify (G_OBJECT (self));

  other_newer = other->version > self->version;

  for (guint p = STR_FIRST; p <= STR_LAST; p++)
    {
      /* Library state belongs to the library, not to a listing. */
      if (p == PROP_ID || p == PROP_NOTE || p == PROP_PDF_PATH)
        continue;
      if (get_str (self, p) == NULL)
        set_str (self, p, get_str (other, p));
    }

  if (other_newer)
    {
      for (guint i = 0; i < G_N_ELEMENTS (bibliographic); i++)
        if (get_str (other, bibliographic[i]) != NULL)
          set_str (self, bibliographic[i], get_str (other, bibliographic[i]));
      papers_paper_set_version (self, other->version);
      if (other->authors != NULL)
        papers_paper_set_authors (self, (const char * const *) other->authors);
      if (other->updated != NULL)
        papers_paper_set_updated (self, other->updated);
    }

  if (self->authors == NULL)
    papers_paper_set_authors (self, (const char * const *) other->authors);
  if (self->published == NULL)
    papers_paper_set_published (self, other->published);
  if (self->updated == NULL)
    papers_paper_set_updated (self, other->updated);

  if (other->categories != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) merged = NULL;

      if (self->categories != NULL)
        g_strv_builder_addv (builder, (const char **) self->categories);
      for (guint i = 0; other->categories[i] != NULL; i++)
        if (self->categories == NULL || !g_strv_contains ((const char * const *) self->categories,
                                                          other->categories[i]))
          g_strv_builder_add (builder, other->categories[i]);
      merged = g_strv_builder_end (builder);
      papers_paper_set_categories (self, (const char * const *) merged);
    }

  papers_paper_set_upvotes (self, MAX (self->upvotes, other->upvotes));
  papers_paper_set_comments (self, MAX (self->comments, other->comments));

  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * papers_paper_dup_authors_short:
 * @self: a paper
 * @max_names: how many names to list before "…"
 *
 * Returns: (transfer full): the first authors joined by commas, for a list row
 */
char *
papers_paper_dup_authors_short (PapersPaper *self,
                                guint        max_names)
{
  GString *out;
  guint n;

  g_return_val_if_fail (PAPERS_IS_PAPER (self), NULL);

  out = g_string_new (NULL);
  if (self->authors == NULL)
    return g_string_free (out, FALSE);

  n = g_strv_length (self->authors);
  for (guint i = 0; i < n && i < max_names; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, self->authors[i]);
    }
  if (n > max_names)
    g_string_append (out, ", …");

  return g_string_free (out, FALSE);
}

const char *papers_paper_get_id (PapersPaper *self) { return get_str (self, PROP_ID); }
void papers_paper_set_id (PapersPaper *self, const char *v) { set_str (self, PROP_ID, v); }
const char *papers_paper_get_arxiv_id (PapersPaper *self) { return get_str (self, PROP_ARXIV_ID); }
void papers_paper_set_arxiv_id (PapersPaper *self, const char *v) { set_str (self, PROP_ARXIV_ID, v); }
const char *papers_paper_get_doi (PapersPaper *self) { return get_str (self, PROP_DOI); }
void papers_paper_set_doi (PapersPaper *self, const char *v) { set_str (self, PROP_DOI, v); }
const char *papers_paper_get_title (PapersPaper *self) { return get_str (self, PROP_TITLE); }
void papers_paper_set_title (PapersPaper *self, const char *v) { set_str (self, PROP_TITLE, v); }
const char *papers_paper_get_abstract (PapersPaper *self) { return get_str (self, PROP_ABSTRACT); }
void papers_paper_set_abstract (PapersPaper *self, const char *v) { set_str (self, PROP_ABSTRACT, v); }
const char *papers_paper_get_journal_ref (PapersPaper *self) { return get_str (self, PROP_JOURNAL_REF); }
void papers_paper_set_journal_ref (PapersPaper *self, const char *v) { set_str (self, PROP_JOURNAL_REF, v); }
const char *papers_paper_get_comment (PapersPaper *self) { return get_str (self, PROP_COMMENT); }
void papers_paper_set_comment (PapersPaper *self, const char *v) { set_str (self, PROP_COMMENT, v); }
const char *papers_paper_get_abs_url (PapersPaper *self) { return get_str (self, PROP_ABS_URL); }
void papers_paper_set_abs_url (PapersPaper *self, const char *v) { set_str (self, PROP_ABS_URL, v); }
const char *papers_paper_get_pdf_url (PapersPaper *self) { return get_str (self, PROP_PDF_URL); }
void papers_paper_set_pdf_url (PapersPaper *self, const char *v) { set_str (self, PROP_PDF_URL, v); }
const char *papers_paper_get_hf_url (PapersPaper *self) { return get_str (self, PROP_HF_URL); }
void papers_paper_set_hf_url (PapersPaper *self, const char *v) { set_str (self, PROP_HF_URL, v); }
const char *papers_paper_get_code_url (PapersPaper *self) { return get_str (self, PROP_CODE_URL); }
void papers_paper_set_code_url (PapersPaper *self, const char *v) { set_str (self, PROP_CODE_URL, v); }
const char *papers_paper_get_project_url (PapersPaper *self) { return get_str (self, PROP_PROJECT_URL); }
void papers_paper_set_project_url (PapersPaper *self, const char *v) { set_str (self, PROP_PROJECT_URL, v); }
const char *papers_paper_get_thumbnail_url (PapersPaper *self) { return get_str (self, PROP_THUMBNAIL_URL); }
void papers_paper_set_thumbnail_url (PapersPaper *self, const char *v) { set_str (self, PROP_THUMBNAIL_URL, v); }
const char *papers_paper_get_source (PapersPaper *self) { return get_str (self, PROP_SOURCE); }
void papers_paper_set_source (PapersPaper *self, const char *v) { set_str (self, PROP_SOURCE, v); }
const char *papers_paper_get_announce_type (PapersPaper *self) { return get_str (self, PROP_ANNOUNCE_TYPE); }
void papers_paper_set_announce_type (PapersPaper *self, const char *v) { set_str (self, PROP_ANNOUNCE_TYPE, v); }
const char *papers_paper_get_note (PapersPaper *self) { return get_str (self, PROP_NOTE); }
void papers_paper_set_note (PapersPaper *self, const char *v) { set_str (self, PROP_NOTE, v); }
const char *papers_paper_get_pdf_path (PapersPaper *self) { return get_str (self, PROP_PDF_PATH); }
void papers_paper_set_pdf_path (PapersPaper *self, const char *v) { set_str (self, PROP_PDF_PATH, v); }

int papers_paper_get_version (PapersPaper *self) { return self->version; }
void papers_paper_set_version (PapersPaper *self, int v) { set_int (self, &self->version, PROP_VERSION, v); }
int papers_paper_get_upvotes (PapersPaper *self) { return self->upvotes; }
void papers_paper_set_upvotes (PapersPaper *self, int v) { set_int (self, &self->upvotes, PROP_UPVOTES, v); }
int papers_paper_get_comments (PapersPaper *self) { return self->comments; }
void papers_paper_set_comments (PapersPaper *self, int v) { set_int (self, &self->comments, PROP_COMMENTS, v); }
gboolean papers_paper_get_in_library (PapersPaper *self) { return self->in_library; }
void papers_paper_set_in_library (PapersPaper *self, gboolean v) { set_int (self, &self->in_library, PROP_IN_LIBRARY, !!v); }
PapersReadStatus papers_paper_get_status (PapersPaper *self) { return self->status; }
gboolean papers_paper_get_starred (PapersPaper *self) { return self->starred; }
void papers_paper_set_starred (PapersPaper *self, gboolean v) { set_int (self, &self->starred, PROP_STARRED, !!v); }

void
papers_paper_set_status (PapersPaper      *self,
                         PapersReadStatus  status)
{
  g_return_if_fail (PAPERS_IS_PAPER (self));
  g_return_if_fail (status <= PAPERS_READ_STATUS_READ);

  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
}

const char * const *papers_paper_get_authors (PapersPaper *self) { return (const char * const *) self->authors; }
void papers_paper_set_authors (PapersPaper *self, const char * const *v) { set_strv (self, &self->authors, PROP_AUTHORS, v); }
const char * const *papers_paper_get_categories (PapersPaper *self) { return (const char * const *) self->categories; }
void papers_paper_set_categories (PapersPaper *self, const char * const *v) { set_strv (self, &self->categories, PROP_CATEGORIES, v); }
const char * const *papers_paper_get_tags (PapersPaper *self) { return (const char * const *) self->tags; }
void papers_paper_set_tags (PapersPaper *self, const char * const *v) { set_strv (self, &self->tags, PROP_TAGS, v); }

GDateTime *papers_paper_get_published (PapersPaper *self) { return self->published; }
void papers_paper_set_published (PapersPaper *self, GDateTime *v) { set_date (self, &self->published, PROP_PUBLISHED, v); }
GDateTime *papers_paper_get_updated (PapersPaper *self) { return self->updated; }
void papers_paper_set_updated (PapersPaper *self, GDateTime *v) { set_date (self, &self->updated, PROP_UPDATED, v); }
GDateTime *papers_paper_get_added (PapersPaper *self) { return self->added; }
void papers_paper_set_added (PapersPaper *self, GDateTime *v) { set_date (self, &self->added, PROP_ADDED, v); }

/**
 * papers_paper_set_search_hit:
 * @snippet: (nullable): the words around the match, Pango markup with the
 *   words found in <b></b>
 * @page: the page of the match, from 1; 0 with no @snippet
 *
 * Says that a search found the paper in its PDF's text (and not in its
 * title, abstract, authors or note): the result's own data, set by the
 * store on the objects it returns.
 */
void
papers_paper_set_search_hit (PapersPaper *self,
                             const char  *snippet,
                             int          page)
{
  g_return_if_fail (PAPERS_IS_PAPER (self));

  if (g_set_str (&self->search_snippet, snippet))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_SNIPPET]);
  if (self->search_page != MAX (page, 0))
    {
      self->search_page = MAX (page, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_PAGE]);
    }
}

const char *
papers_paper_get_search_snippet (PapersPaper *self)
{
  g_return_val_if_fail (PAPERS_IS_PAPER (self), NULL);
  return self->search_snippet;
}

int
papers_paper_get_search_page (PapersPaper *self)
{
  g_return_val_if_fail (PAPERS_IS_PAPER (self), 0);
  return self->search_page;
}
