/* bench-refs.c: `papers-bench refs [FILE.pdf…] [--json] [--dump] [--text]`
 *
 * Reads the reference list of real papers: the text extraction through
 * PapersDocument (page by page under the Poppler lock, as the reader's
 * worker does) and the parse, each timed (median of --rounds, 3), and
 * compares what was found with counts made by hand once, by reading each
 * paper's reference list: how many entries it has, how many carry an
 * arXiv id, and for a sample of in-text citations the entries they name.
 * Without files, it reads the corpus' papers that have a reference list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "papers-bench.h"
#include "papers-document.h"
#include "papers-refs.h"
#include "bench-refs-truth.h"

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
dump_refs (const char *path,
           PapersRefs *refs)
{
  printf ("== %s: %u entries (%s), %u citations, %u targets, %u mentions%s\n", path,
          refs->entries->len, refs->numbered ? "numbered" : "author-year",
          refs->citations->len, refs->targets->len, refs->mentions->len,
          refs->truncated ? " (truncated)" : "");
  for (guint i = 0; i < refs->entries->len; i++)
    {
      PapersRefEntry *e = refs->entries->pdata[i];

      printf ("[%u] label=%s p%d arxiv=%s doi=%s\n    title=%s\n    %s\n", i, e->label, e->page + 1,
              e->arxiv_id ? e->arxiv_id : "-", e->doi ? e->doi : "-", e->title ? e->title : "-", e->text);
    }
  for (guint i = 0; i < refs->citations->len; i++)
    {
      PapersCitation *c = refs->citations->pdata[i];

      printf ("cite p%d (%.0f,%.0f) %s ->", c->page + 1, c->rect.x1, c->rect.y1, c->text);
      for (guint j = 0; j < c->entries->len; j++)
        printf ("%s%s", j > 0 ? " | " : " ", ((PapersRefEntry *) refs->entries->pdata[g_array_index (c->entries, int, j)])->label);
      printf ("\n");
    }
  for (guint i = 0; i < refs->targets->len; i++)
    {
      PapersRefTarget *t = refs->targets->pdata[i];

      printf ("target %s %s p%d region (%.0f,%.0f)-(%.0f,%.0f)\n", papers_ref_kind_to_string (t->kind), t->label,
              t->page + 1, t->region.x1, t->region.y1, t->region.x2, t->region.y2);
    }
  for (guint i = 0; i < refs->mentions->len; i++)
    {
      PapersRefMention *m = refs->mentions->pdata[i];

      printf ("mention p%d %s -> %d\n", m->page + 1, m->text, m->target);
    }
}

static void
dump_text (GPtrArray *pages)
{
  for (guint i = 0; i < pages->len; i++)
    {
      PapersTextPage *page = pages->pdata[i];

      printf ("\n==== page %u ====\n%s\n", i + 1, page->text);
    }
}

/* Whether a citation of the hand-checked sample was found and tied to
 * exactly the entries it names. */
static gboolean
citation_tied (PapersRefs                  *refs,
               const BenchRefsCitationTruth *truth,
               gboolean                    *found)
{
  *found = FALSE;
  for (guint i = 0; i < refs->citations->len; i++)
    {
      PapersCitation *c = refs->citations->pdata[i];
      g_auto(GStrv) want = NULL;
      gboolean all = TRUE;

      if (c->page != truth->page - 1 || !g_str_equal (c->text, truth->text))
        continue;
      *found = TRUE;
      want = g_strsplit (truth->labels, "|", -1);
      if (g_strv_length (want) != c->entries->len)
        return FALSE;
      for (guint j = 0; j < c->entries->len; j++)
        {
          PapersRefEntry *e = refs->entries->pdata[g_array_index (c->entries, int, j)];

          all = all && g_strv_contains ((const char * const *) want, e->label);
        }
      return all;
    }
  return FALSE;
}

int
bench_refs (int    argc,
            char **argv)
{
  gboolean json = FALSE, dump = FALSE, text = FALSE;
  int rounds = 3;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint total_entries = 0, total_there = 0, total_ids = 0, total_ids_there = 0;
  guint total_cites = 0, total_cites_tied = 0;
  int status = 0;
  GOptionEntry options[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { "dump", 0, 0, G_OPTION_ARG_NONE, &dump, "Print what was found", NULL },
    { "text", 0, 0, G_OPTION_ARG_NONE, &text, "Print the extracted text", NULL },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Timing rounds (3)", "N" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[FILE.pdf…] — read reference lists");
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "papers-bench refs: %s\n", error->message);
      return 2;
    }
  rounds = CLAMP (rounds, 1, 50);

  for (int i = 1; i < argc; i++)
    g_ptr_array_add (files, g_strdup (argv[i]));
  if (files->len == 0)
    for (guint i = 0; i < G_N_ELEMENTS (bench_refs_truth); i++)
      g_ptr_array_add (files, g_build_filename (bench_corpus_dir (), "pdf", bench_refs_truth[i].file, NULL));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "papers");
  json_builder_begin_array (builder);
  for (guint f = 0; f < files->len; f++)
    {
      const char *path = files->pdata[f];
      g_autofree char *base = g_path_get_basename (path);
      const BenchRefsTruth *truth = NULL;
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(PapersDocument) document = NULL;
      g_autoptr(GPtrArray) pages = NULL;
      g_autoptr(PapersRefs) refs = NULL;
      g_autofree double *extract_ms = g_new0 (double, rounds);
      g_autofree double *parse_ms = g_new0 (double, rounds);
      g_autoptr(GError) local_error = NULL;
      guint ids = 0, cites = 0, tied = 0;

      for (guint i = 0; i < G_N_ELEMENTS (bench_refs_truth); i++)
        if (g_str_equal (base, bench_refs_truth[i].file))
          truth = &bench_refs_truth[i];

      for (int r = 0; r < rounds; r++)
        {
          double t0;

          g_clear_object (&document);
          g_clear_pointer (&pages, g_ptr_array_unref);
          g_clear_pointer (&refs, papers_refs_free);
          document = papers_document_load (file, NULL, NULL, &local_error);
          if (document == NULL)
            break;
          t0 = now_ms ();
          pages = papers_document_extract_text (document, -1, NULL);
          extract_ms[r] = now_ms () - t0;
          t0 = now_ms ();
          refs = papers_refs_parse ((PapersTextPage * const *) pages->pdata, pages->len);
          parse_ms[r] = now_ms () - t0;
        }
      if (document == NULL)
        {
          fprintf (stderr, "papers-bench refs: %s: %s\n", path, local_error->message);
          status = 1;
          continue;
        }
      if (text)
        dump_text (pages);
      if (dump)
        dump_refs (path, refs);

      for (guint i = 0; i < refs->entries->len; i++)
        ids += ((PapersRefEntry *) refs->entries->pdata[i])->arxiv_id != NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, base);
      json_builder_set_member_name (builder, "pages");
      json_builder_add_int_value (builder, pages->len);
      json_builder_set_member_name (builder, "numbered");
      json_builder_add_boolean_value (builder, refs->numbered);
      json_builder_set_member_name (builder, "entries_found");
      json_builder_add_int_value (builder, refs->entries->len);
      json_builder_set_member_name (builder, "arxiv_ids_found");
      json_builder_add_int_value (builder, ids);
      json_builder_set_member_name (builder, "citations_found");
      json_builder_add_int_value (builder, refs->citations->len);
      json_builder_set_member_name (builder, "targets_found");
      json_builder_add_int_value (builder, refs->targets->len);
      json_builder_set_member_name (builder, "mentions_found");
      json_builder_add_int_value (builder, refs->mentions->len);
      json_builder_set_member_name (builder, "extract_ms");
      json_builder_add_double_value (builder, bench_percentile (extract_ms, rounds, 50));
      json_builder_set_member_name (builder, "parse_ms");
      json_builder_add_double_value (builder, bench_percentile (parse_ms, rounds, 50));
      if (truth != NULL)
        {
          guint entries_ok = MIN (refs->entries->len, truth->entries);

          for (guint i = 0; truth->citations[i].text != NULL; i++)
            {
              gboolean found;

              cites++;
              if (citation_tied (refs, &truth->citations[i], &found))
                tied++;
              else if (dump)
                printf ("MISSED citation p%d %s (%s)%s\n", truth->citations[i].page, truth->citations[i].text,
                        truth->citations[i].labels, found ? " found, wrong entries" : "");
            }
          json_builder_set_member_name (builder, "entries_there");
          json_builder_add_int_value (builder, truth->entries);
          json_builder_set_member_name (builder, "arxiv_ids_there");
          json_builder_add_int_value (builder, truth->arxiv_ids);
          json_builder_set_member_name (builder, "citations_checked");
          json_builder_add_int_value (builder, cites);
          json_builder_set_member_name (builder, "citations_tied");
          json_builder_add_int_value (builder, tied);
          total_entries += entries_ok;
          total_there += truth->entries;
          total_ids += MIN (ids, truth->arxiv_ids);
          total_ids_there += truth->arxiv_ids;
          total_cites += cites;
          total_cites_tied += tied;
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "entries_pct");
  json_builder_add_double_value (builder, total_there ? 100.0 * total_entries / total_there : 0);
  json_builder_set_member_name (builder, "arxiv_ids_pct");
  json_builder_add_double_value (builder, total_ids_there ? 100.0 * total_ids / total_ids_there : 0);
  json_builder_set_member_name (builder, "citations_pct");
  json_builder_add_double_value (builder, total_cites ? 100.0 * total_cites_tied / total_cites : 0);
  json_builder_end_object (builder);

  if (json || !dump)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = json_builder_get_root (builder);
      g_autofree char *out = NULL;

      json_generator_set_pretty (generator, TRUE);
      json_generator_set_root (generator, root);
      out = json_generator_to_data (generator, NULL);
      printf ("%s\n", out);
    }
  return status;
}
