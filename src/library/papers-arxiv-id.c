/* papers-arxiv-id.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <string.h>

#include "papers-arxiv-id.h"

/* Ids are short; anything longer than this is not one, and refusing it
 * early keeps hostile input (megabytes of text) away from the regexes. */
#define MAX_ID_INPUT 512

/* The longest address papers_arxiv_id_parse_uri() reads: a paper's page is
 * well under 200 characters even with a query */
#define MAX_URI_INPUT 2048

static GRegex *
id_regex (void)
{
  static GRegex *regex;

  if (g_once_init_enter_pointer (&regex))
    {
      /* New style: YYMM.NNNN (2007–2014) or YYMM.NNNNN (2015 on).
       * Old style: archive(.SUBJ)/YYMMNNN, e.g. hep-th/9603067, math.GT/0309136. */
      GRegex *r = g_regex_new ("^(?:"
                               "(?<new>[0-9]{4}\\.[0-9]{4,5})"
                               "|"
                               "(?<old>[a-z]+(?:-[a-z]+)?(?:\\.[A-Z]{2})?/[0-9]{7})"
                               ")(?:v(?<ver>[0-9]{1,4}))?$",
                               G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave_pointer (&regex, r);
    }

  return regex;
}

static gboolean
month_is_valid (const char *id)
{
  int month;

  /* The first four digits of a new-style id are YYMM. */
  if (!g_ascii_isdigit (id[0]) || id[4] != '.')
    return TRUE;
  month = (id[2] - '0') * 10 + (id[3] - '0');
  return month >= 1 && month <= 12;
}

static gboolean
match_bare (const char  *text,
            char       **id,
            int         *version)
{
  g_autoptr(GMatchInfo) info = NULL;
  g_autofree char *new_id = NULL;
  g_autofree char *old_id = NULL;
  g_autofree char *ver = NULL;

  if (!g_regex_match (id_regex (), text, 0, &info))
    return FALSE;

  new_id = g_match_info_fetch_named (info, "new");
  old_id = g_match_info_fetch_named (info, "old");
  ver = g_match_info_fetch_named (info, "ver");

  if (new_id != NULL && *new_id != '\0')
    {
      if (!month_is_valid (new_id))
        return FALSE;
      if (id)
        *id = g_steal_pointer (&new_id);
    }
  else if (id)
    *id = g_steal_pointer (&old_id);

  if (version)
    *version = (ver != NULL && *ver != '\0') ? atoi (ver) : 0;

  return TRUE;
}

/* Whether @host is @domain or one of its subdomains ("export.arxiv.org"),
 * not merely a name ending like it ("evilarxiv.org") */
static gboolean
host_within (const char *host,
             const char *domain)
{
  gsize host_len = strlen (host);
  gsize domain_len = strlen (domain);

  if (host_len < domain_len || g_ascii_strcasecmp (host + host_len - domain_len, domain) != 0)
    return FALSE;
  return host_len == domain_len || host[host_len - domain_len - 1] == '.';
}

/**
 * papers_arxiv_id_parse:
 * @text: what the user typed or pasted
 * @id: (out) (optional) (transfer full): the unversioned id
 * @version: (out) (optional): the version, or 0 when none was given
 *
 * Accepts `2401.01234`, `2401.01234v2`, `arXiv:2401.01234`,
 * `https://arxiv.org/abs/2401.01234v2`, `https://arxiv.org/pdf/2401.01234`,
 * `…/pdf/2401.01234v2.pdf`, `https://huggingface.co/papers/2401.01234` and
 * old-style ids such as `hep-th/9603067`, with surrounding white space.
 *
 * Returns: %TRUE if @text names an arXiv paper
 */
gboolean
papers_arxiv_id_parse (const char  *text,
                       char       **id,
                       int         *version)
{
  g_autofree char *s = NULL;
  const char *p;
  gsize len;

  if (id)
    *id = NULL;
  if (version)
    *version = 0;

  if (text == NULL)
    return FALSE;

  len = strnlen (text, MAX_ID_INPUT + 1);
  if (len > MAX_ID_INPUT || !g_utf8_validate_len (text, len, NULL))
    return FALSE;

  s = g_strstrip (g_strndup (text, len));
  p = s;

  if (g_ascii_strncasecmp (p, "arxiv:", 6) == 0)
    p += 6;
  else if (strstr (p, "://") != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (p, G_URI_FLAGS_NONE, NULL);
      const char *host;
      const char *path;
      const char *rest = NULL;
      static const char * const prefixes[] = { "/abs/", "/pdf/", "/papers/", "/html/" };
      g_autofree char *tail = NULL;

      if (uri == NULL)
        return FALSE;

      host = g_uri_get_host (uri);
      path = g_uri_get_path (uri);
      if (host == NULL || path == NULL)
        return FALSE;
      if (!host_within (host, "arxiv.org") && !host_within (host, "huggingface.co") &&
          !host_within (host, "hf.co"))
        return FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (prefixes) && rest == NULL; i++)
        if (g_str_has_prefix (path, prefixes[i]))
          rest = path + strlen (prefixes[i]);
      if (rest == NULL)
        return FALSE;

      tail = g_strdup (rest);
      if (g_str_has_suffix (tail, ".pdf"))
        tail[strlen (tail) - 4] = '\0';
      if (g_str_has_suffix (tail, "/"))
        tail[strlen (tail) - 1] = '\0';

      return match_bare (tail, id, version);
    }

  return match_bare (p, id, version);
}

/* The hosts whose paper pages Papers opens, each with the one path
 * before the identifier that is a paper's page there */
static const struct
{
  const char *host;
  const char *prefix;
} paper_pages[] = {
  { "arxiv.org", "/abs/" },
  { "arxiv.org", "/pdf/" },
  { "www.arxiv.org", "/abs/" },
  { "www.arxiv.org", "/pdf/" },
  { "export.arxiv.org", "/abs/" },
  { "export.arxiv.org", "/pdf/" },
  { "huggingface.co", "/papers/" },
  { "www.huggingface.co", "/papers/" },
  { "hf.co", "/papers/" },
};

static gboolean
has_control (const char *text,
             gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if ((guchar) text[i] < 0x20)
      return TRUE;
  return FALSE;
}

static gboolean
uri_refused (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("Papers opens only the page of a paper on arXiv or Hugging Face, "
                         "such as https://arxiv.org/abs/2410.17243 or https://huggingface.co/papers/2410.17243."));
  return FALSE;
}

/**
 * papers_arxiv_id_parse_uri:
 * @uri: an address another program asked Papers to open
 * @id: (out) (optional) (transfer full): the unversioned id
 * @version: (out) (optional): the version, or 0 when none was given
 * @error: why @uri is refused
 *
 * Accepts a paper's page: `https://arxiv.org/abs/ID[vN]`,
 * `https://arxiv.org/pdf/ID[vN][.pdf]` or `https://huggingface.co/papers/ID`
 * (also `http:`, `www.`, `export.arxiv.org` and `hf.co`), with any query or
 * fragment.  Unlike papers_arxiv_id_parse(), which finds an id in whatever
 * a user pastes, this decides what an address from another program may
 * open: the scheme, the host (exactly, not a suffix), the path and the
 * absence of a user name or port are checked, and nothing else is.  The
 * address itself is never fetched: the paper is asked of the configured
 * sources by its id.
 *
 * Returns: %TRUE if @uri is a paper's page
 */
gboolean
papers_arxiv_id_parse_uri (const char  *uri,
                           char       **id,
                           int         *version,
                           GError     **error)
{
  g_autoptr(GUri) parsed = NULL;
  g_autofree char *tail = NULL;
  const char *scheme;
  const char *host;
  const char *path;
  const char *rest = NULL;
  gsize len;

  if (id)
    *id = NULL;
  if (version)
    *version = 0;
  if (uri == NULL)
    return uri_refused (error);

  len = strnlen (uri, MAX_URI_INPUT + 1);
  if (len > MAX_URI_INPUT)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The address is longer than %d characters: it is not a paper’s page."), MAX_URI_INPUT);
      return FALSE;
    }
  /* GUri takes a control character in a path, and the id's regex a
   * final newline: neither belongs in an address */
  if (strcspn (uri, " \t\n\v\f\r\x7f") == len && !has_control (uri, len))
    parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  if (parsed == NULL || !g_utf8_validate (uri, len, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("The address is not valid."));
      return FALSE;
    }

  scheme = g_uri_get_scheme (parsed);
  host = g_uri_get_host (parsed);
  path = g_uri_get_path (parsed);
  if ((g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0) ||
      host == NULL || g_uri_get_userinfo (parsed) != NULL || g_uri_get_port (parsed) != -1)
    return uri_refused (error);
  for (guint i = 0; i < G_N_ELEMENTS (paper_pages) && rest == NULL; i++)
    if (g_ascii_strcasecmp (host, paper_pages[i].host) == 0 && g_str_has_prefix (path, paper_pages[i].prefix))
      rest = path + strlen (paper_pages[i].prefix);
  if (rest == NULL)
    return uri_refused (error);

  tail = g_strdup (rest);
  if (g_str_has_prefix (path, "/pdf/") && g_str_has_suffix (tail, ".pdf"))
    tail[strlen (tail) - 4] = '\0';
  else if (g_str_has_suffix (tail, "/"))
    tail[strlen (tail) - 1] = '\0';
  if (!match_bare (tail, id, version))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The address does not name an arXiv paper."));
      return FALSE;
    }
  return TRUE;
}

/**
 * papers_arxiv_id_is_valid:
 * @id: an unversioned id
 *
 * Returns: %TRUE if @id is exactly an unversioned arXiv id
 */
gboolean
papers_arxiv_id_is_valid (const char *id)
{
  int version = -1;

  if (id == NULL || strstr (id, "://") != NULL || g_ascii_strncasecmp (id, "arxiv:", 6) == 0)
    return FALSE;

  return match_bare (id, NULL, &version) && version == 0;
}

/**
 * papers_arxiv_id_to_filename:
 * @id: a paper's key
 *
 * Derives a file name from a paper's key alone.  Only ASCII letters, digits,
 * '.' and '-' survive; '/' in old-style ids becomes '_'; everything else
 * becomes '_'.  Leading dots are replaced so the result is never hidden,
 * never "." or "..", and it is cut to a length every file system takes.
 *
 * Returns: (transfer full) (nullable): a safe file name stem, or %NULL for an
 *   empty @id
 */
char *
papers_arxiv_id_to_filename (const char *id)
{
  GString *out;

  if (id == NULL || *id == '\0')
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = id; *p != '\0' && out->len < 128; p++)
    {
      char c = *p;

      if (g_ascii_isalnum (c) || c == '-' || (c == '.' && out->len > 0))
        g_string_append_c (out, c);
      else
        g_string_append_c (out, '_');
    }

  return g_string_free (out, FALSE);
}
