#!/usr/bin/env python3
"""Fill fuzz/corpus/<target>/ with seeds derived from the project's fixtures.

The corpus itself is not committed (it grows while fuzzing). Most seeds are derived
from schemas/ so they follow the fixtures; fuzz/seeds/<target>/ adds a small
committed set per target: the sandbox's request seeds (no fixture provides them) and
a few inputs the fuzzers found, picked from minimised corpora. Run from anywhere:
    python3 fuzz/seed.py
"""
import glob
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMAS = os.path.join(HERE, "..", "schemas")
CORPUS = os.path.join(HERE, "corpus")
# The order of gbg_go_fuzz::FIXTURES: the first byte of a payload seed selects one.
FIXTURES = ["kyc", "biometrics", "us-ssn", "kyc-2020", "address-history", "basic-identity",
            "consent", "contacts", "passport-document", "split-address"]


def put(target, name, data):
    os.makedirs(os.path.join(CORPUS, target), exist_ok=True)
    with open(os.path.join(CORPUS, target, name), "wb") as f:
        f.write(data)


for i, stem in enumerate(FIXTURES):
    with open(os.path.join(SCHEMAS, stem + ".json"), "rb") as f:
        schema = f.read()
    if stem != "split-address":  # its $ref needs a second file
        put("schema_load", stem + ".json", schema)
        put("generate", stem + ".json", schema)
    for kind in ("valid", "invalid"):
        for path in sorted(glob.glob(os.path.join(SCHEMAS, stem, kind, "*.json"))):
            with open(path, "rb") as f:
                payload = bytes([i]) + f.read()
            name = f"{stem}-{kind}-{os.path.basename(path)}"
            put("interpreter", name, payload)
            put("literal_check", name, payload)
            if i < 4:  # the fixtures with generated modules in the fuzz crate
                put("generated_deserialize", name, payload)
SEEDS = os.path.join(HERE, "seeds")
for target in sorted(os.listdir(SEEDS)):
    os.makedirs(os.path.join(CORPUS, target), exist_ok=True)
    for name in sorted(os.listdir(os.path.join(SEEDS, target))):
        shutil.copy(os.path.join(SEEDS, target, name), os.path.join(CORPUS, target, name))
print("corpus written to", CORPUS)
