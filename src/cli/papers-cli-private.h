/* papers-cli-private.h: what the verbs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "papers-listing.h"
#include "papers-ranker.h"
#include "papers-source-client.h"
#include "papers-store.h"

G_BEGIN_DECLS

typedef struct _PapersCli PapersCli;

/* A verb: `papers-reader NAME ARGS…`.  @run gets argv from the verb on (argv[0]
 * is the verb) and returns the exit status. */
typedef struct
{
  const char *name;
  const char *args;     /* translatable, e.g. "ID [--set TEXT]" */
  const char *summary;  /* translatable */
  int       (*run) (PapersCli  *cli,
                    int         argc,
                    char      **argv);
} PapersCliVerb;

/* The library, opened on first use ($PAPERS_LIBRARY or the default) */
PapersStore *papers_cli_get_store (PapersCli   *cli,
                                   GError     **error);
/* Prints "papers VERB: message" to standard error and returns 1 */
int          papers_cli_fail      (const char  *verb,
                                   const GError *error);
int          papers_cli_usage     (const char  *verb,
                                   const char  *message);
/* Parses the verb's options; prints help and returns FALSE on --help */
gboolean     papers_cli_parse_options (const char    *verb,
                                       GOptionEntry  *entries,
                                       gboolean       ignore_unknown,
                                       int           *argc,
                                       char        ***argv,
                                       int           *status);
/* `papers-reader VERB [OPTIONS] ID-OR-URL`: parses the options and exactly one arXiv
 * id or address into @id and @version, then opens the library.  Returns the
 * store, or NULL with *status set to the exit status (usage or error
 * already printed). */
PapersStore *papers_cli_open_for_arxiv_id (PapersCli     *cli,
                                           const char    *verb,
                                           GOptionEntry  *entries,
                                           int           *argc,
                                           char        ***argv,
                                           char         **id,
                                           int           *version,
                                           int           *status);

char        *papers_cli_join_args (int            argc,
                                   char         **argv,
                                   int            first);

void         papers_cli_print_json (JsonBuilder  *builder);
void         papers_cli_json_add_string (JsonBuilder *builder,
                                         const char  *name,
                                         const char  *value);

/* Prints @papers (PapersPaper) as one JSON array: the objects of
 * `papers-reader search --json`, plus what the sources know when
 * @with_sources, with "for_you" and "for_you_reason" from @ranking
 * (nullable; null values while it is still learning). */
void         papers_cli_print_papers_json (GPtrArray     *papers,
                                           gboolean       with_sources,
                                           PapersRanking *ranking);

/* papers-cli-library.c */
int papers_cli_add    (PapersCli *cli, int argc, char **argv);
int papers_cli_search (PapersCli *cli, int argc, char **argv);
int papers_cli_tag    (PapersCli *cli, int argc, char **argv);
int papers_cli_note   (PapersCli *cli, int argc, char **argv);
int papers_cli_status (PapersCli *cli, int argc, char **argv);
int papers_cli_import (PapersCli *cli, int argc, char **argv);
int papers_cli_export (PapersCli *cli, int argc, char **argv);
int papers_cli_export_markdown (PapersCli *cli, GPtrArray *papers);

/* papers-cli-refresh.c */
int papers_cli_refresh (PapersCli *cli, int argc, char **argv);

/* papers-cli-refresh.c */
int papers_cli_refresh (PapersCli *cli, int argc, char **argv);

/* papers-cli-for-you.c */
int papers_cli_dismiss  (PapersCli *cli, int argc, char **argv);
int papers_cli_follow   (PapersCli *cli, int argc, char **argv);
int papers_cli_unfollow (PapersCli *cli, int argc, char **argv);

/* papers-cli-sync.c, built with the sync layer (libsodium) */
int papers_cli_sync      (PapersCli *cli, int argc, char **argv);
int papers_cli_conflicts (PapersCli *cli, int argc, char **argv);
PapersRanking *papers_cli_rank (PapersStore *store, GPtrArray *papers, const char *tag, GError **error);

/* papers-cli-references.c */
int papers_cli_references (PapersCli *cli, int argc, char **argv);

/* papers-cli-sources.c */
int          papers_cli_fetch          (PapersCli *cli, int argc, char **argv);
PapersListing *papers_cli_fetch_listing (PapersSourceClient *client,
                                         PapersStore        *store,
                                         PapersListingKind   kind,
                                         const char         *query,
                                         GError            **error);
int          papers_cli_download       (PapersCli *cli, int argc, char **argv);
PapersPaper *papers_cli_paper_for_id   (const char  *id_or_url,
                                        GError     **unresolved,
                                        GError     **error);

G_END_DECLS
