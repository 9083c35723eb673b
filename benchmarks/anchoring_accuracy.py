"""Accuracy of quote anchoring (``gloss.anchoring.quotes``) when documents are edited.

    python benchmarks/anchoring_accuracy.py [--docs N] [--seed S] [--verbose] [--jobs J]

Not a test: run it by hand, it prints a table. It generates N documents
(half English, half Japanese; seeded, so the same N and seed give the same
cases), takes about 30 quotes from each the way an editor would (the preview's
"Copy as note" helper: the words as the reader sees them, with just enough
prefix/suffix to be unique when they are not; some long passages written with
``quote_end:``), then applies scripted edits to a copy of the document, one edit
per (quote, edit kind), and finds each quote again.

The text is the real pipeline's: the Markdown (headings, emphasis, strong,
inline code, links, line wraps) is parsed with gloss's parser, grouped into
top-level blocks as ``gloss.build.parse`` does, turned into the document's text by
``gloss.markdown.passages.text_map``, and searched with ``gloss.anchoring.quotes.find``.

Ground truth is tracked on the document model, not guessed from the text:
every word carries an id, the passage is the set of ids it was made of, and
after an edit the passage is the text from its first surviving word to its
last one (with whatever was inserted between), or *gone* when none survives.
Positions are compared on the folded text (``gloss.anchoring.quotes.fold``: no
whitespace), so line wraps and inline markup do not shift them; the benchmark
checks that the folded text of its model equals the folded text of the
pipeline for every document it builds.

The edits (each applied alone, to every quote it applies to): words inserted
near the passage (before, after, same paragraph) or inside it; words deleted
near it or inside it; a word or two reworded (a synonym); a typo; line wraps,
double spaces and hard breaks; emphasis, strong or a link added across it; its
paragraph moved; its sentence(s) or paragraph deleted; its sentence(s)
rewritten (replaced by sentences at most half alike); a revision (a word or
two of the passage reworded, and six edits elsewhere: sentences added,
deleted or reworded, paragraphs moved); a near-duplicate of its sentence(s)
added elsewhere, with a word of the quote changed, or with the quote's words
unchanged.

Each case is found twice. By the words alone (``quotes.find``), as for
content that is not in git; and as a build does when the version the quote
was written against is in the content's git history: for a quote the words
do not find exactly, the diff from that version decides
(``gloss.anchoring.follow.settle``). The table is the second; its last column is the first.

Each (quote, edit) is classified (see LEGEND): anchored ok, anchored WRONG
(somewhere else, or although the passage is gone: must be zero), moved (the
edit made the whole selector match exactly, and only, somewhere else: what the
spec's first rule requires), ends off (mostly on the passage, an end a word or
more off), orphan ok / wrong (the passage is gone / survived), ambiguous ok
(the words occur several times and the prefix/suffix do not pick one, or the
passage is gone: the spec requires an error) / wrong.

Survival = anchored ok / passages that survived the edit and are not
genuinely ambiguous. Required (issue 17): zero anchored wrongly, with the
history and by the words alone; survival >= 99% with the history and >= 97%
by the words alone.

Twin rows: before quoting, a twin of the quoted sentence is put in another
paragraph (40-70 % of its words, a lead-in such as "Yes," or 「つまり、」, two
words swapped, the rest reworded or new: generated, not written by hand); then
the passage is deleted, or one of its words changed. The history is the
version with the twin.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from multiprocessing import Pool
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import fuzz  # noqa: E402

from gloss.anchoring.follow import Diff, find_since, settle  # noqa: E402
from gloss.anchoring.quotes import Found, Selector, Text, find, fold  # noqa: E402
from gloss.build.parse import _groups  # noqa: E402
from gloss.markdown import make_parser  # noqa: E402
from gloss.markdown.passages import text_map  # noqa: E402
from gloss.text.quoting import quote_context  # noqa: E402

QUOTES_PER_DOC = 30
REQUIRED_SURVIVAL = 0.99  # with the history (issue 17)…
REQUIRED_WORDS_SURVIVAL = 0.97  # …and by the words alone
GOOD_OVERLAP = 0.8

# --------------------------------------------------------------------------------------------
# Sentence material. Templates with slots; big slots are drawn without replacement within a
# document (real articles rarely repeat a whole clause), small ones (names, documents) recur.
# --------------------------------------------------------------------------------------------

EN_POOLS: dict[str, list[str]] = {
    "ORG": [
        "Anthropic",
        "OpenAI",
        "Google DeepMind",
        "Meta",
        "Mistral",
        "Microsoft",
        "Alibaba's Qwen team",
        "the European Commission",
        "the UK AI Security Institute",
        "NIST",
        "a Paris-based startup",
        "the research team",
        "the company",
        "the lab",
        "the authors",
        "the regulator",
        "an industry consortium",
        "two university groups",
        "the Japanese government",
        "a coalition of publishers",
    ],
    "MODEL": [
        "the new model",
        "the flagship model",
        "the smaller model",
        "the open-weight release",
        "the reasoning model",
        "the base model",
        "the fine-tuned variant",
        "the coding agent",
        "the previous generation",
        "the distilled model",
    ],
    "DOC": [
        "the system card",
        "the evaluation suite",
        "the training data summary",
        "the benchmark results",
        "the safety framework",
        "the red-team report",
        "the deployment policy",
        "the technical report",
        "the usage guidelines",
        "the new license",
        "the audit log",
        "the incident report",
        "the model weights",
        "the pricing page",
        "the transparency report",
        "the draft code of practice",
        "the risk assessment",
        "the acceptable use policy",
    ],
    "VPAST": [
        "published",
        "revised",
        "withdrew",
        "expanded",
        "criticised",
        "defended",
        "tested",
        "audited",
        "questioned",
        "delayed",
        "summarised",
        "updated",
        "announced",
        "quietly changed",
        "rewrote",
        "shared",
    ],
    "WHEN": [
        "last week",
        "on Tuesday",
        "after months of testing",
        "without much notice",
        "in a short blog post",
        "ahead of the summit",
        "under pressure from customers",
        "for the first time",
        "earlier this year",
        "in a joint statement",
        "late on Friday",
        "two days before the deadline",
        "during a press briefing",
        "in an unusually long thread",
    ],
    "FINDING": [
        "the gains shrink on harder tasks",
        "most failures come from tool use rather than reasoning",
        "classifiers miss requests that are split into harmless-looking pieces",
        "inference costs are falling faster than capabilities are rising",
        "small models catch up within a year",
        "the benchmark no longer separates the leading systems",
        "human reviewers disagree on almost a third of the cases",
        "longer context windows do not help with multi-step planning",
        "the model refuses fewer legitimate questions than before",
        "open releases are audited far less often than they are downloaded",
        "synthetic data now makes up most of the fine-tuning mix",
        "the safeguards can be removed with a few hours of fine-tuning",
        "energy use per query has dropped sharply since last year",
        "users rarely read the warnings shown before a risky action",
        "the agent completes routine tickets but stalls on ambiguous ones",
        "evaluation results depend heavily on the prompt format",
        "the model writes working exploits for known vulnerabilities",
        "contamination explains part of the jump in scores",
        "translation quality varies widely between language pairs",
        "smaller labs cannot afford the compute needed for frontier training",
        "the licensing terms leave commercial use unclear",
        "automated graders reward confident but wrong answers",
        "the system behaves differently when it believes it is being tested",
        "chip export controls have slowed some projects but not others",
        "the new rules apply only to models above a compute threshold",
        "companies are moving workloads to cheaper providers",
        "volunteer maintainers carry most of the security burden",
        "the training run used three times more compute than the last one",
        "teachers report more submissions written with assistants",
        "the red team found fewer severe issues than in earlier rounds",
        "hospitals are testing the tools only for administrative work",
        "the error rate is highest on questions about recent events",
        "developers trust generated code more than they should",
        "the disclosure came weeks after the problem was reported",
        "regional languages remain badly underrepresented in the data",
        "price cuts have not reduced demand for the premium tier",
        "the watermark survives light editing but not paraphrasing",
        "several of the claims could not be reproduced",
        "the policy team was not consulted before the launch",
        "the public sector is adopting the tools more slowly than expected",
    ],
    "CONN": [
        "However",
        "Meanwhile",
        "Still",
        "In fact",
        "By contrast",
        "At the same time",
        "For now",
        "Even so",
        "In its defence",
        "More importantly",
    ],
    "BENCH": [
        "SWE-bench Verified",
        "GPQA",
        "the internal coding suite",
        "a new agentic benchmark",
        "HumanEval",
        "the cyber range tasks",
        "MMLU-Pro",
        "the long-context test",
    ],
    "PCT": ["38%", "41%", "47%", "52%", "58%", "63%", "67%", "71%", "74%", "79%", "82%", "88%", "93%"],
    "PCT_LOW": ["12%", "17%", "21%", "24%", "29%", "33%"],
    "GOAL": [
        "protect users",
        "prevent misuse",
        "explain its decisions",
        "limit the spread of the weights",
        "reassure regulators",
        "address the known failure modes",
        "keep smaller developers in the market",
    ],
    "CONSEQ": [
        "makes the headline number misleading",
        "explains the cautious rollout",
        "is rarely mentioned in the announcement",
        "worries security researchers",
        "matters more than the average score",
        "changes how the results should be read",
        "leaves customers to find the limits themselves",
        "has not stopped adoption",
    ],
    "CONSEQ2": [
        "the current tests will need to change",
        "the headline claims deserve more caution",
        "smaller teams will feel it first",
        "the pricing will change again",
        "regulators will ask harder questions",
        "the next release may look very different",
    ],
    "AVAIL": [
        "available in Europe",
        "offered to security firms only",
        "released with open weights",
        "sold through the cloud partners",
        "kept behind a waitlist",
        "priced like the previous model",
    ],
    "ROLE": [
        "researcher",
        "analyst",
        "engineer",
        "former employee",
        "policy adviser",
        "security expert",
        "reviewer",
        "investor",
        "maintainer",
        "lawyer",
    ],
    "ROLES": [
        "Researchers",
        "Analysts",
        "Engineers",
        "Security experts",
        "Policy advisers",
        "Some reviewers",
        "Several investors",
        "Open-source maintainers",
    ],
    "JUDGE": [
        "careful but incomplete",
        "a step in the right direction",
        "more marketing than science",
        "the most detailed document of its kind",
        "hard to verify",
        "surprisingly candid",
        "a template others will copy",
    ],
    "CONTRA": [
        "the data to prove it has not been released",
        "others see no such trend",
        "the sample is small",
        "the effect disappears on newer tasks",
        "the company disputes that reading",
        "nobody has measured it carefully",
    ],
    "NUM": ["three", "four", "five", "six", "seven", "nine", "twelve"],
    "THINGS": [
        "open questions",
        "known risks",
        "failure modes",
        "recommendations",
        "limitations",
        "commitments",
        "unresolved issues",
    ],
    "THING": [
        "data provenance",
        "model autonomy",
        "access controls",
        "incident reporting",
        "evaluation gaps",
        "energy use",
        "third-party audits",
        "user privacy",
        "bias in outputs",
        "compute thresholds",
    ],
    "CODE": [
        "max_tokens",
        "temperature",
        "top_p",
        "stream",
        "tool_choice",
        "safety_level",
        "retries",
        "batch_size",
        "timeout",
        "reasoning_effort",
    ],
    "VAL": ["zero", "one", "a higher value", "0.2", "4096", "the default", "false", "true"],
    "EFFECT": [
        "makes the output noticeably more repetitive",
        "halves the latency on short prompts",
        "disables the extra safety checks",
        "is enough to reproduce the reported scores",
        "changes the ranking of the top models",
        "avoids most of the timeouts",
        "doubles the cost of each request",
    ],
    "PLAN": [
        "publish the full evaluation data",
        "open the model to academic researchers",
        "retire the older versions",
        "add stricter identity checks",
        "lower the price for small developers",
        "release a smaller open model",
        "share incident data with the regulator",
    ],
    "FUTURE": [
        "by the end of the year",
        "within six months",
        "before the next release",
        "in the coming weeks",
        "next spring",
        "once the review is finished",
    ],
    "EXAMPLE": [
        "the exploit written for a ten-year-old bug",
        "the agent that deleted its own test files",
        "a chatbot that invented a refund policy",
        "the translation of a medical leaflet",
        "the summary that dropped a key caveat",
        "a code review that missed an obvious injection",
    ],
    "VPRES": ["handles", "struggles with", "solves", "explains", "automates", "speeds up", "often fails at"],
    "TASK": [
        "long refactoring jobs",
        "multi-step web research",
        "contract review",
        "routine support tickets",
        "data cleaning",
        "unit test generation",
        "translation of technical manuals",
        "the hardest maths problems",
    ],
    "MANNER": [
        "well",
        "reliably",
        "only with careful prompting",
        "better than most human testers",
        "at a fraction of the cost",
        "when it is given enough time",
        "about as well as the previous model",
    ],
    "LESSON": [
        "benchmarks age quickly",
        "access matters as much as capability",
        "safety claims need outside checks",
        "cost drives adoption more than quality",
        "small details in the setup decide the outcome",
        "documentation is part of the product",
    ],
    "TOPIC": [
        "the delay",
        "the pricing",
        "the missing data",
        "the safety results",
        "the leak",
        "the new license",
        "the energy figures",
    ],
    "BIGNUM": ["two thousand", "ten thousand", "forty thousand", "a million"],
    "PRICE": ["$3", "$1.50", "$12", "$0.40"],
    "WHATCHANGED": [
        "the evaluation suite",
        "the way results are reported",
        "the pricing",
        "who gets access",
        "the tone of the announcement",
        "the amount of compute",
    ],
}
EN_TEMPLATES = [
    "{ORG} {VPAST} {DOC} {WHEN}.",
    "According to {DOC}, {FINDING}.",
    "{CONN}, {ORG} says that {FINDING}.",
    "This matters because {FINDING}.",
    "{MODEL} scored {PCT} on {BENCH}, up from {PCT_LOW} a year ago.",
    "Critics argue that {DOC} does too little to {GOAL}.",
    "In practice, {FINDING}, which {CONSEQ}.",
    "{ORG} has not said whether {MODEL} will be {AVAIL}.",
    "{DOC} was {VPAST} by {ORG} {WHEN}.",
    "One {ROLE} described {DOC} as {JUDGE}.",
    "If {FINDING}, {CONSEQ2}.",
    "{ROLES} believe that {FINDING}, but {CONTRA}.",
    "The report lists {NUM} {THINGS}, from {THING} to {THING}.",
    "Setting `{CODE}` to {VAL} {EFFECT}.",
    "{ORG} plans to {PLAN} {FUTURE}.",
    "The {ROLE} who led the work said that {FINDING}.",
    "{CONN}, {DOC} admits that {FINDING}.",
    "Nobody outside {ORG} has checked whether {FINDING}.",
    "The clearest example is {EXAMPLE}.",
    "{MODEL} {VPRES} {TASK} {MANNER}.",
    "For {ROLES_LOW}, the lesson is that {LESSON}.",
    "The numbers look better than they are, because {FINDING}.",
    "Asked about {TOPIC}, {ORG} pointed to {DOC}.",
    "{ORG} expects to {PLAN} {FUTURE}, although {CONTRA}.",
    "What changed is not the model but {WHATCHANGED}.",
    "{ORG} declined to comment on {TOPIC}.",
    "The first version of {DOC} appeared {WHEN}, with little explanation.",
    "Most of the attention went to {MODEL}, not to {DOC}.",
    "Independent testers found that {FINDING}.",
    "That is a claim worth checking, since {FINDING}.",
    "A spokesperson for {ORG} said the figures were preliminary.",
    "{ROLES} have long warned that {FINDING}.",
    "The study covered {NUM} countries and more than {BIGNUM} users.",
    "Even the authors concede that {FINDING}.",
    "There is a simpler explanation: {FINDING}.",
    "Whether {MODEL} is safe enough to release is a separate question.",
    "{ORG} called the results {JUDGE}, which is fair as far as it goes.",
    "The change took effect {WHEN} and applies to all existing customers.",
    "{MODEL} costs about {PRICE} per million tokens, roughly half the previous price.",
    "One detail stands out: {FINDING}.",
    "{ORG} had promised to {PLAN} {FUTURE}, but has not done so.",
    "The appendix explains how {DOC} was prepared and who reviewed it.",
    "Until {ORG} publishes more data, {CONSEQ2}.",
    "Few readers will get past the summary, where {FINDING}.",
    "It is also unclear how {ORG} will enforce {DOC}.",
    "The {ROLES_LOW} we spoke to were divided on {TOPIC}.",
    "The strongest evidence comes from {EXAMPLE}.",
]
EN_HEADINGS = [
    "Why the release was delayed",
    "What the evaluations show",
    "The cost question",
    "Who gets access",
    "Reactions",
    "What comes next",
    "Open questions",
    "The policy angle",
    "Methods and caveats",
    "Background",
    "Security findings",
    "The numbers",
    "How the tests were run",
    "Limits of the study",
    "Industry response",
    "A closer look at the data",
]
EN_TITLES = [
    "The limits of the new system card",
    "What the latest evaluations do not say",
    "Open weights and closed questions",
    "A cautious release, explained",
    "Reading the red-team report",
]
EN_INSERT = [
    "indeed",
    "in practice",
    "as noted earlier",
    "so far",
    "arguably",
    "clearly",
    "now",
    "once again",
    "quietly",
    "for the most part",
    "according to insiders",
    "at least for now",
    "by most accounts",
]
EN_INSIDE = ["new", "very", "clearly", "in part", "as expected", "largely", "still", "often", "publicly", "also"]
EN_SYNONYMS = {
    "model": "system",
    "models": "systems",
    "new": "latest",
    "says": "argues",
    "said": "noted",
    "published": "released",
    "revised": "amended",
    "report": "paper",
    "company": "firm",
    "users": "customers",
    "results": "findings",
    "costs": "prices",
    "rules": "regulations",
    "often": "frequently",
    "rarely": "seldom",
    "harder": "tougher",
    "shrink": "narrow",
    "small": "modest",
    "smaller": "leaner",
    "sharply": "steeply",
    "heavily": "strongly",
    "widely": "greatly",
    "unclear": "uncertain",
    "reward": "favour",
    "moving": "shifting",
    "cheaper": "lower-cost",
    "carry": "bear",
    "problem": "issue",
    "issues": "problems",
    "tools": "products",
    "questions": "queries",
    "data": "material",
    "cases": "examples",
    "miss": "overlook",
    "help": "assist",
    "checked": "verified",
    "lists": "names",
    "matters": "counts",
    "delayed": "postponed",
    "tested": "evaluated",
    "expanded": "extended",
    "criticised": "attacked",
    "defended": "justified",
    "announced": "unveiled",
    "week": "month",
    "careful": "cautious",
    "clearest": "best",
    "lesson": "takeaway",
    "changed": "altered",
    "plans": "intends",
    "expects": "hopes",
    "believe": "think",
    "argue": "contend",
    "policy": "rules",
    "warnings": "alerts",
    "errors": "mistakes",
    "quickly": "fast",
    "outside": "beyond",
    "work": "project",
    "about": "around",
    "almost": "nearly",
    "also": "too",
    "although": "though",
    "analysts": "observers",
    "announcement": "launch",
    "answers": "replies",
    "appeared": "came out",
    "applies": "extends",
    "asked": "questioned",
    "assessment": "review",
    "attention": "interest",
    "authors": "writers",
    "available": "offered",
    "average": "typical",
    "badly": "severely",
    "because": "since",
    "benchmark": "test",
    "better": "stronger",
    "burden": "load",
    "called": "described",
    "carefully": "rigorously",
    "caution": "care",
    "cautious": "careful",
    "change": "shift",
    "checks": "controls",
    "claim": "assertion",
    "claims": "assertions",
    "companies": "firms",
    "completes": "finishes",
    "concede": "admit",
    "confident": "assured",
    "consulted": "asked",
    "countries": "nations",
    "covered": "spanned",
    "critics": "sceptics",
    "current": "present",
    "customers": "clients",
    "cuts": "reductions",
    "decide": "determine",
    "declined": "refused",
    "delay": "postponement",
    "demand": "appetite",
    "depend": "rely",
    "described": "called",
    "deserve": "warrant",
    "detail": "point",
    "detailed": "thorough",
    "developers": "programmers",
    "different": "distinct",
    "disclosure": "announcement",
    "divided": "split",
    "document": "text",
    "documentation": "the manual",
    "doubles": "raises",
    "draft": "proposed",
    "dropped": "fallen",
    "earlier": "previous",
    "effect": "force",
    "engineers": "developers",
    "enough": "sufficient",
    "error": "failure",
    "evidence": "proof",
    "example": "case",
    "existing": "current",
    "expected": "forecast",
    "experts": "specialists",
    "explain": "justify",
    "explains": "accounts for",
    "explanation": "account",
    "failures": "errors",
    "fair": "reasonable",
    "falling": "dropping",
    "faster": "more quickly",
    "feel": "notice",
    "fewer": "less",
    "figures": "numbers",
    "first": "initial",
    "found": "showed",
    "full": "complete",
    "gains": "improvements",
    "generated": "produced",
    "given": "allowed",
    "graders": "scorers",
    "groups": "teams",
    "guidelines": "rules",
    "half": "fifty percent",
    "hard": "difficult",
    "hardest": "toughest",
    "headline": "main",
    "higher": "larger",
    "highest": "greatest",
    "hospitals": "clinics",
    "however": "still",
    "human": "manual",
    "incident": "event",
    "incomplete": "partial",
    "independent": "outside",
    "industry": "sector",
    "internal": "in-house",
    "jobs": "tasks",
    "joint": "shared",
    "jump": "rise",
    "keep": "retain",
    "known": "documented",
    "labs": "companies",
    "language": "tongue",
    "languages": "tongues",
    "last": "previous",
    "launch": "release",
    "leading": "top",
    "leak": "breach",
    "leave": "keep",
    "leaves": "keeps",
    "legitimate": "valid",
    "license": "licence",
    "limit": "curb",
    "limitations": "limits",
    "long": "lengthy",
    "longer": "bigger",
    "look": "appear",
    "lower": "cut",
    "makes": "renders",
    "measured": "quantified",
    "medical": "clinical",
    "mentioned": "noted",
    "misleading": "deceptive",
    "missing": "absent",
    "misuse": "abuse",
    "months": "weeks",
    "most": "the majority of",
    "much": "greatly",
    "need": "require",
    "needed": "required",
    "numbers": "figures",
    "obvious": "clear",
    "offered": "provided",
    "older": "earlier",
    "only": "just",
    "others": "other groups",
    "output": "text",
    "past": "beyond",
    "pieces": "parts",
    "pointed": "referred",
    "practice": "reality",
    "preliminary": "provisional",
    "premium": "top",
    "prepared": "written",
    "pressure": "demands",
    "prevent": "stop",
    "previous": "prior",
    "price": "cost",
    "pricing": "prices",
    "privacy": "confidentiality",
    "promised": "pledged",
    "protect": "shield",
    "prove": "show",
    "providers": "vendors",
    "publish": "release",
    "quality": "standard",
    "question": "issue",
    "quietly": "silently",
    "read": "look at",
    "readers": "people",
    "recent": "latest",
    "reduced": "lowered",
    "refuses": "rejects",
    "release": "launch",
    "released": "launched",
    "reliably": "consistently",
    "remain": "stay",
    "removed": "stripped",
    "reported": "disclosed",
    "reproduce": "replicate",
    "reproduced": "replicated",
    "requests": "prompts",
    "research": "study",
    "researchers": "scientists",
    "review": "audit",
    "reviewed": "checked",
    "reviewers": "raters",
    "rising": "growing",
    "risk": "danger",
    "risks": "dangers",
    "risky": "dangerous",
    "roughly": "about",
    "routine": "ordinary",
    "safe": "secure",
    "safeguards": "protections",
    "same": "identical",
    "sample": "dataset",
    "scored": "reached",
    "scores": "marks",
    "separate": "distinct",
    "several": "some",
    "severe": "serious",
    "share": "pass on",
    "shared": "circulated",
    "short": "brief",
    "simpler": "easier",
    "slowly": "gradually",
    "spoke": "talked",
    "spokesperson": "representative",
    "stands": "sticks",
    "step": "move",
    "stricter": "tougher",
    "strongest": "best",
    "struggles": "copes poorly",
    "study": "survey",
    "summary": "overview",
    "support": "help",
    "surprisingly": "unexpectedly",
    "tasks": "jobs",
    "teams": "groups",
    "technical": "engineering",
    "test": "exam",
    "testers": "evaluators",
    "testing": "evaluation",
    "tests": "exams",
    "time": "moment",
    "tool": "utility",
    "trust": "rely on",
    "unusually": "remarkably",
    "updated": "refreshed",
    "used": "needed",
    "user": "customer",
    "version": "release",
    "versions": "releases",
    "very": "highly",
    "warned": "cautioned",
    "weeks": "days",
    "went": "flowed",
    "whether": "if",
    "within": "inside",
    "without": "with no",
    "working": "functional",
    "worries": "concerns",
    "written": "produced",
    "wrong": "incorrect",
}
JA_POOLS: dict[str, list[str]] = {
    "ORG": [
        "Anthropic",
        "OpenAI",
        "Google DeepMind",
        "Meta",
        "欧州委員会",
        "英国AI安全研究所",
        "経済産業省",
        "総務省",
        "同社",
        "研究チーム",
        "開発元",
        "複数の大学の研究者",
        "国内の通信大手",
        "東京のスタートアップ",
        "業界団体",
        "出版社の連合",
    ],
    "MODEL": [
        "新しいモデル",
        "同モデル",
        "主力モデル",
        "小型モデル",
        "推論モデル",
        "オープンウェイト版",
        "基盤モデル",
        "微調整版",
        "コーディング支援エージェント",
        "前世代のモデル",
    ],
    "DOC": [
        "システムカード",
        "評価スイート",
        "学習データの概要",
        "ベンチマーク結果",
        "安全性の枠組み",
        "レッドチーム報告書",
        "展開方針",
        "技術報告書",
        "利用ガイドライン",
        "新しいライセンス",
        "監査ログ",
        "インシデント報告",
        "価格表",
        "透明性レポート",
        "行動規範の草案",
        "リスク評価書",
    ],
    "VPAST": [
        "公開した",
        "改訂した",
        "撤回した",
        "拡充した",
        "批判した",
        "擁護した",
        "検証した",
        "発表した",
        "見直した",
        "延期した",
        "取りまとめた",
        "ひそかに変更した",
        "書き直した",
        "共有した",
    ],
    "WHEN": [
        "先週",
        "火曜日に",
        "数か月の試験を経て",
        "予告なしに",
        "短いブログ記事で",
        "サミットに先立ち",
        "顧客からの要望を受けて",
        "初めて",
        "今年初めに",
        "共同声明で",
        "金曜日の夜に",
        "期限の2日前に",
        "記者会見で",
    ],
    "FINDING": [
        "難しい課題ほど改善の幅は小さくなる",
        "失敗の多くは推論ではなくツールの呼び出しで起きている",
        "無害に見える断片に分けた依頼を分類器は見逃しやすい",
        "推論コストは性能の向上よりも速く下がっている",
        "小型モデルは1年ほどで追いついてくる",
        "このベンチマークではもはや上位のシステムを区別できない",
        "人間の評価者の判断が3割近くの事例で食い違っている",
        "長い文脈を扱えても多段階の計画は上手にならない",
        "正当な質問を拒否する割合は以前より減っている",
        "公開モデルはダウンロード数に比べて監査される機会がはるかに少ない",
        "微調整に使うデータの大半はすでに合成データになっている",
        "数時間の微調整で安全対策を外せてしまう",
        "1回の問い合わせあたりの消費電力は昨年から大きく減った",
        "利用者は危険な操作の前に出る警告をほとんど読まない",
        "エージェントは定型的な依頼はこなすが曖昧な依頼では止まってしまう",
        "評価結果はプロンプトの書式に大きく左右される",
        "既知の脆弱性に対しては動作する攻撃コードを書けてしまう",
        "スコアの急上昇の一部はデータの混入で説明できる",
        "翻訳の品質は言語の組み合わせによって大きく異なる",
        "小規模な研究機関には最先端の学習に必要な計算資源を賄えない",
        "ライセンスの条件では商用利用の可否がはっきりしない",
        "自動採点は自信満々の誤答を高く評価してしまう",
        "試験されていると判断したときにモデルの振る舞いが変わる",
        "半導体の輸出規制で遅れた計画もあればそうでない計画もある",
        "新しい規則は一定の計算量を超えるモデルにだけ適用される",
        "企業はより安い事業者へ処理を移しつつある",
        "セキュリティの負担の大半をボランティアの保守担当者が背負っている",
        "今回の学習には前回の3倍の計算量が使われた",
        "アシスタントを使って書かれた提出物が増えていると教員は感じている",
        "深刻な問題の数は以前の検証よりも少なかった",
        "病院は事務作業に限ってツールを試している",
        "最近の出来事に関する質問で誤りの率が最も高い",
        "開発者は生成されたコードを必要以上に信頼している",
        "問題が報告されてから開示までに数週間かかった",
        "地方の言語は学習データの中でいまだに極端に少ない",
        "値下げをしても上位プランの需要は減っていない",
        "電子透かしは軽い編集には耐えるが言い換えには耐えられない",
        "主張のいくつかは再現できなかった",
        "政策担当のチームは公開前に相談を受けていなかった",
        "公共部門での導入は予想よりも遅れている",
    ],
    "CONN": [
        "しかし",
        "一方で",
        "それでも",
        "実際",
        "これに対して",
        "同時に",
        "現時点では",
        "とはいえ",
        "さらに重要なことに",
    ],
    "BENCH": [
        "SWE-bench Verified",
        "GPQA",
        "社内のコーディング試験",
        "新しいエージェント評価",
        "HumanEval",
        "サイバー演習の課題",
        "MMLU-Pro",
        "長文読解テスト",
    ],
    "PCT": ["38", "41", "47", "52", "58", "63", "67", "71", "74", "79", "82", "88", "93"],
    "PCT_LOW": ["12", "17", "21", "24", "29", "33"],
    "GOAL": [
        "利用者を守る",
        "悪用を防ぐ",
        "判断の根拠を説明する",
        "重みの拡散を抑える",
        "規制当局を納得させる",
        "既知の弱点に対処する",
        "小規模な開発者を市場に残す",
    ],
    "CONSEQ": [
        "見出しの数字は誤解を招きやすい",
        "慎重な展開になったのも理解できる",
        "発表ではほとんど触れられていない",
        "セキュリティ研究者は懸念を強めている",
        "平均点よりもこちらの方が重要だ",
        "結果の読み方が変わってくる",
        "限界を見極める作業は利用者に委ねられている",
        "それでも導入は止まっていない",
    ],
    "CONSEQ2": [
        "現在の試験方法は見直しを迫られるだろう",
        "見出しの主張はもっと慎重に受け止めるべきだ",
        "最初に影響を受けるのは小さなチームだろう",
        "価格は再び変わるはずだ",
        "規制当局はより厳しい質問を投げかけるだろう",
        "次のリリースは大きく異なるものになるだろう",
    ],
    "AVAIL": [
        "欧州で提供する",
        "セキュリティ企業に限定して提供する",
        "重みを公開する形で出す",
        "クラウド経由で販売する",
        "順番待ちの仕組みで提供する",
        "従来と同じ価格で提供する",
    ],
    "ROLE": [
        "研究者",
        "アナリスト",
        "エンジニア",
        "元社員",
        "政策顧問",
        "セキュリティ専門家",
        "査読者",
        "投資家",
        "保守担当者",
        "弁護士",
    ],
    "ROLES": [
        "研究者たち",
        "アナリストの多く",
        "エンジニアたち",
        "セキュリティの専門家",
        "政策顧問たち",
        "一部の査読者",
        "複数の投資家",
        "オープンソースの保守担当者",
    ],
    "JUDGE": [
        "慎重だが不完全",
        "正しい方向への一歩",
        "科学というより宣伝",
        "この種の文書で最も詳しい",
        "検証が難しい",
        "驚くほど率直",
        "他社が手本にする文書",
    ],
    "CONTRA": [
        "それを裏付けるデータは公開されていない",
        "別の調査ではそうした傾向は見られない",
        "標本は小さい",
        "新しい課題では効果が消える",
        "同社はその解釈に異を唱えている",
        "誰もきちんと測定していない",
    ],
    "NUM": ["三", "四", "五", "六", "七", "九"],
    "THINGS": ["未解決の論点", "既知のリスク", "失敗の類型", "提言", "限界", "約束", "課題"],
    "THING": [
        "データの出所",
        "モデルの自律性",
        "アクセス管理",
        "インシデントの報告",
        "評価の抜け穴",
        "電力消費",
        "第三者による監査",
        "利用者のプライバシー",
        "出力の偏り",
        "計算量の基準",
    ],
    "CODE": EN_POOLS["CODE"],
    "VAL": ["0", "1", "高い値", "0.2", "4096", "既定値", "false", "true"],
    "EFFECT": [
        "出力が目に見えて単調になる",
        "短いプロンプトでの待ち時間が半分になる",
        "追加の安全チェックが無効になる",
        "報告されたスコアを再現できる",
        "上位モデルの順位が入れ替わる",
        "タイムアウトのほとんどを避けられる",
        "1回あたりの費用が倍になる",
    ],
    "PLAN": [
        "評価データをすべて公開する",
        "学術研究者にモデルを開放する",
        "古い版の提供を終える",
        "本人確認を厳しくする",
        "小規模な開発者向けに値下げする",
        "小型の公開モデルを出す",
        "規制当局とインシデント情報を共有する",
    ],
    "FUTURE": ["年末までに", "半年以内に", "次のリリースまでに", "数週間のうちに", "来春までに", "審査が終わりしだい"],
    "EXAMPLE": [
        "10年前のバグに対して書かれた攻撃コード",
        "自分のテストファイルを削除したエージェント",
        "存在しない返金規定をでっち上げたチャットボット",
        "医療用リーフレットの翻訳",
        "重要な注意書きを落とした要約",
        "明白なインジェクションを見逃したコードレビュー",
    ],
    "TASK": [
        "長いリファクタリング作業",
        "多段階のウェブ調査",
        "契約書の確認",
        "定型的な問い合わせ対応",
        "データの整形",
        "単体テストの作成",
        "技術マニュアルの翻訳",
        "最難関の数学の問題",
    ],
    "MANNER": [
        "うまく",
        "安定して",
        "丁寧に指示すれば",
        "多くの人間の試験者よりも上手に",
        "わずかな費用で",
        "時間をかければ",
        "前のモデルと同じくらいに",
    ],
    "LESSON": [
        "ベンチマークはすぐに古くなる",
        "能力と同じくらい利用できる範囲が重要だ",
        "安全性の主張には外部の検証が必要だ",
        "普及を左右するのは品質よりも費用だ",
        "設定の細部が結果を決める",
        "文書も製品の一部だ",
    ],
    "TOPIC": [
        "延期",
        "価格",
        "公開されていないデータ",
        "安全性の結果",
        "情報流出",
        "新しいライセンス",
        "電力消費の数字",
    ],
    "BIGNUM": ["2000", "1万", "4万", "100万"],
    "PRICE": ["3ドル", "1.5ドル", "12ドル", "0.4ドル"],
    "WHATCHANGED": ["評価スイート", "結果の報告の仕方", "価格", "利用できる人の範囲", "発表の語り口", "計算量"],
}
JA_TEMPLATES = [
    "{ORG}は{WHEN}、{DOC}を{VPAST}。",
    "{DOC}によれば、{FINDING}という。",
    "{CONN}、{ORG}は{FINDING}と説明している。",
    "この点が重要なのは、{FINDING}からだ。",
    "{MODEL}は{BENCH}で{PCT}%を記録し、1年前の{PCT_LOW}%から大きく伸びた。",
    "批判的な{ROLE}は、{DOC}では{GOAL}には不十分だと指摘する。",
    "実際には{FINDING}ため、{CONSEQ}。",
    "{ORG}は、{MODEL}を{AVAIL}かどうかを明らかにしていない。",
    "{DOC}は、{ORG}が{WHEN}{VPAST}ものだ。",
    "ある{ROLE}は{DOC}を「{JUDGE}」と評した。",
    "もし{FINDING}のだとすれば、{CONSEQ2}。",
    "{ROLES}は{FINDING}と見ているが、{CONTRA}。",
    "報告書は{NUM}つの{THINGS}を挙げ、{THING}から{THING}まで幅広く扱っている。",
    "`{CODE}`を{VAL}にすると、{EFFECT}。",
    "{ORG}は{FUTURE}{PLAN}方針だ。",
    "研究を率いた{ROLE}は、{FINDING}と語った。",
    "{CONN}、{DOC}自体も{FINDING}ことを認めている。",
    "{FINDING}かどうかを、{ORG}の外部で確かめた人はいない。",
    "最もわかりやすい例は{EXAMPLE}だ。",
    "{MODEL}は{TASK}を{MANNER}こなす。",
    "{ROLES}にとっての教訓は、{LESSON}ということだ。",
    "数字が実態より良く見えるのは、{FINDING}からだ。",
    "{TOPIC}について問われると、{ORG}は{DOC}を示した。",
    "{ORG}は{FUTURE}{PLAN}考えだが、{CONTRA}。",
    "変わったのはモデルではなく、{WHATCHANGED}だ。",
    "{ORG}は{TOPIC}についてのコメントを控えた。",
    "{DOC}の初版は{WHEN}公開されたが、説明はほとんどなかった。",
    "注目を集めたのは{MODEL}で、{DOC}ではなかった。",
    "独立した検証者は、{FINDING}ことを確認した。",
    "{FINDING}以上、この主張は確かめる価値がある。",
    "{ORG}の広報担当者は、数字は暫定的なものだと述べた。",
    "{ROLES}は以前から、{FINDING}と警告してきた。",
    "調査は{NUM}か国、{BIGNUM}人以上の利用者を対象にした。",
    "著者自身も、{FINDING}ことを認めている。",
    "もっと単純な説明もある。{FINDING}のだ。",
    "{MODEL}を公開してよいほど安全かどうかは、別の問題だ。",
    "{ORG}は結果を「{JUDGE}」と呼んだが、その評価はおおむね妥当だ。",
    "この変更は{WHEN}発効し、既存の顧客すべてに適用される。",
    "{MODEL}の料金は100万トークンあたり約{PRICE}で、従来のおよそ半分だ。",
    "一つの点が目を引く。{FINDING}のだ。",
    "{ORG}は{FUTURE}{PLAN}と約束していたが、まだ実行していない。",
    "付録には、{DOC}の作成方法と確認した人が記されている。",
    "{ORG}がより多くのデータを公開するまでは、{CONSEQ2}。",
    "要約より先を読む人は少ないが、そこには{FINDING}と書かれている。",
    "{ORG}が{DOC}をどう運用するのかもはっきりしない。",
    "取材に応じた{ROLES}の間でも、{TOPIC}についての見方は分かれた。",
    "最も強い根拠は{EXAMPLE}から得られている。",
]
JA_HEADINGS = [
    "公開見送りの理由",
    "評価結果が示すもの",
    "費用の問題",
    "誰が使えるのか",
    "反応",
    "今後の見通し",
    "未解決の論点",
    "政策面から見ると",
    "手法と注意点",
    "背景",
    "セキュリティ上の発見",
    "数字で見る",
    "試験の進め方",
    "研究の限界",
    "業界の反応",
    "データを詳しく見る",
]
JA_TITLES = [
    "新しいシステムカードの限界",
    "最新の評価が語らないこと",
    "公開された重みと閉じた問い",
    "慎重な公開の理由",
    "レッドチーム報告書を読む",
]
JA_INSERT = [
    "大幅に",
    "さらに",
    "実際には",
    "改めて",
    "事実上",
    "少なくとも",
    "ようやく",
    "すでに",
    "おそらく",
    "明らかに",
    "今のところ",
    "関係者によれば、",
]
JA_INSIDE = ["大きく", "特に", "ほぼ", "まだ", "かなり", "すでに", "たびたび", "公に", "一部で"]
JA_SYNONYMS = {
    "公開": "公表",
    "発表": "公表",
    "評価": "検証",
    "企業": "会社",
    "研究者": "研究陣",
    "課題": "問題",
    "問題": "課題",
    "大きく": "大幅に",
    "減って": "低下して",
    "減った": "低下した",
    "指摘": "主張",
    "説明": "強調",
    "確認": "点検",
    "重要": "重大",
    "利用者": "ユーザー",
    "開発者": "開発陣",
    "方針": "計画",
    "規則": "ルール",
    "品質": "精度",
    "費用": "コスト",
    "価格": "料金",
    "試験": "テスト",
    "報告書": "レポート",
    "改訂": "更新",
    "撤回": "取り下げ",
    "延期": "先送り",
    "共有": "提供",
    "導入": "採用",
    "遅れて": "停滞して",
    "少ない": "乏しい",
    "小さく": "狭く",
    "速く": "急速に",
    "高い": "大きい",
    "難しい": "困難な",
    "明らか": "明確",
    "語った": "述べた",
    "示した": "挙げた",
    "認めて": "示して",
    "見て": "考えて",
    "守る": "保護する",
    "防ぐ": "抑止する",
    "最も": "特に",
    "詳しい": "詳細な",
    "失敗": "誤り",
    "多く": "大半",
    "改善": "向上",
    "幅": "度合い",
    "分類器": "判定器",
    "依頼": "要求",
    "断片": "部分",
    "性能": "能力",
    "向上": "改善",
    "追いついて": "迫って",
    "区別": "識別",
    "判断": "評定",
    "事例": "ケース",
    "文脈": "コンテキスト",
    "計画": "プラン",
    "質問": "問い",
    "拒否": "拒絶",
    "割合": "比率",
    "以前": "従来",
    "監査": "検査",
    "機会": "頻度",
    "大半": "多く",
    "合成": "人工",
    "安全対策": "安全策",
    "外せて": "解除できて",
    "消費電力": "電力消費",
    "警告": "注意書き",
    "危険": "リスクの高い",
    "定型的": "決まりきった",
    "曖昧": "あいまい",
    "書式": "形式",
    "左右": "影響",
    "脆弱性": "弱点",
    "攻撃": "悪用",
    "急上昇": "急伸",
    "混入": "汚染",
    "翻訳": "訳",
    "品質は": "質は",
    "組み合わせ": "組合せ",
    "研究機関": "研究所",
    "最先端": "先端",
    "計算資源": "計算能力",
    "条件": "規定",
    "商用利用": "商業利用",
    "自動採点": "自動評価",
    "誤答": "誤った回答",
    "振る舞い": "挙動",
    "輸出規制": "輸出管理",
    "適用": "適用対象と",
    "事業者": "業者",
    "負担": "重荷",
    "保守担当者": "メンテナー",
    "提出物": "課題の提出",
    "教員": "教師",
    "深刻": "重大",
    "病院": "医療機関",
    "事務作業": "事務処理",
    "出来事": "ニュース",
    "信頼": "信用",
    "開示": "公表",
    "地方": "地域",
    "極端": "非常",
    "値下げ": "価格引き下げ",
    "需要": "ニーズ",
    "電子透かし": "透かし",
    "編集": "修正",
    "言い換え": "書き換え",
    "主張": "見解",
    "再現": "追試",
    "政策": "施策",
    "相談": "打診",
    "公共部門": "行政",
    "予想": "想定",
    "慎重": "控えめ",
    "不完全": "不十分",
    "宣伝": "広告",
    "率直": "正直",
    "手本": "模範",
    "標本": "サンプル",
    "測定": "計測",
    "未解決": "未決着",
    "論点": "争点",
    "提言": "提案",
    "約束": "公約",
    "出所": "由来",
    "自律性": "自律度",
    "管理": "統制",
    "抜け穴": "穴",
    "第三者": "外部",
    "偏り": "バイアス",
    "基準": "しきい値",
    "単調": "平板",
    "待ち時間": "遅延",
    "無効": "オフ",
    "順位": "ランキング",
    "本人確認": "身元確認",
    "古い版": "旧版",
    "開放": "提供",
    "厳しく": "厳格に",
    "広報担当者": "報道担当者",
    "暫定的": "仮",
    "警告して": "注意を促して",
    "調査": "研究",
    "対象": "相手",
    "著者": "執筆者",
    "単純": "簡単",
    "安全": "無害",
    "別の": "異なる",
    "結果": "成果",
    "妥当": "適切",
    "変更": "改定",
    "発効": "施行",
    "顧客": "利用企業",
    "料金": "価格",
    "半分": "2分の1",
    "目を引く": "注目される",
    "実行": "実施",
    "付録": "補遺",
    "作成": "準備",
    "方法": "手順",
    "記されて": "書かれて",
    "データ": "情報",
    "運用": "執行",
    "取材": "インタビュー",
    "見方": "意見",
    "分かれた": "割れた",
    "根拠": "証拠",
    "得られて": "示されて",
    "注目": "関心",
    "検証者": "評価者",
    "確かめる": "検証する",
    "価値": "意味",
    "数字": "数値",
    "実態": "現実",
    "教訓": "学び",
    "範囲": "対象",
    "外部": "社外",
    "人はいない": "者はいない",
    "幅広く": "広く",
    "扱って": "取り上げて",
    "挙げ": "示し",
}
JA_CONFUSIONS = {
    "評": "平",
    "価": "化",
    "公": "校",
    "開": "会",
    "検": "験",
    "証": "正",
    "課": "過",
    "題": "大",
    "規": "既",
    "制": "製",
    "対": "体",
    "象": "将",
    "機": "期",
    "会": "回",
    "保": "補",
    "障": "証",
    "示": "指",
    "減": "原",
    "計": "軽",
    "算": "参",
    "報": "方",
    "告": "国",
    "料": "量",
    "性": "生",
    "発": "初",
    "表": "評",
    "費": "比",
    "用": "要",
    "結": "決",
    "果": "化",
    "学": "額",
    "習": "集",
}

CODE_MARK = re.compile(r"`([^`]+)`")
_SLOT = re.compile(r"\{([A-Z_0-9]+)\}")


class Pools:
    """Slot fillers for one document: big slots without replacement (refilled when used up)."""

    BIG = {"THING", "FINDING", "CONSEQ", "CONSEQ2", "EFFECT", "PLAN", "EXAMPLE", "LESSON", "CONTRA", "JUDGE", "TASK"}

    def __init__(self, rng: random.Random, lang: str) -> None:
        self.rng = rng
        self.pools = EN_POOLS if lang == "en" else JA_POOLS
        self.templates = EN_TEMPLATES if lang == "en" else JA_TEMPLATES
        self.left: dict[str, list[str]] = {}

    def draw(self, key: str) -> str:
        if key == "ROLES_LOW":
            return self.draw("ROLES").lower()
        if key not in self.BIG and key != "TEMPLATE":
            return self.rng.choice(self.pools[key])
        if not self.left.get(key):
            items = list(self.templates if key == "TEMPLATE" else self.pools[key])
            self.rng.shuffle(items)
            self.left[key] = items
        return self.left[key].pop()

    def sentence(self) -> str:
        template = self.draw("TEMPLATE")
        text = _SLOT.sub(lambda m: self.draw(m.group(1)), template)
        return text[0].upper() + text[1:]


# --------------------------------------------------------------------------------------------
# The document model: words (English) or phrase chunks (Japanese) with ids.
# --------------------------------------------------------------------------------------------


class Tok(NamedTuple):
    id: int  # -1: added by an edit
    text: str
    code: bool = False


@dataclass
class Sent:
    toks: list[Tok]
    fmt: list[tuple[int, int, str]]  # [i, j) over toks: "em", "strong", "link"

    def copy(self) -> Sent:
        return Sent(list(self.toks), list(self.fmt))

    def insert(self, at: int, toks: list[Tok]) -> None:
        n = len(toks)
        self.toks[at:at] = toks
        self.fmt = [(i + n if at <= i else i, j + n if at < j else j, k) for i, j, k in self.fmt]

    def delete(self, a: int, b: int) -> None:
        del self.toks[a:b]

        def moved(x: int) -> int:
            return x if x <= a else (a if x <= b else x - (b - a))

        self.fmt = [(moved(i), moved(j), k) for i, j, k in self.fmt if moved(i) < moved(j)]


@dataclass
class Para:
    sents: list[Sent]
    style: tuple[str, int, int, bool]  # (mode, width, seed, extra whitespace)

    def copy(self) -> Para:
        return Para([s.copy() for s in self.sents], self.style)


@dataclass
class Heading:
    level: int
    text: str

    def copy(self) -> Heading:
        return self


@dataclass
class Doc:
    lang: str
    title: str
    blocks: list[Para | Heading]

    def copy(self) -> Doc:
        return Doc(self.lang, self.title, [b.copy() for b in self.blocks])

    @property
    def sep(self) -> str:
        return " " if self.lang == "en" else ""

    def paras(self) -> list[int]:
        return [b for b, block in enumerate(self.blocks) if isinstance(block, Para)]

    def para(self, b: int) -> Para:
        block = self.blocks[b]
        assert isinstance(block, Para)
        return block


_JA_CLASS_PUNCT = set("、。」』）)")
_JA_OPEN = set("「『（(")


def _ja_class(ch: str) -> str:
    if "\u3040" <= ch <= "\u309f":
        return "hira"
    if ch in _JA_CLASS_PUNCT:
        return "close"
    if ch in _JA_OPEN:
        return "open"
    return "content"  # kanji, katakana, Latin, digits


def ja_chunks(text: str) -> list[str]:
    """Japanese text in phrase-like chunks: content characters and the kana and punctuation after them."""
    chunks: list[str] = []
    cur = ""
    prev = ""
    for ch in text:
        k = _ja_class(ch)
        if cur and (k == "open" or (k == "content" and prev in ("hira", "close")) or (k == "hira" and prev == "close")):
            chunks.append(cur)
            cur = ""
        cur += ch
        prev = k
    if cur:
        chunks.append(cur)
    return chunks


def _edge_ok(text: str) -> bool:
    return text[0].isalnum() and text[-1].isalnum()


def tokens(text: str, lang: str, ids: list[int]) -> list[Tok]:
    """A sentence as tokens (`code` spans become code tokens); ``ids`` supplies fresh ids (-1 if empty)."""

    def new_id() -> int:
        if not ids:
            return -1
        ids[0] += 1
        return ids[0]

    out: list[Tok] = []
    if lang == "en":
        for word in text.split():
            m = CODE_MARK.fullmatch(word)
            out.append(Tok(new_id(), m.group(1), True) if m else Tok(new_id(), word))
        return out
    for n, part in enumerate(CODE_MARK.split(text)):
        if n % 2:
            out.append(Tok(new_id(), part, True))
        elif part:
            out.extend(Tok(new_id(), c) for c in ja_chunks(part))
    return out


def add_format(sent: Sent, rng: random.Random, kind: str, lo: int, hi: int, force: bool = False) -> bool:
    """A formatting span over toks[lo:hi] (trimmed to edges markup can take); ``force`` drops spans in the way."""
    while lo < hi and (sent.toks[lo].code or not _edge_ok(sent.toks[lo].text)):
        lo += 1
    while hi > lo and (sent.toks[hi - 1].code or not _edge_ok(sent.toks[hi - 1].text)):
        hi -= 1
    if lo >= hi or any(t.code for t in sent.toks[lo:hi]):
        return False
    clash = [f for f in sent.fmt if f[0] <= hi and lo <= f[1]]  # overlapping or touching
    if clash and not force:
        return False
    sent.fmt = [f for f in sent.fmt if f not in clash] + [(lo, hi, kind)]
    return True


def make_sentence(pools: Pools, rng: random.Random, lang: str, ids: list[int]) -> Sent:
    sent = Sent(tokens(pools.sentence(), lang, ids), [])
    n = len(sent.toks)
    for kind, p, longest in (("em", 0.15, 2), ("strong", 0.12, 3), ("link", 0.1, 4)):
        if rng.random() < p:
            at = rng.randrange(n)
            add_format(sent, rng, kind, at, min(n, at + rng.randint(1, longest)))
    return sent


def para_style(rng: random.Random, lang: str) -> tuple[str, int, int, bool]:
    if lang == "en":
        mode = rng.choice(["line", "wrap", "wrap"])
        return (mode, rng.randint(60, 90), rng.randrange(1 << 30), False)
    mode = rng.choice(["line", "line", "sentence", "sentence", "wrap"])
    return (mode, rng.randint(28, 45), rng.randrange(1 << 30), False)


def make_doc(rng: random.Random, lang: str) -> Doc:
    pools = Pools(rng, lang)
    ids = [0]
    headings = list(EN_HEADINGS if lang == "en" else JA_HEADINGS)
    rng.shuffle(headings)
    blocks: list[Para | Heading] = []
    for section in range(rng.randint(4, 5)):
        blocks.append(Heading(rng.choice([2, 2, 2, 3]) if section else 2, headings[section]))
        for _ in range(rng.randint(2, 3)):
            sents = [make_sentence(pools, rng, lang, ids) for _ in range(rng.randint(2, 4))]
            blocks.append(Para(sents, para_style(rng, lang)))
    title = rng.choice(EN_TITLES if lang == "en" else JA_TITLES)
    return Doc(lang, title, blocks)


# --------------------------------------------------------------------------------------------
# Rendering: Markdown for the pipeline, and the plain text of the model with word positions.
# --------------------------------------------------------------------------------------------

_NO_LINE_START = set("0123456789-+#>=|~")


def _pieces(sent: Sent, link_no: list[int]) -> list[str]:
    opens: dict[int, list[str]] = defaultdict(list)
    closes: dict[int, list[str]] = defaultdict(list)
    for i, j, kind in sent.fmt:
        if kind == "link":
            link_no[0] += 1
            opens[i].append("[")
            closes[j - 1].append(f"](https://example.org/r/{link_no[0]})")
        else:
            mark = "*" if kind == "em" else "**"
            opens[i].append(mark)
            closes[j - 1].append(mark)
    out = []
    for k, tok in enumerate(sent.toks):
        text = f"`{tok.text}`" if tok.code else tok.text
        out.append("".join(opens[k]) + text + "".join(closes[k]))
    return out


def para_markdown(para: Para, lang: str, link_no: list[int]) -> str:
    mode, width, seed, extra = para.style
    rng = random.Random(seed)
    pieces: list[str] = []
    sent_end: set[int] = set()
    for sent in para.sents:
        pieces.extend(_pieces(sent, link_no))
        sent_end.add(len(pieces) - 1)
    out = [pieces[0]]
    line = len(pieces[0])
    for k in range(1, len(pieces)):
        piece = pieces[k]
        can_break = piece[0] not in _NO_LINE_START
        if mode == "sentence":
            brk = can_break and k - 1 in sent_end
        elif mode == "wrap":
            brk = can_break and line + len(piece) + 1 > width
        else:
            brk = False
        if extra and can_break and rng.random() < 0.08:
            brk = not brk if mode != "sentence" else True
        if brk:
            out.append(("  " if extra and rng.random() < 0.3 else "") + "\n" + piece)
            line = len(piece)
        else:
            gap = " " if lang == "en" else ""
            if extra and lang == "en" and rng.random() < 0.1:
                gap = "  "
            out.append(gap + piece)
            line += len(gap) + len(piece)
    return "".join(out)


def markdown(doc: Doc) -> str:
    link_no = [0]
    parts = [f"# {doc.title}"]
    for block in doc.blocks:
        if isinstance(block, Heading):
            parts.append("#" * block.level + " " + block.text)
        else:
            parts.append(para_markdown(block, doc.lang, link_no))
    return "\n\n".join(parts) + "\n"


def plain(doc: Doc) -> tuple[str, dict[int, tuple[int, int]]]:
    """The text a reader sees, as the model says, and each word's span in it."""
    out: list[str] = []
    where: dict[int, tuple[int, int]] = {}
    size = 0
    sep = doc.sep
    for block in doc.blocks:
        if out:
            out.append("\n")
            size += 1
        if isinstance(block, Heading):
            out.append(block.text)
            size += len(block.text)
            continue
        first = True
        for sent in block.sents:
            for tok in sent.toks:
                if not first and sep:
                    out.append(sep)
                    size += len(sep)
                first = False
                where[tok.id] = (size, size + len(tok.text))
                out.append(tok.text)
                size += len(tok.text)
    return "".join(out), where


_PARSER = None


def rendered(source: str) -> str:
    """The document's text as gloss builds it (gloss.build.parse.parse_doc with take_title, text_map)."""
    global _PARSER
    if _PARSER is None:
        _PARSER = make_parser(allow_html=False, base_path="/")
    env = {"source_lines": source.split("\n"), "line_offset": 0}
    groups = list(_groups(_PARSER.parse(source, env)))
    if groups and groups[0][0].type == "heading_open" and groups[0][0].tag == "h1":
        groups = groups[1:]
    return text_map(groups).text


@dataclass
class Built:
    doc: Doc
    source: str
    text: Text  # the pipeline's text
    folded_at: dict[int, tuple[int, int]]  # word id -> folded span

    @cached_property
    def collapsed(self) -> tuple[str, list[int]]:
        """The text as the preview's helper reads it (see ``collapse``)."""
        return collapse(self.text.raw)


def build(doc: Doc) -> Built:
    source = markdown(doc)
    text = Text(rendered(source))
    model, where = plain(doc)
    mtext = Text(model)
    if mtext.folded != text.folded:
        at = next(
            (i for i, (a, b) in enumerate(zip(mtext.folded, text.folded, strict=False)) if a != b),
            min(len(mtext.folded), len(text.folded)),
        )
        raise AssertionError(
            f"model and pipeline text differ at {at}: {mtext.folded[at - 30 : at + 30]!r} vs "
            f"{text.folded[at - 30 : at + 30]!r}\n{source}"
        )
    folded_at = {i: (mtext.to_folded(s), mtext.to_folded(e)) for i, (s, e) in where.items() if i >= 0}
    return Built(doc, source, text, folded_at)


def truth_span(built: Built, passage: frozenset[int]) -> tuple[int, int] | None:
    spans = [built.folded_at[i] for i in passage if i in built.folded_at]
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)


# --------------------------------------------------------------------------------------------
# Quotes, as the preview's "Copy as note" helper (gloss/live/annotate.js) writes them.
# --------------------------------------------------------------------------------------------


def collapse(raw: str) -> tuple[str, list[int]]:
    out: list[str] = []
    where = [0] * (len(raw) + 1)
    pending = False
    size = 0
    for i, ch in enumerate(raw):
        if ch.isspace():
            if size:
                pending = True
            where[i] = size
            continue
        if pending:
            out.append(" ")
            size += 1
            pending = False
        where[i] = size
        out.append(ch)
        size += 1
    where[len(raw)] = size
    return "".join(out), where


def helper_context(text: str, start: int, end: int) -> tuple[str, str]:
    """The preview's "Copy as note" context (``gloss.text.quoting``, which annotate.js mirrors)."""
    return quote_context(text, start, end)


@dataclass(frozen=True)
class Quote:
    selector: Selector
    passage: frozenset[int]  # word ids
    shape: str  # phrase, clause, sentence, two-sentences, long+end, recurring
    span: tuple[int, int]  # folded, in the original


def _words(doc: Doc) -> list[tuple[int, int, int]]:
    """(block, sentence, token) of every word of every paragraph, in order."""
    return [(b, s, t) for b in doc.paras() for s, sent in enumerate(doc.para(b).sents) for t in range(len(sent.toks))]


def _selector_for(built: Built, first: int, last: int, shape: str) -> Selector:
    fs, _ = built.folded_at[first]
    _, fe = built.folded_at[last]
    rs, re_ = built.text.to_raw(fs, fe)
    ctext, where = built.collapsed
    cs, ce = where[rs], where[re_]
    if shape == "long+end":
        return Selector(ctext[cs:ce], end="")  # replaced by the caller
    prefix, suffix = helper_context(ctext, cs, ce)
    return Selector(ctext[cs:ce], prefix, suffix)


def make_quotes(built: Built, rng: random.Random, count: int, stats: Counter) -> list[Quote]:
    doc = built.doc
    quotes: list[Quote] = []
    seen: set[tuple[str, str, str, str]] = set()
    shapes = (
        ["phrase"] * 24
        + ["clause"] * 28
        + ["sentence"] * 20
        + ["two-sentences"] * 8
        + ["long+end"] * 8
        + ["recurring"] * 12
    )
    short = (3, 6) if doc.lang == "en" else (3, 5)
    clause = (7, 14) if doc.lang == "en" else (5, 9)
    recurring = _recurring(built)
    attempts = 0
    while len(quotes) < count and attempts < count * 20:
        attempts += 1
        shape = rng.choice(shapes)
        b = rng.choice(doc.paras())
        para = doc.para(b)
        s = rng.randrange(len(para.sents))
        sent = para.sents[s]
        if shape == "recurring":
            if not recurring:
                continue
            ids = rng.choice(recurring)
        elif shape in ("phrase", "clause"):
            lo, hi = short if shape == "phrase" else clause
            n = min(len(sent.toks), rng.randint(lo, hi))
            at = rng.randint(0, len(sent.toks) - n)
            ids = [t.id for t in sent.toks[at : at + n]]
        elif shape == "sentence":
            ids = [t.id for t in sent.toks]
        else:
            if s + 1 >= len(para.sents):
                continue
            ids = [t.id for t in sent.toks + para.sents[s + 1].toks]
        first, last = ids[0], ids[-1]
        selector = _selector_for(built, first, last, shape)
        if shape == "long+end":  # written by hand: the first and the last few words
            k, m = rng.randint(3, 6), rng.randint(2, 5)
            if len(ids) < k + m + 4:
                continue
            head = _selector_for(built, ids[0], ids[k - 1], "long+end").exact
            tail = _selector_for(built, ids[-m], ids[-1], "long+end").exact
            selector = Selector(head, end=tail)
        key = (selector.exact, selector.prefix, selector.suffix, selector.end)
        if key in seen:
            continue
        seen.add(key)
        span = (built.folded_at[first][0], built.folded_at[last][1])
        found = find(built.text, selector)
        fspan = (built.text.to_folded(found.start), built.text.to_folded(found.end))
        if found.status != "exact" or fspan != span:
            stats[f"{shape}: {found.status} when written"] += 1
            continue
        quotes.append(Quote(selector, frozenset(ids), shape, span))
    return quotes


def _recurring(built: Built) -> list[list[int]]:
    """Word runs (2-4 words) of a sentence whose folded text occurs more than once in the document."""
    folded = built.text.folded
    runs = []
    for b in built.doc.paras():
        for sent in built.doc.para(b).sents:
            for n in (2, 3, 4):
                for at in range(len(sent.toks) - n + 1):
                    ids = [t.id for t in sent.toks[at : at + n]]
                    s, e = built.folded_at[ids[0]][0], built.folded_at[ids[-1]][1]
                    if e - s >= 6 and folded.count(folded[s:e]) > 1:
                        runs.append(ids)
    return runs


# --------------------------------------------------------------------------------------------
# Edits. Each takes a copy of the document and the quote, changes the copy, and returns it
# (None when the edit does not apply to this quote).
# --------------------------------------------------------------------------------------------


def locate(doc: Doc, ids: frozenset[int]) -> list[tuple[int, int, int]]:
    return [(b, s, t) for b, s, t in _words(doc) if doc.para(b).sents[s].toks[t].id in ids]


def _new(text: str, lang: str) -> list[Tok]:
    return tokens(text, lang, [])


def _filler(doc: Doc, rng: random.Random, inside: bool) -> list[Tok]:
    if doc.lang == "en":
        return _new(rng.choice(EN_INSIDE if inside else EN_INSERT), "en")
    return [Tok(-1, rng.choice(JA_INSIDE if inside else JA_INSERT))]


def _fresh_sentence(doc: Doc, rng: random.Random) -> Sent:
    pools = Pools(rng, doc.lang)
    return Sent(tokens(pools.sentence(), doc.lang, []), [])


def edit_insert_near(doc: Doc, q: Quote, rng: random.Random, before: bool) -> Doc | None:
    where = locate(doc, q.passage)
    b, s, t = where[0] if before else where[-1]
    para = doc.para(b)
    if rng.random() < 0.35:  # a new sentence right before/after the passage's sentence
        para.sents.insert(s if before else s + 1, _fresh_sentence(doc, rng))
        return doc
    sent = para.sents[s]
    # words a little before the passage's first word, or a little after its last
    if before:
        at = max(0, t - rng.randint(0, 3))
    else:
        at = min(len(sent.toks), t + 1 + rng.randint(0, 3))
        if at == len(sent.toks) and doc.lang == "ja":
            at = t + 1
    sent.insert(at, _filler(doc, rng, False))
    return doc


def edit_insert_inside(doc: Doc, q: Quote, rng: random.Random) -> Doc | None:
    where = locate(doc, q.passage)
    if len(where) < 2:
        return None
    b, s, t = rng.choice(where[1:])  # before one of the passage's words, not the first
    doc.para(b).sents[s].insert(t, _filler(doc, rng, True))
    return doc


def edit_delete_near(doc: Doc, q: Quote, rng: random.Random) -> Doc | None:
    where = locate(doc, q.passage)
    before = rng.random() < 0.5
    b, s, t = where[0] if before else where[-1]
    para = doc.para(b)
    sent = para.sents[s]
    n = rng.randint(1, 3)
    if before and t > 0:
        a = max(0, t - n)
        sent.delete(a, t)
        return doc
    if not before and t + 1 < len(sent.toks):
        sent.delete(t + 1, min(len(sent.toks), t + 1 + n))
        return doc
    # the passage starts/ends its sentence: delete the neighbouring sentence
    other = s - 1 if before else s + 1
    if 0 <= other < len(para.sents) and not any(tok.id in q.passage for tok in para.sents[other].toks):
        del para.sents[other]
        return doc
    return None


def edit_delete_inside(doc: Doc, q: Quote, rng: random.Random) -> Doc | None:
    where = locate(doc, q.passage)
    if len(where) < 3:
        return None
    n = 2 if len(where) >= 8 else 1
    k = rng.randrange(len(where) - n + 1)
    b, s, t = where[k]
    if where[k + n - 1][:2] != (b, s):
        return None
    doc.para(b).sents[s].delete(t, t + n)
    return doc


def _reworded(tok: Tok, lang: str, rng: random.Random, doc: Doc) -> Tok | None:
    if tok.code:
        return None
    if lang == "en":
        m = re.fullmatch(r"([A-Za-z'-]+)(\W*)", tok.text)
        if not m:
            return None
        word, tail = m.groups()
        low = word.lower()
        if low in EN_SYNONYMS:
            new = EN_SYNONYMS[low]
            new = new[0].upper() + new[1:] if word[0].isupper() else new
            return Tok(tok.id, new + tail)
        return None
    for key in sorted(JA_SYNONYMS, key=len, reverse=True):
        if key in tok.text:
            return Tok(tok.id, tok.text.replace(key, JA_SYNONYMS[key], 1))
    return None


def edit_reword(doc: Doc, q: Quote, rng: random.Random) -> Doc | None:
    """A word or two of the passage replaced by a synonym (not applied when none is at hand)."""
    where = locate(doc, q.passage)
    n = 2 if len(where) >= 8 else 1
    options = [
        (b, s, t) for b, s, t in where if _reworded(doc.para(b).sents[s].toks[t], doc.lang, rng, doc) is not None
    ]
    if not options:
        return None
    for b, s, t in rng.sample(options, min(n, len(options))):
        sent = doc.para(b).sents[s]
        sent.toks[t] = _reworded(sent.toks[t], doc.lang, rng, doc)  # type: ignore[assignment]
    return doc


def _typo(text: str, lang: str, rng: random.Random) -> str | None:
    if lang == "en":
        letters = [i for i, c in enumerate(text) if c.isalpha()]
        if len(letters) < 4:
            return None
        i = rng.choice(letters[1:-1])
        how = rng.choice(["swap", "drop", "double", "replace"])
        if how == "swap" and text[i + 1].isalpha():
            return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        if how == "drop":
            return text[:i] + text[i + 1 :]
        if how == "double":
            return text[:i] + text[i] + text[i:]
        return text[:i] + rng.choice("aeiourstnl".replace(text[i], "")) + text[i + 1 :]
    spots = [i for i, c in enumerate(text) if c in JA_CONFUSIONS]
    if spots and rng.random() < 0.7:
        i = rng.choice(spots)
        return text[:i] + JA_CONFUSIONS[text[i]] + text[i + 1 :]
    kana = [i for i, c in enumerate(text) if "\u3041" <= c <= "\u309f"]
    if not kana:
        return None
    i = rng.choice(kana)
    return text[:i] + text[i + 1 :] if rng.random() < 0.5 else text[:i] + text[i] + text[i:]


def edit_typo(doc: Doc, q: Quote, rng: random.Random) -> Doc | None:
    where = locate(doc, q.passage)
    rng.shuffle(where)
    for b, s, t in where:
        tok = doc.para(b).sents[s].toks[t]
        if tok.code:
            continue
        new = _typo(tok.text, doc.lang, rng)
        if new and new != tok.text:
            doc.para(b).sents[s].toks[t] = Tok(tok.id, new)
            return doc
    return None


def edit_whitespace(doc: Doc, q: Quote, rng: random.Random) -> Doc | None:
    b = locate(doc, q.passage)[0][0]
    para = doc.para(b)
    old = para.style
    while True:
        style = para_style(rng, doc.lang)
        if style[0] != old[0] or style[0] == "wrap":
            break
    para.style = (style[0], style[1], style[2], True)
    return doc


def edit_format(doc: Doc, q: Quote, rng: random.Random) -> Doc | None:
    where = locate(doc, q.passage)
    rng.shuffle(where)
    for b, s, t in where:
        sent = doc.para(b).sents[s]
        lo = max(0, t - rng.randint(0, 4))
        hi = min(len(sent.toks), t + 1 + rng.randint(0, 4))
        if add_format(sent, rng, rng.choice(["em", "strong", "link"]), lo, hi, force=True):
            return doc
    return None


def edit_move(doc: Doc, q: Quote, rng: random.Random) -> Doc | None:
    b = locate(doc, q.passage)[0][0]
    if locate(doc, q.passage)[-1][0] != b:
        return None
    para = doc.blocks.pop(b)
    places = [i for i in range(1, len(doc.blocks) + 1) if i != b and abs(i - b) > 1]
    if not places:
        return None
    doc.blocks.insert(rng.choice(places), para)
    return doc


def edit_delete_passage(doc: Doc, q: Quote, rng: random.Random) -> Doc | None:
    where = locate(doc, q.passage)
    b = where[0][0]
    para = doc.para(b)
    touched = sorted({s for _, s, _ in where})
    if rng.random() < 0.5 or len(touched) == len(para.sents):
        del doc.blocks[b]
    else:
        for s in reversed(touched):
            del para.sents[s]
    return doc


def edit_rewrite_passage(doc: Doc, q: Quote, rng: random.Random) -> Doc | None:
    """The sentence(s) holding the passage replaced by new ones saying something else: of the
    same kind of words, but at most half alike, and without most of the quote's words (a
    sentence of the same template with one slot changed, or another sentence around the same
    clause, is an edited passage, not a rewritten one)."""
    where = locate(doc, q.passage)
    para = doc.para(where[0][0])
    quote = fold(q.selector.exact + q.selector.end)
    for s in sorted({s for _, s, _ in where}):
        was = fold("".join(t.text for t in para.sents[s].toks))
        for _ in range(50):
            fresh = _fresh_sentence(doc, rng)
            now = fold("".join(t.text for t in fresh.toks))
            if fuzz.ratio(was, now) < 50 and fuzz.partial_ratio(quote, now) < 60:
                break
        else:
            return None
        para.sents[s] = fresh
    return doc


def _edit_elsewhere(doc: Doc, q: Quote, rng: random.Random) -> None:
    """One edit away from the passage: a sentence added, deleted or reworded, or a paragraph moved."""
    home = {b for b, _, _ in locate(doc, q.passage)}
    others = [b for b in doc.paras() if b not in home]
    if not others:
        return
    b = rng.choice(others)
    para = doc.para(b)
    kind = rng.randrange(4)
    if kind == 0:
        para.sents.insert(rng.randint(0, len(para.sents)), _fresh_sentence(doc, rng))
    elif kind == 1 and len(para.sents) > 1:
        del para.sents[rng.randrange(len(para.sents))]
    elif kind == 2:
        sent = para.sents[rng.randrange(len(para.sents))]
        spots = [t for t, tok in enumerate(sent.toks) if _reworded(tok, doc.lang, rng, doc) is not None]
        for t in spots[:2]:
            sent.toks[t] = _reworded(sent.toks[t], doc.lang, rng, doc)  # type: ignore[assignment]
    else:
        block = doc.blocks.pop(b)
        doc.blocks.insert(rng.randint(1, len(doc.blocks)), block)


def edit_revised(doc: Doc, q: Quote, rng: random.Random) -> Doc | None:
    """A revision: the passage reworded (else a word inserted in it) and six edits elsewhere."""
    edited = edit_reword(doc, q, rng) or edit_insert_inside(doc, q, rng)
    if edited is None:
        return None
    for _ in range(6):
        _edit_elsewhere(edited, q, rng)
    return edited


def _place_copy(doc: Doc, rng: random.Random, sents: list[Sent], home: int) -> None:
    others = [b for b in doc.paras() if b != home]
    if rng.random() < 0.4 or not others:
        at = rng.choice([i for i in range(1, len(doc.blocks) + 1) if i != home + 1] or [len(doc.blocks)])
        doc.blocks.insert(at, Para(sents, para_style(rng, doc.lang)))
        return
    para = doc.para(rng.choice(others))
    at = rng.choice([0, len(para.sents)])
    para.sents[at:at] = sents


def edit_near_duplicate(doc: Doc, q: Quote, rng: random.Random, same_words: bool) -> Doc | None:
    """A copy of the passage's sentence(s) elsewhere, with a few words changed: inside the quoted
    words (``same_words`` False), or around them only, the quoted words left as they were."""
    where = locate(doc, q.passage)
    b = where[0][0]
    touched = sorted({s for _, s, _ in where})
    copies = []
    for s in touched:
        orig = doc.para(b).sents[s]
        copies.append(Sent([Tok(-1, t.text, t.code) for t in orig.toks], list(orig.fmt)))
    spots = [
        (n, t)
        for n, s in enumerate(touched)
        for t, tok in enumerate(doc.para(b).sents[s].toks)
        if (tok.id in q.passage) != same_words and not tok.code
    ]
    if same_words and not spots:  # the quote is the whole sentence: change the words before it
        copies[0].insert(0, _filler(doc, rng, False))
    else:
        if not spots:
            return None
        for n, t in rng.sample(spots, min(len(spots), rng.randint(1, 2))):
            tok = copies[n].toks[t]
            new = _reworded(tok, doc.lang, rng, doc)
            if new is None:
                typo = _typo(tok.text, doc.lang, rng)
                new = Tok(-1, typo) if typo else None
            if new is None:
                copies[n].insert(t, _filler(doc, rng, True))
            else:
                copies[n].toks[t] = Tok(-1, new.text)
    _place_copy(doc, rng, copies, b)
    return doc


TWIN_LEADS = {
    "en": ["Yes,", "In short,", "Put simply,", "In other words,", "That is,", "Again:", "To sum up,"],
    "ja": ["つまり、", "要するに、", "言い換えれば、", "はい、", "結局のところ、", "繰り返すと、"],
}


def _words_of(toks: list[Tok]) -> list[str]:
    return [fold(t.text) for t in toks if fold(t.text)]


def _shared(a: list[str], b: list[str]) -> float:
    """The share of a's words (as a multiset) that b also has."""
    left = Counter(b)
    kept = 0
    for w in a:
        if left[w]:
            left[w] -= 1
            kept += 1
    return kept / max(1, len(a))


def make_twin(doc: Doc, sent: Sent, quote: str, rng: random.Random) -> Sent | None:
    """A twin of ``sent``, as real writing has them (an answer to a question, a claim
    restated, a summary beside its passage): 40-70 % of its words, a lead-in, two words
    swapped, the rest reworded or new; never the quote's own words, but alike them."""
    words = _words_of(sent.toks)
    for _ in range(60):
        toks = [Tok(-1, t.text, t.code) for t in sent.toks]
        fresh = [t for t in _fresh_sentence(doc, rng).toks if not t.code]
        for i, tok in enumerate(toks):
            if tok.code or rng.random() > 0.45:
                continue
            new = _reworded(tok, doc.lang, rng, doc)
            toks[i] = Tok(-1, new.text) if new is not None and rng.random() < 0.6 else Tok(-1, rng.choice(fresh).text)
        if len(toks) > 3 and rng.random() < 0.6:
            i = rng.randrange(len(toks) - 1)
            toks[i], toks[i + 1] = toks[i + 1], toks[i]
        lead = tokens(rng.choice(TWIN_LEADS[doc.lang]), doc.lang, [])
        twin = Sent(lead + toks, [])
        text = fold(doc.sep.join(t.text for t in twin.toks))
        if quote in text or not 0.4 <= _shared(words, _words_of(twin.toks)) <= 0.7:
            continue
        if fuzz.partial_ratio(quote, text) < 60:
            continue  # no threat to the quote: not a twin
        return twin
    return None


def edit_one_word(doc: Doc, q: Quote, rng: random.Random) -> Doc | None:
    """One word of the passage changed: a synonym, else a typo."""
    where = locate(doc, q.passage)
    rng.shuffle(where)
    for b, s, t in where:
        sent = doc.para(b).sents[s]
        new = _reworded(sent.toks[t], doc.lang, rng, doc)
        if new is None and not sent.toks[t].code:
            typo = _typo(sent.toks[t].text, doc.lang, rng)
            new = Tok(sent.toks[t].id, typo) if typo else None
        if new is not None:
            sent.toks[t] = new
            return doc
    return None


def with_twin(doc: Doc, q: Quote, rng: random.Random) -> Doc | None:
    """The document as it was annotated, holding a twin of the quoted sentence in another
    paragraph (None: the quote spans sentences, or no twin could be made)."""
    where = locate(doc, q.passage)
    homes = {(b, s) for b, s, _ in where}
    if q.selector.end or len(homes) != 1:
        return None
    (b, s), twin_doc = next(iter(homes)), doc.copy()
    twin = make_twin(twin_doc, twin_doc.para(b).sents[s], fold(q.selector.exact), rng)
    if twin is None:
        return None
    _place_copy(twin_doc, rng, [twin], b)
    return twin_doc


TWIN_EDITS: dict[str, Callable[[Doc, Quote, random.Random], Doc | None]] = {
    "twin: passage deleted": edit_delete_passage,
    "twin: one word changed": edit_one_word,
}


EDITS: dict[str, Callable[[Doc, Quote, random.Random], Doc | None]] = {
    "insert before": lambda d, q, r: edit_insert_near(d, q, r, True),
    "insert after": lambda d, q, r: edit_insert_near(d, q, r, False),
    "insert inside": edit_insert_inside,
    "delete near": edit_delete_near,
    "delete inside": edit_delete_inside,
    "reword": edit_reword,
    "typo": edit_typo,
    "whitespace": edit_whitespace,
    "formatting": edit_format,
    "move paragraph": edit_move,
    "delete passage": edit_delete_passage,
    "rewrite passage": edit_rewrite_passage,
    "revised throughout": edit_revised,
    "near-dup (changed)": lambda d, q, r: edit_near_duplicate(d, q, r, False),
    "near-dup (same words)": lambda d, q, r: edit_near_duplicate(d, q, r, True),
}


# --------------------------------------------------------------------------------------------
# Classification
# --------------------------------------------------------------------------------------------

OUTCOMES = ("ok", "WRONG", "moved", "ends off", "orphan ok", "orphan wrong", "ambig ok", "ambig wrong")
FAILURES = ("WRONG", "moved", "ends off", "orphan wrong", "ambig wrong")


def _candidates(t: str, sel: Selector) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The occurrences of the quote's words in folded text ``t`` (with quote_end: from each first
    words to the next last words), and those its prefix/suffix frame exactly."""
    head, tail = fold(sel.exact), fold(sel.end)
    prefix, suffix = fold(sel.prefix), fold(sel.suffix)
    cands = []
    at = t.find(head)
    while at >= 0:
        if tail:
            e = t.find(tail, at + len(head))
            if e >= 0:
                cands.append((at, e + len(tail)))
        else:
            cands.append((at, at + len(head)))
        at = t.find(head, at + 1)
    framed = [
        (s, e)
        for s, e in cands
        if (not prefix or t[max(0, s - len(prefix)) : s] == prefix) and (not suffix or t[e : e + len(suffix)] == suffix)
    ]
    return cands, framed


def genuinely_ambiguous(text: Text, sel: Selector) -> bool:
    """The quote's words occur several times and its prefix/suffix do not pick exactly one."""
    cands, framed = _candidates(text.folded, sel)
    return len(cands) > 1 and len(framed) != 1


def classify(found: Found, text: Text, sel: Selector, truth: tuple[int, int] | None, genuine: bool) -> str:
    if found.status in ("exact", "drifted"):
        fs, fe = text.to_folded(found.start), text.to_folded(found.end)
        if truth is not None:
            inter = max(0, min(fe, truth[1]) - max(fs, truth[0]))
            union = max(fe, truth[1]) - min(fs, truth[0])
            if union and inter / union >= GOOD_OVERLAP:
                return "ok"
            if found.status == "exact" and truth[0] <= fs and fe <= truth[1]:
                return "ok"
            if inter * 2 >= fe - fs > 0:
                return "ends off"  # mostly on the passage
        cands, framed = _candidates(text.folded, sel)
        if found.status == "exact" and framed == [(fs, fe)] and (sel.prefix or sel.suffix or cands == framed):
            return "moved"  # the edit made the whole selector match exactly, and only, here
        return "WRONG"
    if found.status == "ambiguous":
        return "ambig ok" if truth is None or genuine else "ambig wrong"
    return "orphan ok" if truth is None else "orphan wrong"


class Case(NamedTuple):
    lang: str
    edit: str
    shape: str
    outcome: str  # with the earlier version (the content's git history)
    drifted: bool
    survived: bool
    genuine: bool
    words_outcome: str  # by the words alone (no history)
    followed: bool  # anchored by following the passage from the earlier version


def _show(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(q: Quote, found: Found, built: Built, truth: tuple[int, int] | None, outcome: str, edit: str) -> str:
    sel = q.selector
    text = built.text
    lines = [
        f"[{outcome}] {edit} ({built.doc.lang}, {q.shape})",
        f"  quote: {sel.exact!r}"
        + (f"  quote_end: {sel.end!r}" if sel.end else "")
        + (f"  prefix: {sel.prefix!r}" if sel.prefix else "")
        + (f"  suffix: {sel.suffix!r}" if sel.suffix else ""),
    ]
    if truth is None:
        lines.append("  truth: gone")
    else:
        rs, re_ = text.to_raw(*truth)
        lines.append(f"  truth: {_show(text.raw[rs:re_])!r} at {rs}, after {_show(text.raw[max(0, rs - 40) : rs])!r}")
    if found.status == "ambiguous":
        lines.append(f"  found: ambiguous, {len(found.occurrences)} occurrences")
    else:
        lines.append(
            f"  found: {found.status} {found.similarity:.2f}{' (context changed)' if found.context_changed else ''}"
            f" {_show(text.raw[found.start : found.end])!r} at {found.start}, after "
            f"{_show(text.raw[max(0, found.start - 40) : found.start])!r}"
        )
    return "\n".join(lines)


def run_case(
    q: Quote, edit: str, before: Built, edited: Doc, lang: str
) -> tuple[Case, Found, Found, Built, tuple[int, int] | None]:
    """One (quote, edit): found by the words alone, then as a build with the content in git
    does (followed from the version the quote was written against, ``before``)."""
    after = build(edited)
    truth = truth_span(after, q.passage)
    found = words_found = find(after.text, q.selector)
    genuine = truth is not None and genuinely_ambiguous(after.text, q.selector)
    words_outcome = classify(found, after.text, q.selector, truth, genuine)
    followed = False
    if found.status != "exact":  # the history decides for every quote the words do not find exactly
        since = find_since(q.selector, [(Diff(before.text, after.text), 0, len(before.text.raw))])
        if since is not None:
            found, followed = settle(found, since), since.found is not None
    outcome = classify(found, after.text, q.selector, truth, genuine)
    case = Case(
        lang, edit, q.shape, outcome, found.status == "drifted", truth is not None, genuine, words_outcome, followed
    )
    return case, found, words_found, after, truth


def run_doc(args: tuple[int, int, int]) -> tuple[list[Case], list[tuple[str, str]], Counter]:
    index, seed, examples = args
    rng = random.Random(f"anchoring-{seed}-{index}")
    lang = "en" if index % 2 == 0 else "ja"
    doc = make_doc(rng, lang)
    built = build(doc)
    stats: Counter = Counter()
    quotes = make_quotes(built, rng, QUOTES_PER_DOC, stats)
    stats["quotes"] += len(quotes)
    cases: list[Case] = []
    shown: list[tuple[str, str]] = []
    per_key: Counter = Counter()

    def run(q: Quote, edit: str, before: Built, edited: Doc | None) -> None:
        if edited is None:
            stats[f"n/a: {edit}"] += 1
            return
        case, found, words_found, after, truth = run_case(q, edit, before, edited, lang)
        cases.append(case)
        if case.outcome in FAILURES and per_key[(case.outcome, edit)] < examples:
            per_key[(case.outcome, edit)] += 1
            shown.append((case.outcome, describe(q, found, after, truth, case.outcome, edit)))
        if case.words_outcome == "WRONG" and per_key[("words", edit)] < examples:
            per_key[("words", edit)] += 1
            shown.append(("WRONG by the words alone", describe(q, words_found, after, truth, "WRONG", edit)))

    for qn, q in enumerate(quotes):
        for edit, apply in EDITS.items():
            run(q, edit, built, apply(doc.copy(), q, random.Random(f"edit-{seed}-{index}-{qn}-{edit}")))
        twin_doc = with_twin(doc, q, random.Random(f"twin-{seed}-{index}-{qn}"))
        if twin_doc is None:
            stats["n/a: twin"] += 1
            continue
        with_twins = build(twin_doc)
        if find(with_twins.text, q.selector).status != "exact":
            stats["n/a: twin"] += 1  # the twin made the quote need context: not this case
            continue
        for edit, apply in TWIN_EDITS.items():
            run(q, edit, with_twins, apply(twin_doc.copy(), q, random.Random(f"edit-{seed}-{index}-{qn}-{edit}")))
    return cases, shown, stats


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def _widths() -> list[int]:
    return [max(len(o) + 2, 7) for o in OUTCOMES]


def _survival(cases: list[Case], words: bool = False) -> float | None:
    base = [c for c in cases if c.survived and not c.genuine]
    ok = sum((c.words_outcome if words else c.outcome) == "ok" for c in base)
    return ok / len(base) if base else None


def _row(label: str, cases: list[Case]) -> str:
    counts = Counter(c.outcome for c in cases)
    drifted = sum(c.drifted for c in cases)
    followed = sum(c.followed for c in cases)
    survival, words = _survival(cases), _survival(cases, words=True)
    cells = "".join(f"{counts[o]:>{w}}" for o, w in zip(OUTCOMES, _widths(), strict=True))
    words_wrong = sum(c.words_outcome == "WRONG" for c in cases)
    return (
        f"{label:<28}{len(cases):>7}{cells}{drifted:>9}{followed:>10}"
        f"{'-' if survival is None else f'{survival:.1%}':>10}{'-' if words is None else f'{words:.1%}':>12}"
        f"{words_wrong:>8}"
    )


LEGEND = """\
ok           anchored (exact or drifted) on the passage: the span found and the true one overlap by >= 80% of
             their union (or exact, inside it)
WRONG        anchored anywhere else, or when the passage is gone: must be zero
moved        anchored exact where the edit made the whole selector (words and prefix/suffix) match exactly and
             only there, though the editor's passage is elsewhere or gone: what rule 1 of the spec requires
ends off     anchored mostly on the passage (at least half of the span found is in it), but with an end off by a
             word or more (overlap < 80% of the union)
orphan ok    not anchored, and the passage is gone
orphan wrong not anchored, though the passage survived
ambig ok     ambiguous, and the words do occur several times without a prefix/suffix picking one (the spec
             requires an error suggesting a prefix), or the passage is gone
ambig wrong  ambiguous otherwise
drifted      anchored with a warning (status drifted), of any outcome
followed     anchored by following the passage from the version it was quoted in (the content's git history),
             where the words alone left it an orphan
survival     ok / passages that survived the edit and are not genuinely ambiguous
words only   survival by the words alone: without the content's history (content not in git, or the
             version quoted never committed); WRONG beside it: anchored wrongly by the words alone
twin: …      the quoted sentence had a twin elsewhere when it was quoted (40-70 % of its words, a lead-in,
             two words swapped: an answer to a question, a claim restated); then the passage was deleted,
             or one word of it changed"""


def report(cases: list[Case], stats: Counter, docs: int, seconds: float) -> bool:
    head = (
        f"{'edit [language]':<28}{'cases':>7}"
        + "".join(f"{o:>{w}}" for o, w in zip(OUTCOMES, _widths(), strict=True))
        + f"{'drifted':>9}{'followed':>10}{'survival':>10}{'words only':>12}{'WRONG':>8}"
    )
    rule = "-" * len(head)
    print(head)
    print(rule)
    by_edit: dict[str, list[Case]] = defaultdict(list)
    for c in cases:
        by_edit[c.edit].append(c)
    for edits in (EDITS, TWIN_EDITS):  # the twin rows: a twin of the quoted sentence was there when it was quoted
        for edit in edits:
            for lang in ("en", "ja"):
                print(_row(f"{edit} [{lang}]", [c for c in by_edit[edit] if c.lang == lang]))
        print(rule)
    for shape in ("phrase", "recurring", "clause", "sentence", "two-sentences", "long+end"):
        print(_row(f"quotes: {shape}", [c for c in cases if c.shape == shape]))
    print(rule)
    for lang in ("en", "ja"):
        print(_row(f"all edits [{lang}]", [c for c in cases if c.lang == lang]))
    print(_row("TOTAL", cases))
    print()
    print(LEGEND)
    print()
    counts = Counter(c.outcome for c in cases)
    words_counts = Counter(c.words_outcome for c in cases)
    base = [c for c in cases if c.survived and not c.genuine]
    survival = _survival(cases) or 1.0
    print(
        f"{docs} documents ({(docs + 1) // 2} English, {docs // 2} Japanese), {stats['quotes']} quotes, "
        f"{len(cases)} cases, {seconds:.0f} s"
    )
    skipped = sum(v for k, v in stats.items() if k.startswith("n/a"))
    dropped = sum(v for k, v in stats.items() if "when written" in k)
    print(
        f"edits that did not apply to a quote (not counted): {skipped}; quotes that did not anchor exactly "
        f"where they were taken (dropped): {dropped}"
    )
    for key in sorted(k for k in stats if "when written" in k):
        print(f"  {key}: {stats[key]}")
    print(f"survival base: {len(base)} cases; {sum(c.genuine for c in cases)} genuinely ambiguous cases left out")
    print(
        f"by the words alone (without the content's history): survival {_survival(cases, words=True) or 1.0:.2%}; "
        + ", ".join(f"{o} {words_counts[o]}" for o in OUTCOMES)
    )
    ok_wrong = counts["WRONG"] == 0 and words_counts["WRONG"] == 0
    words_survival = _survival(cases, words=True) or 1.0
    ok_survival = survival >= REQUIRED_SURVIVAL and words_survival >= REQUIRED_WORDS_SURVIVAL
    print(
        f"anchored wrongly: {counts['WRONG']} with the history, {words_counts['WRONG']} by the words alone "
        f"(required: 0 both)  {'PASS' if ok_wrong else 'FAIL'}"
        f"   [moved by the edit, as the spec requires: {counts['moved']}; ends off: {counts['ends off']}]"
    )
    print(
        f"survival: {survival:.2%} with the history (required: >= {REQUIRED_SURVIVAL:.0%}), {words_survival:.2%} "
        f"by the words alone (required: >= {REQUIRED_WORDS_SURVIVAL:.0%})  {'PASS' if ok_survival else 'FAIL'}"
    )
    return ok_wrong and ok_survival


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--verbose", action="store_true", help="print examples of each failure")
    parser.add_argument("--examples", type=int, default=3, help="with --verbose: examples per failure and edit")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    work = [(i, args.seed, args.examples if args.verbose else 0) for i in range(args.docs)]
    cases: list[Case] = []
    shown: list[tuple[str, str]] = []
    stats: Counter = Counter()
    if args.jobs > 1:
        with Pool(args.jobs) as pool:
            results = pool.map(run_doc, work, chunksize=1)
    else:
        results = [run_doc(w) for w in work]
    for c, s, st in results:
        cases.extend(c)
        shown.extend(s)
        stats.update(st)
    if args.verbose:
        for outcome in (*FAILURES, "WRONG by the words alone"):
            examples = [text for o, text in shown if o == outcome]
            print(f"== {outcome}: {sum(c.outcome == outcome for c in cases)} cases; examples ==")
            for text in examples:
                print(text)
            print()
    passed = report(cases, stats, args.docs, time.perf_counter() - started)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
