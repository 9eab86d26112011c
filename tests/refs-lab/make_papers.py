#!/usr/bin/env python3
"""Makes LaTeX papers citing a made-up bibliography in several styles
(numbered, author-year, alpha, one and two columns, with and without
hyperref's links), with the truth (entries, arXiv ids in several forms,
citations in order) written beside each PDF as truth.json.

    make_papers.py OUTDIR [SEED] [STYLE,STYLE,...]

A style that fails to build says so and is skipped by compare.py."""
import json, os, random, subprocess, sys

random.seed(int(sys.argv[2]) if len(sys.argv) > 2 else 7)
OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)

FIRST = "Ashish Noam Niki Jakob Llion Aidan Lukasz Illia Iz Matthew Arman Kevin Jacob Ming-Wei Kenton Kristina Tom Benjamin Nick Dario Alec Jeffrey Rewon Ilya Diederik Jimmy Sergey Christian Kaiming Xiangyu Shaoqing Jian Yann Leon Yoshua Patrick Geoffrey Oriol Quoc Andrej Fei-Fei Olga Jia Zoe Hugo Thibaut Gautier Edouard Guillaume Timothée Baptiste Naman Eric Aurélien Armand José".split()
LAST = "Vaswani Shazeer Parmar Uszkoreit Jones Gomez Kaiser Polosukhin Beltagy Peters Cohan Devlin Chang Lee Toutanova Brown Mann Ryder Subbiah Kaplan Dhariwal Neelakantan Radford Wu Child Sutskever Kingma Ba Ioffe Szegedy He Zhang Ren Sun LeCun Bottou Bengio Haffner Hinton Vinyals Le Karpathy Li Russakovsky Deng Touvron Lavril Izacard Martinet Lachaux Lacroix Rozière Goyal Hambro Azhar Rodriguez Joulin Grave Lample Müller Schölkopf Østergaard".split()
WORDS = ("attention transformer language model scaling laws sparse dense retrieval augmented generation "
         "contrastive learning vision representation diffusion image synthesis reinforcement policy "
         "optimization gradient descent convergence stochastic variational inference bayesian neural "
         "networks graph convolutional recurrent memory long context efficient inference quantization "
         "pruning distillation multilingual translation speech recognition benchmark evaluation robust "
         "adversarial examples self-supervised pretraining fine-tuning instruction alignment human feedback "
         "reasoning chain thought mixture experts routing tokenization byte-level").split()
VENUES = ["Advances in Neural Information Processing Systems", "International Conference on Machine Learning",
          "International Conference on Learning Representations", "Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition",
          "Journal of Machine Learning Research", "Transactions of the Association for Computational Linguistics",
          "Proceedings of ACL", "Nature", "Physical Review Letters"]
OLD_ARCHIVES = ["hep-th", "cond-mat", "math", "quant-ph", "cs", "astro-ph", "gr-qc"]

def title():
    n = random.randint(4, 11)
    w = random.sample(WORDS, n)
    t = " ".join(w)
    t = t[0].upper() + t[1:]
    if random.random() < 0.3:
        t = w[0].capitalize() + ": " + " ".join(w[1:])
    return t

def authors():
    n = random.choice([1, 2, 2, 3, 3, 4, 6, 9])
    return [(random.choice(FIRST), random.choice(LAST)) for _ in range(n)]

def arxiv_new(year):
    yymm = "%02d%02d" % (year % 100, random.randint(1, 12))
    num = random.randint(1, 19999) if year >= 2015 else random.randint(1, 9999)
    return ("%s.%05d" % (yymm, num)) if year >= 2015 else ("%s.%04d" % (yymm, num))

def make_entries(n):
    entries = []
    for i in range(n):
        year = random.randint(1995, 2024)
        e = {"key": "ref%02d" % i, "title": title(), "authors": authors(), "year": year,
             "venue": random.choice(VENUES), "arxiv": None, "doi": None, "idform": None}
        r = random.random()
        if year >= 2008 and r < 0.45:
            e["arxiv"] = arxiv_new(year)
            e["idform"] = random.choice(["eprint", "note", "url", "journal"])
        elif year < 2007 and r < 0.25:
            e["arxiv"] = "%s/%02d%02d%03d" % (random.choice(OLD_ARCHIVES), year % 100, random.randint(1, 12), random.randint(1, 999))
            e["idform"] = "note"
        elif r < 0.65:
            e["doi"] = "10.%d/%s.%d" % (random.randint(1000, 9999), random.choice(["nature", "prl", "jmlr", "acm"]), random.randint(10000, 99999))
        entries.append(e)
    return entries

def bib(entries):
    out = []
    for e in entries:
        a = " and ".join("%s %s" % fl for fl in e["authors"])
        fields = {"author": a, "title": "{" + e["title"] + "}", "year": str(e["year"])}
        kind = "inproceedings" if "Proceedings" in e["venue"] or "Conference" in e["venue"] or "Advances" in e["venue"] else "article"
        if kind == "inproceedings":
            fields["booktitle"] = e["venue"]
        else:
            fields["journal"] = e["venue"]
            fields["volume"] = str(random.randint(1, 120))
            fields["pages"] = "%d--%d" % (p := random.randint(1, 900), p + random.randint(5, 30))
        if e["arxiv"]:
            f = e["idform"]
            if f == "eprint":
                fields["note"] = "arXiv:" + e["arxiv"]
            elif f == "note":
                fields["note"] = "arXiv preprint arXiv:%s" % e["arxiv"]
            elif f == "url":
                fields["note"] = "\\url{https://arxiv.org/abs/%s}" % e["arxiv"]
            else:
                kind = "article"
                fields.pop("booktitle", None)
                fields["journal"] = "arXiv preprint arXiv:%s" % e["arxiv"]
        if e["doi"]:
            fields["note"] = "doi:" + e["doi"]
        out.append("@%s{%s,\n%s\n}\n" % (kind, e["key"], ",\n".join("  %s = {%s}" % kv for kv in fields.items())))
    return "\n".join(out)

FILLER = ("The method is evaluated on standard benchmarks and compared with strong baselines under the same budget. "
          "We report the mean over five seeds with the standard deviation, and discuss where the gains come from. ")

def body(entries, cite, cites_per_par=3, paragraphs=14):
    keys = [e["key"] for e in entries]
    # every entry cited at least once, in a shuffled order, some grouped
    order = keys[:]
    random.shuffle(order)
    pars, truth = [], []
    i = 0
    for p in range(paragraphs):
        s = ""
        if p % 5 == 0:
            s += "\\section{Section %d}\n" % (p // 5 + 1)
        for c in range(cites_per_par):
            if i >= len(order):
                i = 0
            k = random.choice([1, 1, 1, 2, 3])
            group = order[i:i + k]
            i += k
            s += FILLER[:random.randint(80, 200)] + " " + cite(group) + ". "
            truth.append(group)
        if p == 6:
            s += "\n\\begin{figure}[h]\\centering\\fbox{\\rule{0pt}{1in}\\rule{2in}{0pt}}\\caption{A figure.}\\label{fig:a}\\end{figure}\nAs Figure~\\ref{fig:a} shows, it works.\n"
        pars.append(s)
    return "\n\n".join(pars), truth

STYLES = {
    # name: (preamble, bibstyle, cite function, numbered)
    "plain-onecol": ("\\documentclass{article}\\usepackage[utf8]{inputenc}\\usepackage{url}", "plain",
                     lambda g: "\\cite{%s}" % ",".join(g), True),
    "plain-hyperref": ("\\documentclass{article}\\usepackage[utf8]{inputenc}\\usepackage{url}\\usepackage{hyperref}", "plain",
                       lambda g: "\\cite{%s}" % ",".join(g), True),
    "unsrt-cite-ranges": ("\\documentclass{article}\\usepackage[utf8]{inputenc}\\usepackage{url}\\usepackage{cite}", "unsrt",
                          lambda g: "\\cite{%s}" % ",".join(g), True),
    "plainnat-authoryear": ("\\documentclass{article}\\usepackage[utf8]{inputenc}\\usepackage{url}\\usepackage[round]{natbib}", "plainnat",
                            lambda g: random.choice(["\\citep{%s}", "\\citet{%s}"]) % ",".join(g), False),
    "plainnat-hyperref": ("\\documentclass{article}\\usepackage[utf8]{inputenc}\\usepackage{url}\\usepackage[round]{natbib}\\usepackage{hyperref}", "plainnat",
                          lambda g: "\\citep{%s}" % ",".join(g), False),
    "ieee-twocol": ("\\documentclass[conference]{IEEEtran}\\usepackage[utf8]{inputenc}\\usepackage{url}\\usepackage{cite}", "IEEEtran",
                    lambda g: "\\cite{%s}" % ",".join(g), True),
    "alpha": ("\\documentclass{article}\\usepackage[utf8]{inputenc}\\usepackage{url}", "alpha",
              lambda g: "\\cite{%s}" % ",".join(g), True),
    "twocol-article-numbered": ("\\documentclass[twocolumn]{article}\\usepackage[utf8]{inputenc}\\usepackage{url}", "unsrt",
                                lambda g: "\\cite{%s}" % ",".join(g), True),
    "abbrvnat": ("\\documentclass{article}\\usepackage[utf8]{inputenc}\\usepackage{url}\\usepackage{natbib}", "abbrvnat",
                 lambda g: random.choice(["\\citep{%s}", "\\citet{%s}"]) % ",".join(g), False),
    "apalike": ("\\documentclass{article}\\usepackage[utf8]{inputenc}\\usepackage{url}\\usepackage{natbib}", "apalike",
                lambda g: random.choice(["\\citep{%s}", "\\citet{%s}"]) % ",".join(g), False),
    "ieeetr": ("\\documentclass{article}\\usepackage[utf8]{inputenc}\\usepackage{url}", "ieeetr",
               lambda g: "\\cite{%s}" % ",".join(g), True),
    "siam": ("\\documentclass{article}\\usepackage[utf8]{inputenc}\\usepackage{url}", "siam",
             lambda g: "\\cite{%s}" % ",".join(g), True),
    "elsarticle-num": ("\\documentclass{elsarticle}\\usepackage[utf8]{inputenc}\\usepackage{url}", "elsarticle-num",
                       lambda g: "\\cite{%s}" % ",".join(g), True),
    "icml-like-twocol-natbib": ("\\documentclass[twocolumn]{article}\\usepackage[utf8]{inputenc}\\usepackage{url}\\usepackage{natbib}", "plainnat",
                                lambda g: random.choice(["\\citep{%s}", "\\citet{%s}"]) % ",".join(g), False),
    "revtex-aps": ("\\documentclass[aps,prl,twocolumn]{revtex4-2}\\usepackage[utf8]{inputenc}", "apsrev4-2",
                   lambda g: "\\cite{%s}" % ",".join(g), True),
}

which = sys.argv[3].split(",") if len(sys.argv) > 3 else list(STYLES)
for name in which:
    pre, bst, cite, numbered = STYLES[name]
    n = random.randint(25, 60)
    entries = make_entries(n)
    text, truth = body(entries, cite)
    tex = "%s\n\\begin{document}\n\\title{A Study of %s}\\author{A. Author}\\maketitle\n\\begin{abstract}We study things.\\end{abstract}\n%s\n\\bibliographystyle{%s}\n\\bibliography{refs}\n\\end{document}\n" % (pre, name, text, bst)
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    open(os.path.join(d, "paper.tex"), "w").write(tex)
    open(os.path.join(d, "refs.bib"), "w").write(bib(entries))
    ok = True
    for cmd in (["pdflatex", "-interaction=batchmode", "paper.tex"], ["bibtex", "paper"],
                ["pdflatex", "-interaction=batchmode", "paper.tex"], ["pdflatex", "-interaction=batchmode", "paper.tex"]):
        r = subprocess.run(cmd, cwd=d, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if r.returncode != 0 and cmd[0] != "bibtex":
            ok = False
    json.dump({"style": name, "numbered": numbered, "entries": entries, "citations": truth},
              open(os.path.join(d, "truth.json"), "w"), indent=1)
    print(name, n, "entries", "ok" if ok and os.path.exists(os.path.join(d, "paper.pdf")) else "FAILED")
