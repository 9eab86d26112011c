/* test-enums.c: the enums and flags of every layer are GTypes (made by
 * gnome.mkenums_simple), and the objects' properties use them
 *
 * No display: only types and plain GObjects.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-annotation.h"
#include "papers-collection.h"
#include "papers-document.h"
#include "papers-library-enums.h"
#include "papers-listing.h"
#include "papers-paper.h"
#include "papers-query.h"
#include "papers-source-common.h"
#include "papers-store.h"
#include "papers-model-enums.h"

/* The value of @type's member named @nick */
static int
value_of (GType       type,
          const char *nick)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (type);

  if (G_TYPE_IS_FLAGS (type))
    {
      GFlagsValue *value = g_flags_get_value_by_nick (G_FLAGS_CLASS (klass), nick);

      g_assert_nonnull (value);
      return value->value;
    }
  else
    {
      GEnumValue *value = g_enum_get_value_by_nick (G_ENUM_CLASS (klass), nick);

      g_assert_nonnull (value);
      return value->value;
    }
}

/* The error codes of every layer, so that a GError's code can be named in
 * a property, a signal or a debug message */
static void
test_error_codes (void)
{
  g_assert_true (G_TYPE_IS_ENUM (PAPERS_TYPE_STORE_ERROR));
  g_assert_cmpint (value_of (PAPERS_TYPE_STORE_ERROR, "read-only"), ==, PAPERS_STORE_ERROR_READ_ONLY);
  g_assert_cmpint (value_of (PAPERS_TYPE_STORE_ERROR, "too-new"), ==, PAPERS_STORE_ERROR_TOO_NEW);
  g_assert_cmpint (value_of (PAPERS_TYPE_QUERY_ERROR, "unbalanced-quote"), ==,
                   PAPERS_QUERY_ERROR_UNBALANCED_QUOTE);
  g_assert_cmpint (value_of (PAPERS_TYPE_SOURCE_ERROR, "rate-limited"), ==, PAPERS_SOURCE_ERROR_RATE_LIMITED);
  g_assert_cmpint (value_of (PAPERS_TYPE_SOURCE_ERROR, "insecure"), ==, PAPERS_SOURCE_ERROR_INSECURE);
  g_assert_cmpint (value_of (PAPERS_TYPE_DOCUMENT_ERROR, "needs-password"), ==,
                   PAPERS_DOCUMENT_ERROR_NEEDS_PASSWORD);
}

static void
test_flags (void)
{
  g_assert_true (G_TYPE_IS_FLAGS (PAPERS_TYPE_CHANGE));
  g_assert_cmpint (value_of (PAPERS_TYPE_CHANGE, "tags"), ==, PAPERS_CHANGE_TAGS);
  g_assert_cmpint (value_of (PAPERS_TYPE_CHANGE, "metadata"), ==, PAPERS_CHANGE_METADATA);
  g_assert_true (G_TYPE_IS_FLAGS (PAPERS_TYPE_STORE_OPEN_FLAGS));
  g_assert_cmpint (value_of (PAPERS_TYPE_STORE_OPEN_FLAGS, "read-only-ok"), ==,
                   PAPERS_STORE_OPEN_READ_ONLY_OK);
  g_assert_true (G_TYPE_IS_FLAGS (PAPERS_TYPE_FIND_FLAGS));
}

/* The words the library stores and prints are the types' nicks, so a
 * property's value and the database agree */
static void
test_nicks_are_the_stored_words (void)
{
  g_autoptr(GEnumClass) status = g_type_class_ref (PAPERS_TYPE_READ_STATUS);
  g_autoptr(GEnumClass) kinds = g_type_class_ref (PAPERS_TYPE_ANNOT_KIND);
  g_autoptr(GEnumClass) listings = g_type_class_ref (PAPERS_TYPE_LISTING_KIND);

  g_assert_cmpuint (status->n_values, ==, PAPERS_READ_STATUS_READ + 1);
  for (guint i = 0; i < status->n_values; i++)
    g_assert_cmpstr (status->values[i].value_nick, ==, papers_read_status_to_string (status->values[i].value));

  g_assert_cmpuint (kinds->n_values, ==, PAPERS_ANNOT_OTHER + 1);
  for (guint i = 0; i < kinds->n_values; i++)
    {
      g_assert_cmpstr (kinds->values[i].value_nick, ==, papers_annot_kind_to_string (kinds->values[i].value));
      g_assert_cmpint (papers_annot_kind_from_string (kinds->values[i].value_nick), ==, kinds->values[i].value);
      /* Every kind but "other" is one the library keeps */
      g_assert_true (papers_annotation_type_is_valid (kinds->values[i].value_nick) ==
                     (kinds->values[i].value != PAPERS_ANNOT_OTHER));
    }

  g_assert_cmpuint (listings->n_values, ==, PAPERS_LISTING_ARXIV_FEED + 1);
  for (guint i = 0; i < listings->n_values; i++)
    g_assert_cmpstr (listings->values[i].value_nick, ==,
                     papers_listing_kind_to_string (listings->values[i].value));
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    data)
{
  (*(guint *) data)++;
}

static void
test_paper_status (void)
{
  g_autoptr(PapersPaper) paper = papers_paper_new ("1706.03762");
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (paper), "status");
  PapersReadStatus status;
  guint notified = 0;

  g_assert_true (G_IS_PARAM_SPEC_ENUM (pspec));
  g_assert_true (pspec->value_type == PAPERS_TYPE_READ_STATUS);
  g_signal_connect (paper, "notify::status", G_CALLBACK (count_notify), &notified);

  g_object_set (paper, "status", PAPERS_READ_STATUS_READING, NULL);
  g_assert_cmpint (papers_paper_get_status (paper), ==, PAPERS_READ_STATUS_READING);
  papers_paper_set_status (paper, PAPERS_READ_STATUS_READ);
  g_object_get (paper, "status", &status, NULL);
  g_assert_cmpint (status, ==, PAPERS_READ_STATUS_READ);
  g_assert_cmpuint (notified, ==, 2);
}

static void
test_annotation_kind (void)
{
  g_autoptr(PapersAnnotation) annotation = papers_annotation_new ("1706.03762", 2, "underline");
  g_autoptr(PapersAnnotation) copy = NULL;
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (annotation), "kind");
  guint kind_notified = 0;
  guint type_notified = 0;
  PapersAnnotKind kind;

  g_assert_true (G_IS_PARAM_SPEC_ENUM (pspec));
  g_assert_true (pspec->value_type == PAPERS_TYPE_ANNOT_KIND);
  g_assert_cmpint (papers_annotation_get_kind (annotation), ==, PAPERS_ANNOT_UNDERLINE);
  g_signal_connect (annotation, "notify::kind", G_CALLBACK (count_notify), &kind_notified);
  g_signal_connect (annotation, "notify::annotation-type", G_CALLBACK (count_notify), &type_notified);

  /* The kind and the stored word are one: setting either changes both */
  g_object_set (annotation, "kind", PAPERS_ANNOT_NOTE, NULL);
  g_assert_cmpstr (papers_annotation_get_annotation_type (annotation), ==, "note");
  g_assert_cmpuint (kind_notified, ==, 1);
  g_assert_cmpuint (type_notified, ==, 1);

  papers_annotation_set_annotation_type (annotation, "highlight");
  g_object_get (annotation, "kind", &kind, NULL);
  g_assert_cmpint (kind, ==, PAPERS_ANNOT_HIGHLIGHT);
  g_assert_cmpuint (kind_notified, ==, 2);

  /* Setting the same kind again notifies nothing */
  papers_annotation_set_kind (annotation, PAPERS_ANNOT_HIGHLIGHT);
  g_assert_cmpuint (kind_notified, ==, 2);
  g_assert_cmpuint (type_notified, ==, 2);

  /* A word the library does not know (a damaged or newer library) is kept
   * as it is, and its kind is "other" */
  papers_annotation_set_annotation_type (annotation, "ink");
  g_assert_cmpstr (papers_annotation_get_annotation_type (annotation), ==, "ink");
  g_assert_cmpint (papers_annotation_get_kind (annotation), ==, PAPERS_ANNOT_OTHER);
  papers_annotation_set_annotation_type (annotation, NULL);
  g_assert_cmpint (papers_annotation_get_kind (annotation), ==, PAPERS_ANNOT_OTHER);

  papers_annotation_set_kind (annotation, PAPERS_ANNOT_SQUIGGLY);
  copy = papers_annotation_copy (annotation);
  g_assert_cmpint (papers_annotation_get_kind (copy), ==, PAPERS_ANNOT_SQUIGGLY);
}

/* The collection's ::changed says what changed as PapersChange flags, and
 * the state views follow is a property with notify */
static void
test_collection_types (void)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (PAPERS_TYPE_COLLECTION);
  GParamSpec *loaded = g_object_class_find_property (G_OBJECT_CLASS (klass), "loaded");
  GParamSpec *counts = g_object_class_find_property (G_OBJECT_CLASS (klass), "counts");
  GSignalQuery query;

  g_signal_query (g_signal_lookup ("changed", PAPERS_TYPE_COLLECTION), &query);
  g_assert_cmpuint (query.n_params, ==, 2);
  g_assert_true (query.param_types[0] == PAPERS_TYPE_PAPER);
  g_assert_true ((query.param_types[1] & ~G_SIGNAL_TYPE_STATIC_SCOPE) == PAPERS_TYPE_CHANGE);

  g_assert_nonnull (loaded);
  g_assert_true (G_IS_PARAM_SPEC_BOOLEAN (loaded));
  g_assert_true ((loaded->flags & G_PARAM_READABLE) != 0);
  g_assert_true ((loaded->flags & G_PARAM_WRITABLE) == 0);
  g_assert_true ((loaded->flags & G_PARAM_EXPLICIT_NOTIFY) != 0);
  g_assert_cmpuint (g_signal_lookup ("loaded", PAPERS_TYPE_COLLECTION), ==, 0);

  g_assert_nonnull (counts);
  g_assert_true (G_PARAM_SPEC_VALUE_TYPE (counts) == PAPERS_TYPE_COUNTS);
  g_assert_true ((counts->flags & G_PARAM_WRITABLE) == 0);
  g_assert_true ((counts->flags & G_PARAM_EXPLICIT_NOTIFY) != 0);
  g_assert_cmpuint (g_signal_lookup ("counts-changed", PAPERS_TYPE_COLLECTION), ==, 0);
}

static void
test_listing_kind (void)
{
  g_autoptr(PapersListing) listing = papers_listing_new (PAPERS_LISTING_ARXIV_FEED, "cs.LG");
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (listing), "kind");
  PapersListingKind kind;

  g_assert_true (pspec->value_type == PAPERS_TYPE_LISTING_KIND);
  g_object_get (listing, "kind", &kind, NULL);
  g_assert_cmpint (kind, ==, PAPERS_LISTING_ARXIV_FEED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/enums/error-codes", test_error_codes);
  g_test_add_func ("/ui/enums/flags", test_flags);
  g_test_add_func ("/ui/enums/nicks-are-the-stored-words", test_nicks_are_the_stored_words);
  g_test_add_func ("/ui/enums/paper-status", test_paper_status);
  g_test_add_func ("/ui/enums/annotation-kind", test_annotation_kind);
  g_test_add_func ("/ui/enums/listing-kind", test_listing_kind);
  g_test_add_func ("/ui/enums/collection-types", test_collection_types);

  return g_test_run ();
}
