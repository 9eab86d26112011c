/* papers-paper.h: one research paper, as listed by a source or kept in the library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "papers-library-enums.h"

G_BEGIN_DECLS

typedef enum
{
  PAPERS_READ_STATUS_UNREAD = 0,
  PAPERS_READ_STATUS_READING,
  PAPERS_READ_STATUS_READ,
} PapersReadStatus;

const char       *papers_read_status_to_string   (PapersReadStatus  status);
gboolean          papers_read_status_from_string (const char       *str,
                                                  PapersReadStatus *status);

#define PAPERS_TYPE_PAPER (papers_paper_get_type ())

G_DECLARE_FINAL_TYPE (PapersPaper, papers_paper, PAPERS, PAPER, GObject)

PapersPaper      *papers_paper_new                (const char       *id);
PapersPaper      *papers_paper_copy               (PapersPaper      *self);
void              papers_paper_merge              (PapersPaper      *self,
                                                   PapersPaper      *other);

/* Identity */
const char       *papers_paper_get_id             (PapersPaper      *self);
void              papers_paper_set_id             (PapersPaper      *self,
                                                   const char       *id);
const char       *papers_paper_get_arxiv_id       (PapersPaper      *self);
void              papers_paper_set_arxiv_id       (PapersPaper      *self,
                                                   const char       *arxiv_id);
int               papers_paper_get_version        (PapersPaper      *self);
void              papers_paper_set_version        (PapersPaper      *self,
                                                   int               version);
const char       *papers_paper_get_doi            (PapersPaper      *self);
void              papers_paper_set_doi            (PapersPaper      *self,
                                                   const char       *doi);

/* Bibliographic data */
const char       *papers_paper_get_title          (PapersPaper      *self);
void              papers_paper_set_title          (PapersPaper      *self,
                                                   const char       *title);
const char       *papers_paper_get_abstract       (PapersPaper      *self);
void              papers_paper_set_abstract       (PapersPaper      *self,
                                                   const char       *abstract);
const char * const *papers_paper_get_authors      (PapersPaper      *self);
void              papers_paper_set_authors        (PapersPaper      *self,
                                                   const char * const *authors);
char             *papers_paper_dup_authors_short  (PapersPaper      *self,
                                                   guint             max_names);
GDateTime        *papers_paper_get_published      (PapersPaper      *self);
void              papers_paper_set_published      (PapersPaper      *self,
                                                   GDateTime        *published);
GDateTime        *papers_paper_get_updated        (PapersPaper      *self);
void              papers_paper_set_updated        (PapersPaper      *self,
                                                   GDateTime        *updated);
const char * const *papers_paper_get_categories   (PapersPaper      *self);
void              papers_paper_set_categories     (PapersPaper      *self,
                                                   const char * const *categories);
const char       *papers_paper_get_journal_ref    (PapersPaper      *self);
void              papers_paper_set_journal_ref    (PapersPaper      *self,
                                                   const char       *journal_ref);
const char       *papers_paper_get_comment        (PapersPaper      *self);
void              papers_paper_set_comment        (PapersPaper      *self,
                                                   const char       *comment);

/* Links */
const char       *papers_paper_get_abs_url        (PapersPaper      *self);
void              papers_paper_set_abs_url        (PapersPaper      *self,
                                                   const char       *url);
const char       *papers_paper_get_pdf_url        (PapersPaper      *self);
void              papers_paper_set_pdf_url        (PapersPaper      *self,
                                                   const char       *url);
const char       *papers_paper_get_hf_url         (PapersPaper      *self);
void              papers_paper_set_hf_url         (PapersPaper      *self,
                                                   const char       *url);
const char       *papers_paper_get_code_url       (PapersPaper      *self);
void              papers_paper_set_code_url       (PapersPaper      *self,
                                                   const char       *url);
const char       *papers_paper_get_project_url    (PapersPaper      *self);
void              papers_paper_set_project_url    (PapersPaper      *self,
                                                   const char       *url);
const char       *papers_paper_get_thumbnail_url  (PapersPaper      *self);
void              papers_paper_set_thumbnail_url  (PapersPaper      *self,
                                                   const char       *url);

/* What the sources say about it */
int               papers_paper_get_upvotes        (PapersPaper      *self);
void              papers_paper_set_upvotes        (PapersPaper      *self,
                                                   int               upvotes);
int               papers_paper_get_comments       (PapersPaper      *self);
void              papers_paper_set_comments       (PapersPaper      *self,
                                                   int               comments);
const char       *papers_paper_get_source         (PapersPaper      *self);
void              papers_paper_set_source         (PapersPaper      *self,
                                                   const char       *source);
const char       *papers_paper_get_announce_type  (PapersPaper      *self);
void              papers_paper_set_announce_type  (PapersPaper      *self,
                                                   const char       *announce_type);

/* In the library */
gboolean          papers_paper_get_in_library     (PapersPaper      *self);
void              papers_paper_set_in_library     (PapersPaper      *self,
                                                   gboolean          in_library);
GDateTime        *papers_paper_get_added          (PapersPaper      *self);
void              papers_paper_set_added          (PapersPaper      *self,
                                                   GDateTime        *added);
PapersReadStatus  papers_paper_get_status         (PapersPaper      *self);
void              papers_paper_set_status         (PapersPaper      *self,
                                                   PapersReadStatus  status);
gboolean          papers_paper_get_starred        (PapersPaper      *self);
void              papers_paper_set_starred        (PapersPaper      *self,
                                                   gboolean          starred);
const char * const *papers_paper_get_tags         (PapersPaper      *self);
void              papers_paper_set_tags           (PapersPaper      *self,
                                                   const char * const *tags);
const char       *papers_paper_get_note           (PapersPaper      *self);
void              papers_paper_set_note           (PapersPaper      *self,
                                                   const char       *note);
const char       *papers_paper_get_pdf_path       (PapersPaper      *self);
void              papers_paper_set_pdf_path       (PapersPaper      *self,
                                                   const char       *pdf_path);

/* Where a search found the paper in its PDF's text */
void              papers_paper_set_search_hit     (PapersPaper      *self,
                                                   const char       *snippet,
                                                   int               page);
const char       *papers_paper_get_search_snippet (PapersPaper      *self);
int               papers_paper_get_search_page    (PapersPaper      *self);

G_END_DECLS
