/* papers-ranker.c: "For You", a model of the reader's interests learned from the library
 *
 * A paper is a sparse vector: words and pairs of neighbouring words of its
 * title and abstract (casefolded, accents and LaTeX commands dropped, CJK
 * text as pairs of characters), and its authors, hashed into DIM buckets so
 * that there is no vocabulary to keep, with sublinear term frequencies and
 * inverse document frequencies over the papers the ranker knows, L2
 * normalized.  A paper's score adds, each standardized over the papers
 * ranked:
 *
 *   - a linear SVM (squared hinge, dual coordinate descent) of the
 *     positives, weighted by how much the reader did with them, against
 *     the dismissed papers and the background: arXiv-sanity's model;
 *   - the cosine to the positives' weighted centroid (Rocchio), which
 *     generalizes better than the SVM from a handful of papers;
 *   - the cosine to the nearest positive, which keeps a narrow interest
 *     from being averaged away and says why ("Like ‘…’");
 *   - pseudo-relevance feedback: the cosine to the centroid of the best
 *     papers of a first ranking, which learns the listing's own words for
 *     the reader's interests;
 *   - boosts for followed authors and topics.
 *
 * The model changes as the library does: a paper added or removed moves
 * the SVM's weights by its own term, then coordinate descent steps from
 * where it was (a pass for a small model, a bounded number for a big
 * one), instead of training from scratch.  A listing's papers that the
 * ranker holds as examples with the same text (the background is the
 * listings shown) are scored from the vectors it has.  The inverse
 * document frequencies stay those of the last full training until the
 * next one.  A ranker is not thread-safe; use it from one thread at a time
 * (a worker thread, for big libraries).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "papers-ranker.h"
#include "papers-ranker-private.h"

#define DIM_BITS 19
#define DIM (1u << DIM_BITS)

#define FORMAT_MAGIC "PapersRk"
/* 2: each example's text fingerprint, so that the background of a stored
 * model is not tokenized again */
#define FORMAT_VERSION 2u

/* Full training: the solver's passes and tolerance.  An update makes a
 * pass from the current solution, or for a model of more examples than
 * UPDATE_STEPS that many steps (see model_update()). */
#define TRAIN_EPOCHS 20
#define TRAIN_EPS 0.05
#define UPDATE_EPOCHS 1
#define UPDATE_STEPS 4000

/* The cosine to every positive is computed when it costs at most this many
 * postings visited; otherwise only for the papers that get a reason. */
#define NEAREST_BUDGET 4000000u
#define N_REASONS 100
/* The reasons look for the nearest positive among at most this many, the
 * ones weighted most: a bounded index for a big library. */
#define REASON_POSITIVES 2000
#define SMOOTH_TOP 1000
#define SMOOTH_SHARE 16
#define LIKE_MIN_COSINE 0.12
/* A paper's neighbours are looked for by its heaviest features, this
 * many; of the best found by those, NEAREST_POOL for the nearest positive
 * (twice the neighbours wanted for the smoothing) get their exact cosine */
#define QUERY_FEATURES 64
#define NEAREST_POOL 8

/* A dismissed paper counts as much as this many background papers. */
#define DISMISSED_WEIGHT 4.0

/* Term frequencies are kept in steps of 1/32: 1 + log (count) stays under
 * 8 for counts up to a thousand, and is 1 exactly for a word seen once */
#define TF_STEP 32.0f
#define TF_MAX (255.0f / TF_STEP)

#define AUTHOR_BOOST 2.0
#define TOPIC_BOOST 1.5

G_DEFINE_QUARK (papers-ranker-error-quark, papers_ranker_error)

typedef enum
{
  KIND_POSITIVE,
  KIND_DISMISSED,
  KIND_BACKGROUND,
} Kind;

typedef struct
{
  char    *id;
  char    *title;
  char   **tags;
  Kind     kind;
  double   weight;
  guint    n;
  guint32 *idx;
  guint8  *tf;   /* sublinear term frequencies, in TF_STEPs: a byte
                  * rather than a float holds a big library in a
                  * quarter less memory */
  float   *x;    /* tf-idf, L2 normalized, with the model's idf */
  guint64  text; /* text_fingerprint() of what the features were made of */
} Example;

typedef struct
{
  float  *w;
  double  bias;
  GArray *alpha;   /* double, one per example */
} Model;

typedef struct
{
  char    *query;
  guint    n;
  guint32 *idx;
} Topic;

struct _PapersRanker
{
  GObject parent_instance;

  GPtrArray  *examples;    /* Example */
  GHashTable *by_id;       /* id → Example, positives and dismissed */
  GHashTable *by_text;     /* id → Example of any kind: a listing's papers
                            * are mostly the background's, whose vectors
                            * scoring takes instead of tokenizing again */
  float      *idf;         /* of the last training; NULL before */
  Model      *model;       /* NULL before the first training */
  GHashTable *tag_models;  /* tag → Model, made when asked, dropped on change */
  GHashTable *prepared;    /* tag or "" → Prepared, the same */
  GHashTable *authors;     /* normalized name → name as given */
  GPtrArray  *topics;      /* Topic */
  struct _Counter *counter;  /* add_example()'s, kept: a library's papers
                              * are added one by one */
  guint       n_trainings; /* from scratch, papers_ranker_train() */
  guint       n_updates;   /* of the background, from the solution there was */
  PapersRankerTuning tuning;
};

G_DEFINE_FINAL_TYPE (PapersRanker, papers_ranker, G_TYPE_OBJECT)

static void prepared_free (gpointer data);

/* ---------------------------------------------------------------------------
 * Text to features
 */

/* scikit-learn's English stop words (from the Glasgow IR group's list),
 * which the benchmark's arXiv-sanity baseline uses too. */
const char papers_ranker_stop_words[] =
  "a about above across after afterwards again against all almost alone along already also "
  "although always am among amongst amoungst amount an and another any anyhow anyone anything "
  "anyway anywhere are around as at back be became because become becomes becoming been before "
  "beforehand behind being below beside besides between beyond bill both bottom but by call can "
  "cannot cant co con could couldnt cry de describe detail do done down due during each eg eight "
  "either eleven else elsewhere empty enough etc even ever every everyone everything everywhere "
  "except few fifteen fifty fill find fire first five for former formerly forty found four from "
  "front full further get give go had has hasnt have he hence her here hereafter hereby herein "
  "hereupon hers herself him himself his how however hundred i ie if in inc indeed interest into "
  "is it its itself keep last latter latterly least less ltd made many may me meanwhile might "
  "mill mine more moreover most mostly move much must my myself name namely neither never "
  "nevertheless next nine no nobody none noone nor not nothing now nowhere of off often on once "
  "one only onto or other others otherwise our ours ourselves out over own part per perhaps "
  "please put rather re same see seem seemed seeming seems serious several she should show side "
  "since sincere six sixty so some somehow someone something sometime sometimes somewhere still "
  "such system take ten than that the their them themselves then thence there thereafter "
  "thereby therefore therein thereupon these they thick thin third this those though three "
  "through throughout thru thus to together too top toward towards twelve twenty two un under "
  "until up upon us very via was we well were what whatever when whence whenever where "
  "whereafter whereas whereby wherein whereupon wherever whether which while whither who "
  "whoever whole whom whose why will with within without would yet you your yours yourself "
  "yourselves";

#define STOP_SLOTS 1024u
static guint64 stop_table[STOP_SLOTS];

#define NS_WORD   0x9e3779b97f4a7c15ull
#define NS_PAIR   0xc2b2ae3d27d4eb4full
#define NS_AUTHOR 0x165667b19e3779f9ull

static guint64
hash_bytes (const char *s,
            gsize       len)
{
  guint64 h = 0xcbf29ce484222325ull;

  for (gsize i = 0; i < len; i++)
    {
      h ^= (guchar) s[i];
      h *= 0x100000001b3ull;
    }
  return h | 1;   /* never 0, the empty slot */
}

static guint64
mix64 (guint64 h)
{
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

static guint32
feature (guint64 h,
         guint64 ns)
{
  return (guint32) (mix64 (h ^ ns) & (DIM - 1));
}

static gboolean
is_stop_word (guint64 h)
{
  for (guint i = h & (STOP_SLOTS - 1);; i = (i + 1) & (STOP_SLOTS - 1))
    {
      if (stop_table[i] == h)
        return TRUE;
      if (stop_table[i] == 0)
        return FALSE;
    }
}

static void
init_stop_words (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      const char *p = papers_ranker_stop_words;

      while (*p != '\0')
        {
          const char *end = strchr (p, ' ');
          gsize len = end ? (gsize) (end - p) : strlen (p);
          guint64 h = hash_bytes (p, len);
          guint i = h & (STOP_SLOTS - 1);

          while (stop_table[i] != 0)
            i = (i + 1) & (STOP_SLOTS - 1);
          stop_table[i] = h;
          p += len + (end ? 1 : 0);
        }
      g_once_init_leave (&done, 1);
    }
}

/* The counts of one paper's features: open addressing, cleared by the list
 * of slots used, so a paper costs what its words cost. */
typedef struct _Counter
{
  guint32 *keys;    /* feature + 1, 0 empty */
  float   *counts;
  guint32 *used;
  guint    n_used;
  guint    mask;
} Counter;

static void
counter_init (Counter *c,
              guint    bits)
{
  c->mask = (1u << bits) - 1;
  c->keys = g_new0 (guint32, c->mask + 1);
  c->counts = g_new0 (float, c->mask + 1);
  c->used = g_new (guint32, c->mask + 1);
  c->n_used = 0;
}

static void
counter_clear (Counter *c)
{
  g_free (c->keys);
  g_free (c->counts);
  g_free (c->used);
}

static void counter_add (Counter *c, guint32 f, float weight);

static void
counter_grow (Counter *c)
{
  Counter bigger;

  counter_init (&bigger, g_bit_storage (c->mask) + 1);
  for (guint i = 0; i < c->n_used; i++)
    counter_add (&bigger, c->keys[c->used[i]] - 1, c->counts[c->used[i]]);
  counter_clear (c);
  *c = bigger;
}

static void
counter_add (Counter *c,
             guint32  f,
             float    weight)
{
  guint i = (f * 0x9e3779b1u) >> 7 & c->mask;

  for (;; i = (i + 1) & c->mask)
    {
      if (c->keys[i] == f + 1)
        {
          c->counts[i] += weight;
          return;
        }
      if (c->keys[i] == 0)
        break;
    }
  c->keys[i] = f + 1;
  c->counts[i] = weight;
  c->used[c->n_used++] = i;
  if (c->n_used * 2 > c->mask)
    counter_grow (c);
}

static void
counter_reset (Counter *c)
{
  for (guint i = 0; i < c->n_used; i++)
    c->keys[c->used[i]] = 0;
  c->n_used = 0;
}

typedef struct
{
  Counter   *counter;
  GPtrArray *strings;    /* for papers_ranker_tokens(), else NULL */
  float      weight;
  guint64    prev;       /* hash of the previous word, 0 at a break */
  char       prev_word[64];
  char       word[64];
  gsize      len;
  guint64    hash;       /* FNV-1a of the word so far, as hash_bytes() */
  guint64    hash_but_last;  /* of the word without its last byte */
  gboolean   digits;     /* the word so far is digits only */
  gboolean   ascii;
  gboolean   command;    /* the word follows a backslash: a LaTeX command */
  gunichar   prev_cjk;
} Tokenizer;

static void
emit (Tokenizer  *t,
      guint64     h,
      const char *word,
      gsize       len)
{
  if (t->counter != NULL)
    {
      counter_add (t->counter, feature (h, NS_WORD), t->weight);
      if (t->prev != 0)
        counter_add (t->counter, feature (t->prev * 31 + h, NS_PAIR), t->weight);
    }
  if (t->strings != NULL)
    {
      g_ptr_array_add (t->strings, g_strndup (word, len));
      if (t->prev != 0)
        g_ptr_array_add (t->strings, g_strdup_printf ("%s %.*s", t->prev_word, (int) len, word));
      memcpy (t->prev_word, word, len);
      t->prev_word[len] = '\0';
    }
  t->prev = h;
}

static void
end_word (Tokenizer *t)
{
  gsize len = t->len;
  gboolean command = t->command;
  guint64 h = t->hash | 1;

  t->len = 0;
  t->command = FALSE;
  t->hash = 0xcbf29ce484222325ull;
  if (len == 0 || command)
    return;
  if ((t->ascii && len < 2) || t->digits)
    return;
  if (t->ascii && is_stop_word (h))
    {
      t->prev = 0;
      return;
    }
  /* A plural's s, so "robots" finds "robot" ("process", "focus" and
   * "analysis" keep theirs) */
  if (t->ascii && len > 3 && len < sizeof t->word - 1 && t->word[len - 1] == 's'
      && t->word[len - 2] != 's' && t->word[len - 2] != 'u' && t->word[len - 2] != 'i')
    {
      len--;
      h = t->hash_but_last | 1;
    }
  emit (t, h, t->word, len);
}

/* Words are hashed as they are read, so a word costs one pass; a word
 * longer than the buffer is cut (its hash too). */
static inline void
append_byte (Tokenizer *t,
             guchar     b)
{
  if (t->len >= sizeof t->word - 1)
    return;
  if (t->len == 0)
    {
      t->ascii = TRUE;
      t->digits = TRUE;
    }
  t->word[t->len++] = b;
  t->hash_but_last = t->hash;
  t->hash = (t->hash ^ b) * 0x100000001b3ull;
  if (b < '0' || b > '9')
    t->digits = FALSE;
}

static void
append_char (Tokenizer *t,
             gunichar   c)
{
  char buf[8];
  gsize n;
  guint64 before;

  if (c < 0x80)
    {
      append_byte (t, c >= 'A' && c <= 'Z' ? c | 0x20 : c);
      return;
    }
  n = g_unichar_to_utf8 (c, buf);
  if (t->len + n >= sizeof t->word - 1)
    return;
  before = t->hash;
  for (gsize i = 0; i < n; i++)
    append_byte (t, buf[i]);
  t->hash_but_last = before;
  t->ascii = FALSE;
}

static gboolean
is_cjk (gunichar c)
{
  switch (g_unichar_get_script (c))
    {
    case G_UNICODE_SCRIPT_HAN:
    case G_UNICODE_SCRIPT_HIRAGANA:
    case G_UNICODE_SCRIPT_KATAKANA:
    case G_UNICODE_SCRIPT_HANGUL:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
emit_cjk (Tokenizer  *t,
          const char *buf,
          gsize       len)
{
  if (t->counter != NULL)
    counter_add (t->counter, feature (hash_bytes (buf, len), NS_WORD), t->weight);
  if (t->strings != NULL)
    g_ptr_array_add (t->strings, g_strndup (buf, len));
}

/* Chinese and Japanese have no spaces: each pair of neighbouring
 * characters is a feature, and so is a character alone. */
static void
cjk_char (Tokenizer *t,
          gunichar   c)
{
  char buf[16];
  gsize len;

  emit_cjk (t, buf, g_unichar_to_utf8 (c, buf));
  if (t->prev_cjk != 0)
    {
      len = g_unichar_to_utf8 (t->prev_cjk, buf);
      len += g_unichar_to_utf8 (c, buf + len);
      emit_cjk (t, buf, len);
    }
  t->prev_cjk = c;
  t->prev = 0;
}

static void
tokenize (Tokenizer  *t,
          const char *text,
          float       weight)
{
  const guchar *p = (const guchar *) text;

  if (text == NULL)
    return;
  t->weight = weight;
  t->prev = 0;
  t->len = 0;
  t->hash = 0xcbf29ce484222325ull;
  t->ascii = TRUE;
  t->command = FALSE;
  t->prev_cjk = 0;
  while (*p != '\0')
    {
      gunichar c = *p;

      if (c < 0x80)
        {
          p++;
          if (g_ascii_isalnum (c))
            {
              append_byte (t, c >= 'A' && c <= 'Z' ? c | 0x20 : c);
              t->prev_cjk = 0;
              continue;
            }
          end_word (t);
          t->prev_cjk = 0;
          if (c == '\\')
            t->command = TRUE;
          /* Punctuation that ends a phrase ends the word pairs too */
          else if (c == '.' || c == ',' || c == ';' || c == ':' || c == '(' || c == ')'
                   || c == '?' || c == '!' || c == '"')
            t->prev = 0;
          continue;
        }

      c = g_utf8_get_char_validated ((const char *) p, -1);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* Not UTF-8: a break, one byte at a time */
          end_word (t);
          p++;
          continue;
        }
      p = (const guchar *) g_utf8_next_char (p);
      if (g_unichar_ismark (c))
        continue;
      if (is_cjk (c))
        {
          end_word (t);
          cjk_char (t, c);
          continue;
        }
      t->prev_cjk = 0;
      if (g_unichar_isalnum (c))
        {
          gunichar base[4];
          gsize n = g_unichar_fully_decompose (c, FALSE, base, G_N_ELEMENTS (base));

          /* é is e and a mark: the reader's "Schrodinger" finds "Schrödinger" */
          append_char (t, g_unichar_tolower (n > 0 ? base[0] : c));
        }
      else
        end_word (t);
    }
  end_word (t);
}

/**
 * papers_ranker_tokens:
 * @text: some text
 *
 * Returns: (transfer full) (element-type utf8): the words and pairs of
 *   words the ranker sees in @text, pairs as "word word"
 */
GPtrArray *
papers_ranker_tokens (const char *text)
{
  GPtrArray *strings = g_ptr_array_new_with_free_func (g_free);
  Tokenizer t = { .strings = strings };

  init_stop_words ();
  tokenize (&t, text, 1.0f);
  return strings;
}

/* "José Raúl Romero" → "romero j": a name as arXiv, BibTeX and Hugging
 * Face spell it differently still matches. */
static char *
normalize_author (const char *name)
{
  g_autofree char *folded = NULL;
  const char *first = NULL, *first_end = NULL, *last = NULL, *last_end = NULL;
  gboolean ascii = TRUE;
  GString *out;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return NULL;
  for (const char *p = name; *p != '\0' && ascii; p++)
    ascii = (guchar) *p < 0x80;
  if (ascii)
    folded = g_ascii_strdown (name, -1);
  else
    {
      g_autofree char *plain = g_utf8_normalize (name, -1, G_NORMALIZE_NFD);

      if (plain == NULL)
        return NULL;
      folded = g_utf8_casefold (plain, -1);
    }
  /* The first and the last word */
  for (const char *p = folded; *p != '\0';)
    {
      const char *start;

      while (*p != '\0' && strchr (" \t,.", *p) != NULL)
        p++;
      if (*p == '\0')
        break;
      start = p;
      while (*p != '\0' && strchr (" \t,.", *p) == NULL)
        p++;
      if (first == NULL)
        {
          first = start;
          first_end = p;
        }
      last = start;
      last_end = p;
    }
  if (last == NULL)
    return NULL;
  out = g_string_sized_new (last_end - last + 3);
  for (const char *p = last; p < last_end; p = g_utf8_next_char (p))
    if (!g_unichar_ismark (g_utf8_get_char (p)))
      g_string_append_unichar (out, g_utf8_get_char (p));
  if (first != last)
    {
      g_string_append_c (out, ' ');
      g_string_append_unichar (out, g_utf8_get_char (first));
    }
  (void) first_end;
  return g_string_free (out, FALSE);
}

/* The hash of normalize_author()'s key, without allocating for the
 * names that are ASCII, as most are; 0 for no name. */
static guint64
author_hash (const char *name)
{
  char key[96];
  const char *first = NULL, *last = NULL, *last_end = NULL;
  gsize len = 0;

  for (const char *p = name;; p++)
    {
      guchar c = *p;

      if (c >= 0x80)
        {
          g_autofree char *slow = normalize_author (name);

          return slow != NULL ? hash_bytes (slow, strlen (slow)) : 0;
        }
      if (c == '\0' || c == ' ' || c == '\t' || c == ',' || c == '.')
        {
          if (last != NULL && last_end == NULL)
            last_end = p;
          if (c == '\0')
            break;
        }
      else if (p == name || p[-1] == ' ' || p[-1] == '\t' || p[-1] == ',' || p[-1] == '.')
        {
          if (first == NULL)
            first = p;
          last = p;
          last_end = NULL;
        }
    }
  if (last == NULL)
    return 0;
  for (const char *p = last; p < last_end && len < sizeof key - 3; p++)
    key[len++] = g_ascii_tolower (*p);
  if (first != last)
    {
      key[len++] = ' ';
      key[len++] = g_ascii_tolower (*first);
    }
  return hash_bytes (key, len);
}

typedef struct
{
  guint    n;
  guint32 *idx;
  float   *tf;
} TermVector;

static void
paper_terms (PapersPaper              *paper,
             const PapersRankerTuning *tuning,
             Counter                  *counter,
             TermVector               *out)
{
  Tokenizer t = { .counter = counter };
  const char * const *authors = papers_paper_get_authors (paper);

  counter_reset (counter);
  tokenize (&t, papers_paper_get_title (paper), 1.0f + tuning->title);
  tokenize (&t, papers_paper_get_abstract (paper), 1.0f);
  for (guint i = 0; authors != NULL && authors[i] != NULL && i < 50; i++)
    {
      guint64 h = tuning->authors > 0 ? author_hash (authors[i]) : 0;

      if (h != 0)
        counter_add (counter, feature (h, NS_AUTHOR), tuning->authors);
    }

  out->n = counter->n_used;
  out->idx = g_new (guint32, MAX (out->n, 1));
  out->tf = g_new (float, MAX (out->n, 1));
  for (guint i = 0; i < out->n; i++)
    {
      guint slot = counter->used[i];
      float count = counter->counts[slot];
      float tf = count > 1.0f ? 1.0f + logf (count) : count;

      out->idx[i] = counter->keys[slot] - 1;
      out->tf[i] = roundf (MIN (tf, TF_MAX) * TF_STEP) / TF_STEP;
    }
}

/* Eight bytes at a time: a listing's text is hashed in a few
 * milliseconds, a tenth of what tokenizing it costs. */
static guint64
fingerprint_more (guint64     h,
                  const char *s)
{
  gsize len;

  if (s == NULL)
    return mix64 (h ^ 0x5bd1e995u);
  len = strlen (s);
  for (; len >= 8; len -= 8, s += 8)
    {
      guint64 v;

      memcpy (&v, s, 8);
      h = (h ^ v) * 0x100000001b3ull;
      h ^= h >> 29;
    }
  for (; len > 0; len--, s++)
    h = (h ^ (guchar) *s) * 0x100000001b3ull;
  return mix64 (h ^ 0xff);
}

/* What a paper's features depend on: its title, abstract and authors, and
 * the weights that turn them into counts.  Two papers of the same id and
 * fingerprint have the same term vector. */
static guint64
text_fingerprint (PapersPaper              *paper,
                  const PapersRankerTuning *tuning)
{
  const char * const *authors = papers_paper_get_authors (paper);
  guint64 h = 0xcbf29ce484222325ull;
  guint64 bits;
  double weights[2] = { tuning->title, tuning->authors };

  for (guint i = 0; i < G_N_ELEMENTS (weights); i++)
    {
      memcpy (&bits, &weights[i], 8);
      h = mix64 (h ^ bits);
    }
  h = fingerprint_more (h, papers_paper_get_title (paper));
  h = fingerprint_more (h, papers_paper_get_abstract (paper));
  for (guint i = 0; authors != NULL && authors[i] != NULL && i < 50; i++)
    h = fingerprint_more (h, authors[i]);
  return h | 1;   /* 0 is a vector of unknown text (read back from bytes) */
}

/* tf-idf, L2 normalized, into @x. */
static void
weigh (const float *idf,
       guint        n,
       const guint32 *idx,
       const float *tf,
       float       *x)
{
  double norm = 0.0;

  for (guint i = 0; i < n; i++)
    {
      x[i] = tf[i] * idf[idx[i]];
      norm += (double) x[i] * x[i];
    }
  if (norm > 0.0)
    {
      float scale = (float) (1.0 / sqrt (norm));

      for (guint i = 0; i < n; i++)
        x[i] *= scale;
    }
}

/* ---------------------------------------------------------------------------
 * The solver
 */

/* The dual's diagonal for example @xi: its squared norm, with the bias
 * feature, and the squared hinge's 1/2C. */
static double
svm_diagonal (const PapersSparse *xi,
              double              cost)
{
  double sq = 1.0;   /* the bias feature */

  for (guint k = 0; k < xi->n; k++)
    sq += (double) xi->val[k] * xi->val[k];
  return sq + 0.5 / cost;
}

/* One coordinate of the dual minimized exactly (it is a one-dimensional
 * quadratic bounded below by 0), @w and @bias moved with it.  Returns the
 * projected gradient before the step, which is 0 at the optimum. */
static inline double
svm_step (const PapersSparse *xi,
          float               yi,
          double              cost,
          double              qd,
          float              *w,
          guint               dim,
          double             *bias,
          double             *alpha)
{
  double g = *bias;
  double pg, old, delta;

  for (guint k = 0; k < xi->n; k++)
    g += (double) w[xi->idx[k]] * xi->val[k];
  g = yi * g - 1.0 + *alpha * 0.5 / cost;
  pg = *alpha > 0.0 ? g : MIN (g, 0.0);
  if (fabs (pg) < 1e-12)
    return pg;
  old = *alpha;
  *alpha = MAX (old - g / qd, 0.0);
  delta = (*alpha - old) * yi;
  for (guint k = 0; k < xi->n; k++)
    {
      g_assert (xi->idx[k] < dim);
      w[xi->idx[k]] += (float) (delta * xi->val[k]);
    }
  *bias += delta;
  return pg;
}

guint
papers_svm_train (const PapersSparse *x,
                  const float        *y,
                  const double       *cost,
                  guint               n,
                  float              *w,
                  guint               dim,
                  double             *bias,
                  double             *alpha,
                  guint               max_epochs,
                  double              eps,
                  guint32             seed)
{
  g_autofree double *qd = g_new (double, n);
  g_autofree guint *order = g_new (guint, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint epoch;

  for (guint i = 0; i < n; i++)
    {
      qd[i] = svm_diagonal (&x[i], cost[i]);
      order[i] = i;
    }

  for (epoch = 0; epoch < max_epochs; epoch++)
    {
      double pg_max = -G_MAXDOUBLE, pg_min = G_MAXDOUBLE;

      for (guint i = 0; i + 1 < n; i++)
        {
          guint j = i + g_rand_int_range (rand, 0, n - i);
          guint tmp = order[i];

          order[i] = order[j];
          order[j] = tmp;
        }
      for (guint s = 0; s < n; s++)
        {
          guint i = order[s];
          double pg = svm_step (&x[i], y[i], cost[i], qd[i], w, dim, bias, &alpha[i]);

          pg_max = MAX (pg_max, pg);
          pg_min = MIN (pg_min, pg);
        }
      if (pg_max - pg_min <= eps)
        return epoch + 1;
    }
  return epoch;
}

/* ---------------------------------------------------------------------------
 * Examples and models
 */

static void
example_free (Example *e)
{
  g_free (e->id);
  g_free (e->title);
  g_strfreev (e->tags);
  g_free (e->idx);
  g_free (e->tf);
  g_free (e->x);
  g_free (e);
}

static void
model_free (Model *m)
{
  g_free (m->w);
  g_array_unref (m->alpha);
  g_free (m);
}

static Model *
model_new (void)
{
  Model *m = g_new0 (Model, 1);

  m->w = g_new0 (float, DIM);
  m->alpha = g_array_new (FALSE, TRUE, sizeof (double));
  return m;
}

static void
topic_free (Topic *topic)
{
  g_free (topic->query);
  g_free (topic->idx);
  g_free (topic);
}

static void
papers_ranker_finalize (GObject *object)
{
  PapersRanker *self = PAPERS_RANKER (object);

  g_hash_table_unref (self->by_id);
  g_hash_table_unref (self->by_text);
  g_ptr_array_unref (self->examples);
  g_free (self->idf);
  g_clear_pointer (&self->model, model_free);
  g_hash_table_unref (self->tag_models);
  g_hash_table_unref (self->prepared);
  g_hash_table_unref (self->authors);
  g_ptr_array_unref (self->topics);
  if (self->counter != NULL)
    {
      counter_clear (self->counter);
      g_free (self->counter);
    }

  G_OBJECT_CLASS (papers_ranker_parent_class)->finalize (object);
}

static void
papers_ranker_class_init (PapersRankerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = papers_ranker_finalize;
  init_stop_words ();
}

/* What the benchmark chose (see bench-rank.c for the alternatives):
 * round values, not fitted to one listing. */
static const PapersRankerTuning default_tuning = {
  .c = 0.1,
  .linear = 1.0,
  .centroid = 1.0,
  .nearest = 0.0,
  .feedback = 0.0,
  .feedback_top = 20,
  .rocchio = 1.0,
  .min_df = 2,
  .max_df = 1.0,
  .smooth = 0.5,
  .smooth_k = 10,
  .title = 1.0,
  .authors = 1.0,
  .background = TRUE,
};

static void
papers_ranker_init (PapersRanker *self)
{
  self->examples = g_ptr_array_new_with_free_func ((GDestroyNotify) example_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_text = g_hash_table_new (g_str_hash, g_str_equal);
  self->tag_models = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) model_free);
  self->prepared = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, prepared_free);
  self->authors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->topics = g_ptr_array_new_with_free_func ((GDestroyNotify) topic_free);
  self->tuning = default_tuning;
}

/**
 * papers_ranker_new:
 *
 * Returns: (transfer full): a ranker that knows nothing yet
 */
PapersRanker *
papers_ranker_new (void)
{
  return g_object_new (PAPERS_TYPE_RANKER, NULL);
}

static void
changed (PapersRanker *self)
{
  g_hash_table_remove_all (self->tag_models);
  g_hash_table_remove_all (self->prepared);
}

void
papers_ranker_get_tuning (PapersRanker       *self,
                          PapersRankerTuning *tuning)
{
  *tuning = self->tuning;
}

void
papers_ranker_set_tuning (PapersRanker             *self,
                          const PapersRankerTuning *tuning)
{
  self->tuning = *tuning;
  g_clear_pointer (&self->idf, g_free);
  g_clear_pointer (&self->model, model_free);
  changed (self);
}

/**
 * papers_ranker_weight_for_paper:
 * @paper: a paper of the library
 * @n_annotations: its highlights and comments
 * @seconds_read: how long the reader had it open
 *
 * How much a kept paper says about the reader's interests: 1 for a paper
 * kept, more for one starred, tagged, annotated, written about or read.
 *
 * Returns: a weight for papers_ranker_add_positive(), from 1 to about 5
 */
double
papers_ranker_weight_for_paper (PapersPaper *paper,
                                guint        n_annotations,
                                double       seconds_read)
{
  const char * const *tags = papers_paper_get_tags (paper);
  const char *note = papers_paper_get_note (paper);
  double weight = 1.0;

  if (papers_paper_get_starred (paper))
    weight += 1.0;
  if (tags != NULL)
    weight += 0.25 * MIN (g_strv_length ((char **) tags), 3);
  if (note != NULL && *note != '\0')
    weight += 0.5;
  weight += 0.1 * MIN (n_annotations, 5);
  switch (papers_paper_get_status (paper))
    {
    case PAPERS_READ_STATUS_READING:
      weight += 0.25;
      break;
    case PAPERS_READ_STATUS_READ:
      weight += 0.5;
      break;
    case PAPERS_READ_STATUS_UNREAD:
    default:
      break;
    }
  /* Half an hour with a paper is as much as it can say */
  if (seconds_read > 0)
    weight += 0.5 * MIN (seconds_read / 1800.0, 1.0);
  return weight;
}

static gboolean
example_has_tag (const Example *e,
                 const char    *tag)
{
  return e->kind == KIND_POSITIVE
         && (tag == NULL || (e->tags != NULL && g_strv_contains ((const char * const *) e->tags, tag)));
}

static void
example_weigh (PapersRanker *self,
               Example      *e)
{
  g_free (e->x);
  e->x = g_new (float, MAX (e->n, 1));
  for (guint k = 0; k < e->n; k++)
    e->x[k] = e->tf[k] / TF_STEP;
  weigh (self->idf, e->n, e->idx, e->x, e->x);
}

/* Each example's C: the class weights balanced as scikit-learn's
 * class_weight="balanced" does, by the sum of the examples' weights. */
static void
model_inputs (PapersRanker  *self,
              const char    *tag,
              PapersSparse **x_out,
              float        **y_out,
              double       **cost_out)
{
  guint n = self->examples->len;
  PapersSparse *x = g_new0 (PapersSparse, MAX (n, 1));
  float *y = g_new (float, MAX (n, 1));
  double *cost = g_new (double, MAX (n, 1));
  double w_pos = 0.0, w_neg = 0.0;

  for (guint i = 0; i < n; i++)
    {
      Example *e = self->examples->pdata[i];
      double weight = e->weight;

      if (e->kind == KIND_BACKGROUND && !self->tuning.background)
        weight = 0.0;
      x[i] = (PapersSparse) { e->idx, e->x, e->n };
      y[i] = example_has_tag (e, tag) ? 1.0f : -1.0f;
      cost[i] = weight;
      if (y[i] > 0)
        w_pos += weight;
      else
        w_neg += weight;
    }
  for (guint i = 0; i < n; i++)
    {
      double total = w_pos + w_neg;
      double class_weight = y[i] > 0 ? total / (2.0 * MAX (w_pos, 1e-9)) : total / (2.0 * MAX (w_neg, 1e-9));

      /* An example of weight 0 still needs a C > 0: a tiny one keeps it
       * out of the solution. */
      cost[i] = MAX (self->tuning.c * cost[i] * class_weight, 1e-9);
    }
  *x_out = x;
  *y_out = y;
  *cost_out = cost;
}

/* Returns the passes made. */
static guint
model_run (PapersRanker *self,
           Model        *m,
           const char   *tag,
           guint         epochs)
{
  g_autofree PapersSparse *x = NULL;
  g_autofree float *y = NULL;
  g_autofree double *cost = NULL;

  g_array_set_size (m->alpha, self->examples->len);
  if (self->examples->len == 0)
    return 0;
  model_inputs (self, tag, &x, &y, &cost);
  epochs = papers_svm_train (x, y, cost, self->examples->len, m->w, DIM, &m->bias,
                             (double *) m->alpha->data, epochs, TRAIN_EPS, 20241128);
  return epochs;
}

/* The model after one paper came (@fresh, its index) or went (G_MAXUINT):
 * the other dual variables are a warm start.  A small model makes one
 * pass over every example; a big one solves the new paper's variable
 * exactly, then steps UPDATE_STEPS examples drawn at random, so the
 * solution settles around it at a cost that does not grow with the
 * library (a pass over 20 000 papers is most of a click's 50 ms), and
 * the new paper's variable once more.  papers_ranker_train() makes the
 * exact solution again. */
static void
model_update (PapersRanker *self,
              guint         fresh)
{
  Model *m = self->model;
  guint n = self->examples->len;
  g_autofree PapersSparse *x = NULL;
  g_autofree float *y = NULL;
  g_autofree double *cost = NULL;
  g_autoptr(GRand) rand = NULL;
  double *alpha;

  if (n <= UPDATE_STEPS)
    {
      model_run (self, m, NULL, UPDATE_EPOCHS);
      return;
    }
  g_array_set_size (m->alpha, n);
  alpha = (double *) m->alpha->data;
  model_inputs (self, NULL, &x, &y, &cost);
  rand = g_rand_new_with_seed (20241128 + n);
  for (guint s = 0; s < UPDATE_STEPS + 2; s++)
    {
      guint i = (s == 0 || s == UPDATE_STEPS + 1) && fresh < n ? fresh : (guint) g_rand_int_range (rand, 0, n);

      svm_step (&x[i], y[i], cost[i], svm_diagonal (&x[i], cost[i]), m->w, DIM, &m->bias, &alpha[i]);
    }
}

static Model *
model_train (PapersRanker *self,
             const char   *tag)
{
  Model *m = model_new ();
  guint epochs = model_run (self, m, tag, TRAIN_EPOCHS);

  g_debug ("Ranker: %u passes over %u papers%s%s", epochs, self->examples->len,
           tag ? " for tag " : "", tag ? tag : "");
  return m;
}

/**
 * papers_ranker_train:
 * @self: a ranker
 *
 * Trains the model from scratch: the inverse document frequencies of every
 * paper the ranker knows, then the SVM.  Adding and removing papers
 * afterwards updates the model without this.
 */
void
papers_ranker_train (PapersRanker *self)
{
  guint n_docs = self->examples->len;
  float unseen = (float) (log (1.0 + n_docs) + 1.0);

  g_return_if_fail (PAPERS_IS_RANKER (self));

  self->n_trainings++;
  /* scikit-learn's smooth idf, without the features in too few or too
   * many papers, which say nothing about one paper's likeness to another */
  g_free (self->idf);
  self->idf = g_new0 (float, DIM);
  /* The document frequencies are counted here rather than kept as papers
   * come and go: a pass over the examples costs less than 2 MB held, and
   * the counts are exact in a float up to 16 million papers */
  for (guint i = 0; i < n_docs; i++)
    {
      Example *e = self->examples->pdata[i];

      for (guint k = 0; k < e->n; k++)
        self->idf[e->idx[k]] += 1.0f;
    }
  for (guint f = 0; f < DIM; f++)
    {
      guint32 df = (guint32) self->idf[f];

      if (df == 0)
        self->idf[f] = unseen;
      else if (df < self->tuning.min_df || df > self->tuning.max_df * n_docs)
        self->idf[f] = 0.0f;
      else
        self->idf[f] = (float) (log ((1.0 + n_docs) / (1.0 + df)) + 1.0);
    }
  for (guint i = 0; i < n_docs; i++)
    example_weigh (self, self->examples->pdata[i]);
  changed (self);
  g_clear_pointer (&self->model, model_free);
  self->model = model_train (self, NULL);
}

static void
remove_example (PapersRanker *self,
                guint         index)
{
  Example *e = self->examples->pdata[index];

  if (self->model != NULL && index < self->model->alpha->len)
    {
      /* Take the example's part out of the weights, which keeps the
       * solution's other dual variables a valid warm start. */
      double a = g_array_index (self->model->alpha, double, index);
      double y = example_has_tag (e, NULL) ? 1.0 : -1.0;

      for (guint k = 0; k < e->n; k++)
        self->model->w[e->idx[k]] -= (float) (a * y * e->x[k]);
      self->model->bias -= a * y;
      g_array_remove_index_fast (self->model->alpha, index);
    }
  if (e->kind != KIND_BACKGROUND)
    g_hash_table_remove (self->by_id, e->id);
  if (g_hash_table_lookup (self->by_text, e->id) == e)
    g_hash_table_remove (self->by_text, e->id);
  g_ptr_array_remove_index_fast (self->examples, index);
}

/* A paper as an example, of the features @terms (taken). */
static Example *
example_new (PapersRanker *self,
             PapersPaper  *paper,
             Kind          kind,
             double        weight,
             TermVector   *terms)
{
  Example *e = g_new0 (Example, 1);
  const char * const *tags = papers_paper_get_tags (paper);

  e->id = g_strdup (papers_paper_get_id (paper));
  e->title = g_strdup (papers_paper_get_title (paper));
  e->tags = g_strdupv ((char **) tags);
  e->kind = kind;
  e->weight = weight;
  e->n = terms->n;
  e->idx = terms->idx;
  e->tf = g_new (guint8, MAX (terms->n, 1));
  for (guint k = 0; k < terms->n; k++)
    e->tf[k] = (guint8) (terms->tf[k] * TF_STEP);
  g_free (terms->tf);
  e->text = text_fingerprint (paper, &self->tuning);
  return e;
}

static void
example_insert (PapersRanker *self,
                Example      *e,
                gboolean      update)
{
  g_ptr_array_add (self->examples, e);
  if (e->kind != KIND_BACKGROUND)
    g_hash_table_replace (self->by_id, e->id, e);
  g_hash_table_replace (self->by_text, e->id, e);
  if (self->model != NULL)
    {
      example_weigh (self, e);
      if (update)
        model_update (self, self->examples->len - 1);
    }
  changed (self);
}

static void
add_example (PapersRanker *self,
             PapersPaper  *paper,
             Kind          kind,
             double        weight,
             gboolean      update)
{
  TermVector terms;

  if (self->counter == NULL)
    {
      self->counter = g_new (Counter, 1);
      counter_init (self->counter, 10);
    }
  paper_terms (paper, &self->tuning, self->counter, &terms);
  example_insert (self, example_new (self, paper, kind, weight, &terms), update);
}

typedef void (*RangeFunc) (gpointer data,
                           guint    from,
                           guint    to);

typedef struct
{
  RangeFunc func;
  gpointer  data;
  guint     from;
  guint     to;
} Range;

static gpointer
range_run (gpointer data)
{
  Range *range = data;

  range->func (range->data, range->from, range->to);
  return NULL;
}

/* @func over [0, @n), in two halves on two threads when there are at
 * least @enough items, enough work that a thread is worth its start. */
static void
parallel_for_some (guint     n,
                   guint     enough,
                   RangeFunc func,
                   gpointer  data)
{
  guint half = n < enough ? n : n / 2;
  Range ranges[2] = { { func, data, 0, half }, { func, data, half, n } };
  GThread *helper = NULL;

  if (half < n)
    helper = g_thread_new ("papers-rank", range_run, &ranges[1]);
  range_run (&ranges[0]);
  if (helper != NULL)
    g_thread_join (helper);
}

/* The same for tokenizing, which is worth a thread for a big listing */
static void
parallel_for (guint     n,
              RangeFunc func,
              gpointer  data)
{
  parallel_for_some (n, 2000, func, data);
}

static gboolean
remove_by_id (PapersRanker *self,
              const char   *id)
{
  Example *e = id ? g_hash_table_lookup (self->by_id, id) : NULL;
  guint index;

  if (e == NULL || !g_ptr_array_find (self->examples, e, &index))
    return FALSE;
  remove_example (self, index);
  return TRUE;
}

/**
 * papers_ranker_add_positive:
 * @self: a ranker
 * @paper: a paper the reader kept
 * @weight: how much it says, from papers_ranker_weight_for_paper()
 *
 * Adds @paper as an example of what the reader likes (with its tags, for
 * the per-tag rankings), replacing what the ranker knew of the same id.
 * A trained model is updated at once.
 */
void
papers_ranker_add_positive (PapersRanker *self,
                            PapersPaper  *paper,
                            double        weight)
{
  g_return_if_fail (PAPERS_IS_RANKER (self));
  g_return_if_fail (PAPERS_IS_PAPER (paper));

  remove_by_id (self, papers_paper_get_id (paper));
  add_example (self, paper, KIND_POSITIVE, MAX (weight, 0.01), TRUE);
}

/**
 * papers_ranker_add_negative:
 * @self: a ranker
 * @paper: a paper the reader said Not Interested to
 *
 * Adds @paper as an example of what the reader does not want to see,
 * replacing what the ranker knew of the same id.
 */
void
papers_ranker_add_negative (PapersRanker *self,
                            PapersPaper  *paper)
{
  g_return_if_fail (PAPERS_IS_RANKER (self));
  g_return_if_fail (PAPERS_IS_PAPER (paper));

  remove_by_id (self, papers_paper_get_id (paper));
  add_example (self, paper, KIND_DISMISSED, DISMISSED_WEIGHT, TRUE);
}

/**
 * papers_ranker_remove:
 * @self: a ranker
 * @id: a paper's id
 *
 * Forgets a positive or dismissed paper (removed from the library, or a
 * Not Interested undone).
 *
 * Returns: whether the ranker knew it
 */
gboolean
papers_ranker_remove (PapersRanker *self,
                      const char   *id)
{
  g_return_val_if_fail (PAPERS_IS_RANKER (self), FALSE);

  if (!remove_by_id (self, id))
    return FALSE;
  if (self->model != NULL)
    model_update (self, G_MAXUINT);
  changed (self);
  return TRUE;
}

/* Term vectors of many papers: papers->pdata[todo[t]] (or [t] without
 * @todo) into out[t], tf-idf weighted with @idf unless it is NULL. */
typedef struct
{
  const PapersRankerTuning *tuning;
  GPtrArray                *papers;
  const guint              *todo;
  const float              *idf;
  TermVector               *out;
} TermsJob;

static void
terms_job_run (gpointer data,
               guint    from,
               guint    to)
{
  TermsJob *job = data;
  Counter counter;

  counter_init (&counter, 10);
  for (guint t = from; t < to; t++)
    {
      TermVector *terms = &job->out[t];

      paper_terms (job->papers->pdata[job->todo ? job->todo[t] : t], job->tuning, &counter, terms);
      if (job->idf != NULL)
        weigh (job->idf, terms->n, terms->idx, terms->tf, terms->tf);
    }
  counter_clear (&counter);
}

/**
 * papers_ranker_set_background:
 * @self: a ranker
 * @papers: (element-type PapersPaper): papers the reader was shown, for
 *   example the recent listings
 *
 * Replaces the background: the papers that are negatives for not having
 * been kept, as arXiv-sanity takes every paper not tagged.  Papers the
 * ranker has as positives or dismissed are left out.  Only the difference
 * is applied: a paper already in the background with the same text stays
 * as it is, so the same listing again changes nothing.  A trained model is
 * updated from its current solution (not trained from scratch; its inverse
 * document frequencies stay those of the last papers_ranker_train()).
 */
void
papers_ranker_set_background (PapersRanker *self,
                              GPtrArray    *papers)
{
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) fresh = g_ptr_array_new ();
  gboolean removed = FALSE;

  g_return_if_fail (PAPERS_IS_RANKER (self));

  for (guint i = 0; papers != NULL && i < papers->len; i++)
    {
      const char *id = papers_paper_get_id (papers->pdata[i]);

      if (id != NULL && !g_hash_table_contains (self->by_id, id) && !g_hash_table_contains (wanted, id))
        g_hash_table_insert (wanted, (gpointer) id, papers->pdata[i]);
    }
  /* From the end: a removal moves the last example into its place */
  for (guint i = self->examples->len; i > 0; i--)
    {
      Example *e = self->examples->pdata[i - 1];
      PapersPaper *paper;

      if (e->kind != KIND_BACKGROUND)
        continue;
      paper = g_hash_table_lookup (wanted, e->id);
      if (paper != NULL && e->text == text_fingerprint (paper, &self->tuning))
        g_hash_table_remove (wanted, e->id);
      else
        {
          remove_example (self, i - 1);
          removed = TRUE;
        }
    }
  for (guint i = 0; papers != NULL && i < papers->len; i++)
    {
      const char *id = papers_paper_get_id (papers->pdata[i]);

      if (id != NULL && g_hash_table_lookup (wanted, id) == papers->pdata[i])
        g_ptr_array_add (fresh, papers->pdata[i]);
    }
  if (fresh->len > 0)
    {
      TermsJob job = { &self->tuning, fresh, NULL, NULL, g_new (TermVector, fresh->len) };

      parallel_for (fresh->len, terms_job_run, &job);
      for (guint i = 0; i < fresh->len; i++)
        example_insert (self, example_new (self, fresh->pdata[i], KIND_BACKGROUND, 1.0, &job.out[i]), FALSE);
      g_free (job.out);
    }
  if (!removed && fresh->len == 0)
    return;
  changed (self);
  self->n_updates++;
  /* The other examples' dual variables are a warm start: the solver
   * settles in a few passes where a training makes twenty */
  if (self->model != NULL)
    model_run (self, self->model, NULL, TRAIN_EPOCHS);
}

static guint
n_positives (PapersRanker *self,
             const char   *tag)
{
  guint n = 0;

  for (guint i = 0; i < self->examples->len; i++)
    n += example_has_tag (self->examples->pdata[i], tag);
  return n;
}

guint
papers_ranker_get_n_positives (PapersRanker *self)
{
  g_return_val_if_fail (PAPERS_IS_RANKER (self), 0);

  return n_positives (self, NULL);
}

/**
 * papers_ranker_is_learning:
 * @self: a ranker
 *
 * Returns: whether there are too few positives to rank
 */
gboolean
papers_ranker_is_learning (PapersRanker *self)
{
  return papers_ranker_get_n_positives (self) < PAPERS_RANKER_MIN_POSITIVES;
}

/**
 * papers_ranker_follow_author:
 * @self: a ranker
 * @name: an author's name
 * @follow: %TRUE to follow, %FALSE to stop
 *
 * Papers by a followed author rank higher and say so.
 */
void
papers_ranker_follow_author (PapersRanker *self,
                             const char   *name,
                             gboolean      follow)
{
  g_autofree char *key = normalize_author (name);

  g_return_if_fail (PAPERS_IS_RANKER (self));

  if (key == NULL)
    return;
  if (follow)
    g_hash_table_replace (self->authors, g_steal_pointer (&key), g_strdup (name));
  else
    g_hash_table_remove (self->authors, key);
}

/**
 * papers_ranker_follow_topic:
 * @self: a ranker
 * @query: the words of a saved search
 * @follow: %TRUE to follow, %FALSE to stop
 *
 * Papers with every word of a followed topic rank higher and say so.
 */
void
papers_ranker_follow_topic (PapersRanker *self,
                            const char   *query,
                            gboolean      follow)
{
  g_return_if_fail (PAPERS_IS_RANKER (self));

  for (guint i = 0; i < self->topics->len; i++)
    if (g_strcmp0 (((Topic *) self->topics->pdata[i])->query, query) == 0)
      g_ptr_array_remove_index (self->topics, i--);
  if (follow && query != NULL)
    {
      Topic *topic = g_new0 (Topic, 1);
      GArray *words = g_array_new (FALSE, FALSE, sizeof (guint32));

      /* Its single words: a topic matches however its words are paired */
      g_autoptr(GPtrArray) tokens = papers_ranker_tokens (query);

      for (guint i = 0; i < tokens->len; i++)
        if (strchr (tokens->pdata[i], ' ') == NULL)
          {
            const char *word = tokens->pdata[i];
            guint32 f = feature (hash_bytes (word, strlen (word)), NS_WORD);

            g_array_append_val (words, f);
          }
      topic->query = g_strdup (query);
      topic->n = words->len;
      topic->idx = (guint32 *) g_array_free (words, FALSE);
      if (topic->n > 0)
        g_ptr_array_add (self->topics, topic);
      else
        topic_free (topic);
    }
}

/* ---------------------------------------------------------------------------
 * Scoring
 */

void
papers_ranking_free (PapersRanking *ranking)
{
  if (ranking == NULL)
    return;
  g_free (ranking->scores);
  for (guint i = 0; ranking->reasons != NULL && i < ranking->n_papers; i++)
    g_free (ranking->reasons[i]);
  g_free (ranking->reasons);
  g_free (ranking);
}

typedef struct
{
  guint    n;
  guint32 *idx;
  float   *x;
  gboolean owned;   /* made for this ranking, else an example's */
} Candidate;

/* An inverted index of some examples: for each feature, which of them
 * have it and with what value. */
typedef struct
{
  guint32  *start;    /* one more than the features */
  guint32  *who;
  float    *val;
  GPtrArray *members;  /* Candidate, not owned */
  guint32    max_postings;  /* features in more members are skipped */
  /* NULL: the index is of features as hashed.  Else of the members'
   * features numbered anew from 0, @features[local] the hashed one */
  guint32   *features;
  guint      n_features;
} Index;

static void
index_build (Index     *index,
             GPtrArray *members,
             guint      dim)
{
  guint32 total = 0;

  index->members = members;
  index->max_postings = G_MAXUINT32;
  index->features = NULL;
  index->n_features = dim;
  index->start = g_new0 (guint32, dim + 1);
  for (guint m = 0; m < members->len; m++)
    {
      Candidate *e = members->pdata[m];

      for (guint k = 0; k < e->n; k++)
        index->start[e->idx[k] + 1]++;
      total += e->n;
    }
  for (guint f = 0; f < dim; f++)
    index->start[f + 1] += index->start[f];
  index->who = g_new (guint32, MAX (total, 1));
  index->val = g_new (float, MAX (total, 1));
  {
    g_autofree guint32 *fill = g_memdup2 (index->start, dim * sizeof (guint32));

    for (guint m = 0; m < members->len; m++)
      {
        Candidate *e = members->pdata[m];

        for (guint k = 0; k < e->n; k++)
          {
            guint32 at = fill[e->idx[k]]++;

            index->who[at] = m;
            index->val[at] = e->x[k];
          }
      }
  }
}

static void
index_clear (Index *index)
{
  g_free (index->start);
  g_free (index->who);
  g_free (index->val);
}

static int
compare_u32 (const void *a,
             const void *b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return (x > y) - (x < y);
}

/* The index's number of hashed feature @f, or -1 when no member has it */
static gint64
index_feature (Index   *index,
               guint32  f)
{
  const guint32 *found;

  if (index->features == NULL)
    return f;
  found = bsearch (&f, index->features, index->n_features, sizeof (guint32), compare_u32);
  return found != NULL ? found - index->features : -1;
}

static guint64
index_cost (Index     *index,
            Candidate *c)
{
  guint64 cost = 0;

  for (guint k = 0; k < c->n; k++)
    {
      gint64 f = index_feature (index, c->idx[k]);

      if (f >= 0)
        cost += index->start[f + 1] - index->start[f];
    }
  return cost;
}

/* The cosine of @c to each member it shares a feature with: sums in @acc
 * (all 0 on entry), the members in @touched; returns how many. */
static guint
index_accumulate (Index     *index,
                  Candidate *c,
                  float     *acc,
                  guint32   *touched)
{
  guint n_touched = 0;

  for (guint k = 0; k < c->n; k++)
    {
      guint32 f = c->idx[k];

      if (index->start[f + 1] - index->start[f] > index->max_postings)
        continue;
      for (guint32 p = index->start[f]; p < index->start[f + 1]; p++)
        {
          guint32 m = index->who[p];
          float product = c->x[k] * index->val[p];

          /* Values are never negative: a member with a sum of 0 was not
           * seen yet, as long as products of 0 are left out */
          if (product <= 0.0f)
            continue;
          if (acc[m] == 0.0f)
            touched[n_touched++] = m;
          acc[m] += product;
        }
    }
  return n_touched;
}

static double
dot_dense (const float *dense,
           Candidate   *c)
{
  double s = 0.0;

  for (guint k = 0; k < c->n; k++)
    s += (double) dense[c->idx[k]] * c->x[k];
  return s;
}

/* Inserts member @m of likeness @value among the @found best of at most
 * @k, best first; returns how many there are now. */
static guint
best_insert (guint   found,
             guint   k,
             guint  *who,
             double *sim,
             guint   m,
             double  value)
{
  guint at;

  if (found == k && value <= sim[found - 1])
    return found;
  at = found < k ? found++ : found - 1;
  while (at > 0 && sim[at - 1] < value)
    {
      sim[at] = sim[at - 1];
      who[at] = who[at - 1];
      at--;
    }
  sim[at] = value;
  who[at] = m;
  return found;
}

/* The highest cosine of @c to a member, and which: the members most
 * like @query (@c's heaviest features, query_of()) by what they share,
 * then their exact cosines to @c, with @dense (a float per feature, all
 * 0, left so). */
static double
index_nearest (Index     *index,
               Candidate *c,
               Candidate *query,
               float     *acc,
               guint32   *touched,
               float     *dense,
               int       *which)
{
  guint32 local_idx[QUERY_FEATURES];
  float local_x[QUERY_FEATURES];
  Candidate local = { 0, local_idx, local_x, FALSE };
  guint n_touched;
  guint pool_who[NEAREST_POOL];
  double pool_sim[NEAREST_POOL];
  guint n_pool = 0;
  double best = 0.0;

  /* (A query is of QUERY_FEATURES at most, query_of()) */
  g_assert (query->n <= QUERY_FEATURES);
  if (index->features != NULL)
    {
      for (guint k = 0; k < query->n; k++)
        {
          gint64 f = index_feature (index, query->idx[k]);

          if (f >= 0)
            {
              local_idx[local.n] = (guint32) f;
              local_x[local.n++] = query->x[k];
            }
        }
      query = &local;
    }
  n_touched = index_accumulate (index, query, acc, touched);
  *which = -1;
  for (guint t = 0; t < n_touched; t++)
    {
      guint32 m = touched[t];

      n_pool = best_insert (n_pool, NEAREST_POOL, pool_who, pool_sim, m, acc[m]);
      acc[m] = 0.0f;
    }
  for (guint j = 0; j < c->n; j++)
    dense[c->idx[j]] = c->x[j];
  for (guint p = 0; p < n_pool; p++)
    {
      double cosine = dot_dense (dense, index->members->pdata[pool_who[p]]);

      if (cosine > best)
        {
          best = cosine;
          *which = pool_who[p];
        }
    }
  for (guint j = 0; j < c->n; j++)
    dense[c->idx[j]] = 0.0f;
  return best;
}

/* @c's QUERY_FEATURES features of the largest values, in @out over @idx
 * and @x (room for QUERY_FEATURES each), or @c itself when it has no
 * more: a paper's likeness to another is mostly in its heaviest words,
 * and a search by them walks a fraction of the postings. */
static Candidate *
query_of (Candidate *c,
          Candidate *out,
          guint32   *idx,
          float     *x)
{
  float stack[512];
  g_autofree float *heap = NULL;
  float *v = stack;
  int lo = 0, hi = (int) c->n - 1, want = QUERY_FEATURES - 1;
  float threshold;
  guint m = 0;

  if (c->n <= QUERY_FEATURES)
    return c;
  if (c->n > G_N_ELEMENTS (stack))
    v = heap = g_new (float, c->n);
  memcpy (v, c->x, c->n * sizeof (float));
  /* Quickselect, largest first: v[want] is the QUERY_FEATURES-th value */
  while (lo < hi)
    {
      float pivot = v[lo + (hi - lo) / 2];
      int i = lo, j = hi;

      while (i <= j)
        {
          while (v[i] > pivot)
            i++;
          while (v[j] < pivot)
            j--;
          if (i <= j)
            {
              float tmp = v[i];

              v[i++] = v[j];
              v[j--] = tmp;
            }
        }
      if (want <= j)
        hi = j;
      else if (want >= i)
        lo = i;
      else
        break;
    }
  threshold = v[want];
  for (guint k = 0; k < c->n; k++)
    if (c->x[k] > threshold)
      {
        idx[m] = c->idx[k];
        x[m++] = c->x[k];
      }
  for (guint k = 0; k < c->n && m < QUERY_FEATURES; k++)
    if (c->x[k] == threshold)
      {
        idx[m] = c->idx[k];
        x[m++] = c->x[k];
      }
  *out = (Candidate) { m, idx, x, FALSE };
  return out;
}

/* The @k members most like @c (but @c itself, member @self_index), their
 * cosines in @sim; returns how many were found.  An index that leaves out
 * its most common features, or a @query of some of @c's features only,
 * finds 2 @k members by what is left, then their exact cosines choose the
 * @k, with @dense (a float per feature of the index, all 0, left so). */
static guint
index_neighbours (Index     *index,
                  Candidate *c,
                  Candidate *query,
                  guint      self_index,
                  float     *acc,
                  guint32   *touched,
                  guint      k,
                  guint     *who,
                  double    *sim,
                  float     *dense)
{
  guint n_touched = index_accumulate (index, query, acc, touched);
  gboolean pruned = index->max_postings != G_MAXUINT32 || query != c;
  guint pool = pruned ? 2 * k : k;
  g_autofree guint *pool_who = g_new (guint, pool);
  g_autofree double *pool_sim = g_new (double, pool);
  guint found = 0, n_pool = 0;

  for (guint t = 0; t < n_touched; t++)
    {
      guint32 m = touched[t];
      double value = acc[m];

      acc[m] = 0.0f;
      if (m != self_index)
        n_pool = best_insert (n_pool, pool, pool_who, pool_sim, m, value);
    }
  if (!pruned)
    {
      memcpy (who, pool_who, n_pool * sizeof (guint));
      memcpy (sim, pool_sim, n_pool * sizeof (double));
      return n_pool;
    }
  for (guint j = 0; j < c->n; j++)
    dense[c->idx[j]] = c->x[j];
  for (guint p = 0; p < n_pool; p++)
    {
      Candidate *member = index->members->pdata[pool_who[p]];

      found = best_insert (found, k, who, sim, pool_who[p], dot_dense (dense, member));
    }
  for (guint j = 0; j < c->n; j++)
    dense[c->idx[j]] = 0.0f;
  return found;
}

static void
standardize (double *v,
             guint   n)
{
  double mean = 0.0, var = 0.0;

  for (guint i = 0; i < n; i++)
    mean += v[i];
  mean /= MAX (n, 1);
  for (guint i = 0; i < n; i++)
    var += (v[i] - mean) * (v[i] - mean);
  var /= MAX (n, 1);
  for (guint i = 0; i < n; i++)
    v[i] = var > 1e-24 ? (v[i] - mean) / sqrt (var) : 0.0;
}


/* A dense unit vector: the weighted sum of @members' vectors. */
static float *
centroid (GPtrArray    *vectors,
          const double *weights)
{
  float *sum = g_new0 (float, DIM);
  double norm = 0.0;

  for (guint m = 0; m < vectors->len; m++)
    {
      Candidate *c = vectors->pdata[m];

      for (guint k = 0; k < c->n; k++)
        sum[c->idx[k]] += (float) (weights[m] * c->x[k]);
    }
  for (guint f = 0; f < DIM; f++)
    norm += (double) sum[f] * sum[f];
  if (norm > 0.0)
    for (guint f = 0; f < DIM; f++)
      sum[f] /= (float) sqrt (norm);
  return sum;
}

typedef struct
{
  const double *score;
  guint         i;
} Ordered;

static int
compare_ordered (const void *a,
                 const void *b)
{
  const Ordered *x = a, *y = b;
  double sx = x->score[x->i], sy = y->score[y->i];

  if (sx != sy)
    return sx < sy ? 1 : -1;
  return (x->i > y->i) - (x->i < y->i);
}

static guint *
order_by (const double *score,
          guint         n)
{
  g_autofree Ordered *o = g_new (Ordered, MAX (n, 1));
  guint *order = g_new (guint, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    o[i] = (Ordered) { score, i };
  qsort (o, n, sizeof (Ordered), compare_ordered);
  for (guint i = 0; i < n; i++)
    order[i] = o[i].i;
  return order;
}

static const char *
followed_author (PapersRanker *self,
                 PapersPaper  *paper)
{
  const char * const *authors = papers_paper_get_authors (paper);

  if (g_hash_table_size (self->authors) == 0)
    return NULL;
  for (guint i = 0; authors != NULL && authors[i] != NULL; i++)
    {
      g_autofree char *key = normalize_author (authors[i]);

      if (key != NULL && g_hash_table_contains (self->authors, key))
        return authors[i];
    }
  return NULL;
}

static const char *
followed_topic (PapersRanker *self,
                Candidate    *c)
{
  for (guint t = 0; t < self->topics->len; t++)
    {
      Topic *topic = self->topics->pdata[t];
      guint found = 0;

      for (guint w = 0; w < topic->n; w++)
        for (guint k = 0; k < c->n; k++)
          if (c->idx[k] == topic->idx[w])
            {
              found++;
              break;
            }
      if (found == topic->n)
        return topic->query;
    }
  return NULL;
}

/* The tag most of a paper's nearest positives share, if any. */
static char *
reason_for (PapersRanker *self,
            Example      *nearest,
            const char   *tag)
{
  if (tag != NULL)
    return g_strdup_printf ("Tag: %s", tag);
  if (nearest == NULL)
    return NULL;
  if (nearest->tags != NULL && nearest->tags[0] != NULL && nearest->title == NULL)
    return g_strdup_printf ("Tag: %s", nearest->tags[0]);
  return g_strdup_printf ("Like ‘%s’", nearest->title ? nearest->title : nearest->id);
}


/* What a ranking needs of the positives (for a tag, or all), kept until
 * the model changes: a library's ten thousand papers are not gone
 * through again for each listing. */
typedef struct
{
  GPtrArray *positives;  /* Example, not owned */
  GPtrArray *vectors;    /* Candidate views of their vectors */
  /* Their weighted centroid, sparse: what a big library's positives
   * have is a fraction of the hashed features */
  guint      n_center;
  guint32   *center_idx;
  float     *center_val;
  Index      index;
} Prepared;

static void
prepared_free (gpointer data)
{
  Prepared *prepared = data;

  g_ptr_array_unref (prepared->positives);
  g_ptr_array_unref (prepared->vectors);
  g_free (prepared->center_idx);
  g_free (prepared->center_val);
  index_clear (&prepared->index);
  g_free (prepared->index.features);
  g_free (prepared);
}

static Prepared *
prepare (PapersRanker *self,
         const char   *tag)
{
  Prepared *prepared = g_hash_table_lookup (self->prepared, tag ? tag : "");
  g_autofree double *weights = NULL;

  if (prepared != NULL)
    return prepared;
  prepared = g_new0 (Prepared, 1);
  prepared->positives = g_ptr_array_new ();
  prepared->vectors = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->examples->len; i++)
    if (example_has_tag (self->examples->pdata[i], tag))
      g_ptr_array_add (prepared->positives, self->examples->pdata[i]);
  weights = g_new (double, MAX (prepared->positives->len, 1));
  for (guint m = 0; m < prepared->positives->len; m++)
    {
      Example *e = prepared->positives->pdata[m];
      Candidate *v = g_new (Candidate, 1);

      *v = (Candidate) { e->n, e->idx, e->x };
      g_ptr_array_add (prepared->vectors, v);
      weights[m] = e->weight;
    }
  {
    g_autofree float *center = centroid (prepared->vectors, weights);
    guint n_center = 0;

    for (guint f = 0; f < DIM; f++)
      n_center += center[f] != 0.0f;
    prepared->n_center = n_center;
    prepared->center_idx = g_new (guint32, MAX (n_center, 1));
    prepared->center_val = g_new (float, MAX (n_center, 1));
    for (guint f = 0, at = 0; f < DIM; f++)
      if (center[f] != 0.0f)
        {
          prepared->center_idx[at] = f;
          prepared->center_val[at++] = center[f];
        }
  }
  if (prepared->positives->len > REASON_POSITIVES)
    {
      /* The most weighted first; of the same weight, the first added */
      g_autofree Ordered *o = g_new (Ordered, prepared->positives->len);
      g_autofree gboolean *keep = g_new0 (gboolean, prepared->positives->len);
      guint kept = 0;

      for (guint m = 0; m < prepared->positives->len; m++)
        o[m] = (Ordered) { weights, m };
      qsort (o, prepared->positives->len, sizeof (Ordered), compare_ordered);
      for (guint r = 0; r < REASON_POSITIVES; r++)
        keep[o[r].i] = TRUE;
      /* In place, in the order they were added */
      for (guint m = 0; m < prepared->positives->len; m++)
        if (keep[m])
          {
            prepared->positives->pdata[kept] = prepared->positives->pdata[m];
            if (kept < m)
              {
                /* Slot kept holds a vector not kept, or one moved already */
                g_free (prepared->vectors->pdata[kept]);
                prepared->vectors->pdata[kept] = prepared->vectors->pdata[m];
                prepared->vectors->pdata[m] = NULL;
              }
            kept++;
          }
      g_ptr_array_set_size (prepared->positives, kept);
      g_ptr_array_set_size (prepared->vectors, kept);
    }
  /* The index of the positives' own features, numbered anew in the order
   * of their hashed numbers: its starts take what the positives have,
   * not every hashed feature; a query finds its features by bisection */
  {
    g_autofree guint32 *map = g_new0 (guint32, DIM);
    g_autoptr(GPtrArray) views = g_ptr_array_new ();
    g_autofree Candidate *local = g_new (Candidate, MAX (prepared->vectors->len, 1));
    g_autofree guint32 *local_idx = NULL;
    guint32 *features;
    gsize total = 0;
    guint n_features = 0;

    for (guint m = 0; m < prepared->vectors->len; m++)
      {
        Candidate *v = prepared->vectors->pdata[m];

        total += v->n;
        for (guint k = 0; k < v->n; k++)
          map[v->idx[k]] = 1;
      }
    for (guint f = 0; f < DIM; f++)
      n_features += map[f];
    features = g_new (guint32, MAX (n_features, 1));
    for (guint f = 0, at = 0; f < DIM; f++)
      if (map[f])
        {
          features[at] = f;
          map[f] = at++;
        }
    local_idx = g_new (guint32, MAX (total, 1));
    for (guint m = 0, at = 0; m < prepared->vectors->len; m++)
      {
        Candidate *v = prepared->vectors->pdata[m];

        local[m] = (Candidate) { v->n, local_idx + at, v->x, FALSE };
        for (guint k = 0; k < v->n; k++)
          local_idx[at++] = map[v->idx[k]];
        g_ptr_array_add (views, &local[m]);
      }
    index_build (&prepared->index, views, n_features);
    /* The exact cosines take the members as hashed */
    prepared->index.members = prepared->vectors;
    prepared->index.features = features;
  }
  g_hash_table_insert (self->prepared, g_strdup (tag ? tag : ""), prepared);
  return prepared;
}

/* The papers of a listing as vectors: a paper the ranker has as an
 * example, with the same text, lends its vector; the others are
 * tokenized, on two threads for many. */
typedef struct
{
  Candidate *items;    /* one per paper */
  GPtrArray *views;    /* Candidate, not owned: the items as the indexes take them */
} Listing;

static void
listing_clear (Listing *listing)
{
  for (guint i = 0; listing->views != NULL && i < listing->views->len; i++)
    if (listing->items[i].owned)
      {
        g_free (listing->items[i].idx);
        g_free (listing->items[i].x);
      }
  g_clear_pointer (&listing->items, g_free);
  g_clear_pointer (&listing->views, g_ptr_array_unref);
}

static void
listing_init (Listing      *listing,
              PapersRanker *self,
              GPtrArray    *papers)
{
  guint n = papers != NULL ? papers->len : 0;
  g_autofree guint *todo = g_new (guint, MAX (n, 1));
  guint n_todo = 0;

  listing->items = g_new0 (Candidate, MAX (n, 1));
  listing->views = g_ptr_array_sized_new (n);
  for (guint i = 0; i < n; i++)
    {
      PapersPaper *paper = papers->pdata[i];
      const char *id = papers_paper_get_id (paper);
      Example *e = id != NULL ? g_hash_table_lookup (self->by_text, id) : NULL;

      if (e != NULL && e->x != NULL && e->text == text_fingerprint (paper, &self->tuning))
        listing->items[i] = (Candidate) { e->n, e->idx, e->x, FALSE };
      else
        todo[n_todo++] = i;
      g_ptr_array_add (listing->views, &listing->items[i]);
    }

  {
    TermsJob job = { &self->tuning, papers, todo, self->idf, g_new (TermVector, MAX (n_todo, 1)) };

    parallel_for (n_todo, terms_job_run, &job);
    for (guint t = 0; t < n_todo; t++)
      listing->items[todo[t]] = (Candidate) { job.out[t].n, job.out[t].idx, job.out[t].tf, TRUE };
    g_free (job.out);
  }
}

/* The smoothing of the best papers' scores, over a range of them */
typedef struct
{
  Index        *near;
  GPtrArray    *top;      /* Candidate, the best papers in order */
  const guint  *order;
  const double *score;
  guint         k;
  double        smooth;
  guint         n_local;
  double       *smoothed;
} SmoothJob;

static void
smooth_job_run (gpointer data,
                guint    from,
                guint    to)
{
  SmoothJob *job = data;
  guint m_top = job->top->len;
  g_autofree float *acc = g_new0 (float, m_top);
  g_autofree guint32 *touched = g_new (guint32, m_top);
  g_autofree guint *who = g_new (guint, job->k);
  g_autofree double *sim = g_new (double, job->k);
  g_autofree float *dense = g_new0 (float, MAX (job->n_local, 1));
  guint32 qidx[QUERY_FEATURES];
  float qx[QUERY_FEATURES];
  Candidate qbuf;

  for (guint r = from; r < to; r++)
    {
      Candidate *c = job->top->pdata[r];
      guint found = index_neighbours (job->near, c, query_of (c, &qbuf, qidx, qx), r, acc, touched, job->k,
                                      who, sim, dense);
      double sum = 0.0, weights = 0.0;

      for (guint j = 0; j < found; j++)
        {
          sum += sim[j] * job->score[job->order[who[j]]];
          weights += sim[j];
        }
      job->smoothed[r] = weights > 0.0 ? (1.0 - job->smooth) * job->score[job->order[r]] + job->smooth * sum / weights
                                       : job->score[job->order[r]];
    }
}

/* The SVM's decision value and the cosine to the centroids of each of a
 * range of papers, from the two laid side by side */
typedef struct
{
  GPtrArray   *candidates;
  const float *both;
  double       bias;
  double      *linear;
  double      *rocchio;
} DotsJob;

static void
dots_job_run (gpointer data,
              guint    from,
              guint    to)
{
  DotsJob *job = data;

  for (guint i = from; i < to; i++)
    {
      Candidate *c = job->candidates->pdata[i];
      float linear = 0.0f, center = 0.0f;

      for (guint k = 0; k < c->n; k++)
        {
          const float *at = job->both + 2 * c->idx[k];

          linear += at[0] * c->x[k];
          center += at[1] * c->x[k];
        }
      job->linear[i] = linear + job->bias;
      job->rocchio[i] = center;
    }
}

/**
 * papers_ranker_score:
 * @self: a ranker
 * @papers: (element-type PapersPaper): the listing to rank
 * @tag: (nullable): rank for this tag of the library, or %NULL for all
 *
 * Scores every paper of @papers and says why the best ones rank high.
 * Trains the model first if it never was.  With fewer than
 * %PAPERS_RANKER_MIN_POSITIVES positives (with @tag) the answer says it is
 * still learning and has no scores.
 *
 * Returns: (transfer full): the scores and reasons, in the order of @papers
 */
PapersRanking *
papers_ranker_score (PapersRanker *self,
                     GPtrArray    *papers,
                     const char   *tag)
{
  PapersRanking *ranking = g_new0 (PapersRanking, 1);
  Listing listing = { NULL, NULL };
  GPtrArray *candidates;
  GPtrArray *positives;
  Prepared *prepared;
  g_autofree double *score = NULL;
  g_autofree double *part = NULL;
  g_autofree int *nearest = NULL;
  g_autofree double *nearest_cosine = NULL;
  g_autofree guint *order = NULL;
  g_autofree float *acc = NULL;
  g_autofree guint32 *touched = NULL;
  /* DIM floats, all 0 between uses: made for each ranking rather than
   * kept, as the model holds nothing it does not need between them */
  g_autofree float *scratch = NULL;
  guint32 qidx[QUERY_FEATURES];
  float qx[QUERY_FEATURES];
  Candidate qbuf;
  Model *model;
  Index *index;
  guint n;
  guint64 cost = 0;
  gboolean nearest_all;

  g_return_val_if_fail (PAPERS_IS_RANKER (self), ranking);

  n = papers != NULL ? papers->len : 0;
  ranking->n_papers = n;
  ranking->reasons = g_new0 (char *, n + 1);
  if (n_positives (self, tag) < PAPERS_RANKER_MIN_POSITIVES)
    {
      ranking->still_learning = TRUE;
      return ranking;
    }
  if (self->model == NULL)
    papers_ranker_train (self);
  prepared = prepare (self, tag);
  positives = prepared->positives;
  index = &prepared->index;
  model = self->model;
  if (tag != NULL)
    {
      model = g_hash_table_lookup (self->tag_models, tag);
      if (model == NULL)
        {
          model = model_train (self, tag);
          g_hash_table_insert (self->tag_models, g_strdup (tag), model);
        }
    }

  listing_init (&listing, self, papers);
  candidates = listing.views;
  scratch = g_new0 (float, DIM);

  score = g_new0 (double, MAX (n, 1));
  part = g_new0 (double, MAX (n, 1));
  nearest = g_new (int, MAX (n, 1));
  nearest_cosine = g_new0 (double, MAX (n, 1));

  /* The SVM's decision value and the cosine to the positives' centroid
   * less the listing's own (Rocchio) in one pass over each paper's
   * features: the SVM's weights and the difference of the centroids are
   * laid side by side, so a feature costs one miss of the cache, not
   * three.  The listing's sum is gathered in the scratch vector first. */
  {
    float *sum = scratch;
    g_autofree float *both = NULL;
    g_autofree double *rocchio = g_new (double, MAX (n, 1));
    double norm = 0.0, scale = 0.0;

    if (self->tuning.rocchio != 0.0 && n > 0)
      {
        for (guint i = 0; i < n; i++)
          {
            Candidate *c = candidates->pdata[i];

            for (guint k = 0; k < c->n; k++)
              sum[c->idx[k]] += c->x[k];
          }
        for (guint f = 0; f < DIM; f++)
          norm += (double) sum[f] * sum[f];
        scale = norm > 0.0 ? self->tuning.rocchio / sqrt (norm) : 0.0;
      }
    both = g_new (float, 2 * DIM);
    for (guint f = 0; f < DIM; f++)
      {
        both[2 * f] = model->w[f];
        both[2 * f + 1] = -(float) scale * sum[f];
        sum[f] = 0.0f;
      }
    for (guint c = 0; c < prepared->n_center; c++)
      both[2 * prepared->center_idx[c] + 1] += prepared->center_val[c];
    {
      DotsJob job = { candidates, both, model->bias, part, rocchio };

      parallel_for_some (n, 4000, dots_job_run, &job);
    }
    standardize (part, n);
    for (guint i = 0; i < n; i++)
      score[i] = self->tuning.linear * part[i];
    memcpy (part, rocchio, n * sizeof (double));
  }
  standardize (part, n);
  for (guint i = 0; i < n; i++)
    score[i] += self->tuning.centroid * part[i];

  /* The nearest positive, for every paper when it counts and that is
   * cheap enough */
  acc = g_new0 (float, positives->len);
  touched = g_new (guint32, positives->len);
  index->max_postings = G_MAXUINT32;
  for (guint i = 0; i < n && cost <= NEAREST_BUDGET && self->tuning.nearest != 0.0; i++)
    cost += index_cost (index, candidates->pdata[i]);
  nearest_all = self->tuning.nearest != 0.0 && cost <= NEAREST_BUDGET;
  /* Otherwise the reasons' nearest positives leave out the words most of
   * the positives have: they weigh little in a cosine and cost the most */
  if (!nearest_all)
    index->max_postings = MAX (256, positives->len / 16);
  for (guint i = 0; i < n; i++)
    {
      nearest[i] = -1;
      if (nearest_all)
        {
          Candidate *c = candidates->pdata[i];

          nearest_cosine[i] = index_nearest (index, c, query_of (c, &qbuf, qidx, qx), acc, touched, scratch,
                                             &nearest[i]);
        }
      part[i] = nearest_cosine[i];
    }
  if (nearest_all)
    {
      standardize (part, n);
      for (guint i = 0; i < n; i++)
        score[i] += self->tuning.nearest * part[i];
    }

  /* Feedback from the listing itself */
  if (self->tuning.feedback != 0.0 && self->tuning.feedback_top >= 1 && n > self->tuning.feedback_top * 4)
    {
      guint n_top = (guint) self->tuning.feedback_top;
      g_autoptr(GPtrArray) top = g_ptr_array_new ();
      g_autofree double *ones = g_new (double, n_top);
      g_autofree float *fb = NULL;

      order = order_by (score, n);
      for (guint r = 0; r < n_top; r++)
        {
          g_ptr_array_add (top, candidates->pdata[order[r]]);
          ones[r] = 1.0;
        }
      fb = centroid (top, ones);
      for (guint i = 0; i < n; i++)
        part[i] = dot_dense (fb, candidates->pdata[i]);
      standardize (part, n);
      for (guint i = 0; i < n; i++)
        score[i] += self->tuning.feedback * part[i];
      g_clear_pointer (&order, g_free);
    }

  /* Papers like the best papers are good too: among the best SMOOTH_TOP,
   * a paper's score moves toward its neighbours', weighted by likeness,
   * which lifts the members of a cluster the reader's papers touch */
  if (self->tuning.smooth > 0.0 && n > 2)
    {
      guint m_top = MIN (n, SMOOTH_TOP);
      guint k = (guint) MAX (self->tuning.smooth_k, 1);
      g_autoptr(GPtrArray) top = g_ptr_array_new ();
      g_autofree double *smoothed = g_new (double, m_top);
      g_autofree guint32 *local_idx = NULL;
      g_autofree Candidate *local = NULL;
      guint32 *map = (guint32 *) scratch;
      guint n_local = 0;
      gsize total = 0;
      Index near;

      g_clear_pointer (&order, g_free);
      order = order_by (score, n);
      /* The best papers' features numbered anew from 0, in the order met:
       * the index and the exact cosines then take arrays of the features
       * these papers have, which stay in the cache, rather than of every
       * hashed feature, which a walk at random misses at each step.  The
       * scratch vector, all 0, numbers them (0 bits are a float 0). */
      for (guint r = 0; r < m_top; r++)
        total += ((Candidate *) candidates->pdata[order[r]])->n;
      local_idx = g_new (guint32, MAX (total, 1));
      local = g_new (Candidate, m_top);
      for (guint r = 0, at = 0; r < m_top; r++)
        {
          Candidate *c = candidates->pdata[order[r]];

          local[r] = (Candidate) { c->n, local_idx + at, c->x, FALSE };
          for (guint j = 0; j < c->n; j++)
            {
              if (map[c->idx[j]] == 0)
                map[c->idx[j]] = ++n_local;
              local_idx[at++] = map[c->idx[j]] - 1;
            }
          g_ptr_array_add (top, &local[r]);
        }
      for (guint r = 0; r < m_top; r++)
        for (guint j = 0; j < local[r].n; j++)
          map[((Candidate *) candidates->pdata[order[r]])->idx[j]] = 0;
      index_build (&near, top, n_local);
      /* The features most of the best papers share cost the most and
       * say the least about which of them are alike */
      near.max_postings = MAX (16, m_top / SMOOTH_SHARE);
      {
        SmoothJob job = { &near, top, order, score, k, self->tuning.smooth, n_local, smoothed };

        parallel_for_some (m_top, 500, smooth_job_run, &job);
      }
      for (guint r = 0; r < m_top; r++)
        score[order[r]] = smoothed[r];
      index_clear (&near);
      g_clear_pointer (&order, g_free);
    }

  /* Followed authors and topics */
  for (guint i = 0; i < n; i++)
    {
      const char *author = followed_author (self, papers->pdata[i]);
      const char *topic = author ? NULL : followed_topic (self, candidates->pdata[i]);

      if (author != NULL)
        {
          score[i] += AUTHOR_BOOST;
          ranking->reasons[i] = g_strdup_printf ("Author you follow: %s", author);
        }
      else if (topic != NULL)
        {
          score[i] += TOPIC_BOOST;
          ranking->reasons[i] = g_strdup_printf ("Topic you follow: %s", topic);
        }
    }

  /* Why the best ones rank high */
  order = order_by (score, n);
  for (guint r = 0; r < MIN (n, N_REASONS); r++)
    {
      guint i = order[r];

      if (ranking->reasons[i] != NULL)
        continue;
      if (!nearest_all)
        {
          Candidate *c = candidates->pdata[i];

          nearest_cosine[i] = index_nearest (index, c, query_of (c, &qbuf, qidx, qx), acc, touched, scratch,
                                             &nearest[i]);
        }
      if (nearest[i] >= 0 && nearest_cosine[i] >= LIKE_MIN_COSINE)
        ranking->reasons[i] = reason_for (self, positives->pdata[nearest[i]], tag);
    }

  listing_clear (&listing);
  ranking->scores = g_steal_pointer (&score);
  return ranking;
}

/**
 * papers_ranker_tokenize_only:
 * @papers: (element-type PapersPaper): papers
 *
 * Makes the term vectors of @papers as papers_ranker_score() does and
 * throws them away: the part of scoring no model can make faster.
 *
 * Returns: the number of features seen
 */
guint
papers_ranker_tokenize_only (GPtrArray *papers)
{
  Counter counter;
  guint total = 0;

  init_stop_words ();
  counter_init (&counter, 10);
  for (guint i = 0; i < papers->len; i++)
    {
      TermVector terms;

      paper_terms (papers->pdata[i], &default_tuning, &counter, &terms);
      total += terms.n;
      g_free (terms.idx);
      g_free (terms.tf);
    }
  counter_clear (&counter);
  return total;
}

guint
papers_ranker_get_n_trainings (PapersRanker *self)
{
  return self->n_trainings;
}

guint
papers_ranker_get_n_updates (PapersRanker *self)
{
  return self->n_updates;
}

/* What the model holds in memory, in bytes. */
gsize
papers_ranker_get_memory_size (PapersRanker *self)
{
  gsize size = 0;
  GHashTableIter iter;
  gpointer value;

  if (self->idf != NULL)
    size += DIM * sizeof (float);
  if (self->model != NULL)
    size += DIM * sizeof (float) + self->model->alpha->len * sizeof (double);
  g_hash_table_iter_init (&iter, self->tag_models);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    size += DIM * sizeof (float) + ((Model *) value)->alpha->len * sizeof (double);
  for (guint i = 0; i < self->examples->len; i++)
    {
      Example *e = self->examples->pdata[i];

      size += sizeof (Example) + e->n * (sizeof (guint32) + sizeof (guint8) + sizeof (float));
    }
  g_hash_table_iter_init (&iter, self->prepared);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Prepared *prepared = value;

      size += prepared->n_center * (sizeof (guint32) + sizeof (float))
              + (2 * prepared->index.n_features + 1) * sizeof (guint32)
              + prepared->index.start[prepared->index.n_features] * (sizeof (guint32) + sizeof (float))
              + prepared->vectors->len * sizeof (Candidate);
    }
  return size;
}

/* ---------------------------------------------------------------------------
 * The model as bytes: a header (magic, format version, the hash's width,
 * the payload's length and checksum) and the payload, little-endian.  The
 * tf-idf vectors are made again from the stored term frequencies and
 * inverse document frequencies by the same code, so a model read back
 * scores exactly as the one written.
 */

#define HEADER_SIZE (8 + 4 + 4 + 8 + 8)

static void
put_u32 (GByteArray *out,
         guint32     v)
{
  guint32 le = GUINT32_TO_LE (v);

  g_byte_array_append (out, (const guint8 *) &le, 4);
}

static void
put_u64 (GByteArray *out,
         guint64     v)
{
  guint64 le = GUINT64_TO_LE (v);

  g_byte_array_append (out, (const guint8 *) &le, 8);
}

static void
put_f32 (GByteArray *out,
         float       v)
{
  guint32 bits;

  memcpy (&bits, &v, 4);
  put_u32 (out, bits);
}

static void
put_f64 (GByteArray *out,
         double      v)
{
  guint64 bits;

  memcpy (&bits, &v, 8);
  put_u64 (out, bits);
}

static void
put_str (GByteArray *out,
         const char *s)
{
  gsize len = s ? strlen (s) : 0;

  put_u32 (out, s ? (guint32) len : G_MAXUINT32);
  g_byte_array_append (out, (const guint8 *) (s ? s : ""), len);
}

static void
put_dense (GByteArray  *out,
           const float *v,
           float        usual)
{
  guint32 n = 0;

  for (guint f = 0; f < DIM; f++)
    n += v[f] != usual;
  put_f32 (out, usual);
  put_u32 (out, n);
  for (guint f = 0; f < DIM; f++)
    if (v[f] != usual)
      {
        put_u32 (out, f);
        put_f32 (out, v[f]);
      }
}

/**
 * papers_ranker_serialize:
 * @self: a ranker
 *
 * The whole model as bytes, to be kept (in the library's database) and
 * read back with papers_ranker_deserialize().
 *
 * Returns: (transfer full): the bytes
 */
GBytes *
papers_ranker_serialize (PapersRanker *self)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  const PapersRankerTuning *tu = &self->tuning;
  GHashTableIter iter;
  gpointer key, value;
  guint64 checksum;
  guint64 len;

  g_return_val_if_fail (PAPERS_IS_RANKER (self), NULL);

  g_byte_array_append (out, (const guint8 *) FORMAT_MAGIC, 8);
  put_u32 (out, FORMAT_VERSION);
  put_u32 (out, DIM_BITS);
  put_u64 (out, 0);   /* length and checksum, below */
  put_u64 (out, 0);

  put_f64 (out, tu->c);
  put_f64 (out, tu->linear);
  put_f64 (out, tu->centroid);
  put_f64 (out, tu->nearest);
  put_f64 (out, tu->feedback);
  put_f64 (out, tu->feedback_top);
  put_f64 (out, tu->rocchio);
  put_f64 (out, tu->min_df);
  put_f64 (out, tu->max_df);
  put_f64 (out, tu->smooth);
  put_f64 (out, tu->smooth_k);
  put_f64 (out, tu->title);
  put_f64 (out, tu->authors);
  put_u32 (out, tu->background);

  put_u32 (out, self->examples->len);
  for (guint i = 0; i < self->examples->len; i++)
    {
      Example *e = self->examples->pdata[i];
      guint n_tags = e->tags ? g_strv_length (e->tags) : 0;

      put_str (out, e->id);
      put_str (out, e->title);
      put_u32 (out, n_tags);
      for (guint t = 0; t < n_tags; t++)
        put_str (out, e->tags[t]);
      put_u32 (out, e->kind);
      put_f64 (out, e->weight);
      put_u64 (out, e->text);
      put_u32 (out, e->n);
      for (guint k = 0; k < e->n; k++)
        put_u32 (out, e->idx[k]);
      g_byte_array_append (out, e->tf, e->n);
    }

  put_u32 (out, self->idf != NULL);
  if (self->idf != NULL)
    {
      /* Most features are in no paper: their idf is the largest */
      float usual = 0.0f;

      for (guint f = 0; f < DIM; f++)
        usual = MAX (usual, self->idf[f]);
      put_dense (out, self->idf, usual);
    }
  put_u32 (out, self->model != NULL);
  if (self->model != NULL)
    {
      put_f64 (out, self->model->bias);
      for (guint i = 0; i < self->examples->len; i++)
        put_f64 (out, g_array_index (self->model->alpha, double, i));
      put_dense (out, self->model->w, 0.0f);
    }

  put_u32 (out, g_hash_table_size (self->authors));
  g_hash_table_iter_init (&iter, self->authors);
  while (g_hash_table_iter_next (&iter, &key, &value))
    put_str (out, value);
  put_u32 (out, self->topics->len);
  for (guint t = 0; t < self->topics->len; t++)
    put_str (out, ((Topic *) self->topics->pdata[t])->query);

  len = out->len - HEADER_SIZE;
  checksum = GUINT64_TO_LE (hash_bytes ((const char *) out->data + HEADER_SIZE, len));
  len = GUINT64_TO_LE (len);
  memcpy (out->data + 16, &len, 8);
  memcpy (out->data + 24, &checksum, 8);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

typedef struct
{
  const guint8 *p;
  gsize         left;
  gboolean      ok;
} Reader;

static gboolean
take (Reader *r,
      void   *dest,
      gsize   n)
{
  if (!r->ok || r->left < n)
    {
      r->ok = FALSE;
      memset (dest, 0, n);
      return FALSE;
    }
  memcpy (dest, r->p, n);
  r->p += n;
  r->left -= n;
  return TRUE;
}

static guint32
get_u32 (Reader *r)
{
  guint32 v;

  take (r, &v, 4);
  return GUINT32_FROM_LE (v);
}

static guint64
get_u64 (Reader *r)
{
  guint64 v;

  take (r, &v, 8);
  return GUINT64_FROM_LE (v);
}

static float
get_f32 (Reader *r)
{
  guint32 bits = get_u32 (r);
  float v;

  memcpy (&v, &bits, 4);
  return v;
}

static double
get_f64 (Reader *r)
{
  guint64 bits = get_u64 (r);
  double v;

  memcpy (&v, &bits, 8);
  if (!isfinite (v))
    r->ok = FALSE;
  return v;
}

/* A count of items of at least @item_size bytes each: never more than the
 * bytes left could hold, so a damaged count allocates nothing huge. */
static guint32
get_count (Reader *r,
           gsize   item_size)
{
  guint32 n = get_u32 (r);

  if ((guint64) n * item_size > r->left)
    r->ok = FALSE;
  return r->ok ? n : 0;
}

static char *
get_str (Reader *r)
{
  guint32 len = get_u32 (r);
  char *s;

  if (len == G_MAXUINT32 || !r->ok)
    return NULL;
  if (len > r->left)
    {
      r->ok = FALSE;
      return NULL;
    }
  s = g_strndup ((const char *) r->p, len);
  r->p += len;
  r->left -= len;
  if (strlen (s) != len || !g_utf8_validate (s, len, NULL))
    r->ok = FALSE;
  return s;
}

static void
get_dense (Reader *r,
           float  *v)
{
  float usual = get_f32 (r);
  guint32 n = get_count (r, 8);

  if (!isfinite (usual))
    r->ok = FALSE;
  for (guint f = 0; f < DIM; f++)
    v[f] = usual;
  for (guint i = 0; i < n && r->ok; i++)
    {
      guint32 f = get_u32 (r);
      float x = get_f32 (r);

      if (f >= DIM || !isfinite (x))
        r->ok = FALSE;
      else
        v[f] = x;
    }
}

static gboolean
read_examples (PapersRanker *self,
               Reader       *r)
{
  guint32 n_examples = get_count (r, 24);

  for (guint i = 0; i < n_examples && r->ok; i++)
    {
      Example *e = g_new0 (Example, 1);
      guint32 n_tags;

      g_ptr_array_add (self->examples, e);
      e->id = get_str (r);
      e->title = get_str (r);
      n_tags = get_count (r, 4);
      e->tags = g_new0 (char *, n_tags + 1);
      for (guint t = 0; t < n_tags && r->ok; t++)
        e->tags[t] = get_str (r);
      e->kind = get_u32 (r);
      e->weight = get_f64 (r);
      e->text = get_u64 (r);
      e->n = get_count (r, 5);
      e->idx = g_new (guint32, MAX (e->n, 1));
      e->tf = g_new (guint8, MAX (e->n, 1));
      for (guint k = 0; k < e->n && r->ok; k++)
        if ((e->idx[k] = get_u32 (r)) >= DIM)
          r->ok = FALSE;
      if (r->ok)
        take (r, e->tf, e->n);
      if (e->id == NULL || e->kind > KIND_BACKGROUND || e->weight < 0 || (n_tags > 0 && e->tags[n_tags - 1] == NULL))
        r->ok = FALSE;
      if (!r->ok)
        break;
      if (e->kind != KIND_BACKGROUND)
        g_hash_table_replace (self->by_id, e->id, e);
      g_hash_table_replace (self->by_text, e->id, e);
    }
  return r->ok;
}

/**
 * papers_ranker_deserialize:
 * @bytes: what papers_ranker_serialize() gave
 * @error: return location for a #PAPERS_RANKER_ERROR
 *
 * Reads a model back.  Bytes that are damaged, truncated or from another
 * version of the format give an error, never a half-read model: the caller
 * trains a new one.
 *
 * Returns: (transfer full) (nullable): the ranker, or %NULL with @error set
 */
PapersRanker *
papers_ranker_deserialize (GBytes  *bytes,
                           GError **error)
{
  g_autoptr(PapersRanker) self = NULL;
  gsize size = 0;
  const guint8 *data = bytes ? g_bytes_get_data (bytes, &size) : NULL;
  Reader r = { data, size, TRUE };
  char magic[8];
  guint32 version, dim_bits;
  guint64 len, checksum;
  PapersRankerTuning *tu;

  if (!take (&r, magic, 8) || memcmp (magic, FORMAT_MAGIC, 8) != 0)
    {
      g_set_error (error, PAPERS_RANKER_ERROR, PAPERS_RANKER_ERROR_DAMAGED,
                   "Not a ranking model");
      return NULL;
    }
  version = get_u32 (&r);
  dim_bits = get_u32 (&r);
  if (r.ok && (version != FORMAT_VERSION || dim_bits != DIM_BITS))
    {
      g_set_error (error, PAPERS_RANKER_ERROR, PAPERS_RANKER_ERROR_OLD_VERSION,
                   "The ranking model is of format %u.%u, this version reads %u.%u",
                   version, dim_bits, FORMAT_VERSION, DIM_BITS);
      return NULL;
    }
  len = get_u64 (&r);
  checksum = get_u64 (&r);
  if (!r.ok || len != r.left || hash_bytes ((const char *) r.p, r.left) != checksum)
    {
      g_set_error (error, PAPERS_RANKER_ERROR, PAPERS_RANKER_ERROR_DAMAGED,
                   "The ranking model is truncated or damaged");
      return NULL;
    }

  self = papers_ranker_new ();
  tu = &self->tuning;
  tu->c = get_f64 (&r);
  tu->linear = get_f64 (&r);
  tu->centroid = get_f64 (&r);
  tu->nearest = get_f64 (&r);
  tu->feedback = get_f64 (&r);
  tu->feedback_top = get_f64 (&r);
  tu->rocchio = get_f64 (&r);
  tu->min_df = get_f64 (&r);
  tu->max_df = get_f64 (&r);
  tu->smooth = get_f64 (&r);
  tu->smooth_k = get_f64 (&r);
  tu->title = get_f64 (&r);
  tu->authors = get_f64 (&r);
  tu->background = get_u32 (&r) != 0;
  if (tu->c <= 0.0)
    r.ok = FALSE;

  read_examples (self, &r);
  if (get_u32 (&r) != 0 && r.ok)
    {
      self->idf = g_new (float, DIM);
      get_dense (&r, self->idf);
      for (guint i = 0; i < self->examples->len; i++)
        example_weigh (self, self->examples->pdata[i]);
    }
  if (get_u32 (&r) != 0 && r.ok)
    {
      if (self->idf == NULL)
        r.ok = FALSE;
      else
        {
          self->model = model_new ();
          self->model->bias = get_f64 (&r);
          g_array_set_size (self->model->alpha, self->examples->len);
          for (guint i = 0; i < self->examples->len; i++)
            g_array_index (self->model->alpha, double, i) = get_f64 (&r);
          get_dense (&r, self->model->w);
        }
    }
  for (guint32 i = 0, n = get_count (&r, 4); i < n && r.ok; i++)
    {
      g_autofree char *name = get_str (&r);

      if (name != NULL)
        papers_ranker_follow_author (self, name, TRUE);
    }
  for (guint32 i = 0, n = get_count (&r, 4); i < n && r.ok; i++)
    {
      g_autofree char *query = get_str (&r);

      if (query != NULL)
        papers_ranker_follow_topic (self, query, TRUE);
    }

  if (!r.ok || r.left != 0)
    {
      g_set_error (error, PAPERS_RANKER_ERROR, PAPERS_RANKER_ERROR_DAMAGED,
                   "The ranking model is damaged");
      return NULL;
    }
  return g_steal_pointer (&self);
}
